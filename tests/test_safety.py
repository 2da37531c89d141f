"""Safe with the user's files and with hostile input (issue 11): one regression test per finding.

The hostile inputs tried, and what each gets, are listed in docs/security.md.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from diplograph.build import build
from diplograph.cli import cli
from diplograph.errors import UsageError
from diplograph.outputdir import MARKER

from tests.conftest import make_project
from tests.test_bad_input import GOOD_META, GOOD_TEXT


def run(args, **kw):
    return CliRunner().invoke(cli, args, **kw)


@pytest.fixture()
def proj(tmp_path):
    return make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, GOOD_META)})


def _tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ----------------------------------------------------------------------------- 1. never delete what is not ours

def test_build_output_dot_in_a_checkout_is_refused_and_deletes_nothing(proj, monkeypatch):
    (proj.root / ".git").mkdir()
    (proj.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (proj.root / "src").mkdir()
    (proj.root / "src" / "code.py").write_text("print('mine')\n")
    before = _tree(proj.root)
    monkeypatch.chdir(proj.root)
    result = run(["build", "--output", ".", "--quiet"])
    assert result.exit_code == 2, result.output
    assert "project root" in result.output and "would delete" in result.output
    assert _tree(proj.root) == before


def test_build_output_is_the_seeds_folder_is_refused(proj):
    before = _tree(proj.seeds)
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(proj.seeds), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "seeds folder" in result.output
    assert _tree(proj.seeds) == before


def test_build_output_that_contains_the_seeds_is_refused(tmp_path):
    outer = tmp_path / "archive"
    p = make_project(outer / "inner", {"001_good": (GOOD_TEXT, GOOD_META)})
    result = run(["build", "--seeds", str(p.seeds), "--output", str(outer), "--quiet"],
                 env={"DIPLOGRAPH_PROJECT": str(p.root)})
    assert result.exit_code == 2, result.output
    assert "contains the seeds folder" in result.output or "contains the project root" in result.output
    assert (p.seeds / "001_good.txt").is_file()


def test_build_output_on_a_folder_of_unrelated_files_is_refused(proj, tmp_path):
    mine = tmp_path / "my-files"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"precious")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(mine), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "not one a build wrote" in result.output
    assert (mine / "thesis.docx").read_bytes() == b"precious"


def test_build_output_refusal_is_a_usage_error_in_the_library(proj):
    with pytest.raises(UsageError):
        build(seeds=proj.seeds, output=proj.root, project=proj)


def test_build_replaces_an_empty_folder_and_its_own_output(proj, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    build(seeds=proj.seeds, output=out, project=proj)
    assert (out / MARKER).is_file() and (out / "dataset.ttl").is_file()
    (out / "graphs" / "stale.ttl").write_text("# from an older build\n")
    build(seeds=proj.seeds, output=out, project=proj)  # ours (marker): replaced
    assert not (out / "graphs" / "stale.ttl").exists()


def test_build_accepts_an_output_published_before_the_marker(proj, tmp_path):
    out = tmp_path / "out"
    build(seeds=proj.seeds, output=out, project=proj)
    (out / MARKER).unlink()  # as the committed output/ of earlier versions
    build(seeds=proj.seeds, output=out, project=proj)
    assert (out / MARKER).is_file()
    # …but not when someone else's files are in it too
    (out / MARKER).unlink()
    (out / "notes.txt").write_text("mine\n")
    with pytest.raises(UsageError):
        build(seeds=proj.seeds, output=out, project=proj)
    assert (out / "notes.txt").is_file()


def test_build_rejects_a_lookalike_manifest(proj, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"name": "my web app"}))
    (out / "void.ttl").write_text("")
    with pytest.raises(UsageError):
        build(seeds=proj.seeds, output=out, project=proj)
    assert (out / "manifest.json").is_file()


# ----------------------------------------------------------------------------- 2. `site DIR` is atomic

@pytest.fixture()
def web_output(tmp_path):
    from tests.test_web import write_fixture
    return write_fixture(tmp_path / "web" / "output")


def _site(published, out):
    return run(["site", str(out), "--input", str(published), "--ontology",
                str(published.parent / "ontology.ttl"), "--quiet"])


def test_site_interrupted_midway_leaves_the_previous_site_whole(web_output, tmp_path, monkeypatch):
    import diplograph.web.site as site_mod

    out = tmp_path / "site"
    assert _site(web_output, out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real, calls = site_mod.serialize, []

    def interrupted(*args, **kwargs):  # Ctrl-C after a few files
        calls.append(1)
        if len(calls) > 5:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(site_mod, "serialize", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site_mod.build_site(__import__("diplograph.web.app", fromlist=["x"]).build_dataset(
            web_output, ontology_path=web_output.parent / "ontology.ttl"), out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "web"]  # no half-written folder left
    monkeypatch.setattr(site_mod, "serialize", real)
    assert _site(web_output, out).exit_code == 0  # and the next run accepts the folder


# ----------------------------------------------------------------------------- 10. readable by a web server

@pytest.fixture()
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_published_output_and_site_get_the_umask_permissions(proj, tmp_path, web_output, umask_022):
    out = tmp_path / "out"
    build(seeds=proj.seeds, output=out, project=proj)
    for p in [out, *out.rglob("*")]:
        assert p.stat().st_mode & 0o777 == (0o755 if p.is_dir() else 0o644), p
    site = tmp_path / "site"
    assert _site(web_output, site).exit_code == 0
    for p in [site, *site.rglob("*")]:
        assert p.stat().st_mode & 0o777 == (0o755 if p.is_dir() else 0o644), p


# ----------------------------------------------------------------------------- 3. bad input is exit 3, never a traceback

@pytest.mark.parametrize("name", ["with space", "hash#tag", "angle<bracket", "what?", "new\nline", "quote\"d"])
def test_seed_file_name_that_cannot_be_an_iri_is_exit_3_and_keep_going_publishes_the_rest(proj, tmp_path, name):
    (proj.seeds / f"{name}.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (proj.seeds / f"{name}.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    out = tmp_path / "out"
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot become an IRI" in result.output and "rename it" in result.output
    assert not out.exists()
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet", "--keep-going"])
    assert result.exit_code == 3, result.output
    assert "skipped:" in result.output
    assert [p.name for p in (out / "graphs").iterdir()] == ["001_good.ttl"]


@pytest.mark.parametrize("char", ["{", "|", '\\"', "<", "^", "`"])
def test_sidecar_source_url_with_characters_an_iri_may_not_hold_is_exit_3(proj, tmp_path, char):
    meta = GOOD_META.replace('"https://example.org/chile-ghana"', f'"https://example.org/a{char}b"')
    (proj.seeds / "002_url.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (proj.seeds / "002_url.meta.yaml").write_text(meta, encoding="utf-8")
    out = tmp_path / "out"
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 3, result.output
    assert "002_url.meta.yaml:3:" in result.output and "percent-encode" in result.output
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet", "--keep-going"])
    assert result.exit_code == 3 and (out / "graphs" / "001_good.ttl").is_file(), result.output


def test_unread_seed_files_are_reported_not_silently_ignored(proj, tmp_path):
    (proj.seeds / "002_upper.TXT").write_text(GOOD_TEXT, encoding="utf-8")
    (proj.seeds / "001_good.meta.yml").write_text(GOOD_META, encoding="utf-8")
    (proj.seeds / "003_orphan.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "002_upper.TXT: not read: documents must end in .txt" in result.output
    assert "001_good.meta.yml: not read: sidecars are NAME.meta.yaml" in result.output
    assert "003_orphan.meta.yaml: not read: a sidecar without its document 003_orphan.txt" in result.output


def test_unknown_sidecar_keys_are_a_warning_naming_the_key(proj, tmp_path):
    (proj.seeds / "001_good.meta.yaml").write_text(GOOD_META + "word_count: 57\nnotes: harvested\n")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "001_good.meta.yaml:7: unknown key 'word_count' ignored" in result.output
    assert "001_good.meta.yaml:8: unknown key 'notes' ignored" in result.output
    # the warning survives a rebuild from the cache
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert "unknown key 'word_count'" in result.output


# ----------------------------------------------------------------------------- 4. text hygiene

@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x0c", "\x7f"])
def test_control_characters_in_a_document_are_refused_with_file_and_line(proj, tmp_path, char):
    text = GOOD_TEXT + "x" * 10_000 + f"\nA line with {char} in it.\n"  # past the 8 kB binary sniff
    (proj.seeds / "002_ctl.txt").write_text(text, encoding="utf-8")
    (proj.seeds / "002_ctl.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3, result.output
    assert f"002_ctl.txt:{text.count(chr(10), 0, text.index(char)) + 1}: document holds the control character" in result.output
    assert char not in result.output


def test_a_3_mb_document_of_control_bytes_is_refused_not_a_memory_error(proj, tmp_path):
    (proj.seeds / "002_ctl.txt").write_bytes(b"Joint statement\n" + b"\x01" * 3_000_000)
    (proj.seeds / "002_ctl.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3 and "002_ctl.txt:2: document holds the control character '\\x01'" in result.output


def test_a_huge_sidecar_is_refused(proj, tmp_path):
    (proj.seeds / "001_good.meta.yaml").write_text(GOOD_META.replace("title: ", "title: " + "T" * 5_000_000, 1))
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3 and "the limit is 65,536" in result.output, result.output


def test_an_escaped_control_character_in_a_sidecar_value_is_refused(proj, tmp_path):
    (proj.seeds / "001_good.meta.yaml").write_text(GOOD_META.replace('title: "', 'title: "\\e[31m', 1))
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3 and "001_good.meta.yaml:2: title holds a control character" in result.output
    assert "\x1b" not in result.output


def test_links_never_prints_raw_escape_sequences(proj, tmp_path):
    out = tmp_path / "out"
    build(seeds=proj.seeds, output=out, project=proj)
    report = json.loads((out / "link-report.json").read_text())
    first = report["decisions"][0]
    first["mention"] = "\x1b]0;owned\x07\x1b[2J" + first["mention"] + "\u202e"
    first["sentence"] = "\x1b[31mred\r\x9b"
    (out / "link-report.json").write_text(json.dumps(report))
    result = run(["links", "--input", str(out)])
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "\x1b\x07\r\x9b\u202e")
    assert "\\x1b]0;owned\\x07" in result.output and "\\u202e" in result.output


# ----------------------------------------------------------------------------- 5. symlinks

def test_a_seed_symlinked_to_a_file_outside_the_seeds_folder_is_refused(proj, tmp_path):
    secret = tmp_path / "netrc"
    secret.write_text("machine example.org login me password hunter2\n")
    (proj.seeds / "002_link.txt").symlink_to(secret)
    (proj.seeds / "002_link.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    out = tmp_path / "out"
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet", "--keep-going"])
    assert result.exit_code == 3, result.output
    assert "002_link.txt: document is a symbolic link to a file outside the seeds folder" in result.output
    assert "hunter2" not in "".join(p.read_text() for p in out.rglob("*") if p.is_file())


def test_a_sidecar_symlinked_outside_is_refused_and_links_inside_are_fine(proj, tmp_path):
    (proj.seeds / "002_alias.txt").symlink_to(proj.seeds / "001_good.txt")  # inside: fine
    (tmp_path / "elsewhere.yaml").write_text(GOOD_META)
    (proj.seeds / "002_alias.meta.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3 and "002_alias.meta.yaml: sidecar is a symbolic link" in result.output
    (proj.seeds / "002_alias.meta.yaml").unlink()
    (proj.seeds / "002_alias.meta.yaml").symlink_to("001_good.meta.yaml")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output


# ----------------------------------------------------------------------------- 6. linear in document size

class _CountingSpan:
    """A span that counts equality tests: a list membership test does one per element."""

    tests = 0

    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        _CountingSpan.tests += 1
        return isinstance(other, _CountingSpan) and other.n == self.n

    def __hash__(self):
        return hash(self.n)

    def __lt__(self, other):
        return self.n < other.n


def test_entity_add_span_is_not_quadratic_in_the_mentions():
    from diplograph.model import Entity

    e = Entity(kind="country", name="Chile", key="chile")
    _CountingSpan.tests = 0
    for n in range(5000):
        e.add_span(_CountingSpan(n))
    e.add_span(_CountingSpan(7))  # a repeat is still not added
    assert len(e.spans) == 5000
    assert _CountingSpan.tests < 10 * 5000  # a list scan: 12.5 million


def test_entity_span_index_follows_direct_changes_of_the_list():
    from diplograph.model import Entity, Span

    e = Entity(kind="person", name="Ana", key="ana")
    for s in (Span(50, 53), Span(10, 13), Span(30, 40)):
        e.add_span(s)
    assert e.spans_from(0, 35) == [Span(10, 13), Span(30, 40)]
    assert e.spans_containing(32, 35) == [Span(30, 40)] and e.mentioned_in(45, 60)
    e.spans = [s for s in e.spans if s.start != 10]  # as the pipeline drops excluded spans
    assert e.spans_from(0, 35) == [Span(30, 40)]
    e.add_span(Span(10, 13))
    assert e.spans_from(0, 20) == [Span(10, 13)]
    import pickle
    back = pickle.loads(pickle.dumps(e))
    assert back.spans == e.spans and back.spans_from(0, 20) == [Span(10, 13)]
    assert not any(k.startswith("_ix_") and v for k, v in e.__getstate__().items())


def test_every_mention_keeps_its_source_span_not_only_the_first_50(tmp_path):
    from rdflib import Graph, URIRef
    from diplograph.ns import PROV

    text = GOOD_TEXT + "\n" + "".join(f"Chile and Ghana support the Pact for the Future, point {i}.\n"
                                       for i in range(120))
    p = make_project(tmp_path / "proj", {"001_many": (text, GOOD_META)})
    out = tmp_path / "out"
    build(seeds=p.seeds, output=out, project=p)
    g = Graph().parse(out / "graphs" / "001_many.ttl")
    chile = URIRef("https://w3id.org/diplograph/id/country/chile")
    assert len(list(g.objects(chile, PROV.wasDerivedFrom))) >= 121


# ----------------------------------------------------------------------------- 7. deadlines and exit codes

@pytest.fixture()
def trickling_server():
    """An HTTP server on 127.0.0.1 that answers 200 and then one byte every half second, forever."""
    import socket
    import threading
    import time

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    stop = threading.Event()

    def serve(conn):
        with conn:
            try:
                conn.settimeout(5)
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: 1000000\r\n\r\n")
                while not stop.is_set():
                    conn.sendall(b" ")
                    time.sleep(0.5)
            except OSError:
                pass

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    srv.close()


def test_query_endpoint_timeout_is_a_total_deadline(trickling_server):
    result = run(["query", "--endpoint", f"{trickling_server}/sparql", "--sparql", "ASK {}", "--timeout", "1.5"])
    assert result.exit_code == 4, result.output
    assert "no answer within 1.5s" in result.output


def test_load_graph_store_timeout_is_a_total_deadline(proj, tmp_path, trickling_server):
    out = tmp_path / "out"
    build(seeds=proj.seeds, output=out, project=proj)
    result = run(["load", "--input", str(out), "--graph-store", f"{trickling_server}/store", "--timeout", "1.5",
                  "--quiet"])
    assert result.exit_code == 4, result.output
    assert "no answer within 1.5s" in result.output


def test_link_online_timeout_is_a_total_deadline(trickling_server, tmp_path, monkeypatch):
    p = make_project(tmp_path / "p", {"001_good": (GOOD_TEXT, GOOD_META)})
    build(seeds=p.seeds, output=p.output, project=p)
    monkeypatch.chdir(p.root)
    result = run(["link", "--online", "--endpoint", f"{trickling_server}/sparql", "--timeout", "1.5",
                  "--retries", "0", "--dry-run", "--quiet"])
    assert result.exit_code == 4, result.output
    assert "no answer within 1.5 s" in result.output


def test_federated_query_on_a_refused_connection_is_exit_4(proj, tmp_path):
    import socket

    out, store = tmp_path / "out", tmp_path / "store"
    build(seeds=proj.seeds, output=out, project=proj)
    assert run(["load", "--input", str(out), "--store", str(store), "--quiet"]).exit_code == 0
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(["query", "wikidata-federated", "--store", str(store),
                  "--param", f"wikidata=http://127.0.0.1:{port}/sparql"])
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output and "failed" in result.output


def test_a_read_only_output_file_system_is_a_message_not_a_traceback(proj):
    result = run(["build", "--seeds", str(proj.seeds), "--output", "/proc/diplograph-output", "--quiet",
                  "--no-cache"])
    assert result.exit_code in (3, 5), result.output
    assert result.output.startswith("Error: cannot read or write") and "Traceback" not in result.output


def test_ctrl_c_during_build_is_exit_130_and_keeps_the_output(repo, tmp_path):
    import shutil
    import signal
    import subprocess
    import sys

    seeds = tmp_path / "seeds"
    shutil.copytree(repo / "seeds", seeds)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "diplograph", "build", "--seeds", str(seeds), "--output",
                             str(out), "--no-cache"], cwd=repo, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()  # the first document is mapped: the build is under way
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, first + rest
    assert "Traceback" not in rest and "interrupted" in rest
    assert not out.exists() and not any(p.name.startswith(".out.") for p in tmp_path.iterdir())


@pytest.mark.parametrize("shape", ["{" * 5000 + "}" * 5000, "?s " + "/".join(["<http://x/p>"] * 1000) + " ?o",
                                   "FILTER(" + "!" * 30000 + "true)"])
def test_a_deeply_nested_query_file_is_an_error_not_a_segfault(tmp_path, shape):
    import subprocess
    import sys

    q = tmp_path / "deep.rq"
    q.write_text("SELECT * WHERE { " + shape + " }")
    store = tmp_path / "store"
    import pyoxigraph as ox
    ox.Store(str(store)).flush()
    proc = subprocess.run([sys.executable, "-m", "diplograph", "query", "--file", str(q), "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "the limit is" in proc.stderr


# ----------------------------------------------------------------------------- 8. the public endpoint is bounded

@pytest.fixture()
def web_client(web_output):
    from starlette.testclient import TestClient

    from diplograph.web.app import create_app

    app = create_app(web_output, ontology_path=web_output.parent / "ontology.ttl", query_timeout=8.0,
                     query_memory=48 << 20)
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("query", [
    "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?f ?i ?l",
    "SELECT (GROUP_CONCAT(STR(?c)) AS ?all) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
])
def test_a_query_past_its_memory_cap_answers_503(web_client, query):
    resp = web_client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 503, resp.text[:300]
    assert "MB of memory" in resp.text
    assert web_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # and the server lives on


def test_public_headers_cors_nosniff_csp_etag(web_client):
    page = web_client.get("/", headers={"Accept": "text/html"})
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none': no scripts
    data = web_client.get("/void", headers={"Accept": "text/turtle"})
    assert data.headers["access-control-allow-origin"] == "*" and data.headers["etag"]
    assert "max-age" in data.headers["cache-control"]
    again = web_client.get("/void", headers={"Accept": "text/turtle", "If-None-Match": data.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    q = web_client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
    assert q.headers["access-control-allow-origin"] == "*" and q.headers["cache-control"] == "no-store"
    pre = web_client.options("/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 204 and "POST" in pre.headers["access-control-allow-methods"]


def test_404_bodies_do_not_echo_control_bytes_from_the_path(web_client):
    for accept in ("text/html", "text/turtle", "text/plain"):
        resp = web_client.get("/id/person/x%1b%5b2J%07%0d", headers={"Accept": accept})
        assert resp.status_code == 404
        assert not any(c in resp.text for c in "\x1b\x07\r"), resp.text


# ----------------------------------------------------------------------------- 9. CSV safe in a spreadsheet

FORMULAS = 'SELECT ?x { VALUES ?x { "=HYPERLINK(\\"http://evil\\")" "+cmd|x" "@SUM(A1)" "-2+3" "\\tlead" "\\rcr" "-5" "plain" } }'
NEUTRALISED = ["'=HYPERLINK(\"http://evil\")", "'+cmd|x", "'@SUM(A1)", "'-2+3", "'\tlead", "'\rcr", "-5", "plain"]


def test_query_csv_neutralises_formula_cells_and_json_keeps_them(tmp_path):
    import csv as csvmod
    import io

    import pyoxigraph as ox

    store = tmp_path / "store"
    ox.Store(str(store)).flush()
    result = run(["query", "--store", str(store), "--sparql", FORMULAS, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csvmod.reader(io.StringIO(result.stdout, newline="")))
    assert [r[0] for r in rows[1:]] == NEUTRALISED
    raw = json.loads(run(["query", "--store", str(store), "--sparql", FORMULAS, "--format", "json"]).stdout)
    assert raw["results"]["bindings"][0]["x"]["value"] == '=HYPERLINK("http://evil")'


def test_sparql_csv_neutralises_formula_cells_and_tsv_keeps_them(web_client):
    import csv as csvmod
    import io

    resp = web_client.get("/sparql", params={"query": FORMULAS}, headers={"Accept": "text/csv"})
    rows = list(csvmod.reader(io.StringIO(resp.text, newline="")))
    assert [r[0] for r in rows[1:]] == NEUTRALISED
    tsv = web_client.get("/sparql", params={"query": FORMULAS}, headers={"Accept": "text/tab-separated-values"})
    assert '"=HYPERLINK(\\"http://evil\\")"' in tsv.text


def test_a_fifo_named_like_a_seed_is_refused_not_a_hang(proj, tmp_path):
    import os

    os.mkfifo(proj.seeds / "002_pipe.txt")
    (proj.seeds / "002_pipe.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(tmp_path / "out"), "--quiet", "--keep-going"])
    assert result.exit_code == 3, result.output
    assert "002_pipe.txt: document is not a regular file" in result.output
    assert (tmp_path / "out" / "graphs" / "001_good.ttl").is_file()


def _sigint_blocked_here() -> bool:
    import signal

    return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_ctrl_c_is_not_lost_while_the_workers_are_forked(project):
    """Regression: a Ctrl-C that landed while the pool forked its workers ran in Python's after-fork
    handlers, was printed as "Exception ignored" and lost: the build went on and exited 0. The
    workers are now forked on first use with SIGINT held back until they are; neither this process
    nor the workers keep it blocked."""
    from unittest import mock

    from diplograph.executor import LocalPool

    pool = LocalPool(2, project)
    try:
        assert not pool.pool._processes  # nothing forked until there is work
        with mock.patch("signal.pthread_sigmask", wraps=__import__("signal").pthread_sigmask) as mask:
            assert list(pool.map(_sigint_blocked_here_task, range(4))) == [False] * 4
        assert len(pool.pool._processes) == 2
        assert mask.call_args_list[0].args[0] == __import__("signal").SIG_BLOCK  # held back while forking
        assert not _sigint_blocked_here()
    finally:
        pool.close()


def _sigint_blocked_here_task(_):
    return _sigint_blocked_here()
