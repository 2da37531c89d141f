"""SHACL shapes and diplograph.validate.

Every node shape in shapes/diplograph.shapes.ttl has a folder tests/data/shapes/<ShapeName>/ with
valid.ttl (no violations), invalid.ttl and expected.json (the results invalid.ttl must give). Both
files are validated together with tests/data/shapes/_base.ttl (a made-up document with its NIF
context and spans).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplograph.errors import InputError
from diplograph.ns import SH
from diplograph.project import Project
from diplograph.validate import (
    Report, load_ontology, load_shapes, parse_rdf_file, validate_files, validate_graph,
)

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Project(ROOT)
DATA = ROOT / "tests" / "data" / "shapes"
BASE = DATA / "_base.ttl"
SHAPES_NS = "https://w3id.org/diplograph/shapes#"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir())


def _validate(*paths: Path) -> Report:
    return validate_files([BASE, *paths], project=PROJECT)


def _node_shape_names() -> set[str]:
    shapes = load_shapes(PROJECT)
    return {str(s)[len(SHAPES_NS):] for s in shapes.subjects(RDF.type, SH.NodeShape)
            if str(s).startswith(SHAPES_NS)}


def _shared_property_shapes(qname: str) -> set[str]:
    shapes = load_shapes(PROJECT)
    node = URIRef(SHAPES_NS + qname.split(":", 1)[1])
    return {"dipsh:" + str(p)[len(SHAPES_NS):] for p in shapes.objects(node, SH.property)
            if str(p).startswith(SHAPES_NS)}


def test_every_node_shape_has_a_test_folder():
    names = _node_shape_names()
    assert names, "no node shapes found"
    assert names == set(CASES), (
        f"missing folders: {sorted(names - set(CASES))}; folders without shape: {sorted(set(CASES) - names)}")


def test_base_fixture_conforms():
    report = _validate()
    assert report.conforms, report.render()
    assert report.results == []


@pytest.mark.parametrize("case", CASES)
def test_valid(case):
    report = _validate(DATA / case / "valid.ttl")
    assert report.conforms, report.render()
    assert report.violations == []


@pytest.mark.parametrize("case", CASES)
def test_invalid(case):
    expected = json.loads((DATA / case / "expected.json").read_text(encoding="utf-8"))
    report = _validate(DATA / case / "invalid.ttl")
    assert report.conforms is expected["conforms"], report.render()
    got = {(r.severity, r.focus, r.path) for r in report.results}
    want = {(e["severity"], e["focus"], e["path"]) for e in expected["results"]}
    assert want <= got, f"missing: {sorted(want - got)}\n{report.render()}"
    # No violation beyond those expected (warnings for missing Wikidata links may come along).
    extra = {g for g in got if g[0] == "Violation"} - want
    assert not extra, f"unexpected violations: {sorted(extra)}"
    # The folder's own shape is among the sources of the expected results.
    # (directly, or through a named property shape it shares, such as dipsh:exactlyOneName).
    shape = expected["shape"]
    allowed = {shape} | _shared_property_shapes(shape)
    assert any(r.shape in allowed or r.shape.startswith(shape + "/") for r in report.results), (
        [r.shape for r in report.results])
    for e in expected["results"]:
        if "sentence" in e:
            match = [r for r in report.results if r.focus == e["focus"] and r.path == e["path"]]
            assert match and match[0].sentence == e["sentence"]
    for r in report.results:
        assert r.message and r.shape and r.severity in {"Violation", "Warning", "Info"}


def test_warning_does_not_fail_and_sentence_is_found():
    report = _validate(DATA / "WikidataLinkShape" / "invalid.ttl")
    assert report.conforms
    assert report.violations == []
    person = "https://w3id.org/diplograph/id/person/bo-sample"
    [w] = [r for r in report.warnings if r.focus == person]
    assert w.path == "owl:sameAs"
    assert w.severity == "Warning"
    # focus prov:wasDerivedFrom span; span nif:sentence; sentence nif:anchorOf
    assert w.sentence.startswith("Ana Example, Minister of Foreign Affairs")
    assert "Conforms" in report.render()


def test_each_constraint_has_a_message():
    shapes = load_shapes(PROJECT)
    for shape in set(shapes.subjects(SH.path, None)):
        assert shapes.value(shape, SH.message) is not None, f"property shape without sh:message: {shape}"
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None


def test_sparql_is_used_only_for_date_range():
    shapes = load_shapes(PROJECT)
    owners = {str(s) for s in shapes.subjects(SH.sparql, None)}
    assert owners == {SHAPES_NS + "DateRangeShape"}


def test_report_is_sorted_rendered_and_serialised():
    report = _validate(DATA / "PersonShape" / "invalid.ttl")
    assert not report.conforms
    assert report.results == sorted(report.results, key=lambda r: r.sort_key())
    assert report.results[0].severity == "Violation" and report.warnings
    text = report.render(limit=2)
    assert text.startswith("Does NOT conform: 5 violation(s)")
    assert "[1] Violation on <https://w3id.org/diplograph/id/person/" in text
    assert "[3]" not in text and "… and 3 more violation(s)." in text
    assert "shape:" in text and "message:" in text and "sentence:" in text
    turtle = report.to_turtle()
    assert "sh:ValidationReport" in turtle
    assert len(Graph().parse(data=turtle, format="turtle")) == len(report.results_graph)
    # Deterministic: same rows twice, no blank-node ids in shape names.
    again = _validate(DATA / "PersonShape" / "invalid.ttl")
    assert again.results == report.results
    assert all("_:" not in r.shape and not r.shape.startswith("N") for r in report.results)


def test_validate_graph_with_rdflib_graph():
    data = parse_rdf_file(BASE)
    data.add((URIRef("https://w3id.org/diplograph/id/person/x"), RDF.type,
              URIRef("https://w3id.org/diplograph/ontology#Person")))
    report = validate_graph(data, project=PROJECT)
    assert not report.conforms
    paths = {r.path for r in report.violations}
    assert {"schema:name", "rdfs:label", "prov:wasDerivedFrom", "rdf:type"} <= paths


def test_date_pattern_catches_plain_and_bad_dates():
    data = parse_rdf_file(BASE)
    doc = URIRef("https://w3id.org/diplograph/id/document/000_t")
    data.set((doc, URIRef("https://schema.org/datePublished"), Literal("9 Feb 2021")))
    report = validate_graph(data, project=PROJECT)
    assert [(r.focus, r.path) for r in report.violations] == [(str(doc), "schema:datePublished")]


def test_loaders_are_cached():
    assert load_shapes(PROJECT) is load_shapes(PROJECT)
    assert load_ontology(PROJECT) is load_ontology(PROJECT)
    assert len(load_ontology(PROJECT)) > 100


def test_syntax_error_gives_path_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix s: <https://schema.org/> .\n<urn:a> s:name "ok" .\n<urn:b> s:name "broken .\n')
    with pytest.raises(InputError) as info:
        validate_files([bad], project=PROJECT)
    assert info.value.path == str(bad)
    assert info.value.line == 3
    assert info.value.exit_code == 3
    assert f"{bad}:3:" in str(info.value)


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(InputError):
        validate_files([tmp_path / "nope.ttl"], project=PROJECT)
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    with pytest.raises(InputError):
        validate_files([other], project=PROJECT)


def test_other_formats(tmp_path):
    base = parse_rdf_file(BASE)
    nt = tmp_path / "base.nt"
    nt.write_text(base.serialize(format="nt"))
    jsonld = tmp_path / "base.jsonld"
    jsonld.write_text(base.serialize(format="json-ld"))
    trig = tmp_path / "base.trig"
    trig.write_text("<urn:g> {\n" + base.serialize(format="nt") + "}\n")
    for path in (nt, jsonld, trig):
        report = validate_files([path], project=PROJECT)
        assert report.conforms and report.results == [], path
        assert len(parse_rdf_file(path)) == len(base)
