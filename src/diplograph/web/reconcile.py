"""Reconciling names against the published entities (W3C Entity Reconciliation API 0.2, the data).

`Reconciler` indexes every person, country, organization, post, event, document, city, topic,
agreement, initiative and series of a `Dataset` by its names (rdfs:label, schema:name,
skos:prefLabel, schema:headline, schema:alternateName, a post's schema:roleName) and answers
reconciliation queries, suggest (prefix) searches and data-extension requests. Name scores are the
linker's (`diplograph.linking.linker.Linker.name_candidates` over one index per type, names folded
by `diplograph.linking.normalize`), so "Jose Maria Nunez" finds the accented name and
"Ambassador Nunez" the surname. What is said about a candidate (latest post, countries, dates,
documents) comes from `diplograph.web.entity_facts`. Nothing here knows about HTTP:
`diplograph.web.reconcile_routes` does.

Entity ids are IRIs relative to the base (`person/enrique-ochoa`), type ids local names of the
ontology (`Person`): the manifest's identifierSpace and schemaSpace are the prefixes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from diplograph.linking.linker import Linker
from diplograph.linking.normalize import fold, strip_titles
from diplograph.linking.slice import SliceItem, WikidataSlice
from diplograph.ns import SDO
from diplograph.web.describe import SEARCH_PREDICATES, Dataset
from diplograph.web.entity_facts import FactReader, Facts, latest_post

# kind (IRI path segment) -> type id (local name in the ontology); the order of the type list
TYPES = {"person": "Person", "country": "Country", "organization": "Organization", "post": "Post",
         "event": "Event", "document": "Document", "city": "City", "topic": "Topic",
         "agreement": "Agreement", "initiative": "Initiative", "series": "Series",
         "work": "Work"}
KIND_OF_TYPE = {t: k for k, t in TYPES.items()}
DEFAULT_TYPES = ("Person", "Country", "Organization", "Post", "Event", "Document")

# Properties a client can give with a query (matching) and pull back as columns (extension).
PROPERTIES = {
    "country": ("country", "country of the entity: its own, a post's organisation's, a mission's parent"),
    "post": ("current post", "the latest post (role name)"),
    "organization": ("organization of the current post", "where the latest post is held"),
    "wikidata": ("Wikidata id", "owl:sameAs, a Q-id"),
    "startDate": ("start date of the current post", "as published: 2019, 2019-02 or 2019-02-01"),
    "date": ("date", "any date of the entity: posts (start, end, attested), events, publication"),
    "documents": ("documents mentioning it", "number of documents with a mention or a fact about it"),
    "source": ("first source sentence", "IRI of the first sentence (document order) it was taken from"),
}
MATCH_PROPERTIES = ("country", "post", "organization", "date", "wikidata")
EXTEND_PROPERTIES = ("post", "organization", "country", "wikidata", "startDate", "documents", "source")
PROPOSED = {"Person": EXTEND_PROPERTIES, "Post": ("country", "organization", "startDate", "documents", "source"),
            "Country": ("wikidata", "documents", "source"),
            "Organization": ("country", "wikidata", "documents", "source")}

AGREE_BONUS = 5.0      # per given property that agrees
DISAGREE_PENALTY = 20.0  # per given property that disagrees
MAX_LIMIT = 100
CONSIDERED = 50  # candidates (best names first) checked against a query's properties
MAX_QUERY = 500  # characters of a query

ROLE_NAME = ox.NamedNode(str(SDO.roleName))


@dataclass
class Query:
    text: str
    type: str | None = None
    limit: int = 10
    properties: list[tuple[str, list]] = field(default_factory=list)  # (pid, values: str or {"id"})


class Reconciler:
    def __init__(self, ds: Dataset):
        self.ds = ds
        self.base = ds.base

    # ---- the index -----------------------------------------------------------------------------
    @cached_property
    def entities(self) -> dict[str, tuple[str, str, tuple[str, ...]]]:
        """id -> (kind, label, other names) of every entity of a reconcilable kind."""
        index = self.ds.index
        names: dict[str, set[str]] = {}
        for predicate in [*SEARCH_PREDICATES, ROLE_NAME]:
            for q in self.ds.quads(None, predicate, None):
                if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode):
                    iri = q.subject.value
                    if iri in index and index[iri][0] in TYPES:
                        names.setdefault(iri, set()).add(q.object.value)
        out = {}
        for iri, (kind, label) in index.items():
            if kind in TYPES:
                others = tuple(sorted(names.get(iri, set()) - {label}))
                out[self.id_of(iri)] = (kind, label, others)
        return out

    @cached_property
    def reader(self) -> FactReader:
        return FactReader(self.ds, self.entities)

    @cached_property
    def linkers(self) -> dict[str, tuple[Linker, list[str]]]:
        """kind -> (the linker's scorer over that kind's entities, the entity id of each "Q" number).
        The linker ranks Wikidata items by name; here the items are our entities."""
        by_kind: dict[str, list[str]] = {}
        for eid, (kind, _, _) in self.entities.items():
            by_kind.setdefault(kind, []).append(eid)
        out = {}
        for kind, ids in by_kind.items():
            items = {}
            # the linker's own kinds; any other kind is left open ("": compatible with all)
            item_kind = kind if kind in ("person", "country", "organization") else ""
            for n, eid in enumerate(ids, 1):
                _, label, others = self.entities[eid]
                items[f"Q{n}"] = SliceItem(f"Q{n}", label, others, kind=item_kind)
            out[kind] = (_EntityLinker(WikidataSlice(items)), ids)
        return out

    @cached_property
    def prefixes(self) -> list[tuple[str, str]]:
        """(folded name from a word on, id), sorted: suggest is a bisection."""
        rows = set()
        for eid, (_, label, others) in self.entities.items():
            for name in (label, *others):
                words = fold(name).split()
                for i in range(len(words)):
                    rows.add((" ".join(words[i:]), eid))
        return sorted(rows)

    def warm(self) -> None:
        self.linkers, self.prefixes  # noqa: B018 - cached properties

    def id_of(self, iri: str) -> str:
        return iri[len(self.base) + 1:] if iri.startswith(self.base + "/") else iri

    def iri_of(self, eid: str) -> str:
        return eid if "://" in eid else f"{self.base}/{eid}"

    def type_of(self, eid: str) -> dict:
        tid = TYPES[self.entities[eid][0]]
        return {"id": tid, "name": tid}

    # ---- reconciliation ------------------------------------------------------------------------
    def reconcile(self, query: Query) -> list[dict]:
        kinds = self._kinds(query.type)
        if not query.text.strip() or not kinds:
            return []
        scored: dict[str, tuple[float, str]] = {}
        for kind in kinds:
            if kind not in self.linkers:
                continue
            linker, ids = self.linkers[kind]
            for qid, (score, why) in linker.name_candidates(query.text.strip(), kind).items():
                scored[ids[int(qid[1:]) - 1]] = (score, why)
        wanted = {fold(query.text), strip_titles(query.text)} - {""}
        exact = [eid for eid in scored if wanted & self._folded_names(eid)]
        limit = max(1, min(query.limit, MAX_LIMIT))
        # Reading an entity's facts is the cost of a candidate: only the best names are read (a
        # surname can name hundreds), more of them when properties may reorder them.
        keep = max(limit, CONSIDERED) if query.properties else limit
        ranked = sorted(scored, key=lambda e: (-scored[e][0], fold(self.entities[e][1]), e))
        considered = list(dict.fromkeys(ranked[:keep] + exact))
        out = []
        for eid in considered:
            name_score = scored[eid][0]
            facts = self.facts(eid)
            score = 100 * name_score
            features = [{"id": "name", "value": round(name_score, 4)}]
            agreeing = True
            for pid, values in query.properties:
                if not any(str(v.get("id") or v.get("name") or "" if isinstance(v, dict) else v).strip()
                           for v in values):
                    continue  # an empty cell of the column says nothing
                verdict = self._agrees(pid, values, facts)
                if verdict is None:
                    agreeing = agreeing and pid not in MATCH_PROPERTIES
                    continue
                features.append({"id": pid, "value": verdict})
                score += AGREE_BONUS if verdict else -DISAGREE_PENALTY
                agreeing = agreeing and verdict
            kind, label, _ = self.entities[eid]
            cand = {"id": eid, "name": label, "type": [self.type_of(eid)],
                    "score": round(max(0.0, min(100.0, score)), 2), "features": features,
                    "match": len(exact) == 1 and exact[0] == eid and agreeing}
            if facts.description:
                cand["description"] = facts.description
            out.append(cand)
        out.sort(key=lambda c: (-c["score"], not c["match"], fold(c["name"]), c["id"]))
        return out[:limit]

    def _kinds(self, type_id: str | None) -> list[str]:
        if not type_id:
            return [KIND_OF_TYPE[t] for t in DEFAULT_TYPES]
        local = type_id.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        kind = KIND_OF_TYPE.get(local) or (local.lower() if local.lower() in TYPES else None)
        return [kind] if kind else []

    def _folded_names(self, eid: str) -> set[str]:
        _, label, others = self.entities[eid]
        return {fold(n) for n in (label, *others)}

    def _agrees(self, pid: str, values: list, facts: Facts) -> bool | None:
        """True/False when the entity's data says, None when it has nothing to compare with."""
        wanted = [v.get("id") if isinstance(v, dict) and v.get("id") else
                  (v.get("name") if isinstance(v, dict) else v) for v in values]
        wanted = [str(w).strip() for w in wanted if w is not None and str(w).strip()]
        if not wanted:
            return None
        if pid == "country":
            if not facts.countries:
                return None
            ours = set()
            for c in facts.countries:
                ours.add(self.id_of(c))
                ours |= self._folded_names(self.id_of(c)) if self.id_of(c) in self.entities else set()
            return any(w in ours or self.id_of(w) in ours or fold(w) in ours for w in wanted)
        if pid in ("post", "organization"):
            if not facts.post_words:
                return None
            return any(fold(w) and any(fold(w) in p for p in facts.post_words) for w in wanted)
        if pid == "date":
            if not facts.dates and not facts.intervals:
                return None
            years = {w[:4].lstrip("-") for w in wanted if w[:4].isdigit()}
            return any(d[:4] in years for d in facts.dates) or any(
                s <= y <= e for y in years for s, e in facts.intervals)
        if pid == "wikidata":
            if not facts.wikidata:
                return None
            return any(w.rsplit("/", 1)[-1].upper() in facts.wikidata for w in wanted)
        return None

    # ---- facts about one entity ----------------------------------------------------------------
    def facts(self, eid: str) -> Facts:
        return self.reader.facts(eid)

    # ---- suggest -------------------------------------------------------------------------------
    def suggest(self, prefix: str, type_id: str | None = None, limit: int = 10, cursor: int = 0) -> list[dict]:
        needle = fold(prefix)
        if not needle:
            return []
        kinds = set(self._kinds(type_id)) if type_id else set(TYPES)
        i = bisect.bisect_left(self.prefixes, (needle, ""))
        found: dict[str, bool] = {}
        while i < len(self.prefixes) and self.prefixes[i][0].startswith(needle):
            eid = self.prefixes[i][1]
            if self.entities[eid][0] in kinds:
                whole = fold(self.entities[eid][1]).startswith(needle)
                found[eid] = found.get(eid, False) or whole
            i += 1
        order = list(TYPES)
        ranked = sorted(found, key=lambda e: (not found[e], order.index(self.entities[e][0]),
                                              fold(self.entities[e][1]), e))
        out = []
        for eid in ranked[cursor:cursor + max(1, min(limit, MAX_LIMIT))]:
            item = {"id": eid, "name": self.entities[eid][1], "notable": [self.type_of(eid)]}
            desc = self.facts(eid).description
            if desc:
                item["description"] = desc
            out.append(item)
        return out

    # ---- data extension ------------------------------------------------------------------------
    def extend(self, ids: list[str], properties: list[str]) -> dict:
        meta = []
        for pid in properties:
            entry = {"id": pid, "name": PROPERTIES[pid][0] if pid in PROPERTIES else pid}
            if pid in ("post", "organization", "country"):
                entry["type"] = {"id": {"post": "Post", "organization": "Organization", "country": "Country"}[pid],
                                 "name": {"post": "Post", "organization": "Organization", "country": "Country"}[pid]}
            meta.append(entry)
        rows = {}
        for raw in ids:
            eid = self.id_of(str(raw))
            known = eid in self.entities
            facts = self.facts(eid) if known else Facts()
            rows[str(raw)] = {pid: (self._column(pid, facts) if known else []) for pid in properties}
        return {"meta": meta, "rows": rows}

    def _column(self, pid: str, f: Facts) -> list[dict]:
        ds = self.ds
        if pid == "post" and f.latest:
            return [self._entity_cell(f.latest.post, f.latest.role)]
        if pid == "organization" and f.latest and f.latest.org:
            return [self._entity_cell(f.latest.org, ds.label(f.latest.org))]
        if pid == "country":
            return [self._entity_cell(c, ds.label(c)) for c in f.countries[:1]]
        if pid == "wikidata":
            return [{"str": q} for q in f.wikidata]
        if pid == "startDate" and f.latest and f.latest.start:
            return [{"str": f.latest.start}]
        if pid == "documents":
            return [{"int": f.documents}]
        if pid == "source" and f.source:
            return [{"str": f.source}]
        return []

    def _entity_cell(self, iri: str, name: str) -> dict:
        eid = self.id_of(iri)
        return {"id": eid, "name": name} if eid in self.entities else {"str": name}

    def propose(self, type_id: str | None, limit: int = 10) -> list[dict]:
        local = (type_id or "Person").rsplit("#", 1)[-1]
        pids = PROPOSED.get(local, ("country", "documents", "source"))
        return [{"id": p, "name": PROPERTIES[p][0]} for p in pids][:max(1, limit)]

    def suggest_properties(self, prefix: str, limit: int = 10) -> list[dict]:
        needle = fold(prefix)
        hits = [p for p in PROPERTIES if fold(p).startswith(needle) or fold(PROPERTIES[p][0]).startswith(needle)
                or any(w.startswith(needle) for w in fold(PROPERTIES[p][0]).split())]
        return [{"id": p, "name": PROPERTIES[p][0], "description": PROPERTIES[p][1]} for p in hits][:max(1, limit)]

    def suggest_types(self, prefix: str, limit: int = 10) -> list[dict]:
        needle = fold(prefix)
        return [{"id": t, "name": t} for t in TYPES.values() if fold(t).startswith(needle)][:max(1, limit)]


class _EntityLinker(Linker):
    """The linker's name scores, with its spelling fallback (a pass over every item when nothing
    else matched: fine for a slice of a few thousand items, too slow per request over an archive's
    entities) run only over the entities sharing character trigrams with the query."""

    def __init__(self, data: WikidataSlice):
        super().__init__(data)
        self._all = self.items
        self._trigrams: dict[str, list[int]] = {}
        for i, it in enumerate(self._all):
            for tri in {t for name in self.folded_names.get(it.qid, ()) for t in _trigrams(name)}:
                self._trigrams.setdefault(tri, []).append(i)

    def name_candidates(self, mention: str, kind: str) -> dict[str, tuple[float, str]]:
        if (mention, kind) in self._memo:
            return self._memo[(mention, kind)]
        out = self._with_items([], mention, kind)  # every way but the spelling fallback
        if out:
            return out
        self._memo.pop((mention, kind), None)
        query = _trigrams(fold(mention))
        counts: dict[int, int] = {}
        for tri in query:
            for i in self._trigrams.get(tri, ()):
                counts[i] = counts.get(i, 0) + 1
        # a spelling within the fallback's ratio (0.86) keeps well over a third of the trigrams
        need = max(1, len(query) // 3)
        return self._with_items([self._all[i] for i in sorted(i for i, c in counts.items() if c >= need)],
                                mention, kind)

    def _with_items(self, items: list[SliceItem], mention: str, kind: str) -> dict[str, tuple[float, str]]:
        """The linker's answer with only `items` looked at by the spelling fallback (the requests
        are answered one at a time, in the server's event loop)."""
        self.items = items
        if hasattr(self, "_typed"):
            self._typed = {}  # the linker's per-kind cache of `items`, where it has one
        try:
            return super().name_candidates(mention, kind)
        finally:
            self.items = self._all
            if hasattr(self, "_typed"):
                self._typed = {}


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


__all__ = ["Reconciler", "Query", "Facts", "TYPES", "DEFAULT_TYPES", "PROPERTIES", "latest_post"]
