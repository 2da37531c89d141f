"""A fast SHACL Core evaluator for the constraints our shapes use, for archive-sized graphs.

pySHACL is the reference (it runs the gate on ordinary builds and `diplograph validate`), but it
takes minutes on the ~800k triples of a 1,000-document archive. This module reads the same
shapes file and evaluates the subset of SHACL the shapes use, in one pass over an index of the
data: targets (class with rdfs:subClassOf from the ontology, subjects-of, SPARQL SELECT targets),
predicate paths, min/max count, datatype (with lexical checks), node kind, class, in, hasValue,
pattern, minInclusive, lessThanOrEquals, or, qualified value shapes and SPARQL SELECT constraints.
A shapes file with anything else raises `Unsupported`, and the caller falls back to pySHACL.
tests/test_fastshacl.py checks that both report the same results on every shape example.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = str(RDF.type)
SUBCLASS = str(RDFS.subClassOf)
XSD_STRING = str(XSD.string)
_SUPPORTED = {f"{SH}{n}" for n in (
    "path", "minCount", "maxCount", "datatype", "nodeKind", "class", "in", "hasValue", "pattern", "flags",
    "minInclusive", "lessThanOrEquals", "or", "qualifiedValueShape", "qualifiedMinCount", "sparql", "message",
    "severity", "property", "targetClass", "targetSubjectsOf", "target", "name", "description", "order", "group",
    "deactivated", "declare", "prefixes")}


class Unsupported(Exception):
    """The shapes use a SHACL feature this evaluator does not implement."""


# Terms are plain tuples: ("I", iri) or ("L", lexical, datatype, language).
def _term(t) -> tuple:
    if isinstance(t, ox.NamedNode):
        return ("I", t.value)
    if isinstance(t, ox.Literal):
        return ("L", t.value, t.datatype.value if t.language is None else None, t.language)
    if isinstance(t, ox.BlankNode):
        return ("B", t.value)
    if isinstance(t, URIRef):
        return ("I", str(t))
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype else (None if t.language else XSD_STRING)
        return ("L", str(t), dt, t.language)
    if isinstance(t, BNode):
        return ("B", str(t))
    raise TypeError(t)


def _valid_lexical(value: str, datatype: str) -> bool:
    from diplograph.xsdlex import valid_lexical  # XSD 1.1 lexical spaces (where pySHACL differs: there)

    return valid_lexical(value, datatype)


def _number(t: tuple):
    if t[0] != "L":
        return None
    try:
        return Decimal(t[1])
    except InvalidOperation:
        return None


@dataclass
class Result:
    severity: str
    focus: str
    shape: str
    path: str | None
    value: str | None
    message: str


@dataclass
class PropertyShape:
    name: str
    path: str
    constraints: list[tuple[str, object]]
    severity: str
    message: str | None


@dataclass
class NodeShape:
    name: str
    target_classes: list[str] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)
    sparql_targets: list[str] = field(default_factory=list)
    properties: list[PropertyShape] = field(default_factory=list)
    sparql: list[tuple[str, str | None]] = field(default_factory=list)  # (select, message)
    severity: str = "Violation"


class Shapes:
    def __init__(self, shapes: Graph, ontology: Graph | None, prefixes: dict[str, str]):
        self.g = shapes
        self.prefixes = prefixes
        self.superclasses: dict[str, set[str]] = {}
        if ontology is not None:
            for s, o in ontology.subject_objects(RDFS.subClassOf):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    self.superclasses.setdefault(str(s), set()).add(str(o))
        self.node_shapes = [self._node_shape(s) for s in sorted(
            set(shapes.subjects(RDF.type, URIRef(SH + "NodeShape"))), key=str)]
        self.sparql_predicates = _sparql_predicates(self)  # what the SPARQL parts read

    def closure(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.superclasses.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def value_classes(self) -> set[str] | None:
        """The classes a value node's rdf:type is checked against (sh:class, also inside sh:or and
        qualified value shapes); None when a SPARQL constraint might read other types too."""
        if any(re.search(r"rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>|\sa\s", sel)
               for ns in self.node_shapes for sel, _ in ns.sparql):
            return None
        out: set[str] = set()

        def visit(constraints):
            for key, arg in constraints:
                if key == "class":
                    out.add(arg)
                elif key == "or":
                    for alt in arg:
                        visit(alt)
                elif key == "qualifiedValueShape":
                    visit(arg)
        for ns in self.node_shapes:
            for ps in ns.properties:
                visit(ps.constraints)
        return out

    def curie(self, node) -> str:
        text = str(node)
        for prefix, ns in sorted(self.prefixes.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text

    def _severity(self, node) -> str | None:
        sev = self.g.value(node, URIRef(SH + "severity"))
        return str(sev).rsplit("#", 1)[1] if sev is not None else None

    def _check_supported(self, node) -> None:
        for p in self.g.predicates(node):
            if str(p).startswith(SH) and str(p) not in _SUPPORTED:
                raise Unsupported(f"{self.curie(p)} on {self.curie(node)}")

    def _node_shape(self, node) -> NodeShape:
        self._check_supported(node)
        name = self.curie(node)
        ns = NodeShape(name, severity=self._severity(node) or "Violation")
        ns.target_classes = [str(c) for c in self.g.objects(node, URIRef(SH + "targetClass"))]
        ns.target_subjects_of = [str(c) for c in self.g.objects(node, URIRef(SH + "targetSubjectsOf"))]
        for t in self.g.objects(node, URIRef(SH + "target")):
            select = self.g.value(t, URIRef(SH + "select"))
            if select is None:
                raise Unsupported(f"custom target on {name}")
            ns.sparql_targets.append(str(select))
        for c in self.g.objects(node, URIRef(SH + "sparql")):
            ns.sparql.append((str(self.g.value(c, URIRef(SH + "select"))),
                              str(self.g.value(c, URIRef(SH + "message")) or "") or None))
        for p in self.g.objects(node, URIRef(SH + "property")):
            ns.properties.append(self._property(p, name, ns.severity))
        ns.properties.sort(key=lambda p: (p.name, p.path))
        return ns

    def _property(self, node, parent: str, parent_severity: str) -> PropertyShape:
        self._check_supported(node)
        path = self.g.value(node, URIRef(SH + "path"))
        if not isinstance(path, URIRef):
            raise Unsupported("only predicate paths are supported")
        name = self.curie(node) if isinstance(node, URIRef) else f"{parent}/{self.curie(path)}"
        return PropertyShape(name, str(path), self._constraints(node), self._severity(node) or parent_severity,
                             str(self.g.value(node, URIRef(SH + "message")) or "") or None)

    def _constraints(self, node) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = []
        g = self.g
        for p, o in sorted(g.predicate_objects(node), key=lambda po: str(po[0])):
            key = str(p)[len(SH):] if str(p).startswith(SH) else None
            if key in ("minCount", "maxCount", "qualifiedMinCount"):
                out.append((key, int(o)))
            elif key in ("datatype", "class", "nodeKind", "lessThanOrEquals"):
                out.append((key, str(o)))
            elif key == "hasValue":
                out.append((key, _term(o)))
            elif key == "in":
                out.append((key, {_term(x) for x in Collection(g, o)}))
            elif key == "pattern":
                flags = g.value(node, URIRef(SH + "flags"))
                out.append((key, re.compile(str(o), re.I if flags and "i" in str(flags) else 0)))
            elif key == "minInclusive":
                out.append((key, Decimal(str(o))))
            elif key == "or":
                out.append((key, [self._constraints(x) for x in Collection(g, o)]))
            elif key == "qualifiedValueShape":
                self._check_supported(o)
                out.append((key, self._constraints(o)))
        return out


class Data:
    """Subject → predicate → objects, and each node's classes (with superclasses)."""

    def __init__(self, triples, shapes: Shapes):
        self.out: dict[tuple, dict[str, list[tuple]]] = {}
        self.subjects_of: dict[str, set[tuple]] = {}
        # One tuple per distinct IRI or blank node (keyed by the pyoxigraph term): a subject recurs in
        # every triple it has and entities recur as objects, so sharing them saves much of the memory.
        shared: dict = {}
        for t in triples:
            s = shared.get(t.subject)
            if s is None:
                s = shared[t.subject] = _term(t.subject)
            o = t.object
            if isinstance(o, ox.Literal):
                o = _term(o)
            else:
                o = shared.get(o) or shared.setdefault(o, _term(o))
            p = t.predicate.value
            self.out.setdefault(s, {}).setdefault(p, []).append(o)
            self.subjects_of.setdefault(p, set()).add(s)
        self.shapes = shapes
        self.by_class: dict[str, set[tuple]] = {}
        closures: dict[str, set[str]] = {}
        for node in self.subjects_of.get(RDF_TYPE, ()):
            for c in self.out[node][RDF_TYPE]:
                if c[0] != "I":
                    continue
                if c[1] not in closures:
                    closures[c[1]] = self._closure(c[1])
                for sup in closures[c[1]]:
                    self.by_class.setdefault(sup, set()).add(node)

    def _closure(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.shapes.superclasses.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def objects(self, node: tuple, pred: str) -> list[tuple]:
        return self.out.get(node, {}).get(pred, [])

    def is_instance(self, node: tuple, cls: str) -> bool:
        return node in self.by_class.get(cls, ())


def _value_ok(data: Data, v: tuple, constraints) -> bool:
    """Does value node v satisfy these value-type constraints (used inside sh:or / qualified shapes)?"""
    for key, arg in constraints:
        if key == "datatype":
            if not (v[0] == "L" and v[2] == arg and _valid_lexical(v[1], arg)):
                return False
        elif key == "class":
            if not data.is_instance(v, arg):
                return False
        elif key == "nodeKind":
            if not _node_kind_ok(v, arg):
                return False
        elif key == "in":
            if v not in arg:
                return False
        elif key == "hasValue":
            if v != arg:
                return False
        elif key == "pattern":
            if v[0] == "B" or not arg.search(v[1]):
                return False
        elif key == "minInclusive":
            n = _number(v)
            if n is None or n < arg:
                return False
        elif key == "or":
            if not any(_value_ok(data, v, alt) for alt in arg):
                return False
        else:
            raise Unsupported(f"sh:{key} inside a value shape")
    return True


def _node_kind_ok(v: tuple, kind: str) -> bool:
    k = kind.rsplit("#", 1)[1]
    return {"IRI": v[0] == "I", "Literal": v[0] == "L", "BlankNode": v[0] == "B",
            "BlankNodeOrIRI": v[0] in "IB", "BlankNodeOrLiteral": v[0] in "BL", "IRIOrLiteral": v[0] in "IL"}[k]


def _show(v: tuple) -> str:
    return v[1]


def validate(triples, shapes: Shapes, only=None) -> list[Result]:
    """Evaluate the shapes on a list of pyoxigraph triples; results in a stable order. `only(iri)`:
    evaluate only the focus nodes it accepts (the other triples still give types and values)."""
    nt = getattr(triples, "nt", None)  # rdfterms.TripleList: each triple's N-Triples form
    triples = list(triples)
    data = Data(triples, shapes)
    store = None
    results: list[Result] = []
    prefix_decl = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(shapes.prefixes.items()))
    for ns in shapes.node_shapes:
        focus: set[tuple] = set()
        for c in ns.target_classes:
            focus |= data.by_class.get(c, set())
        for p in ns.target_subjects_of:
            focus |= data.subjects_of.get(p, set())
        if ns.sparql_targets or ns.sparql:
            if store is None:
                store = _query_store(triples, nt, shapes)
        for q in ns.sparql_targets:
            for row in store.query(prefix_decl + q):
                focus.add(_term(row["this"]))
        if only is not None:
            focus = {n for n in focus if only(n[1])}
        for node in sorted(focus):
            for ps in ns.properties:
                results += _check_property(data, node, ps)
        for select, message in ns.sparql:
            query = prefix_decl + select.replace("$this", "?this")
            solutions = store.query(query)
            names = {v.value for v in solutions.variables}
            for row in solutions:
                this = _term(row["this"])
                if this not in focus:
                    continue
                msg = message or "SPARQL constraint"
                for var in re.findall(r"\{[?$](\w+)\}", msg):
                    val = row[var] if var in names else None
                    msg = msg.replace(f"{{?{var}}}", val.value if val is not None else "").replace(
                        f"{{${var}}}", val.value if val is not None else "")
                path = row["path"] if "path" in names else None
                value = row["value"] if "value" in names else None
                results.append(Result(ns.severity, this[1], ns.name, path.value if path is not None else None,
                                      value.value if value is not None else None, msg))
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.shape, r.path or "", r.value or ""))
    return results


def _query_store(triples: list, nt: list[str] | None, shapes: Shapes) -> ox.Store:
    """A store of the triples the shapes' SPARQL reads. From their N-Triples lines when the caller
    has them and they name no blank node (a store renames those): loading text is several times
    faster than making a Quad object per triple."""
    wanted = shapes.sparql_predicates
    store = ox.Store()
    if nt is not None and len(nt) == len(triples) and not any("_:" in k for k in nt):
        text = "".join(k + " .\n" for k, t in zip(nt, triples) if wanted is None or t.predicate.value in wanted)
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples
                     if wanted is None or t.predicate.value in wanted)
    return store


def _sparql_predicates(shapes: Shapes) -> set[str] | None:
    """The predicates the shapes' SPARQL queries name, so only those triples go into the query
    store; None (load everything) when a query has a variable in predicate position."""
    texts = [q for ns in shapes.node_shapes for q in ns.sparql_targets + [sel for sel, _ in ns.sparql]]
    out = {RDF_TYPE}
    for text in texts:
        body = text[text.find("{"):]
        if re.search(r"[?$]\w+\s+[?$]\w+\s+[?$\w<\"]", re.sub(r"\b(?:SELECT|BIND|FILTER|AS)\b.*", "", body)):
            return None
        for m in re.finditer(r"<([^>\s]+)>|\b([A-Za-z][\w-]*):([\w-]+)", body):
            if m.group(1):
                out.add(m.group(1))
            elif m.group(2) in shapes.prefixes:
                out.add(shapes.prefixes[m.group(2)] + m.group(3))
    return out


def _check_property(data: Data, node: tuple, ps: PropertyShape) -> list[Result]:
    values = data.objects(node, ps.path)
    out = []

    def fail(value, default):
        out.append(Result(ps.severity, node[1], ps.name, ps.path, _show(value) if value else None,
                          ps.message or default))

    for key, arg in ps.constraints:
        if key == "minCount":
            if len(values) < arg:
                fail(None, f"fewer than {arg} values")
        elif key == "maxCount":
            if len(values) > arg:
                fail(None, f"more than {arg} values")
        elif key == "qualifiedValueShape":
            least = next((a for k, a in ps.constraints if k == "qualifiedMinCount"), 0)
            if sum(1 for v in values if _value_ok(data, v, arg)) < least:
                fail(None, "too few values conform to the qualified shape")
        elif key == "hasValue":
            if arg not in values:
                fail(None, "the required value is missing")
        elif key == "lessThanOrEquals":
            others = data.objects(node, arg)
            for v in values:
                for o in others:
                    a, b = _number(v), _number(o)
                    if a is None or b is None or a > b:
                        fail(v, "value is not less than or equal")
        elif key in ("qualifiedMinCount",):
            continue
        else:
            for v in values:
                if not _value_ok(data, v, [(key, arg)]):
                    fail(v, f"sh:{key} not satisfied")
    return out


def load(shapes_path: Path, ontology: Graph | None, prefixes: dict[str, str]) -> Shapes:
    return Shapes(Graph().parse(shapes_path, format="turtle"), ontology, prefixes)
