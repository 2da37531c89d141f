"""SHACL validation of published graphs against shapes/diplograph.shapes.ttl.

`validate_graph` runs pyshacl (no inference: every node states its dip: and schema.org classes)
with the ontology mixed in, and returns a `Report` whose results are sorted deterministically and
carry, where the data has it, the source sentence of the offending node (focus
prov:wasDerivedFrom span, span nif:sentence nif:anchorOf). `validate_files` parses RDF files and
validates their union; unreadable files raise `InputError` with the line number.

Library code: nothing here prints.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from diplograph.errors import InputError
from diplograph.ns import NIF, PREFIXES, PROV, RDF, SH
from diplograph.project import Project

__all__ = [
    "ValidationResult", "Report", "load_ontology", "load_shapes", "validate_graph", "validate_files",
    "parse_rdf_file", "FORMATS",
]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

SHAPES_PREFIX = "https://w3id.org/diplograph/shapes#"

# File suffix -> pyoxigraph format.
FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".turtle": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
}


# ----------------------------------------------------------------------------- loading

_cache: dict[tuple, Graph] = {}
_cache_lock = threading.Lock()


def _project(project: Project | None) -> Project:
    if project is not None:
        return project
    found = Project.discover()
    if found.shapes_file.is_file() and found.ontology_file.is_file():
        return found
    # Running from elsewhere with an editable install: the checkout this module lives in.
    return Project(Path(__file__).resolve().parents[2])


def _stamp(paths: Iterable[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p.resolve()), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def _load_cached(kind: str, paths: list[Path]) -> Graph:
    key = (kind, _stamp(paths))
    with _cache_lock:
        graph = _cache.get(key)
    if graph is not None:
        return graph
    graph = Graph()
    for path in paths:
        _parse_into(graph, path)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("dipsh", SHAPES_PREFIX, override=True)
    with _cache_lock:
        # Drop stale versions of the same files.
        for old in [k for k in _cache if k[0] == kind and k != key]:
            del _cache[old]
        _cache[key] = graph
    return graph


def ontology_paths(project: Project | None = None) -> list[Path]:
    proj = _project(project)
    paths = [proj.ontology_file]
    imports = proj.ontology_dir / "imports"
    if imports.is_dir():
        paths += sorted(p for p in imports.iterdir() if p.suffix in FORMATS and p.is_file())
    return paths


def load_ontology(project: Project | None = None) -> Graph:
    """The ontology plus ontology/imports/*, parsed once per file version (shared: do not mutate)."""
    return _load_cached("ontology", ontology_paths(project))


def load_shapes(project: Project | None = None) -> Graph:
    """The SHACL shapes graph, parsed once per file version (shared: do not mutate)."""
    return _load_cached("shapes", [_project(project).shapes_file])


# ----------------------------------------------------------------------------- parsing

def _to_rdflib(term) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # rdflib's usual form of a plain string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported RDF term {term!r}")


@contextmanager
def _quiet_rdflib_terms():
    # rdflib logs a traceback for every ill-typed literal ("2021-02-30"^^xsd:date); the literal is
    # kept (marked ill-typed) and the shapes report it, so the log line is only noise.
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _parse_into(graph: Graph, path: Path) -> Graph:
    """Parse one RDF file (format from its suffix) into `graph`; errors become InputError."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(FORMATS))})",
            path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    try:
        quads = pyoxigraph.parse(data, format=fmt, base_iri=path.resolve().as_uri())
        with _quiet_rdflib_terms():
            for quad in quads:
                try:
                    graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate),
                               _to_rdflib(quad.object)))
                except TypeError as exc:
                    raise InputError(str(exc), path=str(path)) from exc
    except SyntaxError as exc:
        raise InputError(f"syntax error: {exc.msg}", path=str(path), line=exc.lineno) from exc
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot parse file: {exc}", path=str(path)) from exc
    return graph


def parse_rdf_file(path: str | os.PathLike, graph: Graph | None = None) -> Graph:
    """Parse an RDF file (.ttl, .nt, .nq, .trig, .jsonld…) into a new or given rdflib Graph.

    Named graphs are merged into one graph. Raises InputError with the line of a syntax error.
    """
    return _parse_into(graph if graph is not None else Graph(), Path(path))


# ----------------------------------------------------------------------------- results

@dataclass
class ValidationResult:
    severity: str  # 'Violation' | 'Warning' | 'Info'
    focus: str
    shape: str
    path: str | None
    value: str | None
    message: str
    sentence: str | None

    def sort_key(self) -> tuple:
        return (SEVERITY_ORDER.get(self.severity, 9), self.focus, self.path or "", self.shape,
                self.message, self.value or "")


@dataclass
class Report:
    conforms: bool  # no Violations (Warnings and Infos do not fail)
    results: list[ValidationResult]
    results_graph: Graph = field(repr=False)
    text: str = field(repr=False)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    def render(self, limit: int = 20) -> str:
        """Readable text: a summary line, then one block per violation (at most `limit`)."""
        v, w = self.violations, self.warnings
        infos = len(self.results) - len(v) - len(w)
        head = "Conforms" if self.conforms else "Does NOT conform"
        lines = [f"{head}: {len(v)} violation(s), {len(w)} warning(s)"
                 + (f", {infos} info(s)" if infos else "") + "."]
        for i, r in enumerate(v[:limit], 1):
            lines.append("")
            lines.append(f"[{i}] Violation on <{r.focus}>")
            lines.append(f"    shape:    {r.shape}")
            if r.path:
                lines.append(f"    path:     {r.path}")
            if r.value is not None:
                lines.append(f"    value:    {r.value}")
            lines.append(f"    message:  {r.message}")
            if r.sentence:
                lines.append(f"    sentence: {_shorten(r.sentence)}")
        if len(v) > limit:
            lines.append("")
            lines.append(f"… and {len(v) - limit} more violation(s).")
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        return self.results_graph.serialize(format="turtle")


def _shorten(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _qname(graph: Graph, node: Node) -> str:
    try:
        prefix, ns, local = graph.namespace_manager.compute_qname(str(node), generate=False)
        if prefix and local:
            return f"{prefix}:{local}"
    except Exception:  # noqa: BLE001 - no prefix for it: full IRI
        pass
    return f"<{node}>"


def _path_text(graph: Graph, path: Node | None) -> str | None:
    """A SHACL property path as text (prefixed names, SPARQL-like syntax for complex paths)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _qname(graph, path)
    if isinstance(path, BNode):
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{_path_text(graph, inverse)}"
        for pred, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = graph.value(path, pred)
            if inner is not None:
                return f"({_path_text(graph, inner)}){suffix}"
        alternative = graph.value(path, SH.alternativePath)
        if alternative is not None:
            return "(" + "|".join(_path_text(graph, p) or "?" for p in Collection(graph, alternative)) + ")"
        if graph.value(path, RDF.first) is not None:
            return "/".join(_path_text(graph, p) or "?" for p in Collection(graph, path))
    return str(path)


def _value_text(graph: Graph, value: Node | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.n3(graph.namespace_manager)
    return str(value)


def _shape_text(shapes: Graph, results: Graph, shape: Node) -> str:
    """A stable name for a shape: its prefixed IRI, or for an anonymous property shape
    '<node shape>/<path>' (blank node ids change from run to run)."""
    if isinstance(shape, URIRef):
        return _qname(shapes, shape)
    parent = next(iter(sorted(shapes.subjects(SH.property, shape), key=str)), None)
    path = shapes.value(shape, SH.path)
    if path is None and (shape, SH.path, None) in results:
        path = results.value(shape, SH.path)
    base = _shape_text(shapes, results, parent) if parent is not None else "[]"
    if path is not None:
        return f"{base}/{_path_text(shapes, path)}"
    if shapes.value(shape, SH.select) is not None or (None, SH.sparql, shape) in shapes:
        owner = next(iter(shapes.subjects(SH.sparql, shape)), None)
        return f"{_shape_text(shapes, results, owner)}/sparql" if owner is not None else "sparql"
    return base


def find_sentence(data: Graph, focus: Node) -> str | None:
    """The source sentence of a node: focus prov:wasDerivedFrom span, span nif:sentence
    nif:anchorOf (else the span's own nif:anchorOf). A span as focus gives its own sentence."""
    candidates = sorted(data.objects(focus, PROV.wasDerivedFrom), key=_span_order)
    candidates.append(focus)
    for span in candidates:
        sentence = data.value(span, NIF.sentence)
        if sentence is not None:
            text = data.value(sentence, NIF.anchorOf)
            if text is not None:
                return str(text)
    for span in candidates:
        text = data.value(span, NIF.anchorOf)
        if text is not None:
            return str(text)
    return None


def _span_order(node: Node) -> tuple:
    # Spans "…#char=83,96" by offset, so the first mention wins; anything else after.
    text = str(node)
    if "#char=" in text:
        try:
            start, end = text.rsplit("#char=", 1)[1].split(",", 1)
            return (0, text.rsplit("#char=", 1)[0], int(start), int(end))
        except ValueError:
            pass
    return (1, text, 0, 0)


def _results(results_graph: Graph, shapes: Graph, data: Graph) -> list[ValidationResult]:
    out: list[ValidationResult] = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        severity_node = results_graph.value(result, SH.resultSeverity)
        severity = str(severity_node).rsplit("#", 1)[-1] if severity_node is not None else "Violation"
        focus = results_graph.value(result, SH.focusNode)
        shape = results_graph.value(result, SH.sourceShape)
        path = results_graph.value(result, SH.resultPath)
        value = results_graph.value(result, SH.value)
        messages = sorted(str(m) for m in results_graph.objects(result, SH.resultMessage))
        # Prefer our own English sh:message over pyshacl's generated text.
        message = next((m for m in messages if not m.startswith(("Value ", "Node ", "Less than ", "More than "))),
                       messages[0] if messages else "")
        path_graph = results_graph if path is not None and (path, None, None) in results_graph else shapes
        out.append(ValidationResult(
            severity=severity,
            focus=str(focus) if focus is not None else "",
            shape=_shape_text(shapes, results_graph, shape) if shape is not None else "",
            path=_path_text(path_graph, path),
            value=_value_text(data, value),
            message=message,
            sentence=find_sentence(data, focus) if focus is not None else None,
        ))
    # Two constraints of one shape failing on the same value (e.g. sh:datatype and sh:pattern)
    # give the same row: keep one (results_graph keeps them all).
    unique = {(r.severity, r.focus, r.shape, r.path, r.value, r.message): r for r in out}
    return sorted(unique.values(), key=ValidationResult.sort_key)


# ----------------------------------------------------------------------------- validation

def validate_graph(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
                   project: Project | None = None) -> Report:
    """Validate `data` against the shapes (default: the project's) with the ontology mixed in."""
    if shapes is None:
        shapes = load_shapes(project)
    if ontology is None:
        ontology = load_ontology(project)
    import pyshacl  # here: the fast evaluator's builds never load it

    conforms_all, results_graph, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
        abort_on_first=False,
        meta_shacl=False,
        debug=False,
    )
    for prefix, ns in PREFIXES.items():
        results_graph.bind(prefix, ns, override=True)
    results_graph.bind("dipsh", SHAPES_PREFIX, override=True)
    for prefix, ns in data.namespaces():
        if prefix not in PREFIXES:
            results_graph.bind(prefix, ns, override=False)
    if not any(p == "dipsh" for p, _ in shapes.namespaces()):
        shapes.bind("dipsh", SHAPES_PREFIX)
    results = _results(results_graph, shapes, data)
    conforms = not any(r.severity == "Violation" for r in results)
    return Report(conforms=conforms, results=results, results_graph=results_graph, text=text)


def validate_files(paths: Iterable[str | os.PathLike], project: Project | None = None) -> Report:
    """Parse each RDF file and validate the union of their triples."""
    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns)
    paths = list(paths)
    if not paths:
        raise InputError("no RDF files to validate")
    for path in paths:
        _parse_into(data, Path(path))
    return validate_graph(data, project=project)


# -- the fast path for archive-sized graphs ------------------------------------------------------

_FAST_CACHE: dict[tuple, object] = {}


def fast_shapes(project: Project | None = None):
    """The shapes compiled for `diplograph.fastshacl` (cached while the files are unchanged)."""
    from diplograph import fastshacl
    from diplograph.ns import PREFIXES

    proj = _project(project)
    paths = [proj.shapes_file, *ontology_paths(proj)]
    key = _stamp(paths)
    if key not in _FAST_CACHE:
        prefixes = dict(PREFIXES, dipsh="https://w3id.org/diplograph/shapes#")
        _FAST_CACHE.clear()
        _FAST_CACHE[key] = fastshacl.load(proj.shapes_file, load_ontology(proj), prefixes)
    return _FAST_CACHE[key]


def validate_triples_fast(triples, project: Project | None = None) -> Report:
    """Validate pyoxigraph triples with the fast evaluator; same Report as `validate_graph`.

    Raises `diplograph.fastshacl.Unsupported` when the shapes use a feature it lacks (then use
    pySHACL). tests/test_fastshacl.py checks both give the same results.
    """
    return fast_report(fast_results(triples, project))


def fast_results(triples, project: Project | None = None, only=None, shapes=None) -> list:
    """The fast evaluator's results as (fastshacl.Result, source sentence) pairs; `only(focus)`
    keeps the results on some focus nodes (a document's own nodes, say); `shapes`: the project's
    `fast_shapes`, when the caller already holds them."""
    from diplograph import fastshacl

    if not isinstance(triples, list):
        triples = list(triples)
    raw = fastshacl.validate(triples, shapes or fast_shapes(project), only=only)
    sentences = source_sentences(triples, {r.focus for r in raw if r.severity == "Violation"})
    return [(r, sentences.get(r.focus) if r.severity == "Violation" else None) for r in raw]


def source_sentences(triples, wanted: set[str]) -> dict[str, str]:
    """focus → its source sentence: node → prov:wasDerivedFrom → nif:sentence → nif:anchorOf (the
    first span in IRI order that has one)."""
    derived: dict[str, list[str]] = {}
    sentence: dict[str, str] = {}
    anchor: dict[str, str] = {}
    derived_from = str(PROV.wasDerivedFrom)
    for t in triples if wanted else ():  # a conforming archive needs no sentences: skip the pass
        p = t.predicate.value
        if p == derived_from and t.subject.value in wanted:
            derived.setdefault(t.subject.value, []).append(t.object.value)
        elif p.endswith("nif-core#sentence"):
            sentence[t.subject.value] = t.object.value
        elif p.endswith("nif-core#anchorOf"):
            anchor[t.subject.value] = t.object.value
    out = {}
    for focus in wanted:
        for span in sorted(derived.get(focus, [])):
            text = anchor.get(sentence.get(span, span))
            if text:
                out[focus] = text
                break
    return out


def fast_report(pairs) -> Report:
    """A Report (results, SHACL results graph, text) from `fast_results` pairs."""
    from diplograph.ns import PREFIXES

    def curie(iri: str | None) -> str | None:
        if iri is None:
            return None
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    pairs = sorted(pairs, key=lambda rs: (SEVERITY_ORDER.get(rs[0].severity, 9), rs[0].focus, rs[0].path or "",
                                          rs[0].shape, rs[0].message, rs[0].value or ""))
    results = [ValidationResult(r.severity, r.focus, r.shape, curie(r.path), r.value, r.message, sentence)
               for r, sentence in pairs]
    results.sort(key=ValidationResult.sort_key)
    conforms = not any(r.severity == "Violation" for r in results)
    report = _FastReport(conforms, results, None, "")
    report.text = report.render(limit=len(results))
    report._pairs = [r for r, _ in pairs]
    return report


class _FastReport(Report):
    """A Report whose SHACL results graph is made when first read (`to_turtle`, a non-conforming
    build's report file): an archive's thousands of warnings made it on every build (0.1 s a rebuild
    at 1,000 documents)."""

    def __init__(self, conforms: bool, results: list, results_graph=None, text: str = "") -> None:
        super().__init__(conforms, results, results_graph, text)
        if results_graph is None:
            del self.results_graph  # made by __getattr__ below when first read

    def __getattr__(self, name: str):
        if name != "results_graph":
            raise AttributeError(name)
        self.results_graph = _results_graph(self.conforms, self.__dict__.get("_pairs", ()))
        return self.results_graph


def _results_graph(conforms: bool, results) -> Graph:
    report = Graph()
    sh = "http://www.w3.org/ns/shacl#"
    root = URIRef("urn:diplograph:validation-report")
    report.add((root, RDF.type, URIRef(sh + "ValidationReport")))
    report.add((root, URIRef(sh + "conforms"), Literal(conforms)))
    for i, r in enumerate(results):
        node = URIRef(f"urn:diplograph:validation-report:{i}")
        report.add((root, URIRef(sh + "result"), node))
        report.add((node, RDF.type, URIRef(sh + "ValidationResult")))
        report.add((node, URIRef(sh + "focusNode"), URIRef(r.focus)))
        report.add((node, URIRef(sh + "resultSeverity"), URIRef(sh + r.severity)))
        report.add((node, URIRef(sh + "resultMessage"), Literal(r.message)))
        report.add((node, URIRef(sh + "sourceShape"), Literal(r.shape)))
        if r.path:
            report.add((node, URIRef(sh + "resultPath"), URIRef(r.path)))
        if r.value is not None:
            report.add((node, URIRef(sh + "value"), Literal(r.value)))
    return report
