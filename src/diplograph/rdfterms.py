"""RDF terms and their deterministic serialization, shared by every stage that writes RDF.

rdflib terms (what rdfize makes) are converted to pyoxigraph terms, de-duplicated and sorted by
their N-Triples form, and written with pyoxigraph's serializers (rdflib's writer is far too slow at
archive scale). `to_rdflib` goes back, for pySHACL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from diplograph.ns import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term):
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
