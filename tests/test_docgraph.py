"""Document-graph folders (diplograph.docgraph): the merged files made by concatenating them hold
exactly the union of the document graphs, and the split validation (own nodes per document, shared
nodes once) reports what the fast evaluator reports on the whole merged graph."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from diplograph.bench.corpus import generate
from diplograph.build import build
from diplograph.executor import worker_init
from diplograph.gate import validate_all
from diplograph.graphstage import entailment, fast_validator
from diplograph.cache import BuildCache
from diplograph.docgraph import own_test, read_docgraph, write_docgraph
from diplograph.rdfize import Rdfizer
from diplograph.seeds import discover
from diplograph.validate import validate_triples_fast
from tests.conftest import map_and_link

BASE = "https://w3id.org/diplograph/id"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("dg") / "seeds"
    generate(seeds, 12, seed=3)
    return seeds


@pytest.fixture(scope="module")
def published(corpus, tmp_path_factory, project) -> Path:
    out = tmp_path_factory.mktemp("dgout") / "output"
    build(seeds=corpus, output=out, project=project, use_cache=False, validator="fast")
    return out


def _triples(path: Path, fmt) -> set:
    return {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(path=str(path), format=fmt)}


def test_merged_turtle_is_the_union_of_the_graphs(published):
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    union = set()
    for entry in manifest["graphs"]:
        union |= _triples(published / entry["file"], ox.RdfFormat.TURTLE)
    merged = _triples(published / "dataset.ttl", ox.RdfFormat.TURTLE)
    assert merged == union
    assert manifest["triples"] == len(union)
    # the concatenated Turtle has exactly one copy of each triple (the count the store will see)
    assert len(rdflib.Graph().parse(published / "dataset.ttl", format="turtle")) == len(union)


def test_nquads_hold_each_graph(published):
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    by_graph: dict[str, set] = {}
    for q in ox.parse(path=str(published / "dataset.nq"), format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(q.graph_name.value, set()).add(q.triple)
    for entry in manifest["graphs"]:
        assert by_graph.pop(entry["graph"]) == _triples(published / entry["file"], ox.RdfFormat.TURTLE)
    assert set(by_graph) == {manifest["void"]["graph"]}
    ds = rdflib.Dataset()
    ds.parse(published / "dataset.nq", format="nquads")
    assert sum(len(g) for g in ds.graphs() if str(g.identifier) != "urn:x-rdflib:default") == \
        sum(e["triples"] for e in manifest["graphs"]) + manifest["void"]["triples"]
    # graph by graph, lines sorted within each graph
    lines = (published / "dataset.nq").read_text(encoding="utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    assert graphs == sorted(graphs)


def test_own_nodes_are_only_in_their_document(published):
    rdf = Rdfizer(BASE)
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    subjects = {}
    for entry in manifest["graphs"]:
        subjects[entry["stem"]] = {t.subject.value for t in _triples(published / entry["file"], ox.RdfFormat.TURTLE)}
    for stem, subs in subjects.items():
        own = own_test(rdf, stem)
        mine = {s for s in subs if own(s)}
        assert mine, stem
        for other, other_subs in subjects.items():
            if other != stem:
                assert not (mine & other_subs), (stem, other)


def test_split_validation_reports_what_the_whole_graph_gets(corpus, project, tmp_path):
    """Including a violation only the union shows (one country with two names in two documents)
    and one on a document's own node."""
    mapped = map_and_link(discover(corpus)[:4] + discover(project.seeds), project)
    xs = [x for x, _ in mapped]
    shared_country = next(e.key for e in xs[0].entities.values() if e.kind == "country"
                          and any(e.key == f.key for x in xs[1:] for f in x.entities.values()))

    class Corrupting(Rdfizer):
        def triples(self, x, sentence_of):
            out = super().triples(x, sentence_of)
            if x is xs[0]:
                out.append((self.iri("country", shared_country), rdflib.URIRef("https://schema.org/name"),
                            rdflib.Literal("Another Name")))
                out.append((self.doc_iri(x), rdflib.URIRef("https://schema.org/datePublished"),
                            rdflib.Literal("2021-13-45", datatype=rdflib.XSD.date)))
            return out

    rdf = Corrupting(BASE)
    worker_init(str(project.root))
    docs = [write_docgraph(rdf, x, ctx.sentence_of, tmp_path / x.doc.stem, validate_with=fast_validator(),
                           entail=entailment()) for x, ctx in mapped]
    shared, context = read_docgraph(tmp_path / xs[0].doc.stem).shared_and_context()
    assert shared and context and len(shared) == docs[0].shared_lines
    assert all(" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in line for line in context)
    # only the classes the shapes check value nodes against (a span: nif:String), not all its types
    from diplograph.validate import fast_shapes
    checked = {f"<{c}>" for c in fast_shapes(project).value_classes()}
    assert {line.rsplit(" ", 1)[1] for line in context} <= checked
    assert "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#OffsetBasedString>" not in checked
    stats: dict = {}
    split, _ = validate_all(docs, rdf, project, BuildCache(None), stats, None, "fast")
    assert stats["validator"] == "fast"
    union = set()
    for d in docs:
        union |= set(d.graph_file().triples)
    whole = validate_triples_fast(sorted(union, key=str), project)
    assert not whole.conforms
    assert any(r.focus.endswith(f"/country/{shared_country}") for r in whole.violations)
    assert any(r.focus == str(rdf.doc_iri(xs[0])) for r in whole.violations)
    assert split.results == whole.results
    assert split.conforms == whole.conforms


def test_fast_rebuild_redoes_only_what_changed(corpus, published, project, tmp_path, monkeypatch):
    """With the fast validator, a rebuild after editing one document re-makes one document graph and
    re-validates only the shared blocks whose triples changed; same bytes as a fresh build (and as
    the serial build: the shared blocks go to the workers in small batches here)."""
    import filecmp
    import shutil

    from diplograph import shared as shared_module

    monkeypatch.setattr(shared_module, "BATCH_LINES", 40)
    monkeypatch.setattr(shared_module, "WAVE", 3)

    seeds = tmp_path / "seeds"
    shutil.copytree(corpus, seeds)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(seeds=seeds, output=out, project=project, cache_dir=cache, validator="fast", workers=2)
    assert first.stats["rdf_made"] == 12
    again = build(seeds=seeds, output=out, project=project, cache_dir=cache, validator="fast")
    assert again.stats["rdf_made"] == 0 and again.stats["shared_blocks_validated"] == 0
    assert again.stats["shared_reused"]
    for name in ("dataset.ttl", "dataset.nq", "manifest.json", "void.ttl"):
        assert (out / name).read_bytes() == (published / name).read_bytes(), name
    edited = sorted(seeds.glob("*.txt"))[5]
    edited.write_text("Correction. " + edited.read_text(encoding="utf-8"), encoding="utf-8")
    inc = build(seeds=seeds, output=out, project=project, cache_dir=cache, validator="fast")
    assert inc.stats["mapped"] == 1 and inc.stats["rdf_made"] >= 1
    assert 0 < inc.stats["shared_blocks_validated"] < first.stats["shared_blocks_validated"]
    assert not inc.stats["shared_reused"]  # the edit moved the spans: blocks re-merged, most from the cache
    fresh = tmp_path / "fresh"
    build(seeds=seeds, output=fresh, project=project, use_cache=False, validator="fast")
    cmp = filecmp.dircmp(out, fresh)
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only
    for name in ("dataset.ttl", "dataset.nq", "manifest.json", "void.ttl"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    # An appended sentence that names nothing leaves every shared triple as it was: the merged
    # shared blocks are reused whole, and the output is still that of a fresh build.
    other = sorted(seeds.glob("*.txt"))[2]
    other.write_text(other.read_text(encoding="utf-8") + "\nThis text was corrected after publication.\n",
                     encoding="utf-8")
    appended = build(seeds=seeds, output=out, project=project, cache_dir=cache, validator="fast")
    assert appended.stats["mapped"] == 1 and appended.stats["shared_reused"]
    fresh2 = tmp_path / "fresh2"
    build(seeds=seeds, output=fresh2, project=project, use_cache=False, validator="fast")
    for name in ("dataset.ttl", "dataset.nq", "manifest.json", "void.ttl"):
        assert (out / name).read_bytes() == (fresh2 / name).read_bytes(), name


def test_shapes_that_are_not_local_are_validated_by_pyshacl(tmp_path):
    """The split validation is exact only for shapes that read a node's own triples; a shape that
    reads another node's triples (which the fast evaluator could run) makes the build use pySHACL
    (which merges what it needs)."""
    from tests.conftest import make_project
    from tests.test_bad_input import GOOD_META, GOOD_TEXT

    nonlocal_shape = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:test:Far> a sh:NodeShape ; sh:targetSubjectsOf schema:location ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:severity sh:Warning ; sh:select "SELECT $this WHERE { $this <https://schema.org/location> ?place . ?place <https://schema.org/name> ?name . FILTER (STRLEN(?name) > 500) }" ] .
"""
    proj = make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, GOOD_META)}, shapes_extra=nonlocal_shape)
    res = build(project=proj, output=tmp_path / "out", use_cache=False, validator="fast")
    assert res.stats["validator"] == "pyshacl"


def test_cache_keeps_one_generation_of_document_graphs(corpus, project, tmp_path):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(corpus, seeds)
    cache = tmp_path / "cache"
    build(seeds=seeds, output=tmp_path / "out", project=project, cache_dir=cache)
    folders = set((cache / "doc").glob("*/*"))
    assert len(folders) == 12
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nCorrected.\n", encoding="utf-8")
    res = build(seeds=seeds, output=tmp_path / "out", project=project, cache_dir=cache)
    assert res.stats["doc_folders_pruned"] == 1
    after = set((cache / "doc").glob("*/*"))
    assert len(after) == 12 and len(after - folders) == 1
