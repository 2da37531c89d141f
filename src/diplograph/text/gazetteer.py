"""Gazetteer and alias matching over a data table (mappings/data/gazetteer.csv).

Matching is token-based and longest-first, so it is linear in the text and needs no regex with
thousands of alternatives. Aliases match case-sensitively (acronyms: "WHO" is not "who"); aliases
of several words, and lower-case ones (topics), also match case-insensitively.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from diplograph.errors import InputError
from diplograph.model import Span

_WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*\.?", re.UNICODE)
_APOSTROPHES = "'’´`"


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    kind: str
    label: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    wikidata_id: str | None
    status: str
    source: str
    subtypes: tuple[str, ...]
    country: str | None
    description: str | None
    line: int = field(default=0, compare=False)  # in gazetteer.csv: what `explain` cites

    @property
    def linkable(self) -> bool:
        return bool(self.wikidata_id) and self.status in ("verified", "likely")


@dataclass(frozen=True)
class Match:
    span: Span
    entry: GazetteerEntry
    surface: str
    via: str  # "label" | "alias" | "demonym" | "folded"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify apostrophes/hyphens/whitespace: a matching key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("´", "'").replace("‐", "-").replace("–", "-")
    text = re.sub(r"[-\s]+", " ", text)
    return text.strip().lower()


def slugify(text: str) -> str:
    text = fold(text)
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-") or "x"


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry]
    _exact: dict[str, list[tuple[GazetteerEntry, str]]] = field(default_factory=dict)
    _lower: dict[str, list[tuple[GazetteerEntry, str]]] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], GazetteerEntry] = field(default_factory=dict)
    _surnames: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    # First token of a form → the most tokens a form starting with it has (exact / folded).
    _first_exact: dict[str, int] = field(default_factory=dict)
    _first_lower: dict[str, int] = field(default_factory=dict)
    max_tokens: int = 1

    def __post_init__(self) -> None:
        for e in self.entries:
            self._by_key[(e.kind, e.key)] = e
            forms = [(e.label, "label")] + [(a, "alias") for a in e.aliases]
            forms += [(d, "demonym") for d in e.demonyms]
            for form, via in forms:
                if not form:
                    continue
                self._exact.setdefault(form, []).append((e, via))
                words = _WORD.findall(form)
                if not words:
                    continue
                n = len(words)
                first = words[0].rstrip(".")
                self._first_exact[first] = max(self._first_exact.get(first, 0), n)
                if " " in form.strip() or form.islower():
                    self._lower.setdefault(fold(form), []).append((e, via))
                    self._first_lower[fold(first)] = max(self._first_lower.get(fold(first), 0), n)
                self.max_tokens = max(self.max_tokens, n)
            if e.kind == "person":
                toks = e.label.split()
                if len(toks) >= 2:
                    self._surnames.setdefault(fold(toks[-1]), []).append(e)

    def get(self, kind: str, key: str) -> GazetteerEntry | None:
        return self._by_key.get((kind, key))

    def lookup(self, surface: str) -> list[tuple[GazetteerEntry, str]]:
        return self._exact.get(surface) or self._lower.get(fold(surface)) or []

    def person_by_surname(self, surname: str) -> GazetteerEntry | None:
        hits = self._surnames.get(fold(surname), [])
        return hits[0] if len(hits) == 1 else None

    def find(self, text: str, span: Span | None = None, max_tokens: int | None = None) -> list[Match]:
        """Longest, leftmost matches of labels/aliases/demonyms inside text[span] (of at most
        `max_tokens` words when given: the names nested inside a longer match)."""
        span = span or Span(0, len(text))
        toks = [(m.start(), m.end()) for m in _WORD.finditer(text, span.start, span.end)]
        out: list[Match] = []
        i = 0
        n = len(toks)
        first_exact, first_lower = self._first_exact, self._first_lower
        while i < n:
            word = text[toks[i][0]:toks[i][1]].rstrip(".")
            n_exact = first_exact.get(word, 0)
            n_lower = first_lower.get(fold(word), 0)
            longest = max(n_exact, n_lower)
            if max_tokens is not None:
                longest = min(longest, max_tokens)
            hit = None
            for j in range(min(n, i + longest) - 1, i - 1, -1):
                s, e = toks[i][0], toks[j][1]
                if e - s > 120:
                    continue
                surface = text[s:e]
                cands = self._exact.get(surface) if n_exact else None
                if not cands and n_exact and surface.endswith("."):
                    cands = self._exact.get(surface[:-1])
                    if cands:
                        surface, e = surface[:-1], e - 1
                if not cands and n_lower and (j > i or surface.islower()):
                    cands = self._lower.get(fold(surface))
                if cands:
                    hit = (s, e, surface, cands, j)
                    break
            if hit:
                s, e, surface, cands, j = hit
                entry, via = _prefer(cands)
                out.append(Match(Span(s, e), entry, surface, via))
                i = j + 1
            else:
                i += 1
        return out

    def nested(self, text: str, match: Match, kinds: tuple[str, ...] = ("country", "organization")) -> list[Match]:
        """Names of `kinds` inside a longer match ("Iran" in "the Iran nuclear deal", "Pfizer" in
        "Pfizer–BioNTech COVID-19 vaccine"): mentions of their own. Demonyms are not ("Mexican"
        in an agency's name), and nothing nests in a country's name ("Guinea" in "Papua New Guinea")."""
        if match.entry.kind in ("country", "person"):
            return []
        words = list(_WORD.finditer(text, match.span.start, match.span.end))
        if len(words) < 2:
            return []
        out = []
        for m in self.find(text, match.span, max_tokens=len(words) - 1):
            if m.entry.kind not in kinds or m.via == "demonym" or m.entry.key == match.entry.key:
                continue
            # One organisation's name as the modifier of another's, one word short of it ("UN Human
            # Rights" in "UN Human Rights Council") is a different body, not a mention.
            rest = [w for w in words if w.start() >= m.span.end]
            if match.entry.kind == "organization" and m.entry.kind == "organization" and len(rest) == 1 \
                    and m.span.start == match.span.start and len(_WORD.findall(m.surface)) > 1:
                continue
            out.append(m)
        return out


_KIND_ORDER = {"country": 0, "organization": 1, "agreement": 2, "initiative": 3, "city": 4, "place": 5,
               "person": 6, "topic": 7}


def _prefer(cands: list[tuple[GazetteerEntry, str]]) -> tuple[GazetteerEntry, str]:
    return sorted(cands, key=lambda c: (c[1] != "label", _KIND_ORDER.get(c[0].kind, 9), c[0].key))[0]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


@lru_cache(maxsize=8)
def load_gazetteer(path: str) -> Gazetteer:
    p = Path(path)
    if not p.exists():
        return Gazetteer([])
    entries = []
    with p.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for lineno, row in enumerate(reader, start=2):
            try:
                entries.append(GazetteerEntry(
                    key=row["key"].strip(), kind=row["kind"].strip(), label=row["label"].strip(),
                    aliases=_split(row.get("aliases")), demonyms=_split(row.get("demonyms")),
                    wikidata_id=(row.get("wikidata_id") or "").strip() or None,
                    status=(row.get("status") or "unchecked").strip(), source=(row.get("source") or "").strip(),
                    subtypes=_split(row.get("subtypes")), country=(row.get("country") or "").strip() or None,
                    description=(row.get("description") or "").strip() or None, line=lineno,
                ))
            except (KeyError, AttributeError) as exc:
                raise InputError(f"malformed gazetteer row ({exc})", path=str(p), line=lineno) from exc
    return Gazetteer(entries)
