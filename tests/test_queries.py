"""`diplograph query`: named queries, safe parameters, formats, embedded store vs HTTP, federation."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from click.testing import CliRunner

from diplograph import queries
from diplograph.cli import cli
from diplograph.errors import InputError, RemoteError
from diplograph.store import GraphStoreClient, OxigraphStore, SparqlEndpoint, load_output
from tests.oxigraph_server import (BASE, SilentServer, free_port, oxigraph, oxigraph_server,  # noqa: F401
                                   output_dir, wikidata_server, write_output)

NAMED = [q.name for q in queries.list_queries()]
LOCAL = [n for n in NAMED if n != "wikidata-federated"]


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("queries")
    out = write_output(root / "output")
    with OxigraphStore(root / "store") as store:
        load_output(out, store)
    return root / "store", out


def run_cli(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_registry_has_the_competency_questions():
    for name in ["cq01-meeting", "cq02-commitments", "cq03-person-posts", "cq04-article",
                 "cq05-image-footnote", "cq06-council-meetings", "cq07-quotations", "cq08-mission-posts",
                 "cq09-country-memberships", "cq10-person-over-documents", "cq11-unlinked",
                 "person-timeline", "co-attendance", "documents-by-topic", "graph-counts",
                 "wikidata-federated"]:
        q = queries.load_named(name)
        assert q.description, name
        for p in q.params:
            assert p.default is not None, (name, p.name)
    q = queries.load_named("cq01-meeting")
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("date", "date", "2025-04-08"), ("place", "name", "Mexico City")]


def test_list_command():
    result = run_cli("query", "--list")
    assert result.exit_code == 0
    for name in NAMED:
        assert name in result.output
    assert "--param place=… (name) default=Mexico City" in result.output


def test_binding_is_typed_and_escaped():
    q = queries.parse_query_text("# param: s (string)\n# param: i (iri)\n# param: d (date)\n# param: l (lang)\n"
                                 "SELECT * WHERE { ?x ?p ?s }", "t")
    text = queries.bind(q, {"s": 'a"} ; DROP ALL # \\', "i": "http://e.org/x", "d": "2021-11-02", "l": "EN"})
    assert 'VALUES (?s ?i ?d ?l) { ("a\\"} ; DROP ALL # \\\\" <http://e.org/x> ' in text
    assert '"2021-11-02"^^<http://www.w3.org/2001/XMLSchema#date> "en") }' in text
    for bad in [{"i": "http://e.org/x> } DROP ALL { <y"}, {"i": "no scheme"}, {"d": "2021-13-01"},
                {"d": "2021-11-02\" ."}, {"l": "en\" ."}]:
        values = {"s": "x", "i": "http://e.org/", "d": "2021-01-01", "l": "en", **bad}
        with pytest.raises(InputError):
            queries.bind(q, values)
    with pytest.raises(InputError, match="needs --param s"):
        queries.bind(q, {})
    with pytest.raises(InputError, match="no parameter"):
        queries.bind(queries.load_named("cq01-meeting"), {"nope": "x"})


def test_values_go_into_the_outer_where_not_comments_or_strings():
    q = queries.parse_query_text('# param: n (string) default="x"\n# WHERE { in a comment\n'
                                 'SELECT ?s WHERE { ?s <urn:p> "WHERE {" . FILTER(?o = ?n) }', "t")
    text = queries.bind(q)
    assert text.index("VALUES (?n)") > text.index('SELECT ?s WHERE {')
    assert '"WHERE {" . FILTER' in text


def test_injection_attempt_is_a_harmless_literal(loaded_store):
    store_dir, _ = loaded_store
    result = run_cli("query", "cq03-person-posts", "--store", str(store_dir), "--param",
                     'name=x" } } ; DROP ALL ; SELECT * { ?s ?p "', "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []
    assert run_cli("query", "cq01-meeting", "--store", str(store_dir), "-p", "date=tomorrow").exit_code == 3
    assert run_cli("query", "wikidata-federated", "--store", str(store_dir), "-p",
                   "wikidata=http://x/> }").exit_code == 3


def test_named_queries_answer_on_the_fixture(loaded_store):
    store_dir, _ = loaded_store
    store = OxigraphStore(store_dir, read_only=True)

    def table(query_name, **params):
        return queries.format_result(store.query(queries.bind(queries.load_named(query_name), params)))

    out = table("cq01-meeting")
    assert "Enrique Ochoa" in out and "Under-Secretary for Multilateral Affairs" in out and "multilateralism" in out
    assert "consultations on multilateral issues" in out
    assert "Mexico | Norway" in table("cq02-commitments") and "Secretary General" in table("cq02-commitments")
    assert "Deputy Foreign Minister" in table("cq03-person-posts", name="Julián Ventura")
    assert "The Americas" in table("cq04-article")
    assert "Leaders at the UN" in table("cq05-image-footnote") and "p.116" in table("cq05-image-footnote")
    assert "debate on small arms" in table("cq06-council-meetings")
    assert table("cq06-council-meetings", month="2021-12").count("\n") == 2  # header only
    assert "other words" in table("cq07-quotations")
    assert "UNAM" in table("cq08-mission-posts")
    assert "true" in table("cq09-country-memberships")
    assert "2025-04-08" in table("cq10-person-over-documents")
    unlinked = table("cq11-unlinked")
    assert "Julian Ventura" in unlinked and "Enrique Ochoa" not in unlinked
    assert "id:graph/doc_a" in table("graph-counts")


def test_cli_formats(loaded_store):
    store_dir, _ = loaded_store
    result = run_cli("query", "cq07-quotations", "--store", str(store_dir), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["document", "quotation", "speaker", "text", "begin"]
    assert rows[1][3] == "words" and rows[2][3] == "other words"
    result = run_cli("query", "--sparql", f"CONSTRUCT {{ ?s <https://schema.org/name> ?n }} WHERE {{ "
                     f"?s <https://schema.org/name> ?n FILTER(?s = <{BASE}/country/mexico>) }}",
                     "--store", str(store_dir))
    assert result.exit_code == 0
    assert 'schema:name "Mexico"' in result.stdout
    result = run_cli("query", "--sparql", "ASK { ?s a <https://w3id.org/diplograph/ontology#Person> }",
                     "--store", str(store_dir), "--format", "json")
    assert json.loads(result.stdout)["boolean"] is True
    assert run_cli("query", "--sparql", "SELECT * WHERE {", "--store", str(store_dir)).exit_code == 3
    assert run_cli("query", "cq01-meeting", "--store", str(store_dir), "-f", "turtle").exit_code == 3
    assert run_cli("query", "nope", "--store", str(store_dir)).exit_code == 3
    assert run_cli("query", "cq01-meeting", "--sparql", "ASK {}").exit_code == 2


def test_query_file_with_params(tmp_path, loaded_store):
    store_dir, _ = loaded_store
    f = tmp_path / "q.rq"
    f.write_text("# param: who (string) default=\"Enrique Ochoa\"\n"
                 "SELECT DISTINCT ?p WHERE { ?p <https://schema.org/name> ?who }\n")
    result = run_cli("query", "--file", str(f), "--store", str(store_dir), "-f", "csv")
    assert result.stdout.splitlines()[1] == f"{BASE}/person/enrique-ochoa"
    result = run_cli("query", "--file", str(f), "--store", str(store_dir), "-f", "csv", "-p", "who=Mexico")
    assert result.stdout.splitlines()[1] == f"{BASE}/country/mexico"


@pytest.mark.server
def test_http_gives_the_same_rows_as_the_embedded_store(oxigraph, loaded_store):
    store_dir, out = loaded_store
    with GraphStoreClient(oxigraph.store_url, timeout=10) as client:
        load_output(out, client)
    store = OxigraphStore(store_dir, read_only=True)
    endpoint = SparqlEndpoint(oxigraph.query_url, timeout=10)
    for name in LOCAL:
        text = queries.bind(queries.load_named(name))
        local = store.query(text)
        remote = endpoint.query(text)
        assert local.vars == remote.vars, name
        assert queries.rows(local) == queries.rows(remote), name
    # and through the CLI, in every format
    for fmt in ("table", "csv", "json"):
        a = run_cli("query", "cq01-meeting", "--store", str(store_dir), "-f", fmt)
        b = run_cli("query", "cq01-meeting", "--endpoint", oxigraph.query_url, "-f", fmt)
        assert a.exit_code == b.exit_code == 0
        assert a.stdout == b.stdout, fmt
    c = "DESCRIBE <https://w3id.org/diplograph/id/country/norway>"
    a = run_cli("query", "--sparql", c, "--store", str(store_dir))
    b = run_cli("query", "--sparql", c, "--endpoint", oxigraph.query_url)
    assert a.stdout == b.stdout and "Norway" in a.stdout


@pytest.mark.server
def test_federated_query_against_a_wikidata_stand_in(oxigraph, loaded_store, wikidata_server):
    store_dir, out = loaded_store
    with GraphStoreClient(oxigraph.store_url, timeout=10) as client:
        load_output(out, client)
    wikidata = wikidata_server.query_url
    result = run_cli("query", "wikidata-federated", "--endpoint", oxigraph.query_url,
                     "-p", f"wikidata={wikidata}", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    got = {(r["name"], r["birthDate"][:10], r["positionLabel"]) for r in rows}
    assert got == {
        ("Enrique Ochoa", "1970-01-02", "Under-Secretary for Multilateral Affairs"),
        ("Juan Ramón de la Fuente", "1951-09-05", "Permanent Representative of Mexico to the United Nations"),
        ("Juan Ramón de la Fuente", "1951-09-05", "Secretary of Foreign Affairs"),
    }
    # pyoxigraph's embedded store does SERVICE too.
    embedded = run_cli("query", "wikidata-federated", "--store", str(store_dir),
                       "-p", f"wikidata={wikidata}", "-f", "csv")
    assert embedded.exit_code == 0 and embedded.stdout == result.stdout


@pytest.mark.server
def test_remote_query_faults():
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("query", "graph-counts", "--endpoint", url, "--timeout", "5")
    assert result.exit_code == 4 and "cannot connect" in result.output
    with SilentServer() as silent:
        started = time.monotonic()
        with pytest.raises(RemoteError, match="timed out"):
            SparqlEndpoint(f"{silent.url}/query", timeout=1).query("ASK {}")
        assert time.monotonic() - started < 10


@pytest.mark.server
def test_remote_http_errors(oxigraph):
    result = run_cli("query", "--sparql", "SELECT * WHERE {", "--endpoint", oxigraph.query_url)
    assert result.exit_code == 4 and "400" in result.output
    result = run_cli("query", "graph-counts", "--endpoint", f"{oxigraph.url}/nothing-here")
    assert result.exit_code == 4 and "404" in result.output


def test_name_parameter_matches_the_normalised_name_key(loaded_store):
    """A `name` parameter is normalised as dip:nameKey is and matched exactly (an index lookup)."""
    q = queries.load_named("cq03-person-posts")
    text = queries.bind(q, {"name": "  JULIÁN\tVentura "})
    assert 'VALUES (?name) { ("julián ventura") }' in text
    assert "LCASE" not in text
    store_dir, _ = loaded_store
    store = OxigraphStore(store_dir, read_only=True)
    assert "Deputy Foreign Minister" in queries.format_result(store.query(text))


def test_paged_queries_take_limit_and_offset(loaded_store):
    store_dir, _ = loaded_store
    store = OxigraphStore(store_dir, read_only=True)
    q = queries.load_named("cq08-mission-posts")
    assert {p.name for p in q.params} >= {"limit", "offset"}
    text = queries.bind(q, {"limit": "1", "offset": "0"})
    assert "LIMIT 1 OFFSET 0" in text and "?limit" not in text

    def persons(**page):
        rows = store.query(queries.bind(q, page)).bindings
        return [r["personName"]["value"] for r in rows]
    everyone = persons(limit="1000")
    pages = [persons(limit="1", offset=str(i)) for i in range(len(set(everyone)) + 1)]
    assert all(len(set(p)) == 1 for p in pages[:-1]) and pages[-1] == []
    assert [n for p in pages for n in p] == everyone
    for bad in ({"limit": "-1"}, {"offset": "x"}):
        with pytest.raises(InputError):
            queries.bind(q, bad)
    assert "LIMIT 10 OFFSET 0" in queries.bind(queries.load_named("cq04-article"))


@pytest.mark.parametrize("name", ["cq04-article", "cq05-image-footnote", "cq07-quotations",
                                  "cq10-person-over-documents"])
def test_document_pages_add_up_to_the_whole_answer(loaded_store, name):
    """The queries paged by document (a busy outlet or person has thousands of rows at 10k documents):
    one document a page, page after page, gives the rows of one big page, in the same order."""
    store_dir, _ = loaded_store
    store = OxigraphStore(store_dir, read_only=True)
    q = queries.load_named(name)
    assert {p.name for p in q.params} >= {"limit", "offset"}

    def rows(**page):
        return [tuple(sorted((k, v["value"]) for k, v in r.items())) for r in store.query(queries.bind(q, page)).bindings]
    whole = rows(limit="1000")
    assert whole, name
    pages = [rows(limit="1", offset=str(i)) for i in range(len(whole) + 1)]
    assert [r for p in pages for r in p] == whole
    assert all(len({dict(r)["document"] for r in p}) <= 1 for p in pages)


def test_graph_counts_come_from_void_and_match_the_manifest(loaded_store):
    store_dir, out = loaded_store
    store = OxigraphStore(store_dir, read_only=True)
    rows = store.query(queries.bind(queries.load_named("graph-counts"))).bindings
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["graph"]["value"]: int(r["triples"]["value"]) for r in rows} == \
        {e["graph"].strip("<>"): e["triples"] for e in manifest["graphs"]}
