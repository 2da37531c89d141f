"""A big archive's dumps are published in parts (diplograph.dumpfiles), so that a rebuild after one
edit rewrites one part, not gigabytes. The parts together are the same data as the whole files, each
parses on its own, the rebuild links the unchanged parts and gives the bytes of a fresh build, and
`serve`, `site` and the page store read them."""

from __future__ import annotations

import gzip
import json
import shutil
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.build import build
from diplograph.dumpfiles import PARTS_DIR, dump_files, part_count, part_of

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE}


def test_part_count_depends_only_on_the_number_of_documents():
    assert [part_count(n) for n in (1, 3, 256)] == [1, 1, 1]
    assert part_count(257) == 8 and part_count(1000) == 16 and part_count(10_000) == 256
    assert part_count(10_000, requested=1) == 1 and part_count(3, requested=4) == 4
    assert part_of("some-document", 8) == part_of("some-document", 8) < 8


@pytest.fixture(scope="module")
def parted(tmp_path_factory, project) -> tuple[Path, Path]:
    """(the seeds in four parts, the same seeds as whole files), both built here."""
    root = tmp_path_factory.mktemp("parts")
    build(seeds=project.seeds, output=root / "parts", project=project, dump_parts=4, use_cache=False)
    build(seeds=project.seeds, output=root / "whole", project=project, use_cache=False)
    return root / "parts", root / "whole"


def _quads(files: list[Path]) -> set:
    out = set()
    for f in files:
        out |= set(ox.parse(path=str(f), format=FORMATS[f.suffix]))  # each part parses on its own
    return out


def test_the_parts_are_the_whole_dumps(parted):
    parts, whole = parted
    assert not (parts / "dataset.nq").exists() and not (parts / "dataset.ttl").exists()
    for name in ("dataset.nq", "dataset.ttl"):
        files = dump_files(parts, name)
        assert len(files) >= 2 and all(f.parent.name == PARTS_DIR for f in files)
        assert _quads(files) == _quads([whole / name])
    # the graphs and the VoID description do not depend on the layout
    for f in sorted((whole / "graphs").iterdir()):
        assert (parts / "graphs" / f.name).read_bytes() == f.read_bytes()
    manifest = json.loads((parts / "manifest.json").read_text())
    assert {e["file"] for e in manifest["parts"]} <= {f"{PARTS_DIR}/{f.name}" for f in (parts / PARTS_DIR).iterdir()}


def test_a_rebuild_after_one_edit_rewrites_only_its_part(tmp_path, project):
    seeds = tmp_path / "seeds"
    shutil.copytree(project.seeds, seeds)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(seeds=seeds, output=out, project=project, dump_parts=4, cache_dir=cache)
    before = {f.name: f.stat().st_ino for f in (out / PARTS_DIR).iterdir()}
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\n\nThis text was corrected.\n",
                      encoding="utf-8")
    build(seeds=seeds, output=out, project=project, dump_parts=4, cache_dir=cache)
    after = {f.name: f.stat().st_ino for f in (out / PARTS_DIR).iterdir()}
    assert set(after) == set(before)
    mine = f"dataset-{part_of(edited.stem, 4):03d}"
    changed = {n for n in after if after[n] != before[n]}
    # the edited document's part and the VoID counts; the others are linked (the shared triples
    # too, unless the edit changed them)
    assert changed - {"dataset-shared.ttl"} == {f"{mine}.nq", f"{mine}.ttl", "dataset-void.nq"}
    build(seeds=seeds, output=out, project=project, dump_parts=4, cache_dir=cache)  # nothing changed
    again = {f.name: f.stat().st_ino for f in (out / PARTS_DIR).iterdir()}
    assert {n for n in again if again[n] != after[n]} == {"dataset-void.nq"}
    fresh = tmp_path / "fresh"
    build(seeds=seeds, output=fresh, project=project, dump_parts=4, use_cache=False)
    for f in sorted(p for p in fresh.rglob("*") if p.is_file()):
        assert (out / f.relative_to(fresh)).read_bytes() == f.read_bytes(), f


def test_serve_offers_a_dump_in_parts_as_one_file(parted, repo):
    from diplograph.web import create_app

    parts, whole = parted
    app = create_app(parts, ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        resp = c.get("/dump/dataset.nq")
        assert resp.status_code == 200
        body = resp.content
        assert body == b"".join(f.read_bytes() for f in dump_files(parts, "dataset.nq"))
        assert int(resp.headers["content-length"]) == len(body)
        assert c.get("/dump/dataset.nq", headers={"If-None-Match": resp.headers["etag"]}).status_code == 304
        ttl = gzip.decompress(c.get("/dump/dataset.ttl.gz").content)
        assert set(ox.parse(ttl, format=ox.RdfFormat.TURTLE)) == _quads([whole / "dataset.ttl"])
        # the pages and SPARQL read the parts too: the same default graph as from the whole files
        assert _count(c) == _count_of(whole, repo)


COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def _count(client) -> int:
    resp = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def _count_of(output: Path, repo: Path) -> int:
    from diplograph.web import create_app

    with TestClient(create_app(output, ontology_path=repo / "ontology" / "diplograph.ttl")) as c:
        return _count(c)

def test_site_writes_a_dump_in_parts_as_whole_files(parted, tmp_path):
    from diplograph.web.app import build_dataset
    from diplograph.web.site import build_site

    parts, whole = parted
    ds = build_dataset(parts)
    build_site(ds, tmp_path / "site", "https://example.org/diplograph")
    nq = (tmp_path / "site" / "dump" / "dataset.nq").read_bytes()
    assert nq == b"".join(f.read_bytes() for f in dump_files(parts, "dataset.nq"))
    assert set(ox.parse(nq, format=ox.RdfFormat.N_QUADS)) == _quads([whole / "dataset.nq"])


def test_dump_parts_one_keeps_whole_files(tmp_path, project):
    out = tmp_path / "out"
    build(seeds=project.seeds, output=out, project=project, dump_parts=1, use_cache=False)
    assert (out / "dataset.nq").is_file() and not (out / PARTS_DIR).exists()
    assert "parts" not in json.loads((out / "manifest.json").read_text())
