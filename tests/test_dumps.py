"""Every distribution the VoID/DCAT description advertises downloads and parses: from `serve` and
from the static site under a real nginx (skipped where nginx is missing)."""

from __future__ import annotations

import gzip
import json
import shutil
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.cli import cli
from diplograph.dumps import DUMPS, site_root
from diplograph.web import create_app
from test_site import _nginx, nginx_serving

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-quads": ox.RdfFormat.N_QUADS}


@pytest.fixture(scope="module")
def published(repo) -> Path:
    return repo / "output"


@pytest.fixture(scope="module")
def advertised(published) -> list[dict]:
    """(distribution, downloadURL, media type, compressed?) of every dcat:Distribution in void.ttl."""
    triples = list(ox.parse(path=str(published / "void.ttl"), format=ox.RdfFormat.TURTLE))

    def objects(s, p):
        return sorted(t.object.value for t in triples if t.subject == s and t.predicate.value == p)

    out = []
    for t in triples:
        if t.predicate.value == DCAT + "distribution":
            d = t.object
            media = objects(d, DCAT + "mediaType")[0].rsplit("media-types/", 1)[-1]
            out.append({"iri": d.value, "url": objects(d, DCAT + "downloadURL")[0], "media": media,
                        "gzip": bool(objects(d, DCAT + "compressFormat"))})
    dumps = {t.object.value for t in triples if t.predicate.value == VOID + "dataDump"}
    assert dumps == {d["url"] for d in out}  # void:dataDump names the same files
    assert len(out) == len(DUMPS) >= 4
    return sorted(out, key=lambda d: d["url"])


def check_download(resp, dist: dict, manifest: dict) -> None:
    assert resp.status_code == 200, (dist["url"], resp.status_code)
    body = resp.content
    ctype = resp.headers["content-type"]
    assert ctype.split(";")[0] == ("application/gzip" if dist["gzip"] else dist["media"])
    assert int(resp.headers["content-length"]) == len(body)
    assert resp.headers.get("etag")
    if dist["gzip"]:
        body = gzip.decompress(body)
    parsed = list(ox.parse(body, format=FORMATS[dist["media"]]))
    if dist["media"] == "text/turtle":
        assert len(set(parsed)) == manifest["triples"]
    else:
        graphs = {q.graph_name.value for q in parsed}
        assert {g["graph"] for g in manifest["graphs"]} | {manifest["void"]["graph"]} == graphs
        assert len(parsed) == sum(g["triples"] for g in manifest["graphs"]) + manifest["void"]["triples"]


def local_path(url: str, base: str, prefix: str = "") -> str:
    root = site_root(base)
    assert url.startswith(root + "/")
    return prefix + url[len(root):]


@pytest.fixture(scope="module")
def client(published, repo):
    app = create_app(published, ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        yield c


def test_serve_downloads_every_advertised_distribution(client, advertised, published):
    manifest = json.loads((published / "manifest.json").read_text())
    for dist in advertised:
        path = local_path(dist["url"], manifest["base"])
        resp = client.get(path)
        check_download(resp, dist, manifest)
        assert resp.headers["content-disposition"].endswith(f'filename="{path.rsplit("/", 1)[1]}"')
        # a second request with the ETag gets 304, no body
        again = client.get(path, headers={"If-None-Match": resp.headers["etag"]})
        assert again.status_code == 304 and not again.content
        # the distribution keeps a description page at its own IRI, linking to the download
        page = client.get(local_path(dist["iri"], manifest["base"]), headers={"Accept": "text/html"})
        assert page.status_code == 200 and 'href="' + path + '"' in page.text


def test_serve_answers_the_advertised_sparql_endpoint(client, published):
    triples = ox.parse(path=str(published / "void.ttl"), format=ox.RdfFormat.TURTLE)
    endpoint = next(t.object.value for t in triples if t.predicate.value == VOID + "sparqlEndpoint")
    base = json.loads((published / "manifest.json").read_text())["base"]
    resp = client.get(local_path(endpoint, base), params={"query": "ASK { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_unknown_download_is_404(client):
    assert client.get("/dump/dataset.rdf").status_code == 404
    assert client.get("/dump/..%2Fmanifest.json").status_code == 404


def test_downloads_from_a_store(tmp_path, published, repo):
    """`serve --store` has no output folder: the dumps are made from the store."""
    from diplograph.store import OxigraphStore, load_output

    store_dir = tmp_path / "store"
    with OxigraphStore(store_dir) as target:
        load_output(published, target, log=lambda m: None)
    manifest = json.loads((published / "manifest.json").read_text())
    app = create_app(store=store_dir, ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        resp = c.get("/dump/dataset.ttl.gz")
        assert resp.status_code == 200
        assert len(set(ox.parse(gzip.decompress(resp.content), format=ox.RdfFormat.TURTLE))) == manifest["triples"]
        quads = list(ox.parse(c.get("/dump/dataset.nq").content, format=ox.RdfFormat.N_QUADS))
        assert len(quads) == sum(g["triples"] for g in manifest["graphs"]) + manifest["void"]["triples"]


def test_gzip_dumps_are_deterministic(published, tmp_path):
    from diplograph.dumps import BY_NAME, write_dump

    one = write_dump(published, BY_NAME["dataset.nq.gz"], tmp_path / "a" / "x.gz").read_bytes()
    two = write_dump(published, BY_NAME["dataset.nq.gz"], tmp_path / "b" / "x.gz").read_bytes()
    assert one == two and gzip.decompress(one) == (published / "dataset.nq").read_bytes()


@pytest.mark.server
def test_static_site_under_nginx_downloads_every_advertised_distribution(published, repo, advertised,
                                                                        tmp_path):
    nginx = _nginx()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    www = tmp_path / "www"
    result = CliRunner().invoke(cli, ["site", str(www / "diplograph"), "--input", str(published), "--ontology",
                                      str(repo / "ontology" / "diplograph.ttl"), "--quiet",
                                      "--base-url", "https://example.org/diplograph"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((published / "manifest.json").read_text())
    with nginx_serving(nginx, www, www / "diplograph", tmp_path) as http:
        for dist in advertised:
            path = local_path(dist["url"], manifest["base"], "/diplograph")
            check_download(http.get(path), dist, manifest)
            page = http.get(local_path(dist["iri"], manifest["base"], "/diplograph"))
            assert page.status_code == 200 and 'href="' + path + '"' in page.text
    shutil.rmtree(www)
