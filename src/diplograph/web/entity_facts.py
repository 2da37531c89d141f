"""What the reconciliation service says about one entity: latest post, countries, dates, documents.

`FactReader` reads, once per entity and cached, what a candidate's description, the property
checks of a query and the data-extension columns need (`Facts`), straight from the store's
triples: an archive's busiest official holds a hundred or more posts, and each candidate of a
batch must cost little. Used by `diplograph.web.reconcile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pyoxigraph as ox

from diplograph.linking.normalize import fold
from diplograph.ns import DIP, NIF, SDO
from diplograph.web.describe import HOLDER, MEMBER_OF, SAME_AS, WAS_DERIVED_FROM, Dataset, PostRow

CONTAINED_IN = ox.NamedNode(str(SDO.containedInPlace))
PARENT_ORG = ox.NamedNode(str(SDO.parentOrganization))
LOCATION = ox.NamedNode(str(SDO.location))
DESCRIPTION = ox.NamedNode(str(SDO.description))
MENTIONS = (ox.NamedNode(str(SDO.mentions)), ox.NamedNode(str(SDO.about)))
DATE_PREDICATES = [ox.NamedNode(str(p)) for p in (SDO.startDate, SDO.endDate, DIP.attestedOn, SDO.datePublished)]
NIF_SENTENCE = ox.NamedNode(str(NIF.sentence))
_ROLE, _MEMBER, _START, _END = str(SDO.roleName), str(SDO.memberOf), str(SDO.startDate), str(SDO.endDate)
_ATTESTED, _FORMER, _LABEL = str(DIP.attestedOn), str(DIP.former), "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class Facts:
    """What a candidate's description, the property checks and the extension columns need."""

    latest: PostRow | None = None
    countries: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    intervals: tuple[tuple[str, str], ...] = ()  # (start, end) of dated posts, years
    post_words: tuple[str, ...] = ()   # folded role names and organisation names of every post
    wikidata: tuple[str, ...] = ()
    documents: int = 0
    source: str | None = None
    description: str | None = None


class FactReader:
    def __init__(self, ds: Dataset, entities: Mapping[str, tuple[str, str, tuple[str, ...]]]):
        self.ds = ds
        self.base = ds.base
        self.entities = entities  # id -> (kind, label, other names), the reconciler's index
        self._facts: dict[str, Facts] = {}
        self._countries: dict[str, list[str]] = {}

    def id_of(self, iri: str) -> str:
        return iri[len(self.base) + 1:] if iri.startswith(self.base + "/") else iri

    def iri_of(self, eid: str) -> str:
        return eid if "://" in eid else f"{self.base}/{eid}"

    def facts(self, eid: str) -> Facts:
        hit = self._facts.get(eid)
        if hit is None:
            hit = self._facts[eid] = self._compute_facts(eid)
        return hit

    def _compute_facts(self, eid: str) -> Facts:
        ds = self.ds
        node = ox.NamedNode(self.iri_of(eid))
        kind = self.entities[eid][0] if eid in self.entities else ds.kind_of(node.value)
        posts = self._posts(node, kind)
        latest = latest_post(posts)
        countries: list[str] = []
        if kind == "country":
            countries.append(node.value)
        elif kind in ("city", "organization"):
            countries += self._countries_of(node)
        elif kind == "event":
            for place in ds.values(node, LOCATION):
                if isinstance(place, ox.NamedNode):
                    countries += self._countries_of(place)
        for p in ([latest] if latest else []) + [p for p in posts if p is not latest]:
            if p.org:
                countries += self._countries_of(ox.NamedNode(p.org))
        countries = list(dict.fromkeys(countries))
        dates = {_lit(v) for p in DATE_PREDICATES for v in ds.values(node, p)} - {None}
        intervals = []
        post_words = []
        for p in posts:
            dates |= {d for d in (p.start, p.end, p.attested) if d}
            if p.start:
                intervals.append((p.start[:4], (p.end or "9999")[:4]))
            post_words.append(fold(p.role))
            if p.org:
                post_words += [fold(n) for n in self._names(p.org)]
        wikidata = tuple(sorted(v.value.rsplit("/", 1)[-1] for v in ds.values(node, SAME_AS)
                                if isinstance(v, ox.NamedNode) and "wikidata.org" in v.value))
        docs = set()
        spans = []
        for span in ds.values(node, WAS_DERIVED_FROM):
            if isinstance(span, ox.NamedNode):
                doc, _, frag = span.value.partition("#")
                docs.add(doc[:-len("/sidecar")] if doc.endswith("/sidecar") else doc)
                if frag.startswith("char="):
                    try:
                        spans.append((doc, int(frag[5:].split(",", 1)[0]), span))
                    except ValueError:
                        pass
        for predicate in MENTIONS:
            for q in ds.quads(None, predicate, node):
                if ds.kind_of(q.subject.value) == "document":
                    docs.add(q.subject.value)
        source = None
        if spans:  # the first in document order, as the entity's page lists its sources
            first = min(spans, key=lambda s: (s[0], s[1], s[2].value))[2]
            sentence = ds.first(first, NIF_SENTENCE)
            source = sentence.value if isinstance(sentence, ox.NamedNode) else first.value
        return Facts(latest, tuple(countries), tuple(sorted(dates)), tuple(intervals), tuple(post_words),
                     wikidata, len(docs), source, self._describe(node, kind, latest, countries))

    def _posts(self, node: ox.NamedNode, kind: str) -> list[PostRow]:
        """The entity's posts (a post: itself), each read in one scan of its triples: a busy
        official of an archive holds a hundred or more, and a candidate must cost little."""
        ds = self.ds
        if kind == "post":
            found = {node.value}
        else:
            found = {q.object.value for q in ds.quads(node, MEMBER_OF, None)
                     if isinstance(q.object, ox.NamedNode) and ds.kind_of(q.object.value) == "post"}
            found |= {q.subject.value for q in ds.quads(None, HOLDER, node) if isinstance(q.subject, ox.NamedNode)}
        rows = []
        for iri in sorted(found):
            values: dict[str, list[str]] = {}
            for q in ds.quads(ox.NamedNode(iri), None, None):
                values.setdefault(q.predicate.value, []).append(q.object.value)

            def one(predicate: str) -> str | None:
                vals = values.get(predicate)
                return min(vals) if vals else None

            role = one(_ROLE) or one(_LABEL) or iri.rsplit("/", 1)[-1]
            rows.append(PostRow(iri, role, one(_MEMBER), one(_START), one(_END), one(_ATTESTED),
                                (one(_FORMER) or "").lower() in ("true", "1")))
        return rows

    def _countries_of(self, node: ox.NamedNode, depth: int = 0) -> list[str]:
        """The country a place or organisation is in or belongs to (a mission's parent, a
        ministry's parent…), following at most three links."""
        if self.ds.kind_of(node.value) == "country":
            return [node.value]
        if depth >= 3:
            return []
        if depth == 0 and node.value in self._countries:
            return self._countries[node.value]
        out = []
        for predicate in (CONTAINED_IN, PARENT_ORG):
            for up in self.ds.values(node, predicate):
                if isinstance(up, ox.NamedNode):
                    out += self._countries_of(up, depth + 1)
        if depth == 0:
            self._countries[node.value] = out
        return out

    def _names(self, iri: str) -> tuple[str, ...]:
        eid = self.id_of(iri)
        if eid in self.entities:
            _, label, others = self.entities[eid]
            return (label, *others)
        return (self.ds.label(iri),)

    def _describe(self, node: ox.NamedNode, kind: str, latest: PostRow | None, countries: list[str]) -> str | None:
        ds = self.ds
        parts: list[str] = []
        if latest is not None and kind == "person":
            parts.append(latest.role)
            if latest.org and latest.org not in countries:
                parts.append(ds.label(latest.org))
        elif kind == "post":
            holder = ds.first(node, HOLDER)
            if isinstance(holder, ox.NamedNode):
                parts.append(ds.label(holder))
            if latest and latest.org and latest.org not in countries:
                parts.append(ds.label(latest.org))
        else:
            text = _lit(ds.first(node, DESCRIPTION))
            if text:
                parts.append(text)
        if countries and kind != "country":
            parts.append(ds.label(countries[0]))
        return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def latest_post(posts: list[PostRow]) -> PostRow | None:
    """The post held last: among posts neither ended nor marked former (else all), the one with
    the latest date (start, else attested, else end); an undated one only when none is dated."""
    if not posts:
        return None
    current = [p for p in posts if not p.end and not p.former] or posts
    return max(current, key=lambda p: ((p.start or p.attested or p.end or "") != "",
                                       p.start or p.attested or p.end or "", p.attested or "", p.role, p.post))


def _lit(term) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None


__all__ = ["FactReader", "Facts", "latest_post"]
