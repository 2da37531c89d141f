"""One document's published pieces, made where the document is turned into RDF (a worker process)
and kept on disk, so that the build never holds an archive's triples in memory.

For each document graph a folder holds:

* `graph.ttl`: the document's named graph (copied to `output/graphs/STEM.ttl`);
* `quads.nq`: its lines of `dataset.nq`;
* `own.ttl`: the Turtle body (no prefix lines) of its *own* triples, those about nodes only this
  document describes (the document, its spans, events, quotations, stances: `Rdfizer.own_prefixes`);
* `shared.nt`: its *shared* triples (about entities and posts, which other documents may describe
  too) and the rdf:type triples of its own nodes that they point to;
* `meta.pickle`, written last (its presence marks the folder complete): counts, the graph's sha256,
  the classes of its own nodes and the fast SHACL results on its own nodes.

The merged dataset is then the shared triples of all documents, de-duplicated (a few per cent of an
archive), plus every document's own triples, which no other document has: `dataset.ttl` is the
prefixes, the shared block and the `own.ttl` bodies in document order; nothing is sorted or
de-duplicated across the whole archive. Validation splits the same way (see docvalidate for why that
is exact: the shapes read a focus node's own triples and the rdf:type of the nodes it points to):
the document's own nodes are checked in the worker on its graph, the shared nodes once on the union
of the shared triples (with the types of the own nodes they point to).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.rdfterms import GraphFile, TripleList, sorted_triples, turtle_body, turtle_bytes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
META = "meta.pickle"
CONTEXT_MARK = "# types of this document's nodes that the triples above point to\n"
FORMAT = "docgraph-4"
FILES = ("graph.ttl", "quads.nq", "own.ttl", "shared.nt")


@dataclass
class DocGraph:
    stem: str
    graph: str  # the named graph's IRI
    folder: Path
    triples: int
    sha256: str  # of graph.ttl
    own_triples: int
    own_classes: dict[str, int] = field(default_factory=dict)  # class IRI → own nodes of that class
    shared_sha256: str = ""  # of shared.nt: the merged shared blocks are reused while no document's changes
    shared_lines: int = 0  # in shared.nt: N-Triples lines about shared nodes, then (after the
    # CONTEXT_MARK comment line) the rdf:type lines of own nodes that shared triples point to; read by diplograph.shared
    # fast-evaluator results on the own nodes as (fastshacl.Result, sentence) pairs; None: not
    # evaluated (the shapes use a feature the fast evaluator lacks)
    results: list | None = None

    def path(self, name: str) -> Path:
        return self.folder / name

    def shared_and_context(self) -> tuple[list[str], list[str]]:
        """(N-Triples lines about shared nodes, rdf:type lines of the own nodes they point to),
        without the final " ."."""
        text = self.path("shared.nt").read_text(encoding="utf-8")
        shared, _, context = text.partition(CONTEXT_MARK)
        return [k[:-2] for k in shared.splitlines()], [k[:-2] for k in context.splitlines()]

    def graph_file(self):
        """The document graph as an export.GraphFile (parsed back from its sorted N-Quads lines;
        for pySHACL, `--keep-going` and the sentence of a failing node)."""
        blob = self.path("quads.nq").read_bytes()
        triples = TripleList(q.triple for q in ox.parse(blob, format=ox.RdfFormat.N_QUADS))
        cut = len(f" <{self.graph}> .")
        triples.nt = [line[:-cut] for line in blob.decode("utf-8").splitlines()]
        return GraphFile(self.stem, self.graph, triples)


def own_test(rdf, stem: str):
    doc = str(rdf.iri("document", stem))
    prefixes = rdf.own_prefixes(stem)
    return lambda iri: iri == doc or iri.startswith(prefixes)


def write_docgraph(rdf, x, sentence_of, folder: Path, validate_with=None, entail=None) -> DocGraph:
    """Turn one linked Extraction into its graph and write the folder (atomically: a temp folder
    renamed into place). `validate_with`: a callable(triples, only) → fast results, or None.
    `entail(types)`: the classes the shapes check value nodes against that a node with these types
    belongs to (None: keep all the types of the own nodes shared triples point to)."""
    meta, files = make_docgraph(rdf, x, sentence_of, validate_with, entail)
    return put_folder(meta, files, folder)


def make_docgraph(rdf, x, sentence_of, validate_with=None, entail=None) -> tuple[DocGraph, dict[str, bytes]]:
    """(the DocGraph, its folder's files as name → bytes): what `write_docgraph` writes."""
    stem = x.doc.stem
    graph_iri = str(rdf.graph_iri(stem))
    triples = sorted_triples(rdf.triples(x, sentence_of))
    keys = triples.nt
    own = own_test(rdf, stem)
    own_list, shared, own_objects = [], [], set()
    own_classes: dict[str, int] = {}
    for key, t in zip(keys, triples):
        if own(t.subject.value):
            own_list.append(t)
            if t.predicate.value == RDF_TYPE:
                own_classes[t.object.value] = own_classes.get(t.object.value, 0) + 1
        else:
            shared.append(key)
            o = t.object
            if isinstance(o, ox.NamedNode) and own(o.value):
                own_objects.add(o.value)
    context: list[str] = []
    if own_objects:
        types: dict[str, set[str]] = {}
        for t in triples:
            if t.predicate.value == RDF_TYPE and t.subject.value in own_objects:
                types.setdefault(t.subject.value, set()).add(t.object.value)
        # Only what the shapes can ask of a value node (with `entail`: its membership in the classes
        # of sh:class, a span is a nif:String: one line instead of all its types).
        context = sorted(f"<{node}> <{RDF_TYPE}> <{cls}>" for node, classes in types.items()
                         for cls in (entail(frozenset(classes)) if entail is not None else classes))
    results = None
    if validate_with is not None:
        results = validate_with(triples, own)
    graph_ttl = turtle_bytes(triples)
    _, own_body = turtle_body(own_list) if own_list else (b"", b"")
    suffix = f" <{graph_iri}> .\n"
    shared_nt = ("".join(k + " .\n" for k in shared) + CONTEXT_MARK
                 + "".join(k + " .\n" for k in context)).encode("utf-8")
    meta = DocGraph(stem=stem, graph=graph_iri, folder=Path(), triples=len(triples),
                    sha256=hashlib.sha256(graph_ttl).hexdigest(), own_triples=len(own_list),
                    own_classes=own_classes, shared_sha256=hashlib.sha256(shared_nt).hexdigest(),
                    shared_lines=len(shared), results=results)
    files = {"graph.ttl": graph_ttl, "quads.nq": "".join(k + suffix for k in keys).encode("utf-8"),
             "own.ttl": own_body, "shared.nt": shared_nt,
             META: pickle.dumps((FORMAT, _stored(meta)), protocol=pickle.HIGHEST_PROTOCOL)}
    return meta, files


def put_folder(meta: DocGraph, files: dict[str, bytes], folder: Path) -> DocGraph:
    """Write a document graph's files into `folder` atomically (META last); returns `meta` there."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        for name in (*FILES, META):
            (tmp / name).write_bytes(files[name])
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    meta.folder = folder
    return meta


def _stored(meta: DocGraph) -> dict:
    d = dict(meta.__dict__)
    d.pop("folder")
    return d


def read_docgraph(folder: Path) -> DocGraph | None:
    """The DocGraph of a complete folder, or None (missing, partial or from another version)."""
    try:
        fmt, d = pickle.loads((folder / META).read_bytes())
    except Exception:  # noqa: BLE001 - a miss
        return None
    if fmt != FORMAT or not all((folder / n).is_file() for n in FILES):
        return None
    return DocGraph(folder=folder, **d)
