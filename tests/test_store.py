"""`diplograph load`: embedded store and a real Oxigraph server over the Graph Store Protocol, faults included."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.errors import InputError, RemoteError
from diplograph.store import (GraphStoreClient, OxigraphStore, credentials_for, derive_query_endpoint,
                              load_output, read_output)
from tests.oxigraph_server import (BASE, DOCS, SilentServer, free_port, oxigraph,  # noqa: F401
                                   oxigraph_server, output_dir, proxy_server, write_output)


def manifest_counts(root) -> dict[str, int]:
    m = json.loads((root / "manifest.json").read_text())
    counts = {g["graph"].strip("<>"): g["triples"] for g in m["graphs"]}
    counts[m["void"]["graph"].strip("<>")] = m["void"]["triples"]
    return counts


def changed_docs() -> dict[str, str]:
    docs = dict(DOCS)
    docs["doc_b"] = docs["doc_b"].replace('schema:caption "Leaders at the UN" ;',
                                          'schema:caption "Leaders at the UN, changed" ; schema:creator id:person\\/julian-ventura ;')
    return docs


def run_cli(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


# --------------------------------------------------------------------------------------------------
# No server
# --------------------------------------------------------------------------------------------------

def test_read_output_and_manifest_checks(output_dir):
    out = read_output(output_dir)
    assert out.base == BASE
    assert [g.stem for g in out.graphs] == ["doc_a", "doc_b", "doc_c", "void"]
    assert out.graphs[0].graph == f"{BASE}/graph/doc_a"
    (output_dir / "graphs" / "doc_a.ttl").write_bytes(b"# tampered\n")
    with pytest.raises(InputError, match="sha256"):
        load_output(output_dir, OxigraphStore(output_dir.parent / "store"))


def test_embedded_load_reload_change_and_drop(tmp_path, output_dir):
    store_dir = tmp_path / "store"
    with OxigraphStore(store_dir) as store:
        first = load_output(output_dir, store)
        counts = store.graph_counts(f"{BASE}/graph/")
        assert counts == manifest_counts(output_dir)
        again = load_output(output_dir, store)
        assert [g.stored for g in again.graphs] == [g.stored for g in first.graphs]
        assert store.graph_counts(f"{BASE}/graph/") == counts
        # One document changes: only its graph changes.
        write_output(output_dir, changed_docs())
        load_output(output_dir, store)
        new_counts = store.graph_counts(f"{BASE}/graph/")
        assert {g for g in counts if counts[g] != new_counts[g]} == {f"{BASE}/graph/doc_b"}
        assert new_counts[f"{BASE}/graph/doc_b"] == counts[f"{BASE}/graph/doc_b"] + 1
        # A document no longer published: its graph is dropped.
        docs = changed_docs()
        del docs["doc_c"]
        write_output(output_dir, docs)
        report = load_output(output_dir, store)
        assert report.dropped == [f"{BASE}/graph/doc_c"]
        assert f"{BASE}/graph/doc_c" not in store.graph_counts(f"{BASE}/graph/")


def test_cli_load_embedded(tmp_path, output_dir):
    store_dir = tmp_path / "store"
    result = run_cli("load", "--store", str(store_dir), "--input", str(output_dir))
    assert result.exit_code == 0, result.output
    assert "counts checked" in result.output
    result = run_cli("load", "--store", str(store_dir), "--input", str(tmp_path / "missing"))
    assert result.exit_code == 3
    result = run_cli("load", "--store", str(store_dir), "--graph-store", "http://127.0.0.1:1/store")
    assert result.exit_code == 2


def test_derive_query_endpoint():
    assert derive_query_endpoint("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/query"
    assert derive_query_endpoint("http://h:3030/ds/data") == "http://h:3030/ds/sparql"
    assert derive_query_endpoint("http://h:3030/ds") == "http://h:3030/ds"


def test_credentials_from_env_and_netrc(tmp_path, monkeypatch):
    monkeypatch.delenv("DIPLOGRAPH_STORE_USER", raising=False)
    monkeypatch.delenv("DIPLOGRAPH_STORE_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login alice password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials_for("http://127.0.0.1:7878/store") == ("alice", "s3cret")
    assert credentials_for("http://other.example/store") is None
    monkeypatch.setenv("DIPLOGRAPH_STORE_USER", "bob")
    monkeypatch.setenv("DIPLOGRAPH_STORE_PASSWORD", "pw")
    assert credentials_for("http://127.0.0.1:7878/store") == ("bob", "pw")


# --------------------------------------------------------------------------------------------------
# A real Oxigraph server
# --------------------------------------------------------------------------------------------------

@pytest.mark.server
def test_gsp_load_twice_change_and_drop(oxigraph, output_dir):
    result = run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir))
    assert result.exit_code == 0, result.output
    counts = oxigraph.graph_counts()
    assert counts == manifest_counts(output_dir)
    result = run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir))
    assert result.exit_code == 0, result.output
    assert oxigraph.graph_counts() == counts  # loading twice never duplicates
    write_output(output_dir, changed_docs())
    assert run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir)).exit_code == 0
    new_counts = oxigraph.graph_counts()
    assert {g for g in counts if counts[g] != new_counts[g]} == {f"{BASE}/graph/doc_b"}
    assert new_counts == manifest_counts(output_dir)
    # A graph under the prefix that is not published any more is dropped, and the command says so;
    # graphs outside the prefix are left alone.
    oxigraph.update(f"INSERT DATA {{ GRAPH <{BASE}/graph/old_doc> {{ <urn:x> <urn:p> 1 }} "
                    f"GRAPH <urn:other-graph> {{ <urn:x> <urn:p> 2 }} }}")
    result = run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir))
    assert result.exit_code == 0, result.output
    assert f"dropped {BASE}/graph/old_doc" in result.output
    final = oxigraph.graph_counts()
    assert f"{BASE}/graph/old_doc" not in final and final["urn:other-graph"] == 1


@pytest.mark.server
def test_gsp_drop_with_update_endpoint(oxigraph, output_dir):
    oxigraph.update(f"INSERT DATA {{ GRAPH <{BASE}/graph/old_doc> {{ <urn:x> <urn:p> 1 }} }}")
    with GraphStoreClient(oxigraph.store_url, update_endpoint=oxigraph.update_url, timeout=10) as client:
        report = load_output(output_dir, client)
    assert report.dropped == [f"{BASE}/graph/old_doc"]
    assert oxigraph.graph_counts() == manifest_counts(output_dir)


@pytest.mark.server
def test_server_down_is_a_clear_remote_error(output_dir):
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    started = time.monotonic()
    result = run_cli("load", "--graph-store", url, "--input", str(output_dir), "--timeout", "5")
    assert result.exit_code == 4
    assert "cannot connect" in result.output and url in result.output
    assert time.monotonic() - started < 10


@pytest.mark.server
@pytest.mark.parametrize("status", [401, 403])
def test_refused(output_dir, status, monkeypatch):
    monkeypatch.delenv("DIPLOGRAPH_STORE_USER", raising=False)
    monkeypatch.setenv("NETRC", str(output_dir / "no-netrc"))
    server, _ = proxy_server(None, refuse=status)
    with server:
        result = run_cli("load", "--graph-store", f"{server.url}/store", "--input", str(output_dir))
    assert result.exit_code == 4
    assert f"HTTP {status}" in result.output and "refused" in result.output
    assert "DIPLOGRAPH_STORE_USER" in result.output


@pytest.mark.server
def test_credentials_from_environment_reach_the_store(oxigraph, output_dir, monkeypatch):
    server, handler = proxy_server(oxigraph.url, user="alice", password="s3cret")
    monkeypatch.setenv("NETRC", str(output_dir / "no-netrc"))
    with server:
        monkeypatch.delenv("DIPLOGRAPH_STORE_USER", raising=False)
        result = run_cli("load", "--graph-store", f"{server.url}/store", "--input", str(output_dir))
        assert result.exit_code == 4 and "HTTP 401" in result.output
        monkeypatch.setenv("DIPLOGRAPH_STORE_USER", "alice")
        monkeypatch.setenv("DIPLOGRAPH_STORE_PASSWORD", "s3cret")
        result = run_cli("load", "--graph-store", f"{server.url}/store", "--input", str(output_dir))
        assert result.exit_code == 0, result.output
    assert oxigraph.graph_counts() == manifest_counts(output_dir)
    assert "s3cret" not in result.output


@pytest.mark.server
def test_timeout_is_bounded(output_dir):
    with SilentServer() as silent:
        started = time.monotonic()
        result = run_cli("load", "--graph-store", f"{silent.url}/store", "--input", str(output_dir),
                         "--timeout", "1")
        elapsed = time.monotonic() - started
    assert result.exit_code == 4
    assert "timed out" in result.output
    assert elapsed < 10


@pytest.mark.server
def test_http_500_mid_load_then_reload(oxigraph, output_dir):
    server, handler = proxy_server(oxigraph.url, fail_put_number=2)
    with server:
        url = f"{server.url}/store"
        result = run_cli("load", "--graph-store", url, "--query-endpoint", f"{server.url}/query",
                         "--input", str(output_dir))
        assert result.exit_code == 4
        assert "HTTP 500" in result.output and "storage engine exploded" in result.output
        assert f"{BASE}/graph/doc_b" in result.output  # which graph failed
        partial = oxigraph.graph_counts()
        assert f"{BASE}/graph/doc_b" not in partial  # the failed PUT wrote nothing
        result = run_cli("load", "--graph-store", url, "--input", str(output_dir))
        assert result.exit_code == 0, result.output
    assert oxigraph.graph_counts() == manifest_counts(output_dir)


@pytest.mark.server
def test_count_mismatch_is_reported(oxigraph, output_dir):
    """A store that silently keeps other triples than it was sent fails the check."""

    class Lossy(GraphStoreClient):
        def put_graph(self, graph, data):
            super().put_graph(graph, data)
            if graph.endswith("doc_a"):
                self._request("PUT", graph, content=b"<urn:a> <urn:b> <urn:c> .",
                              headers={"Content-Type": "text/turtle"})

    with Lossy(oxigraph.store_url, timeout=10) as client:
        with pytest.raises(RemoteError, match=r"doc_a: sent \d+ triples, the store holds 1"):
            load_output(output_dir, client)


@pytest.mark.parametrize("option", ["--graph-store", "--update-endpoint", "--query-endpoint"])
def test_credentials_in_a_url_are_refused_and_not_echoed(output_dir, option):
    secret = "http://alice:s3cret@127.0.0.1:1/store"
    args = ["load", "--input", str(output_dir)]
    if option != "--graph-store":
        args += ["--graph-store", "http://127.0.0.1:1/store"]
    result = run_cli(*args, option, secret)
    assert result.exit_code == 3, result.output
    assert "DIPLOGRAPH_STORE_USER" in result.output and "s3cret" not in result.output


def test_credentials_in_an_endpoint_url_are_refused(tmp_path):
    result = run_cli("query", "graph-counts", "--endpoint", "http://alice:s3cret@127.0.0.1:1/query")
    assert result.exit_code == 3, result.output
    assert "s3cret" not in result.output


def expected_default_count(root) -> int:
    import pyoxigraph as ox

    files = [*sorted((root / "graphs").glob("*.ttl")), root / "void.ttl"]
    return len({(t.subject, t.predicate, t.object)
                for f in files for t in ox.parse(f.read_bytes(), format=ox.RdfFormat.TURTLE)})


def test_default_graph_holds_the_merged_dataset_once(tmp_path, output_dir):
    """Queries run on the default graph: `load` fills it with every published triple once, and a
    reload replaces it (no duplicates, no stale triples)."""
    with OxigraphStore(tmp_path / "store") as store:
        report = load_output(output_dir, store)
        assert report.default_stored == report.default_sent == expected_default_count(output_dir)
        write_output(output_dir, changed_docs())
        load_output(output_dir, store)
        assert store.default_count() == expected_default_count(output_dir)
        changed = 'ASK { ?s <https://schema.org/caption> "Leaders at the UN, changed" }'
        assert store.query(changed, union_default_graph=False).json["boolean"] is True
        assert store.query(changed.replace(", changed", ""), union_default_graph=False).json["boolean"] is False
        # Same answers as over the union of the named graphs.
        sparql = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
        assert store.query(sparql).json == store.query(sparql, union_default_graph=True).json


def test_a_store_without_the_merged_default_graph_is_queried_as_the_union(tmp_path, output_dir):
    with OxigraphStore(tmp_path / "store") as store:
        for gf in read_output(output_dir).graphs:
            store.put_graph(gf.graph, gf.read())
        ask = "ASK { ?s a ?type }"
        assert store.query(ask, union_default_graph=False).json["boolean"] is False
        assert store.query(ask).json["boolean"] is True


@pytest.mark.server
def test_gsp_load_fills_the_default_graph(oxigraph, output_dir):
    assert run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir)).exit_code == 0
    rows = oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"]["value"]) == expected_default_count(output_dir)
    assert run_cli("load", "--graph-store", oxigraph.store_url, "--input", str(output_dir)).exit_code == 0
    rows = oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"]["value"]) == expected_default_count(output_dir)
