"""Which rule read each passage, and what it rests on (diplograph.extract.readby): recorded by the
mapping steps, published as dip:extractedBy / dip:basis on the passages, shown by `explain`.
Invented documents."""

from __future__ import annotations

import pytest
import yaml
from rdflib import Graph, Literal

from diplograph.build import map_document
from diplograph.explain import explain, render_text
from diplograph.extract.context import Tables
from diplograph.extract.readby import RULES, rule_label
from diplograph.ns import DIP
from diplograph.project import Project
from diplograph.rdfize import Rdfizer
from diplograph.seeds import SeedPair, read_document
from tests.conftest import REPO

TEXT = ("Joint statement on fisheries cooperation\n\n"
        "On 4 March 2025, the Minister of Foreign Affairs of Portugal, Helena Varzim, met the Minister of "
        "Foreign Affairs of Ghana, Kwame Asante-Boadu, in Lisbon.\n\n"
        "“We agreed to share our catch data,” said Helena Varzim.\n")


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    root = tmp_path_factory.mktemp("readby")
    path, side = root / "300_readby.txt", root / "300_readby.meta.yaml"
    path.write_text(TEXT, encoding="utf-8")
    side.write_text(yaml.safe_dump({"genre": "joint-statement", "title": "Joint statement on fisheries cooperation",
                                    "date_published": "2025-03-04", "language": "en"}), encoding="utf-8")
    project = Project(REPO)
    x, ctx = map_document(read_document(SeedPair(path, side)), Tables.load(project.data_dir), project)
    return x


def test_every_passage_of_a_fact_names_a_known_rule(mapped):
    x = mapped
    spans = [s for e in x.entities.values() for s in e.spans if s.start >= 0]
    spans += [f.span for f in [*x.posts, *x.events, *x.quotations]]
    assert spans and all(s in x.span_rules for s in spans)
    assert all(r in RULES or r.startswith("mapping:") for r in x.span_rules.values())
    assert all(rule_label(r) for r in x.span_rules.values())


def test_countries_rest_on_their_gazetteer_row_and_quotations_on_their_rule(mapped):
    x = mapped
    ghana = x.entities["country/ghana"]
    s = next(s for s in ghana.spans if s.start >= 0)
    assert x.span_rules[s] == "gazetteer"
    assert x.span_basis[s].startswith("gazetteer.csv line ") and "ghana" in x.span_basis[s]
    q = x.quotations[0]
    assert x.span_rules[q.span] == "quotations"
    person = next(e for e in x.entities.values() if e.kind == "person" and e.name.endswith("Asante-Boadu"))
    assert {x.span_rules[s] for s in person.spans} <= set(RULES)


def test_rules_and_bases_are_published_on_the_passages(mapped):
    x = mapped
    rdf = Rdfizer("https://example.org/d", rdflib_terms=True)
    g = Graph()
    for t in rdf.triples(x, lambda s: None):
        g.add(t)
    ghana = next(s for s in x.entities["country/ghana"].spans if s.start >= 0)
    node = rdf.span_iri(x, ghana)
    assert (node, DIP.extractedBy, Literal("gazetteer")) in g
    assert str(g.value(node, DIP.basis)).startswith("gazetteer.csv line ")
    assert set(g.objects(None, DIP.extractedBy)) >= {Literal("quotations"), Literal("events")}


def test_explain_shows_the_rule_and_basis_of_each_passage(tmp_path):
    from tests.conftest import make_project
    from diplograph.build import build

    meta = yaml.safe_dump({"genre": "joint-statement", "title": "Joint statement on fisheries cooperation",
                           "date_published": "2025-03-04", "language": "en"})
    project = make_project(tmp_path / "p", {"310_readby": (TEXT, meta)})
    out = tmp_path / "p" / "output"
    build(seeds=project.seeds, output=out, project=project, use_cache=False)
    result = explain(out, "310_readby")
    assert result["missing"] is None and result["rules"]
    passages = [p for f in result["facts"] for p in f["passages"]]
    assert passages and all(p["rule"] and p["rule_description"] for p in passages)
    assert any((p["basis"] or "").startswith("gazetteer.csv line ") for p in passages)
    text = render_text(result)
    assert "by rule gazetteer:" in text and "rests on gazetteer.csv line" in text
    assert "not recorded" not in text
