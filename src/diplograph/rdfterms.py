"""RDF terms and their deterministic serialization, shared by every stage that writes RDF.

rdflib terms (what rdfize makes) are converted to pyoxigraph terms, de-duplicated and sorted by
their N-Triples form, and written with pyoxigraph's serializers (rdflib's writer is far too slow at
archive scale). `to_rdflib` goes back, for pySHACL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from diplograph.ns import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN, _INTEGER = ox.NamedNode(_XSD + "boolean"), ox.NamedNode(_XSD + "integer")
# Lexical forms rdflib keeps as written (its canonical forms): anything else, such as "05" or a date
# with a time zone, goes through rdflib, which normalises it, so both ways publish the same bytes.
_CANONICAL = {_XSD + "date": re.compile(r"\d{4}-\d{2}-\d{2}"), _XSD + "gYear": re.compile(r"\d{4}"),
              _XSD + "gYearMonth": re.compile(r"\d{4}-\d{2}"), _XSD + "gMonthDay": re.compile(r"--\d{2}-\d{2}")}
_DATATYPES: dict = {}


def ox_literal(value, datatype=None, lang=None):
    """The pyoxigraph literal for what `rdflib.Literal(value, datatype=, lang=)` would publish, made
    directly: a document graph has hundreds of literals, and rdflib's constructor (it converts every
    value to Python and back) was a sixth of the time of making one."""
    if lang is not None:
        return ox.Literal(value, language=lang)
    if datatype is None:
        if value is True or value is False:
            return ox.Literal("true" if value else "false", datatype=_BOOLEAN)
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=_INTEGER)
        if isinstance(value, str):
            return ox.Literal(value)
    else:
        dt = str(datatype)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0 and dt.endswith("Integer"):
            node = _DATATYPES.get(dt) or _DATATYPES.setdefault(dt, ox.NamedNode(dt))
            return ox.Literal(str(value), datatype=node)
        pattern = _CANONICAL.get(dt)
        if pattern is not None and isinstance(value, str) and pattern.fullmatch(value):
            node = _DATATYPES.get(dt) or _DATATYPES.setdefault(dt, ox.NamedNode(dt))
            return ox.Literal(value, datatype=node)
    return to_ox(Literal(value, datatype=datatype, lang=lang))


def to_ox(term):
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):  # not produced by us; kept for robustness
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib(g, triples) -> None:
    """Add pyoxigraph triples to the rdflib Graph `g`."""
    for t in triples:
        o = t.object
        if hasattr(o, "datatype"):
            if o.language:
                obj = Literal(o.value, lang=o.language)
            elif o.datatype.value == XSD_STRING:
                obj = Literal(o.value)
            else:
                obj = Literal(o.value, datatype=URIRef(o.datatype.value))
        else:
            obj = URIRef(o.value)
        g.add((URIRef(t.subject.value), URIRef(t.predicate.value), obj))


class TripleList(list):
    """Triples sorted by their N-Triples form, which is kept (`nt`) so it is computed only once."""

    nt: list[str]


def sorted_triples(triples) -> TripleList:
    unique = {}
    iris: dict = {}  # each IRI converted once: subjects, predicates and classes recur in most triples
    literals: dict = {}  # keyed by the exact lexical form: rdflib's "01"^^xsd:int equals "1"^^xsd:int

    def conv(term):
        if type(term) is URIRef:
            o = iris.get(term)
            if o is None:
                o = iris[term] = ox.NamedNode(str(term))
            return o
        if type(term) is Literal:
            k = (str(term), term.datatype, term.language)
            o = literals.get(k)
            if o is None:
                o = literals[k] = to_ox(term)
            return o
        if type(term) is ox.Literal:  # made directly (ox_literal)
            return term
        return to_ox(term)

    for s, p, o in triples:
        t = ox.Triple(conv(s), conv(p), conv(o))
        unique[str(t)] = t
    keys = sorted(unique)
    out = TripleList(unique[k] for k in keys)
    out.nt = keys
    return out


def nt_keys(triples: list[ox.Triple]) -> list[str]:
    """The N-Triples form (without the final ' .') of each triple, in order."""
    keys = getattr(triples, "nt", None)
    if keys is None or len(keys) != len(triples):
        keys = [str(t) for t in triples]
    return keys


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))


def turtle_body(triples) -> tuple[bytes, bytes]:
    """(prefix lines, the rest) of pyoxigraph's Turtle for `triples` (same prefixes every time)."""
    data = turtle_bytes(triples)
    pos = 0
    while data.startswith(b"@prefix ", pos):
        pos = data.index(b"\n", pos) + 1
    return data[:pos], data[pos:]


@dataclass
class GraphFile:
    stem: str
    graph: str
    triples: list[ox.Triple]

    def keys(self) -> list[str]:
        return nt_keys(self.triples)
