"""Candidate generation and scoring against the pinned slice.

Score = name similarity x type compatibility + context, clipped to [0, 1]. Name similarity:
exact label 1.00, exact alias 0.97, diacritics/case-folded 0.95, leading title stripped 0.93,
initials ("J. C. de la Cruz") 0.86, acronym 0.86, title + surname 0.84, surname alone 0.60,
partial name (mention tokens a proper subset of the item's) 0.5 + 0.25 x coverage, fuzzy
(difflib ratio >= 0.86 on folded strings) 0.9 x ratio. Type: a person never links to a non-person,
etc. (`TYPE_FACTOR`). Context: +0.05 when the item's country (wdt:P17) is the entity's country,
-0.15 when it differs; +0.02 per description word found in the sentence (at most +0.04); -0.5
when the sentence shows the mention means something else (`sentence_contradicts`).
A gazetteer key pointing at the item lifts the score to at least 0.99.
The weights were calibrated on tests/data/linking/labelled-mentions.csv and ambiguous-mentions.csv
(`diplograph links evaluate`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from diplograph.linking.gazetteer import LINKABLE, GazetteerIndex
from diplograph.linking.normalize import (
    HONORIFICS, TITLES, acronym, collapse_runs, fold, initials_form, looks_like_acronym, strip_titles, tokens,
)
from diplograph.linking.slice import SliceItem, WikidataSlice

DEFAULT_THRESHOLD = 0.8
DEFAULT_MARGIN = 0.05

# (entity kind, pinned kind of the item) -> factor; anything missing is 0 (never linked).
TYPE_FACTOR: dict[tuple[str, str], float] = {
    ("person", "person"): 1.0,
    ("country", "country"): 1.0, ("country", "place"): 0.85,
    ("city", "place"): 1.0,
    ("place", "place"): 1.0, ("place", "country"): 0.95,
    ("organization", "organization"): 1.0, ("organization", "concept"): 0.8,
    ("initiative", "concept"): 1.0, ("initiative", "organization"): 0.85,
    ("agreement", "concept"): 1.0,
    ("topic", "concept"): 1.0,
}
# Items typed by wdt:P31 may only take these entity kinds.
CLASS_ALLOWS = {"Q5": {"person"}, "Q6256": {"country", "place"}, "Q3624078": {"country", "place"},
                "Q484652": {"organization"}}

_DESC_STOP = frozenset("the and for with from that this into over under about their which former".split())


@dataclass
class Candidate:
    qid: str
    score: float
    evidence: list[str] = field(default_factory=list)
    label: str = ""

    def as_alt(self) -> dict:
        return {"qid": self.qid, "label": self.label, "score": round(self.score, 3),
                "evidence": "; ".join(self.evidence)}


@dataclass
class Context:
    country_qid: str | None = None
    sentence: str = ""
    key: str = ""


def type_factor(kind: str, item: SliceItem) -> float:
    if item.kind in ("class", "position", "property"):
        return 0.0
    for cls in item.p31:
        allowed = CLASS_ALLOWS.get(cls)
        if allowed is not None and kind not in allowed:
            return 0.0
    if not item.kind:
        return 0.9
    return TYPE_FACTOR.get((kind, item.kind), 0.0)


# A generic noun right after the mention makes the mention a modifier of another thing:
# "Washington state", "New York state", "Mexico province" (unless the item's name says so).
HEAD_NOUNS = frozenset("state province county region river lake island islands district department "
                       "prefecture governorate oblast canton territory".split())
_WORD_RE = re.compile(r"[\w'’.-]+")
_CAP_RUN = r"((?:[A-Z][\w'’.-]*|of|the|for|and|on|de|la|del|des|du|et)(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|and|on|de|la|del|des|du|et|[a-zéèêàç]+))*)"


def _expansions(acr: str, sentence: str) -> list[str]:
    """Names the sentence gives for an acronym: "International Commission of Jurists (ICJ)",
    "OAS (Organisation armée secrète)"."""
    out = []
    for m in re.finditer(_CAP_RUN + r"\s*\(\s*" + re.escape(acr) + r"\s*\)", sentence):
        words = m.group(1).split()
        # keep the shortest tail whose initials are the acronym
        for i in range(len(words) - 1, -1, -1):
            cand = " ".join(words[i:])
            if acronym(cand) == fold(acr).replace(" ", ""):
                out.append(cand)
                break
    for m in re.finditer(re.escape(acr) + r"\s*\(\s*([^()]{3,80}?)\s*\)", sentence):
        if acronym(m.group(1)) == fold(acr).replace(" ", ""):
            out.append(m.group(1))
    return out


def sentence_contradicts(names: list[str], item: SliceItem, sentence: str) -> tuple[float, str]:
    """(penalty, evidence) when the sentence shows that the mention means something else than item:
    the acronym is expanded to another name, a generic noun follows the mention ("Washington
    state"), or another body's acronym qualifies it ("OAS General Assembly")."""
    item_names = {fold(n) for n in item.names()}
    compact_names = {n.replace(" ", "") for n in item_names}
    for name in names:
        if looks_like_acronym(name):
            for exp in _expansions(name, sentence):
                # "the Organization for Economic Cooperation and Development's (OECD) …": the
                # possessive and the hyphen of "Co-operation" do not make it another name
                bare = fold(re.sub(r"['’]s$", "", exp))
                if bare not in item_names and bare.replace(" ", "") not in compact_names:
                    return 0.5, f"the sentence expands {name} as \"{exp}\""
        pos = sentence.find(name)
        if pos < 0:
            continue
        after = _WORD_RE.findall(sentence[pos + len(name):pos + len(name) + 30])
        nxt = re.sub(r"['’]s$", "", after[0].lower().strip(".")) if after else ""
        if nxt in HEAD_NOUNS and not any(fold(f"{name} {nxt}") in n for n in item_names):
            return 0.5, f"\"{name} {nxt}\": the mention qualifies a {nxt}"
        m = re.search(r"([\w.]+) $", sentence[max(0, pos - 30):pos])  # the word right before, no comma
        prev = m.group(1) if m else ""
        qualified = [n for n in item.names() if n.endswith(" " + name) and looks_like_acronym(n.split()[0])]
        if (len(prev) >= 2 and looks_like_acronym(prev) and qualified
                and fold(f"{prev} {name}") not in item_names):
            return 0.5, f"\"{prev} {name}\": another body's {name}"
    return 0.0, ""


class Linker:
    def __init__(self, data: WikidataSlice, gazetteer: GazetteerIndex | None = None,
                 threshold: float = DEFAULT_THRESHOLD, margin: float = DEFAULT_MARGIN):
        self.slice = data
        self.gazetteer = gazetteer or GazetteerIndex([])
        self.threshold = threshold
        self.margin = margin
        self.items = [it for it in data.sorted_items()]
        self.exact: dict[str, list[tuple[str, bool]]] = {}
        self.folded: dict[str, list[str]] = {}
        self.acr: dict[str, list[str]] = {}
        self.initials: dict[str, list[str]] = {}
        self.surname: dict[str, list[str]] = {}
        self.token_index: dict[str, set[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        self.folded_names: dict[str, list[str]] = {}
        self.acronym_tokens: set[str] = set()
        for it in self.items:
            names = it.names()
            for i, name in enumerate(names):
                first = name.split()[0] if name.split() else ""
                if len(name.split()) > 1 and 2 <= len(first) <= 5 and first.isupper() and first.isalpha():
                    self.acronym_tokens.add(first.lower())
                self.exact.setdefault(name, []).append((it.qid, i == 0))
                f = fold(name)
                if not f:
                    continue
                self.folded.setdefault(f, []).append(it.qid)
                self.folded_names.setdefault(it.qid, []).append(f)
                for t in f.split():
                    self.token_index.setdefault(t, set()).add(it.qid)
                if looks_like_acronym(name):
                    continue
                a = acronym(name)
                if len(a) >= 2 and len(f.split()) >= 2:
                    self.acr.setdefault(a, []).append(it.qid)
                if it.kind == "person" or "Q5" in it.p31:
                    toks = f.split()
                    if len(toks) >= 2:
                        self.initials.setdefault(initials_form(name), []).append(it.qid)
                        self.surname.setdefault(toks[-1], []).append(it.qid)
                        if len(toks) >= 3:  # compound Spanish surnames: "Pérez Cuéllar"
                            self.surname.setdefault(" ".join(toks[-2:]), []).append(it.qid)
            for k in it.keys:
                self.by_key.setdefault(k, []).append(it.qid)
        self._memo: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}
        self._typed: dict[str, list[SliceItem]] = {}

    # -- name similarity ---------------------------------------------------------------------
    def name_candidates(self, mention: str, kind: str) -> dict[str, tuple[float, str]]:
        memo_key = (mention, kind)
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit
        out: dict[str, tuple[float, str]] = {}

        def add(qid: str, score: float, why: str) -> None:
            if qid not in out or out[qid][0] < score:
                out[qid] = (score, why)

        for qid, is_label in self.exact.get(mention, ()):
            add(qid, 1.0 if is_label else 0.97, "exact label" if is_label else "exact alias")
        if mention[:4].lower() == "the " and len(mention) > 4:
            mention = mention[4:]
            for qid in self.folded.get(fold(mention), ()):
                add(qid, 0.95, "same name after \"the\"")
        f = fold(mention)
        for qid in self.folded.get(f, ()):
            add(qid, 0.95, "same name ignoring case/diacritics")
        words = mention.split()
        has_title = len(words) > 1 and words[0].lower().strip(".,") in TITLES
        lead = []
        for w in words[:-1]:
            if w.lower().strip(".,") not in TITLES:
                break
            lead.append(w.lower().strip(".,"))
        post_title = any(w not in HONORIFICS for w in lead)
        stripped = strip_titles(mention)
        if has_title and stripped != f:
            for qid in self.folded.get(stripped, ()):
                add(qid, 0.93, "same name after the title")
        compact = f.replace(" ", "")
        if looks_like_acronym(mention):
            for qid in self.acr.get(compact, ()):
                add(qid, 0.86, "acronym of the name")
        elif len(f.split()) >= 2:
            a = acronym(mention)
            for qid in self.folded.get(a, ()):
                add(qid, 0.86, "expansion of the acronym")
        if kind == "person":
            toks = stripped.split()
            if len(toks) >= 2 and any(len(t) == 1 for t in toks[:-1]):
                for qid in self.initials.get(initials_form(stripped), ()):
                    add(qid, 0.86, "initials + surname")
            if len(toks) == 1:
                for qid in self.surname.get(toks[0], ()):
                    add(qid, 0.84 if post_title else 0.6, "title + surname" if post_title else "surname only")
            elif len(toks) == 2:
                for qid in self.surname.get(" ".join(toks), ()):
                    if len(self.folded_names.get(qid, [""])[0].split()) >= 3:
                        add(qid, 0.86 if post_title else 0.82,
                            "title + compound surname" if post_title else "compound surname")
        # an acronym inside the name: "United Nations Security Council" ~ "UN Security Council"
        if len(f.split()) >= 3:
            for variant in collapse_runs(mention):
                for qid in self.folded.get(fold(variant), ()):
                    add(qid, 0.9, "same name with an acronym inside")
        # partial name: all mention tokens inside one item name
        toks = stripped.split() if stripped else f.split()
        if len(toks) >= 2:
            sets = [self.token_index.get(t, set()) for t in toks]
            common = set.intersection(*sets) if sets else set()
            for qid in common:
                for name in self.folded_names.get(qid, ()):
                    ntoks = name.split()
                    if set(toks) < set(ntoks):
                        missing = [t for t in ntoks if t not in toks]
                        if (len(missing) == 1 and ntoks[0] == missing[0] and missing[0] in self.acronym_tokens
                                and ntoks[1:] == list(toks)):
                            add(qid, 0.86, "same name without the leading acronym")
                        else:
                            add(qid, 0.5 + 0.25 * len(toks) / len(ntoks), "partial name")
        if not out and len(f) >= 4:
            # acronyms identify, they are not misspelt by a letter: "OAS General Assembly" is not
            # a typo of "UN General Assembly"
            acr_toks = {fold(w) for w in mention.split() if len(w) >= 2 and looks_like_acronym(w)}
            for it in self.items_for(kind):
                best = 0.0
                for name in self.folded_names.get(it.qid, ()):
                    if abs(len(name) - len(f)) > max(3, len(f) // 4):
                        continue
                    if acr_toks and not acr_toks <= set(name.split()):
                        continue
                    sm = difflib.SequenceMatcher(None, f, name, autojunk=False)
                    if sm.real_quick_ratio() < 0.86 or sm.quick_ratio() < 0.86:
                        continue
                    best = max(best, sm.ratio())
                if best >= 0.86:
                    add(it.qid, 0.9 * best, f"similar spelling ({best:.2f})")
        if len(self._memo) < 200000:
            self._memo[memo_key] = out
        return out

    def items_for(self, kind: str) -> list[SliceItem]:
        """Items that can stand for `kind` (spelling is only compared with these: a person's typo
        is never looked for among the countries and cities)."""
        got = self._typed.get(kind)
        if got is None:
            got = self._typed[kind] = [it for it in self.items
                                       if type_factor(kind, it) > 0 or (kind == "topic" and it.kind == "class")]
        return got

    # -- full scoring ------------------------------------------------------------------------
    def candidates(self, names: list[str], kind: str, ctx: Context) -> list[Candidate]:
        merged: dict[str, tuple[float, str]] = {}
        for name in names:
            for qid, (s, why) in self.name_candidates(name, kind).items():
                if qid not in merged or merged[qid][0] < s:
                    merged[qid] = (s, f"{why} \"{name}\"")
        if ctx.key:
            for qid in self.by_key.get(ctx.key, ()):
                s = merged.get(qid, (0.0, ""))[0]
                merged[qid] = (max(s, 0.99), f"gazetteer key {ctx.key}")
        sentence_words = set(fold(ctx.sentence).split()) if ctx.sentence else set()
        out: list[Candidate] = []
        for qid, (s, why) in merged.items():
            it = self.slice.items[qid]
            tf = type_factor(kind, it)
            if tf <= 0 and kind == "topic" and it.kind == "class" and ctx.key and ctx.key in it.keys:
                tf = 1.0  # the gazetteer maps this topic to a class item on purpose
            if tf <= 0:
                continue
            ev = [why]
            score = s * tf
            if tf < 1:
                ev.append(f"type {kind}/{it.kind or '?'} x{tf:.2f}")
            if ctx.country_qid and it.p17:
                if ctx.country_qid in it.p17:
                    score += 0.05
                    ev.append(f"country {ctx.country_qid} matches")
                else:
                    score -= 0.15
                    ev.append(f"country {ctx.country_qid} differs from {','.join(it.p17)}")
            if ctx.sentence:
                penalty, why_not = sentence_contradicts(names, it, ctx.sentence)
                if penalty:
                    score -= penalty
                    ev.append(why_not)
            if it.description and sentence_words:
                dw = {w for w in fold(it.description).split() if len(w) >= 4 and w not in _DESC_STOP}
                hits = sorted(dw & sentence_words)
                if hits:
                    score += min(0.04, 0.02 * len(hits))
                    ev.append("context: " + ", ".join(hits[:3]))
            score = max(0.0, min(1.0, score))
            out.append(Candidate(qid, round(score, 4), ev, it.label))
        out.sort(key=lambda c: (-c.score, int(c.qid[1:])))
        return out

    def decide(self, names: list[str], kind: str, ctx: Context) -> tuple[str, Candidate | None, list[Candidate]]:
        """(status, chosen candidate or None, all candidates best first)."""
        cands = self.candidates(names, kind, ctx)
        if not cands:
            return "unlinked", None, cands
        best = cands[0]
        if best.score < self.threshold:
            return "unlinked", None, cands
        if len(cands) > 1 and cands[1].score >= best.score - self.margin:
            return "ambiguous", None, cands
        item = self.slice.items[best.qid]
        if item.status not in LINKABLE:
            return "unlinked", None, cands
        return "linked", best, cands
