"""The fast SHACL evaluator reports what pySHACL reports: on every shape's valid and invalid
example, on the published seeds and on the variant documents. They differ on ill-typed literals,
where the fast one follows the XSD 1.1 lexical spaces and pySHACL does not: those cases are listed
and tested in tests/test_xsd_dates.py (and explained in diplograph.xsdlex)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from diplograph.validate import validate_graph, validate_triples_fast
from tests.conftest import REPO

SHAPES = REPO / "tests" / "data" / "shapes"
SH = "http://www.w3.org/ns/shacl#"
EXAMPLES = sorted(p for p in SHAPES.rglob("*.ttl") if p.parent != SHAPES)


def pyshacl_results(g: Graph, project) -> set[tuple]:
    rg = validate_graph(g, project=project).results_graph
    out = set()
    for r in rg.subjects(URIRef(SH + "focusNode")):
        out.add((str(rg.value(r, URIRef(SH + "resultSeverity"))).rsplit("#", 1)[1],
                 str(rg.value(r, URIRef(SH + "focusNode"))), str(rg.value(r, URIRef(SH + "resultPath")) or "")))
    return out


def fast_results(g: Graph, project) -> set[tuple]:
    data = g.serialize(format="nt").encode()
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    rg = validate_triples_fast(triples, project).results_graph
    return {(str(rg.value(r, URIRef(SH + "resultSeverity"))).rsplit("#", 1)[1],
             str(rg.value(r, URIRef(SH + "focusNode"))), str(rg.value(r, URIRef(SH + "resultPath")) or ""))
            for r in rg.subjects(URIRef(SH + "focusNode"))}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_results_on_shape_examples(example: Path, project):
    g = Graph().parse(SHAPES / "_base.ttl").parse(example)
    assert fast_results(g, project) == pyshacl_results(g, project)


def test_same_results_on_the_published_seeds(fresh_output, project):
    g = Graph().parse(fresh_output / "dataset.ttl")
    fast = fast_results(g, project)
    assert fast == pyshacl_results(g, project)
    assert not [r for r in fast if r[0] == "Violation"]


def test_report_has_sentences_and_renders(project):
    g = Graph().parse(SHAPES / "_base.ttl").parse(SHAPES / "PersonShape" / "invalid.ttl")
    triples = list(ox.parse(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))
    report = validate_triples_fast(triples, project)
    assert not report.conforms
    assert "Violation on <" in report.render()
    assert any(r.sentence for r in report.violations)
