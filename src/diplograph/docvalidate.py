"""SHACL validation of a whole publication, one document graph at a time (cached, parallel).

pySHACL on one merged graph of an archive is slow and single-threaded. The shapes only look at a
focus node's own triples and at the rdf:type of the nodes they point to (sh:class), so the merged
graph's report is the union of:

* for a node that is a subject in exactly one document graph: the results on that node from
  validating that graph, with the rdf:type triples (from all graphs) of every node it points to
  added, so that sh:class sees the same types as in the merged graph;
* for a node that is a subject in several document graphs (an entity or post described by several
  documents: its schema:name, dates… must be checked on the union, e.g. sh:maxCount): the results
  on it from validating the union of those nodes' triples, again with the types of what they point
  to. The source sentence of such a result is looked up as on the merged graph (its first span).

Results on nodes that are not subjects of the validated graph (only typed through the added
triples) are dropped. Each graph is validated with the ontology mixed in, as the whole graph is: the shapes
do need it (sh:class schema:Place on a schema:City holds only through the ontology's
rdfs:subClassOf), so validating with an empty ontology graph would report false violations.
tests/test_incremental.py checks the result against the whole-graph report. Results of a
graph are cached by the hash of its exact triples, the shapes and the pyshacl version.
"""

from __future__ import annotations

import pickle
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from diplograph.project import Project

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
NIF_SENTENCE = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#sentence"
NIF_ANCHOR = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
SHARED_CHUNK = 64  # shared nodes validated together


@contextmanager
def memoized_sparql():
    """pySHACL re-parses the shapes' SPARQL text for every focus node and every validation; parse
    each text once (a prepared rdflib query is reusable)."""
    from rdflib.plugins.sparql import processor as P

    original = P.SPARQLProcessor.query
    memo: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = memo.get(key)
            if prepared is None:
                prepared = memo[key] = P.translateQuery(P.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    P.SPARQLProcessor.query = query
    try:
        yield
    finally:
        P.SPARQLProcessor.query = original


class _SetList(list):
    """A list with set membership (pyshacl filters every focus set with `node in focus_nodes`)."""

    def __init__(self, items):
        super().__init__(items)
        self._set = set(self)

    def __contains__(self, item) -> bool:
        return item in self._set


@contextmanager
def focus_only(nodes: list[str]):
    """Within: `validate.validate_graph` (same options, same post-processing) reports only on these
    focus nodes (pyshacl's focus_nodes option)."""
    import functools

    import pyshacl
    from pyshacl import validator as V
    from rdflib import URIRef

    original_validate, original_make = pyshacl.validate, V.Validator.make_executor

    def make_executor(self):
        ex = original_make(self)
        if ex.focus_nodes:
            ex.focus_nodes = _SetList(ex.focus_nodes)
        return ex

    pyshacl.validate = functools.partial(original_validate, focus_nodes=[URIRef(n) for n in nodes])
    V.Validator.make_executor = make_executor
    try:
        yield
    finally:
        pyshacl.validate, V.Validator.make_executor = original_validate, original_make


def _rdflib_graph(nt: str) -> Graph:
    from diplograph.rdfterms import to_rdflib

    g = Graph()
    to_rdflib(g, [q.triple for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)])
    return g


_STATE: dict = {}


def _state() -> dict:
    """The shapes and ontology of the project this process works for (executor.WORKER), loaded once."""
    from diplograph.executor import worker_project
    from diplograph.validate import _stamp, load_ontology, load_shapes, ontology_paths

    project = worker_project()
    stamp = (project, _stamp([project.shapes_file, *ontology_paths(project)]))
    if _STATE.get("stamp") != stamp:  # another project, or its shapes or ontology changed
        _STATE.clear()
        _STATE.update(stamp=stamp, project=project, shapes=load_shapes(project), ontology=load_ontology(project))
    return _STATE


def _validate_task(task: tuple[str, list[str] | None]) -> bytes:
    """Validate one graph given as N-Triples, reporting on the given focus nodes (None: all);
    returns the pickled (results, results graph as N-Triples, text)."""
    from contextlib import nullcontext

    from diplograph.validate import validate_graph

    nt, focus = task
    if focus is not None and not focus:
        return pickle.dumps(([], "", ""), protocol=pickle.HIGHEST_PROTOCOL)
    state = _state()
    with memoized_sparql(), (focus_only(focus) if focus is not None else nullcontext()):
        report = validate_graph(_rdflib_graph(nt), shapes=state["shapes"], ontology=state["ontology"],
                                project=state["project"])
    return pickle.dumps((report.results, report.results_graph.serialize(format="nt"), report.text),
                        protocol=pickle.HIGHEST_PROTOCOL)


def _run(tasks: list[tuple], project: Project, executor=None) -> list[bytes]:
    from diplograph.executor import run_all

    return list(run_all(executor, project, _validate_task, tasks, most=8))


def _cached_validate(payloads: list[tuple[str, list[str] | None]], project: Project, cache, executor,
                     stats: dict | None) -> list:
    """Validate (N-Triples, focus nodes or None) payloads, through the cache."""
    from diplograph.cache import sha256
    from diplograph.cache import validation_env_hash
    from diplograph.validate import ontology_paths

    env = validation_env_hash(project.shapes_file, ontology_paths(project))
    keys = [sha256(env, nt, "\n".join(focus) if focus is not None else "<all>") for nt, focus in payloads]
    blobs = [cache.get_bytes("validate", k) if cache is not None and cache.enabled else None for k in keys]
    todo = [i for i, b in enumerate(blobs) if b is None]
    for i, blob in zip(todo, _run([payloads[i] for i in todo], project, executor)):
        blobs[i] = blob
        if cache is not None:
            cache.put_bytes("validate", keys[i], blob)
    if stats is not None:
        stats["validated"] = stats.get("validated", 0) + len(todo)
        stats["validation_cached"] = stats.get("validation_cached", 0) + len(payloads) - len(todo)
    return [pickle.loads(b) for b in blobs]


def _nt(keys) -> str:
    return "".join(k + " .\n" for k in keys)


def _report(results, graphs_nt: list[bytes], texts: list[str], conforms_only: bool = False):
    from diplograph.validate import Report, ValidationResult

    unique = {(r.severity, r.focus, r.shape, r.path, r.value, r.message): r for r in results}
    results = sorted(unique.values(), key=ValidationResult.sort_key)
    conforms = not any(r.severity == "Violation" for r in results)
    rg = Graph()
    if not conforms:  # the full report is only written when the data does not conform
        from diplograph.ns import PREFIXES
        from diplograph.validate import SHAPES_PREFIX

        for data in graphs_nt:
            rg.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            rg.bind(prefix, ns, override=True)
        rg.bind("dipsh", SHAPES_PREFIX, override=True)
    return Report(conforms=conforms, results=results, results_graph=rg, text="\n".join(texts))


_NONLOCAL = ("targetNode", "targetObjectsOf", "node", "inversePath", "zeroOrMorePath", "oneOrMorePath",
             "zeroOrOnePath", "alternativePath", "qualifiedValueShapesDisjoint", "closed")


_LOCAL_CACHE: dict[tuple, bool] = {}


def shapes_are_local(project: Project, cache=None) -> bool:
    """`_shapes_are_local`, once per version of the shapes file (it parses their SPARQL, which
    imports rdflib's SPARQL engine: a third of a second of a one-document rebuild). The answer is
    kept in this process and, given a build cache, on disk, keyed by the shapes' bytes and this code."""
    from diplograph.cache import files_hash, sha256
    from diplograph.validate import _stamp

    key = _stamp([project.shapes_file])
    if key not in _LOCAL_CACHE:
        disk_key = sha256(files_hash([project.shapes_file, Path(__file__)]))
        known = cache.get("shapes-local", disk_key) if cache is not None else None
        if not isinstance(known, bool):
            known = _shapes_are_local(project)
            if cache is not None:
                cache.put("shapes-local", disk_key, known)
        _LOCAL_CACHE.clear()
        _LOCAL_CACHE[key] = known
    return _LOCAL_CACHE[key]


def _shapes_are_local(project: Project) -> bool:
    """True when every shape looks only at a focus node's own triples and the types of the nodes
    they point to (the condition for per-document validation). Shapes that follow paths further,
    validate other nodes against node shapes (sh:node) or target nodes by IRI are validated on the
    merged graph instead. SPARQL constraints must only read $this's own triples (as ours do)."""
    from rdflib import BNode
    from rdflib.namespace import SH

    from diplograph.validate import load_shapes

    shapes = load_shapes(project)
    for name in _NONLOCAL:
        if any(True for _ in shapes.triples((None, SH[name], None))):
            return False
    for _, _, path in shapes.triples((None, SH.path, None)):
        if isinstance(path, BNode):  # sequence or other complex path
            return False
    for node, _, q in shapes.triples((None, SH.select, None)):
        if not _sparql_is_local(str(q), shapes, node):
            return False
    return True


def _sparql_is_local(text: str, shapes, node) -> bool:
    """Every triple pattern of the query has $this (?this) as its subject."""
    from rdflib import Variable
    from rdflib.namespace import SH
    from rdflib.plugins.sparql import prepareQuery

    prefixes = {}
    for decl in shapes.objects(None, SH.declare):
        pre, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        if pre is not None and ns is not None:
            prefixes[str(pre)] = str(ns)
    for prefix, ns in shapes.namespaces():
        prefixes.setdefault(prefix, str(ns))
    try:
        query = prepareQuery(text.replace("$this", "?this"), initNs=prefixes)
    except Exception:  # noqa: BLE001 - cannot tell: validate on the merged graph
        return False
    ok = True

    def visit(part):
        nonlocal ok
        if isinstance(part, dict):
            triples = dict.get(part, "triples")
            if isinstance(triples, (list, tuple)):
                for t in triples:
                    if t[0] != Variable("this"):
                        ok = False
            for v in dict.values(part):
                visit(v)
        elif isinstance(part, (list, tuple)):
            for v in part:
                visit(v)

    visit(query.algebra)
    return ok


def validate_documents(graphs, project: Project, *, cache=None, workers: int = 1, stats: dict | None = None,
                       per_document: bool = False, executor=None):
    """The report the merged graph of `graphs` (rdfterms.GraphFile) would get; with `per_document`,
    one report per graph validated alone (for --keep-going). Runs on `executor`, else on a pool of
    `workers` local processes for the call."""
    if executor is None and workers > 1:
        from diplograph.executor import LocalPool

        with LocalPool(workers, project) as pool:
            return validate_documents(graphs, project, cache=cache, stats=stats, per_document=per_document,
                                      executor=pool)
    keys = [g.keys() for g in graphs]
    if per_document:
        out = _cached_validate([(_nt(k), None) for k in keys], project, cache, executor, stats)
        return [_report(res, [rg], [text]) for res, rg, text in out]
    if not shapes_are_local(project):
        merged = {}
        for g, k in zip(graphs, keys):
            merged.update(zip(k, g.triples))
        res, rg, text = _cached_validate([(_nt(sorted(merged)), None)], project, cache, None, stats)[0]
        return _report(res, [rg], [text])

    subjects: list[set[str]] = []
    where: dict[str, list[int]] = {}
    types: dict[str, set[str]] = {}
    for i, g in enumerate(graphs):
        subs = set()
        for t, k in zip(g.triples, keys[i]):
            s = t.subject.value
            subs.add(s)
            if t.predicate.value == RDF_TYPE:
                types.setdefault(s, set()).add(k)
        subjects.append(subs)
        for s in subs:
            where.setdefault(s, []).append(i)
    shared = {s for s, gs in where.items() if len(gs) > 1}

    def with_types(triples, own_keys) -> str:
        own = set(own_keys)
        extra = set()
        for t in triples:
            o = t.object
            if isinstance(o, ox.NamedNode):
                extra |= types.get(o.value, set())
        return _nt(sorted(own | extra))

    payloads = [(with_types(g.triples, k), sorted(subjects[i] - shared))
                for i, (g, k) in enumerate(zip(graphs, keys))]
    # Shared nodes in chunks (a node's results depend only on its own triples and the types of what
    # it points to), so the chunks validate in parallel and an edit re-validates only its chunks.
    order = sorted(shared)
    chunk_of = {s: i // SHARED_CHUNK for i, s in enumerate(order)}
    chunks: list[dict] = [{} for _ in range((len(order) + SHARED_CHUNK - 1) // SHARED_CHUNK)]
    for i, g in enumerate(graphs):
        if subjects[i] & shared:
            for t, k in zip(g.triples, keys[i]):
                c = chunk_of.get(t.subject.value)
                if c is not None:
                    chunks[c][k] = t
    payloads += [(with_types(c.values(), c.keys()), order[j * SHARED_CHUNK:(j + 1) * SHARED_CHUNK])
                 for j, c in enumerate(chunks)]
    out = _cached_validate(payloads, project, cache, executor, stats)

    results, rgs, texts = [], [], []
    for i in range(len(graphs)):
        res, rg, text = out[i]
        results += [r for r in res if r.focus in subjects[i] and r.focus not in shared]
        rgs.append(rg); texts.append(text)
    shared_res = []
    for c, (res, rg, text) in enumerate(out[len(graphs):]):
        mine = set(order[c * SHARED_CHUNK:(c + 1) * SHARED_CHUNK])
        shared_res += [r for r in res if r.focus in mine]
        rgs.append(rg); texts.append(text)
    _fix_sentences(shared_res, graphs, where)
    results += shared_res
    return _report(results, rgs, texts)


def _fix_sentences(results, graphs, where: dict[str, list[int]]) -> None:
    """The source sentence of a result on a shared node, found as `validate.find_sentence` finds it
    on the merged graph: the node's prov:wasDerivedFrom spans in span order (then the node itself);
    the first with a nif:sentence that has a nif:anchorOf gives it, else the first nif:anchorOf."""
    from diplograph.validate import _span_order

    foci = {r.focus for r in results}
    if not foci:
        return
    cands: dict[str, set[str]] = {f: set() for f in foci}
    for gi in sorted({gi for f in foci for gi in where.get(f, ())}):
        for t in graphs[gi].triples:
            c = cands.get(t.subject.value)
            if c is not None and t.predicate.value == PROV_DERIVED:
                c.add(t.object.value)
    index: dict[int, dict[str, list]] = {}

    def value(node: str, pred: str) -> str | None:
        for gi in where.get(node, ()):
            idx = index.get(gi)
            if idx is None:
                idx = index[gi] = {}
                for t in graphs[gi].triples:
                    p = t.predicate.value
                    if p == NIF_SENTENCE or p == NIF_ANCHOR:
                        idx.setdefault(t.subject.value, [None, None])[p == NIF_ANCHOR] = t.object.value
            hit = idx.get(node)
            if hit is not None and hit[pred == NIF_ANCHOR] is not None:
                return hit[pred == NIF_ANCHOR]
        return None

    memo: dict[str, str | None] = {}
    for f in foci:
        candidates = sorted(cands[f], key=_span_order) + [f]
        found = None
        for span in candidates:
            sentence = value(span, NIF_SENTENCE)
            if sentence is not None:
                found = value(sentence, NIF_ANCHOR)
                if found is not None:
                    break
        if found is None:
            found = next((a for a in (value(span, NIF_ANCHOR) for span in candidates) if a is not None), None)
        memo[f] = found
    for r in results:
        r.sentence = memo[r.focus]
