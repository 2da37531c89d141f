"""Incremental builds: the per-document cache, parallel workers and per-document validation give
the same bytes as a clean serial build, and redo only what changed."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from diplograph.bench.corpus import generate
from diplograph.build import build
from diplograph.gate import validate_whole
from diplograph.linkstage import link, unify_entities
from diplograph.mapstage import map_document
from diplograph.docvalidate import shapes_are_local, validate_documents
from diplograph.rdfterms import GraphFile, sorted_triples
from diplograph.extract.context import Tables
from diplograph.rdfize import Rdfizer
from diplograph.seeds import discover, read_document

from tests.conftest import make_project, map_and_link

N = 8


def _diff(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    out = cmp.left_only + cmp.right_only + cmp.diff_files
    for sub in cmp.common_dirs:
        out += _diff(a / sub, b / sub)
    # dircmp compares shallowly (size + mtime); compare contents too.
    for name in cmp.common_files:
        if (a / name).read_bytes() != (b / name).read_bytes():
            out.append(name)
    return sorted(set(out))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("inc") / "seeds"
    generate(seeds, N, seed=7)
    return seeds


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory, project) -> Path:
    out = tmp_path_factory.mktemp("clean") / "output"
    res = build(seeds=corpus, output=out, project=project, use_cache=False)
    assert res.stats["mapped"] == N and res.stats["map_cached"] == 0
    assert set(res.stage_s) == {"map", "link", "validate", "export"}
    return out


def test_workers_give_the_same_bytes(corpus, clean, tmp_path, project):
    out = tmp_path / "w2"
    res = build(seeds=corpus, output=out, project=project, workers=2, use_cache=False)
    assert res.stats["mapped"] == N
    assert _diff(clean, out) == []


def test_rebuild_after_editing_one_document(corpus, clean, tmp_path, project):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus, seeds)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(seeds=seeds, output=out, project=project, cache_dir=cache)
    assert first.stats["mapped"] == N and first.stats["map_cached"] == 0
    assert _diff(clean, out) == []  # a cold cache gives the clean build's bytes
    again = build(seeds=seeds, output=out, project=project, cache_dir=cache)
    assert again.stats["mapped"] == 0 and again.stats["map_cached"] == N
    assert again.stats["validated"] == 0
    assert _diff(clean, out) == []  # and so does a warm one

    edited = sorted(seeds.glob("*.txt"))[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThis text was corrected after publication.\n",
                      encoding="utf-8")
    inc = build(seeds=seeds, output=out, project=project, cache_dir=cache, workers=2)
    assert inc.stats["mapped"] == 1 and inc.stats["map_cached"] == N - 1
    assert inc.stats["validated"] >= 1
    fresh = tmp_path / "fresh"
    build(seeds=seeds, output=fresh, project=project, use_cache=False)
    assert _diff(fresh, out) == []
    assert _diff(clean, out) != []  # the edit is published


def test_cache_is_invalidated_when_a_data_table_changes(corpus, tmp_path):
    proj = make_project(tmp_path / "proj")
    for p in sorted(corpus.iterdir())[:6]:  # three documents with their sidecars
        shutil.copy2(p, proj.seeds / p.name)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(project=proj, output=out, cache_dir=cache).stats["mapped"] == 3
    assert build(project=proj, output=out, cache_dir=cache).stats["map_cached"] == 3
    roles = proj.data_dir / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8") + "Grand Vizier,,other,\n", encoding="utf-8")
    res = build(project=proj, output=out, cache_dir=cache)
    assert res.stats["mapped"] == 3 and res.stats["map_cached"] == 0
    # The shapes are part of the validation key: changing them re-validates.
    shapes = proj.shapes_file
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    res = build(project=proj, output=out, cache_dir=cache)
    assert res.stats["map_cached"] == 3 and res.stats["validation_cached"] == 0


def test_per_document_validation_reports_what_whole_graph_validation_does(corpus, project):
    """Same results (focus, shape, message, value, sentence) as pySHACL on the merged graph,
    including a violation that exists only across documents (two names for one entity)."""
    assert shapes_are_local(project)
    mapped = map_and_link(discover(corpus)[:5] + discover(project.seeds), project)
    xs = [x for x, _ in mapped]
    rdf = Rdfizer("https://w3id.org/diplograph/id")
    graphs = [GraphFile(x.doc.stem, str(rdf.graph_iri(x.doc.stem)), sorted_triples(rdf.triples(x, c.sentence_of)))
              for x, c in mapped]
    # A country named by two documents, with a different schema:name added in one of them.
    shared = next(t.subject for t in graphs[0].triples if "/country/" in t.subject.value
                  and any(u.subject == t.subject for u in graphs[-1].triples))
    from rdflib import Literal, URIRef

    extra = [(URIRef(shared.value), URIRef("https://schema.org/name"), Literal("Another Name"))]
    from diplograph.validate import _to_rdflib

    old = [tuple(_to_rdflib(term) for term in t) for t in graphs[0].triples]
    graphs[0] = GraphFile(graphs[0].stem, graphs[0].graph, sorted_triples(old + extra))
    whole = validate_whole(graphs, project)
    per_doc = validate_documents(graphs, project, workers=2)
    assert not whole.conforms
    assert any(r.focus == shared.value and r.shape == "dipsh:exactlyOneName" for r in whole.violations)
    assert per_doc.results == whole.results
    assert per_doc.conforms == whole.conforms


def test_rdf_cache_key_follows_unified_entity_facts(project):
    """A document's cached graph is re-derived when another document changes what unification or
    linking decides for an entity it mentions (name, aliases, types, country, Wikidata id)."""
    import copy

    from diplograph.mapped import linked_state

    tables = Tables.load(project.data_dir)
    x, _ = map_document(read_document(discover(project.seeds)[0]), tables, project)
    same = copy.deepcopy(x)
    assert linked_state(same) == linked_state(x)
    e = next(e for e in same.entities.values() if e.kind == "country")
    for field, value in (("aliases", {"Another Spelling"}), ("name", "Other"), ("subtypes", {"regional"}),
                         ("country", "elsewhere"), ("description", "d"), ("wikidata", "Q1"),
                         ("link_status", "ambiguous")):
        before, old = linked_state(same), getattr(e, field)
        setattr(e, field, value)
        assert linked_state(same) != before, field
        setattr(e, field, old)
        assert linked_state(same) == before


def test_entity_records_unify_and_link_as_the_extractions_do(corpus, project):
    """The build unifies and links small records of the mapped documents (diplograph.mapped); the
    decisions and the state carried back onto each Extraction are those of the whole Extractions."""
    import copy

    from diplograph.mapped import apply_entity_state, entity_state, linked_state, summarize

    tables = Tables.load(project.data_dir)
    pairs = discover(corpus) + discover(project.seeds)
    xs = [map_document(read_document(p), tables, project)[0] for p in pairs]
    records = [summarize(x) for x in xs]
    fresh = copy.deepcopy(xs)
    unify_entities(xs)
    by_extraction = link(xs, project).to_dict()
    unify_entities(records)
    assert link(records, project).to_dict() == by_extraction
    for x, m, f in zip(xs, records, fresh):
        assert linked_state(m) == linked_state(x)
        apply_entity_state(f, entity_state(m))
        assert linked_state(f) == linked_state(x)


def test_linker_answers_are_kept_between_builds(tmp_path, project, monkeypatch):
    """A rebuild does not score entities again: the linker's answers for the same names, kind and
    context come from the cache (keyed by the slice, the gazetteer and the linking code)."""
    from diplograph.linking.linker import Linker

    out, cache = tmp_path / "out", tmp_path / "cache"
    build(project=project, output=out, cache_dir=cache)
    report = (out / "link-report.json").read_bytes()

    def boom(*args, **kwargs):
        raise AssertionError("the linker ran again")
    monkeypatch.setattr(Linker, "decide", boom)
    monkeypatch.setattr(Linker, "candidates", boom)
    build(project=project, output=out, cache_dir=cache)
    assert (out / "link-report.json").read_bytes() == report
