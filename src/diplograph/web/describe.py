"""Reading the published data: loading it into a store and describing one resource.

`Dataset` wraps a pyoxigraph `Store` (in memory for `--input`, on disk for `--store`) and the
ontology (an rdflib graph). It answers the questions the pages and the RDF responses ask: the
triples of a resource both ways, labels, the posts of a person, the source sentences of a fact, the
text of a document with its mention spans. Nothing here knows about HTTP or HTML.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph as RdfGraph
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from diplograph.dumpfiles import bulk_load_dump, has_dump
from diplograph.errors import InputError
from diplograph.ns import DEFAULT_BASE, DIP, NIF, ONTOLOGY_IRI, OWL, PREFIXES, PROV, RDF, RDFS, SDO, SKOS

Term = ox.NamedNode | ox.BlankNode | ox.Literal

A = ox.NamedNode(str(RDF.type))
LABEL_PREDICATES = [ox.NamedNode(str(p)) for p in (RDFS.label, SDO.name, SKOS.prefLabel, SDO.headline)]
SEARCH_PREDICATES = LABEL_PREDICATES + [ox.NamedNode(str(SDO.alternateName))]
WAS_DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
POST_CLASSES = {str(DIP.Post), str(SDO.OrganizationRole)}
MEMBER_OF = ox.NamedNode(str(SDO.memberOf))
HOLDER = ox.NamedNode(str(DIP.holder))
SAME_AS = ox.NamedNode(str(OWL.sameAs))
DIP_TEXT = ox.NamedNode(str(DIP.text))
NIF_IS_STRING = ox.NamedNode(str(NIF.isString))
NIF_SENTENCE = ox.NamedNode(str(NIF.sentence))
NIF_CONTEXT_CLASS = str(NIF.Context)
WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
                     "http://www.wikidata.org/wiki/", "https://www.wikidata.org/wiki/")

# Order in which a span's facts are preferred when one mark links to one of several resources.
KIND_ORDER = ("person", "organization", "country", "city", "place", "topic", "agreement", "initiative",
              "series", "work", "post", "event", "quotation", "stance", "image", "citation")

MAX_LIST = 2000  # values shown per property on a page / resources per list


def _q(prefix: str) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + prefix


def is_wikidata(iri: str) -> bool:
    return iri.startswith(WIKIDATA_PREFIXES)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used by the search."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def humanize(local: str) -> str:
    """`roleName` -> `role name`; used when the ontology has no rdfs:label for a term."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").split()
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words) or local


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


@lru_cache(maxsize=65536)
def curie(iri: str) -> str | None:
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w.\-]*", iri[len(ns):] or "x"):
            if best is None or len(ns) > len(PREFIXES[best[0]]):
                best = (prefix, iri[len(ns):])
    return f"{best[0]}:{best[1]}" if best else None


def term_key(term: Term) -> tuple:
    if isinstance(term, ox.Literal):
        return (2, term.value, term.language or "", term.datatype.value if term.datatype else "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "", "")
    return (0, term.value, "", "")


def triple_key(t: ox.Triple) -> tuple:
    return (term_key(t.subject), t.predicate != A, t.predicate.value, term_key(t.object))


class SortedTriples(list):
    """Triples already in `triple_key` order: the serializers need not sort them again."""


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    if isinstance(triples, SortedTriples):
        return triples
    return SortedTriples(sorted(triples, key=triple_key))


def to_rdflib(term: Term):
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        dt = term.datatype.value if term.datatype else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return RdfLiteral(term.value, datatype=URIRef(dt) if dt else None, normalize=False)
    if isinstance(term, ox.BlankNode):
        from rdflib import BNode
        return BNode(term.value)
    return URIRef(term.value)


# --------------------------------------------------------------------------------------------------
# Loading

@dataclass
class Loaded:
    store: ox.Store
    base: str
    manifest: dict = field(default_factory=dict)
    void_file: Path | None = None
    root: Path | None = None  # the output folder (its dataset.ttl/.nq are the dumps)


def load_input(input_dir: str | Path, base: str | None = None) -> Loaded:
    """Reads a published output folder into an in-memory store (named graphs kept)."""
    root = Path(input_dir)
    if not root.is_dir():
        raise InputError("no published output here (run `diplograph build` first)", path=str(root))
    manifest: dict = {}
    mpath = root / "manifest.json"
    if mpath.is_file():
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the manifest: {exc}", path=str(mpath)) from exc
    base = (base or manifest.get("base") or DEFAULT_BASE).rstrip("/")
    store = ox.Store()
    void_file = root / "void.ttl"
    try:
        if has_dump(root, "dataset.nq"):
            bulk_load_dump(store, root, "dataset.nq")
        elif (root / "graphs").is_dir() and any((root / "graphs").glob("*.ttl")):
            for f in sorted((root / "graphs").glob("*.ttl")):
                store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE,
                                to_graph=ox.NamedNode(f"{base}/graph/{f.stem}"))
        elif has_dump(root, "dataset.ttl"):
            bulk_load_dump(store, root, "dataset.ttl")
            if void_file.is_file():  # the default graph is the merged dataset, VoID included
                store.bulk_load(path=str(void_file), format=ox.RdfFormat.TURTLE)
        else:
            raise InputError("no dataset.nq, graphs/*.ttl or dataset.ttl", path=str(root))
        void_graph = ox.NamedNode(f"{base}/graph/void")
        if void_file.is_file() and not any(True for _ in store.quads_for_pattern(None, None, None, void_graph)):
            store.bulk_load(path=str(void_file), format=ox.RdfFormat.TURTLE, to_graph=void_graph)
        fill_default_graph(store, root)
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot load the published data: {exc}", path=str(root)) from exc
    return Loaded(store, base, manifest, void_file if void_file.is_file() else None, root)


def fill_default_graph(store: ox.Store, root: Path | None = None) -> None:
    """The merged dataset (every published triple once, VoID included) in the default graph, as
    `diplograph load` does: pages and SPARQL then query one graph instead of the union of the
    named graphs, where an entity described in N documents matches N times per pattern.
    `dataset.ttl` + `void.ttl` when the folder has them, else a copy of the named graphs."""
    for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        return  # already filled (dataset.ttl loaded as the only input)
    if root is not None and has_dump(root, "dataset.ttl") and has_dump(root, "dataset.nq"):
        bulk_load_dump(store, root, "dataset.ttl")
        if (root / "void.ttl").is_file():
            store.bulk_load(path=str(root / "void.ttl"), format=ox.RdfFormat.TURTLE)
        return
    store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in store
                       if not isinstance(q.graph_name, ox.DefaultGraph)])


def default_graph_has_data(store: ox.Store) -> bool:
    for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        return True
    return False


def open_store(store_dir: str | Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise InputError(f"cannot open the store read-only: {exc}", path=str(store_dir)) from exc


def load_ontology(path: str | Path | None) -> RdfGraph:
    graph = RdfGraph()
    if path and Path(path).is_file():
        try:
            graph.parse(str(path), format="turtle")
        except Exception as exc:  # rdflib raises many kinds
            raise InputError(f"cannot read the ontology: {exc}", path=str(path)) from exc
    return graph


# --------------------------------------------------------------------------------------------------
# Views of the data

@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a span of a document, shown inside its sentence."""

    span: str
    document: str
    begin: int | None
    end: int | None
    anchor: str | None
    sentence: str | None
    sentence_begin: int | None
    source_file: str | None = None  # for sidecar records

    def sentence_parts(self) -> tuple[str, str, str] | None:
        """(before, anchor, after) inside the sentence, when the offsets agree with the strings."""
        if self.sentence is None:
            return None
        if None not in (self.begin, self.end, self.sentence_begin):
            a, b = self.begin - self.sentence_begin, self.end - self.sentence_begin
            if 0 <= a <= b <= len(self.sentence):
                return self.sentence[:a], self.sentence[a:b], self.sentence[b:]
        return self.sentence, "", ""


@dataclass(frozen=True)
class PostRow:
    post: str
    role: str
    org: str | None
    start: str | None
    end: str | None
    attested: str | None
    former: bool

    @property
    def sort_key(self) -> tuple:
        date = self.start or self.attested or self.end
        return (date is None, date or "", self.end or "", self.role.casefold(), self.post)


@dataclass(frozen=True)
class Mark:
    begin: int
    end: int
    span: str
    targets: tuple[str, ...]  # resources derived from this span, preferred first
    not_read: bool = False  # page furniture or a comment section (dip:notRead): greyed, no facts


class Dataset:
    """The published data plus the ontology, with the lookups the web layer needs."""

    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE, ontology: RdfGraph | None = None,
                 *, manifest: dict | None = None, void_file: Path | None = None,
                 output_dir: Path | None = None):
        self.store = store
        self.output_dir = output_dir
        self.base = base.rstrip("/")
        self.ontology = ontology if ontology is not None else RdfGraph()
        self.manifest = manifest or {}
        self.void_file = void_file
        self.void_graph = ox.NamedNode(f"{self.base}/graph/void")
        self._resources: dict[str, list[tuple[str, str]]] = {}
        self._term_labels: dict[tuple[str, bool], str | None] = {}
        # The merged dataset is in the default graph (`load_input`, `diplograph load`): lookups and
        # queries use it alone. A store without one is read as the union of its named graphs.
        self.merged = default_graph_has_data(store)
        self.graph: ox.DefaultGraph | None = ox.DefaultGraph() if self.merged else None

    def quads(self, s=None, p=None, o=None):
        return self.store.quads_for_pattern(s, p, o, self.graph)

    # ---- basic access ------------------------------------------------------------------------
    def query(self, sparql: str, **bindings: Term):
        # terms are written in N-Triples syntax (str() of a validated pyoxigraph term): no injection
        for name, term in bindings.items():
            sparql = re.sub(r"\?" + name + r"\b", lambda _m, t=str(term): t, sparql)
        return self.store.query(_q(sparql), use_default_graph_as_union=not self.merged)

    def _triples(self, s: ox.NamedNode | None, o: ox.NamedNode | None) -> set[ox.Triple]:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(s, None, o)}

    def outgoing(self, node: ox.NamedNode) -> list[ox.Triple]:
        found = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(node, None, None)}
        return sorted(found, key=triple_key)

    def incoming(self, node: ox.NamedNode) -> list[ox.Triple]:
        found = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(None, None, node)}
        return sorted(found, key=triple_key)

    def values(self, node: ox.NamedNode, predicate: ox.NamedNode) -> list[Term]:
        found = {q.object for q in self.quads(node, predicate, None)}
        return sorted(found, key=term_key)

    def first(self, node: ox.NamedNode, predicate: ox.NamedNode) -> Term | None:
        vals = self.values(node, predicate)
        return vals[0] if vals else None

    def exists(self, iri: str) -> bool:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        for _ in self.quads(node, None, None):
            return True
        for _ in self.quads(None, None, node):
            return True
        return False

    def types(self, node: ox.NamedNode) -> list[str]:
        return [t.value for t in self.values(node, A) if isinstance(t, ox.NamedNode)]

    def in_base(self, iri: str) -> bool:
        return iri.startswith(self.base + "/")

    def kind_of(self, iri: str) -> str | None:
        if not self.in_base(iri):
            return None
        return iri[len(self.base) + 1:].split("/", 1)[0].split("#", 1)[0] or None

    # ---- labels ------------------------------------------------------------------------------
    def label(self, term: Term | str) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        iri = term if isinstance(term, str) else term.value
        if isinstance(term, ox.BlankNode):
            return f"_:{iri}"
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return iri
        for predicate in LABEL_PREDICATES:
            vals = [v for v in self.quads(node, predicate, None)]
            if vals:
                lits = sorted({q.object for q in vals if isinstance(q.object, ox.Literal)},
                              key=lambda l: (l.language not in (None, "", "en"), l.value))
                if lits:
                    return lits[0].value
        onto = self.term_label(iri, fallback=False)
        if onto:
            return onto
        if "#char=" in iri:
            return iri.rsplit("/", 1)[-1]
        return local_name(iri)

    def term_label(self, iri: str, fallback: bool = True) -> str | None:
        """The ontology's rdfs:label for a class or property (English first), else its local name."""
        key = (iri, fallback)
        if key not in self._term_labels:
            self._term_labels[key] = self._term_label(iri, fallback)
        return self._term_labels[key]

    def ontology_label(self, iri: str) -> ox.Literal | None:
        """The ontology's rdfs:label of a term as a literal (for the labels of a description: the
        ontology is not part of the data graph)."""
        labels = sorted(self.ontology.objects(URIRef(iri), RDFS.label),
                        key=lambda l: (getattr(l, "language", None) not in (None, "en"), str(l)))
        if not labels:
            return None
        lang = getattr(labels[0], "language", None)
        return ox.Literal(str(labels[0]), language=lang) if lang else ox.Literal(str(labels[0]))

    def _term_label(self, iri: str, fallback: bool) -> str | None:
        labels = sorted(self.ontology.objects(URIRef(iri), RDFS.label),
                        key=lambda l: (getattr(l, "language", None) not in (None, "en"), str(l)))
        if labels:
            return str(labels[0])
        return humanize(local_name(iri)) if fallback else None

    # ---- the resource index (home page, lists, search, static site) --------------------------
    @cached_property
    def index(self) -> dict[str, tuple[str, str]]:
        """iri -> (kind, label) of every resource under the base (subject or object of a triple)."""
        found: dict[str, tuple[str, str]] = {}
        rows = self.query("SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } "
                          "FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?b)) }",
                          b=ox.Literal(self.base + "/"))
        for row in rows:
            iri = row["s"].value
            if "#" in iri:
                continue
            kind = self.kind_of(iri)
            if kind:
                found[iri] = (kind, self.label(row["s"]))
        return dict(sorted(found.items()))

    def kinds(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for kind, _ in self.index.values():
            counts[kind] = counts.get(kind, 0) + 1
        return sorted(counts.items())

    def resources(self, kind: str) -> list[tuple[str, str]]:
        """(iri, label) of the resources of a kind, sorted by label (computed once per kind)."""
        if kind not in self._resources:
            items = [(iri, label) for iri, (k, label) in self.index.items() if k == kind]
            self._resources[kind] = sorted(items, key=lambda x: (fold(x[1]), x[0]))
        return self._resources[kind]

    def warm(self) -> None:
        """Computes what the first requests would otherwise wait for (index, search, used terms)."""
        self.index, self.search_table, self.used_terms  # noqa: B018 - cached properties

    @cached_property
    def search_table(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(iri, kind, label, folded names) of every resource in the index: one scan per label
        predicate, so that a search is a substring test over strings."""
        index = self.index
        names: dict[str, set[str]] = {}
        for predicate in SEARCH_PREDICATES:
            for q in self.quads(None, predicate, None):
                if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode) and q.subject.value in index:
                    names.setdefault(q.subject.value, set()).add(q.object.value)
        return [(iri, kind, label, tuple(sorted({fold(n) for n in names.get(iri, set()) | {label}})))
                for iri, (kind, label) in index.items()]

    def search(self, q: str, limit: int = 200) -> list[tuple[str, str, str]]:
        needle = fold(q.strip())
        if not needle:
            return []
        hits = [(iri, kind, label) for iri, kind, label, names in self.search_table
                if any(needle in n for n in names)]
        hits.sort(key=lambda h: (not fold(h[2]).startswith(needle), fold(h[2]), h[0]))
        return hits[:limit]

    # ---- provenance, posts, documents --------------------------------------------------------
    def sources(self, node: ox.NamedNode) -> list[Source]:
        out = []
        for span in self.values(node, WAS_DERIVED_FROM):
            if not isinstance(span, ox.NamedNode):
                continue
            out.append(self.source(span))
        return sorted(out, key=lambda s: (s.document, s.begin if s.begin is not None else -1, s.span))

    def source(self, span: ox.NamedNode) -> Source:
        def num(node, pred) -> int | None:
            v = self.first(node, ox.NamedNode(str(pred)))
            try:
                return int(v.value) if isinstance(v, ox.Literal) else None
            except ValueError:
                return None

        def text(node, pred) -> str | None:
            v = self.first(node, ox.NamedNode(str(pred)))
            return v.value if isinstance(v, ox.Literal) else None

        sentence_node = self.first(span, NIF_SENTENCE)
        sentence = sentence_begin = None
        if isinstance(sentence_node, ox.NamedNode):
            sentence = text(sentence_node, NIF.anchorOf)
            sentence_begin = num(sentence_node, NIF.beginIndex)
        document = span.value.split("#", 1)[0]
        if document.endswith("/sidecar"):
            document = document[: -len("/sidecar")]
        return Source(span.value, document, num(span, NIF.beginIndex), num(span, NIF.endIndex),
                      text(span, NIF.anchorOf), sentence, sentence_begin, text(span, DIP.sourceFile))

    def posts(self, person: ox.NamedNode) -> list[PostRow]:
        posts = {o for o in self.values(person, MEMBER_OF) if isinstance(o, ox.NamedNode)
                 and POST_CLASSES & set(self.types(o))}
        posts |= {q.subject for q in self.quads(None, HOLDER, person)
                  if isinstance(q.subject, ox.NamedNode)}
        rows = []
        for post in posts:
            def lit(pred) -> str | None:
                v = self.first(post, ox.NamedNode(str(pred)))
                return v.value if isinstance(v, ox.Literal) else None
            org = self.first(post, MEMBER_OF)
            rows.append(PostRow(post.value, lit(SDO.roleName) or self.label(post),
                                org.value if isinstance(org, ox.NamedNode) else None,
                                lit(SDO.startDate), lit(SDO.endDate), lit(DIP.attestedOn),
                                (lit(DIP.former) or "").lower() in ("true", "1")))
        return sorted(rows, key=lambda r: r.sort_key)

    def context_of(self, doc: ox.NamedNode) -> ox.NamedNode | None:
        ctx = self.first(doc, DIP_TEXT)
        if isinstance(ctx, ox.NamedNode):
            return ctx
        if self.kind_of(doc.value) != "document":
            return None  # only documents have a text (the scan below would cost every page ~0.5 ms)
        rows = self.query("SELECT ?c WHERE { ?c nif:isString ?t FILTER(STRSTARTS(STR(?c), ?p)) } ORDER BY ?c LIMIT 1",
                          p=ox.Literal(doc.value + "#char="))
        for row in rows:
            return row["c"]
        return None

    def document_text(self, doc: ox.NamedNode) -> tuple[str, list[Mark]] | None:
        """The text of a document and the spans that facts were derived from, sorted."""
        ctx = self.context_of(doc)
        if ctx is None:
            return None
        text = self.first(ctx, NIF_IS_STRING)
        if not isinstance(text, ox.Literal):
            return None
        rows = self.query(
            "SELECT ?span ?b ?e ?x WHERE { ?span nif:referenceContext ?ctx ; nif:beginIndex ?b ; "
            "nif:endIndex ?e . ?x prov:wasDerivedFrom ?span }", ctx=ctx)
        spans: dict[tuple[int, int, str], set[str]] = {}
        for row in rows:
            try:
                b, e = int(row["b"].value), int(row["e"].value)
            except ValueError:
                continue
            if 0 <= b < e <= len(text.value):
                spans.setdefault((b, e, row["span"].value), set()).add(row["x"].value)
        marks = []
        for (b, e, span), targets in spans.items():
            ordered = sorted(targets, key=lambda t: (self._kind_rank(t), self.label(t).casefold(), t))
            marks.append(Mark(b, e, span, tuple(ordered)))
        for row in self.query("SELECT ?span ?b ?e WHERE { ?doc dip:notRead ?span . "
                              "?span nif:beginIndex ?b ; nif:endIndex ?e }", doc=doc):
            try:
                b, e = int(row["b"].value), int(row["e"].value)
            except ValueError:
                continue
            if 0 <= b < e <= len(text.value):
                marks.append(Mark(b, e, row["span"].value, (), not_read=True))
        marks.sort(key=lambda m: (m.begin, -m.end, m.span))
        return text.value, marks

    def _kind_rank(self, iri: str) -> int:
        kind = self.kind_of(iri)
        return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)

    # ---- RDF descriptions ---------------------------------------------------------------------
    def describe(self, iri: str) -> list[ox.Triple]:
        """All triples about `iri` both ways, plus what its page needs: posts, spans, labels."""
        node = ox.NamedNode(iri)
        triples: set[ox.Triple] = self._triples(node, None) | self._triples(None, node)
        extra_nodes: set[ox.NamedNode] = set()
        for t in list(triples):
            other = t.object if t.subject == node else t.subject
            if not isinstance(other, ox.NamedNode):
                continue
            if t.predicate == WAS_DERIVED_FROM and t.subject == node:
                extra_nodes.add(other)
                sentence = self.first(other, NIF_SENTENCE)
                if isinstance(sentence, ox.NamedNode):
                    extra_nodes.add(sentence)
            elif t.predicate in (MEMBER_OF, HOLDER) and POST_CLASSES & set(self.types(other)):
                extra_nodes.add(other)
            elif t.predicate == DIP_TEXT and t.subject == node:
                extra_nodes.add(other)  # the nif:Context: the document text
        for extra in extra_nodes:
            triples.update(self._triples(extra, None))
        label = ox.NamedNode(str(RDFS.label))
        for t in list(triples):
            for n in (t.subject, t.object):
                if isinstance(n, ox.NamedNode) and n != node and n not in extra_nodes:
                    lab = self.first(n, label)
                    if lab is None:
                        lab = self.ontology_label(n.value)
                    if lab is not None:
                        triples.add(ox.Triple(n, label, lab))
        return sort_triples(triples)

    def void_triples(self) -> list[ox.Triple]:
        found = {ox.Triple(q.subject, q.predicate, q.object)
                 for q in self.store.quads_for_pattern(None, None, None, self.void_graph)}
        if not found and self.void_file is not None:
            for t in ox.parse(path=str(self.void_file), format=ox.RdfFormat.TURTLE):
                found.add(ox.Triple(t.subject, t.predicate, t.object))
        return sort_triples(found)

    def ontology_triples(self) -> list[ox.Triple]:
        data = self.ontology.serialize(format="nt", encoding="utf-8")
        found = {ox.Triple(t.subject, t.predicate, t.object)
                 for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
        return sort_triples(found)

    # ---- ontology documentation ----------------------------------------------------------------
    def ontology_terms(self) -> dict[str, list[dict]]:
        from rdflib import BNode
        from rdflib.namespace import OWL as ROWL, RDF as RRDF, RDFS as RRDFS

        class_types = {ROWL.Class, RRDFS.Class}
        prop_types = {ROWL.ObjectProperty, ROWL.DatatypeProperty, ROWL.AnnotationProperty, RRDF.Property}
        skip = {RRDF.type, RRDFS.label, RRDFS.comment, RRDFS.domain, RRDFS.range, RRDFS.isDefinedBy}
        g = self.ontology
        out: dict[str, list[dict]] = {"classes": [], "properties": [], "external": []}
        external: dict[str, set[str]] = {}
        for section, wanted in (("classes", class_types), ("properties", prop_types)):
            terms = sorted({s for t in wanted for s in g.subjects(RRDF.type, t) if isinstance(s, URIRef)})
            for term in terms:
                iri = str(term)
                if not iri.startswith(str(DIP)):
                    continue
                alignments, parents, notes = [], [], []
                for p, o in sorted(g.predicate_objects(term)):
                    if p in skip or isinstance(o, BNode):
                        continue
                    if isinstance(o, URIRef):
                        entry = {"predicate": self.term_label(str(p)), "predicate_curie": curie(str(p)) or str(p),
                                 "iri": str(o), "curie": curie(str(o)) or str(o)}
                        if str(o).startswith(str(DIP)):
                            parents.append(entry)
                        else:
                            alignments.append(entry)
                            external.setdefault(str(o), set()).add(iri)
                    else:
                        notes.append({"predicate": self.term_label(str(p)), "text": str(o)})
                comments = sorted({str(c) for c in g.objects(term, RRDFS.comment)})
                out[section].append({
                    "iri": iri, "anchor": local_name(iri), "curie": curie(iri) or iri,
                    "label": self.term_label(iri), "comment": comments,
                    "domain": sorted(curie(str(d)) or str(d) for d in g.objects(term, RRDFS.domain) if isinstance(d, URIRef)),
                    "range": sorted(curie(str(r)) or str(r) for r in g.objects(term, RRDFS.range) if isinstance(r, URIRef)),
                    "parents": parents, "alignments": alignments, "notes": notes,
                })
        for iri, users in sorted(external.items()):
            out["external"].append({"iri": iri, "curie": curie(iri) or iri, "anchor": curie(iri) or iri,
                                    "used_by": sorted(users)})
        # Other vocabularies' terms the data uses directly (schema:name, owl:sameAs, void:triples…):
        # listed too, so that every property and type link of a page lands on a term of this page.
        # (Also dip: terms the data uses but the ontology file does not define.)
        documented = set(external) | {t["iri"] for section in ("classes", "properties") for t in out[section]}
        out["used"] = [{"iri": iri, "curie": curie(iri) or iri, "anchor": self.ontology_anchor(iri),
                        "label": self.term_label(iri)}
                       for iri in sorted(self.used_terms - documented)]
        return out

    @cached_property
    def used_terms(self) -> set[str]:
        """Every predicate and class (object of rdf:type) in the data."""
        found = {row["t"].value for row in self.query("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")
                 if isinstance(row["t"], ox.NamedNode)}
        return found

    def ontology_anchor(self, iri: str) -> str:
        """The fragment of the ontology page documenting a class or property."""
        if iri.startswith(str(DIP)):
            return local_name(iri)
        return curie(iri) or iri


def triples_of(data: Iterable[ox.Triple]) -> list[ox.Triple]:
    return sort_triples(set(data))


__all__ = ["Dataset", "Loaded", "load_input", "open_store", "load_ontology", "Source", "PostRow", "Mark",
           "ONTOLOGY_IRI", "is_wikidata", "curie", "local_name", "humanize", "to_rdflib", "triple_key"]
