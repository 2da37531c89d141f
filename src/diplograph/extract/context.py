"""The per-document working state the extractors share."""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from diplograph.errors import InputError
from diplograph.model import Document, Entity, Extraction, Span
from diplograph.text.dates import DateMatch, find_dates
from diplograph.text.furniture import find_furniture, is_excluded, load_patterns
from diplograph.text.gazetteer import Gazetteer, GazetteerEntry, Match, fold, load_gazetteer, slugify
from diplograph.text.segment import Block, blocks, sentences

_SUBTYPE_KIND = {"un-organ": "organization"}
# A list of languages: "speaks French, English and Italian", "Languages: Spanish, English, French".
_LANGUAGE_LIST = re.compile(r"(?:\b(?i:speaks|speaking|spoke|fluent in|languages?(?: spoken)?)\s*:?\s+)"
                            r"(?P<l>[A-Z][a-z]+(?:(?:,\s*|,?\s+and\s+)[A-Z][a-z]+)*)")
# Languages named as such: "in the English and French languages", "the Spanish version", "French-language".
_LANGUAGE_NAMED = re.compile(r"(?P<l>[A-Z][a-z]+(?:(?:,\s*|,?\s+and\s+)[A-Z][a-z]+)*)(?:\s+|-)(?:languages?|versions?|texts?|translations?)\b")


@dataclass(frozen=True)
class RoleTitle:
    title: str
    forms: tuple[str, ...]
    category: str
    implies_org: str | None


@lru_cache(maxsize=4)
def load_roles(path: str) -> tuple[RoleTitle, ...]:
    p = Path(path)
    if not p.exists():
        raise InputError("role table missing", path=str(p))
    out = []
    with p.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                title = row["title"].strip()
                forms = (title,) + tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
                out.append(RoleTitle(title, forms, (row.get("category") or "other").strip(),
                                     (row.get("implies_org") or "").strip() or None))
            except KeyError as exc:
                raise InputError(f"malformed role row ({exc})", path=str(p), line=lineno) from exc
    return tuple(out)


def trie_pattern(forms: list[str]) -> str:
    """One regex alternation shaped as a trie (shared prefixes factored out): Python's `re` tries
    alternatives one by one, so a flat alternation of hundreds of titles is many times slower."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


@lru_cache(maxsize=4)
def role_regex(path: str) -> re.Pattern:
    forms = sorted({f.lower() for r in load_roles(path) for f in r.forms})
    # Longest match first: the trie tries longer continuations before accepting a shorter title.
    return re.compile(rf"(?i)\b(?:{trie_pattern(forms)})s?\b")


# "OSLO, ", "Geneva (UN News), " before a dateline's date; a dash after it.
_DATELINE_HEAD = re.compile(r"[^\W\d][^,.;:()\n]{1,40}(?:\s*\([^)\n]{1,30}\))?,\s*")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?[-–—]")


@dataclass
class Tables:
    gazetteer: Gazetteer
    roles: tuple[RoleTitle, ...]
    role_re: re.Pattern
    furniture: tuple
    data_dir: Path | None = None

    @classmethod
    def load(cls, data_dir: Path) -> "Tables":
        roles_path = str(data_dir / "roles.csv")
        return cls(load_gazetteer(str(data_dir / "gazetteer.csv")), load_roles(roles_path),
                   role_regex(roles_path), load_patterns(str(data_dir / "furniture.csv")), data_dir)

    def role_category(self, title: str) -> str | None:
        categories = self.__dict__.get("_categories")
        if categories is None:  # folded form -> category of the first role with it (the table's order)
            categories = {}
            for r in self.roles:
                for f in r.forms:
                    categories.setdefault(fold(f), r.category)
            self.__dict__["_categories"] = categories
        return categories.get(fold(title))


@dataclass
class DocContext:
    doc: Document
    tables: Tables
    extraction: Extraction = None  # type: ignore[assignment]
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _parse: object = None
    _block_starts: list[int] = field(default_factory=list)
    _dates: dict = field(default_factory=dict)
    datelines: set = field(default_factory=set)  # the dateline dates `dates_in` left out

    def __post_init__(self) -> None:
        text = self.doc.text
        self.doc.excluded = find_furniture(text, self.tables.furniture)
        self.extraction = Extraction(self.doc)
        self.blocks = blocks(text, self.doc.excluded)
        self._block_starts = [b.span.start for b in self.blocks]
        for b in self.blocks:
            self.sentences.extend(sentences(text, b.span))

    # -- text helpers -------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.doc.text

    def t(self, span: Span) -> str:
        return self.doc.text[span.start:span.end]

    def sentence_of(self, span: Span) -> Span:
        for s in self.sentences:
            if s.start <= span.start < s.end:
                return s
        return span

    @property
    def parse(self):
        """The statistical parse of the document's blocks (spaCy; cached, made on first use)."""
        if self._parse is None:
            from diplograph.text.parse import parse_blocks

            titles = tuple(sorted({f for r in self.tables.roles for f in r.forms}))
            self._parse = parse_blocks(self.doc.text, [b.span for b in self.blocks], titles)
        return self._parse

    def clauses(self):
        """(sentence, clause) for the sentences outside furniture split at semicolons: each clause
        has its own subject and its own dates."""
        for sent in self.sentences:
            if self.excluded(sent):
                continue
            pos = sent.start
            for m in re.finditer(r";\s+", self.t(sent)):
                yield sent, Span(pos, sent.start + m.start())
                pos = sent.start + m.end()
            yield sent, Span(pos, sent.end)

    def block_of(self, span: Span) -> Span:
        i = bisect.bisect_right(self._block_starts, span.start) - 1
        if i >= 0 and span.start < self.blocks[i].span.end:
            return self.blocks[i].span
        return span

    def excluded(self, span: Span) -> bool:
        return is_excluded(span, self.doc.excluded)

    def dates_in(self, span: Span, ref: str | None, yearless: bool = False) -> list[DateMatch]:
        """`find_dates` on a span of the text, read once: several steps read each sentence's dates."""
        key = (span.start, span.end, ref, yearless)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = tuple(self._without_dateline(find_dates(self.doc.text, span, ref, yearless)))
        return list(found)

    def _without_dateline(self, dates: list) -> list:
        """A dateline's date ("OSLO, 7 May 2024 – …") is the report's, not that of what the sentence
        tells: dropped when the sentence gives a day of its own ("… met Y on 6 May 2024"); kept when
        it is the only one (news of the day: "OSLO, 7 May – X met Y")."""
        if len(dates) < 2 or dates[0].precision != "date" or not any(d.precision == "date" for d in dates[1:]):
            return dates
        text, first = self.doc.text, dates[0]
        block = self.block_of(first.span)
        if _DATELINE_HEAD.fullmatch(text, block.start, first.span.start) and \
                _DATELINE_TAIL.match(text, first.span.end, block.end):
            self.datelines.add(first.span)
            return dates[1:]
        return dates

    def ref_date(self) -> str | None:
        return self.doc.date_published

    # -- entities -------------------------------------------------------------------------------
    def from_entry(self, entry: GazetteerEntry, span: Span | None, surface: str | None = None) -> Entity:
        key = entry.key
        ent = self.extraction.entities.get(f"{entry.kind}/{key}")
        if ent is None:
            ent = Entity(kind=entry.kind, name=entry.label, key=key, subtypes=set(entry.subtypes),
                         country=entry.country, description=entry.description)
            self.extraction.entities[f"{entry.kind}/{key}"] = ent
        if span is not None and span.start >= 0:
            ent.add_span(span)
        if surface and surface != entry.label and entry.kind == "person":
            ent.aliases.add(surface)
        return ent

    def entity(self, kind: str, name: str, span: Span | None, *, subtypes: set[str] | None = None,
               from_sidecar: bool = False) -> Entity:
        """Get or create an entity; a gazetteer entry of that kind with that name wins."""
        name = re.sub(r"\s+", " ", name).strip()
        for entry, _ in self.tables.gazetteer.lookup(name):
            if entry.kind == kind:
                ent = self.from_entry(entry, span, name)
                ent.from_sidecar = ent.from_sidecar or from_sidecar
                return ent
        key = slugify(name)
        ent = self.extraction.entities.get(f"{kind}/{key}")
        if ent is None:
            ent = Entity(kind=kind, name=name, key=key, subtypes=set(subtypes or ()), from_sidecar=from_sidecar)
            self.extraction.entities[f"{kind}/{key}"] = ent
        if span is not None and span.start >= 0:
            ent.add_span(span)
        return ent

    def find_entities(self, span: Span, kinds: tuple[str, ...] | None = None) -> list[tuple[Match, Entity]]:
        """Gazetteer entities inside a span (already registered by `scan_gazetteer`), in text order."""
        out = []
        i = bisect.bisect_left(self._starts, span.start)
        while i < len(self.matches) and self.matches[i].span.start < span.end:
            m = self.matches[i]
            i += 1
            if m.span.end <= span.end and (not kinds or m.entry.kind in kinds):
                out.append((m, self.from_entry(m.entry, m.span)))
        return out

    def scan_gazetteer(self) -> None:
        for b in self.blocks:
            langs = [Span(b.span.start + lm.start("l"), b.span.start + lm.end("l"))
                     for rx in (_LANGUAGE_LIST, _LANGUAGE_NAMED) for lm in rx.finditer(self.t(b.span))]
            found = self.tables.gazetteer.find(self.text, b.span)
            for k, m in enumerate(found):
                if m.via == "demonym" and any(ls.start <= m.span.start and m.span.end <= ls.end for ls in langs):
                    continue  # "She speaks French and Italian": languages, not mentions of countries
                if self._inside_longer_name(m, found[k - 1] if k else None, b.span):
                    continue
                self.matches.append(m)
                self.from_entry(m.entry, m.span, m.surface)
                # A country or organisation named inside a longer name is mentioned too; it is not a
                # match of its own (the longer name stays the one the extractors read).
                for inner in self.tables.gazetteer.nested(self.text, m):
                    self.from_entry(inner.entry, inner.span, inner.surface)
        self.matches.sort(key=lambda m: (m.span.start, m.span.end))
        self._starts = [m.span.start for m in self.matches]

    _NAME_LEAD = re.compile(r"(?:^|[\s(“\"])((?:[A-Z][\w&’'.-]*\s+){1,3})$")

    def _inside_longer_name(self, m: Match, previous: Match | None, block: Span) -> bool:
        """An organisation's name written as the end of a longer proper name is not a mention of it:
        "National Security Council" (a national body), not the UN's "Security Council"."""
        if m.entry.kind != "organization" or m.via == "demonym" or len(m.surface.split()) < 2:
            return False
        head = self.text[max(block.start, m.span.start - 40):m.span.start]
        lead = self._NAME_LEAD.search(head)
        if not lead:
            return False
        words = lead.group(1).split()
        word = words[-1]
        if previous is not None and previous.span.end >= m.span.start - len(word) - 1:
            return False  # "UN Security Council", "Mexican …": a known name or demonym before it
        if word.lower() in ("the", "a", "an", "of", "and", "for", "to", "in", "at", "on") or word.isupper() or \
                self.tables.role_re.fullmatch(word) or (len(words) == 1 and lead.start(1) + max(block.start, m.span.start - 40) == block.start):
            return False
        return not word.endswith(("’s", "'s", "."))

    def drop_matches(self, drop: list[Match]) -> None:
        """Forget gazetteer matches (and the entities only they named)."""
        if not drop:
            return
        gone = {id(m) for m in drop}
        self.matches = [m for m in self.matches if id(m) not in gone]
        self._starts = [m.span.start for m in self.matches]
        for m in drop:
            key = f"{m.entry.kind}/{m.entry.key}"
            ent = self.extraction.entities.get(key)
            if ent is not None:
                ent.spans = [s for s in ent.spans if s != m.span]
                if not ent.spans and not ent.from_sidecar:
                    del self.extraction.entities[key]

    def country_near(self, span: Span) -> Entity | None:
        hits = self.find_entities(span, ("country",))
        return hits[0][1] if hits else None

    def by_fold(self, name: str, kind: str) -> Entity | None:
        f = fold(name)
        for e in self.extraction.entities.values():
            if e.kind == kind and (fold(e.name) == f or any(fold(a) == f for a in e.aliases)):
                return e
        return None
