"""Name normalisation used by the linker: folding, tokens, initials."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2010": "-"})
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Honorifics and post titles that may precede a name ("President Biden", "Principal Secretary Wekesa").
TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice-president vicepresident
    prime minister pm secretary secretary-general under-secretary undersecretary state foreign
    ambassador amb deputy senator sen rep representative governor gov chancellor king queen
    minister-counsellor counsellor general gen former then h.e. he his her excellency
    chair chairman chairwoman director director-general dg mayor premier""".split()
)

# Honorifics say nothing about which person is meant ("Mr Clark" is not Helen Clark).
HONORIFICS = frozenset("mr mrs ms miss dr prof professor sir dame lord lady h.e. he his her excellency".split())

# Short words that do not count when building acronyms / initials.
_STOP = frozenset("of the and for on in de la del los las el y des du le et a an to at".split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify quotes/dashes, collapse non-alphanumerics to spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'s ", "s ").replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def strip_titles(text: str) -> str:
    """Remove leading honorifics/post titles: "Principal Secretary Wekesa" -> "wekesa" (folded)."""
    words = text.replace("\u2013", "-").split()
    i = 0
    while i < len(words) - 1 and words[i].lower().strip(".,") in TITLES:
        i += 1
    return fold(" ".join(words[i:]))


def acronym(text: str) -> str:
    """Initials of the significant words: "World Health Organization" -> "who"; an acronym inside
    the name is kept whole: "UN General Assembly" -> "unga"."""
    words = [w for w in re.split(r"[\s\-/]+", text) if w]
    letters = [w if (len(w) <= 5 and w.isupper() and w.isalpha()) else w[0]
               for w in words if w.lower() not in _STOP and w[0].isalnum()]
    return fold("".join(letters)).replace(" ", "")


def collapse_runs(text: str) -> list[str]:
    """Variants with a run of >= 2 capitalised words replaced by its initials:
    "United Nations Security Council" -> ["UN Security Council", "United Nations SC", "UNSC", …]."""
    words = text.split()
    out: list[str] = []
    n = len(words)
    if n > 8:
        return out
    for i in range(n):
        for j in range(i + 2, n + 1):
            run = words[i:j]
            if not all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in run):
                break
            if i == 0 and j == n:
                continue
            out.append(" ".join(words[:i] + ["".join(w[0] for w in run)] + words[j:]))
    return out


def looks_like_acronym(text: str) -> bool:
    stripped = text.replace(".", "").replace("-", "")
    return 2 <= len(stripped) <= 8 and " " not in stripped and sum(c.isupper() for c in stripped) >= 2


def initials_form(text: str) -> str:
    """"J. C. de la Cruz" / "Juan Carlos de la Cruz" -> "j c de la cruz"-style skeleton:
    every given-name word reduced to its initial, surname kept."""
    toks = tokens(text)
    if len(toks) < 2:
        return " ".join(toks)
    return " ".join([t[0] for t in toks[:-1]] + [toks[-1]])
