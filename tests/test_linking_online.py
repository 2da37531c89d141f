"""Online refresh against a REAL local Oxigraph server standing in for Wikidata, plus endpoint faults."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.errors import RemoteError
from diplograph.linking.online import USER_AGENT, SparqlClient, refresh
from diplograph.linking.report import LinkDecision
from diplograph.linking.slice import load_slice

DATA = Path(__file__).parent / "data" / "linking"
ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def wikidata_endpoint():
    if not OXIGRAPH.exists():
        pytest.skip("no oxigraph server binary in .venv/bin")
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("oxigraph did not start")
                time.sleep(0.1)
        req = urllib.request.Request(f"{base}/store?default", data=(DATA / "wikidata-fixture.ttl").read_bytes(),
                                     headers={"Content-Type": "text/turtle"}, method="POST")
        urllib.request.urlopen(req, timeout=10).read()
        yield f"{base}/query"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def project(tmp_path: Path) -> Path:
    for d in ("ontology", "shapes", "mappings/data", "output"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "test-slice.ttl", tmp_path / "mappings/data/wikidata-slice.ttl")
    return tmp_path


def unlinked(*names: tuple[str, str, str]) -> list[LinkDecision]:
    return [LinkDecision(m, k, key, None, 0.0, "unlinked", "") for m, k, key in names]


def test_refresh_finds_merged_deleted_relabelled_and_candidates(tmp_path, wikidata_endpoint):
    root = project(tmp_path)
    path = root / "mappings/data/wikidata-slice.ttl"
    result = refresh(path, wikidata_endpoint,
                     unlinked(("Andreas Example", "person", "andreas-example"),
                              ("Example Person Two", "person", "x2"), ("Nobody Here", "person", "nobody")),
                     checked_on="2027-01-02", retries=0)
    kinds = {(f.kind, f.qid) for f in result.findings}
    assert ("merged", "Q90000001") in kinds and ("deleted", "Q1489") in kinds and ("label-changed", "Q20") in kinds
    assert ("ok", "Q96") in kinds
    assert ("candidate", "Q90000020") in kinds and ("candidate", "Q90000022") in kinds
    assert ("candidate", "Q90000021") not in kinds  # a city is no candidate for a person
    data = load_slice(path)
    assert data.items["Q90000001"].status == "merged" and "Q90000011" in data.items["Q90000001"].source
    assert data.items["Q1489"].status == "deleted" and data.items["Q20"].status == "label-changed"
    assert data.items["Q96"].status == "verified" and data.items["Q96"].checked_on == "2027-01-02"
    assert data.items["Q90000020"].status == "candidate" and data.items["Q90000020"].p31 == ("Q5",)
    assert result.written and not list(path.parent.glob(".wikidata-slice.*"))


def test_link_online_cli(tmp_path, wikidata_endpoint, monkeypatch):
    root = project(tmp_path)
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(root))
    res = CliRunner().invoke(cli, ["link", "--online", "--endpoint", wikidata_endpoint, "--retries", "0",
                                   "--date", "2027-01-02"])
    assert res.exit_code == 0, res.output
    assert "merged: Q90000001" in res.output and "deleted: Q1489" in res.output
    assert "rewrote" in res.output


class _Handler(http.server.BaseHTTPRequestHandler):
    script: list = []
    seen: list = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append(self.headers.get("User-Agent"))
        status, headers, body = type(self).script.pop(0) if len(type(self).script) > 1 else type(self).script[0]
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted_server():
    handler = type("H", (_Handler,), {"script": [], "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


EMPTY = b'{"head":{"vars":["item"]},"results":{"bindings":[]}}'
JSON_CT = {"Content-Type": "application/sparql-results+json"}


def test_429_then_ok_honours_retry_after(scripted_server):
    handler, url = scripted_server
    handler.script[:] = [(429, {"Retry-After": "3"}, b"slow down"), (200, JSON_CT, EMPTY)]
    sleeps: list[float] = []
    client = SparqlClient(url, timeout=5, retries=2, backoff=0.01, sleep=sleeps.append)
    assert client.select("SELECT * WHERE { ?s ?p ?o }") == []
    assert sleeps == [3.0] and client.requests == 2
    assert handler.seen[0] == USER_AGENT and handler.seen[0].startswith("diplograph/")


def test_retries_are_bounded_with_exponential_backoff(scripted_server):
    handler, url = scripted_server
    handler.script[:] = [(503, {}, b"busy")]
    sleeps: list[float] = []
    client = SparqlClient(url, timeout=5, retries=3, backoff=0.5, sleep=sleeps.append)
    with pytest.raises(RemoteError, match="HTTP 503; gave up after 4 attempt"):
        client.select("SELECT * WHERE { ?s ?p ?o }")
    assert sleeps == [0.5, 1.0, 2.0]


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    conns = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(sock.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    stop.set()
    t.join(2)
    for c in conns:
        c.close()
    sock.close()


@pytest.mark.parametrize("case", ["down", "slow", "500", "malformed", "bad-shape"])
def test_endpoint_faults_exit_4_and_leave_the_slice_unchanged(tmp_path, monkeypatch, case, scripted_server,
                                                              silent_server):
    root = project(tmp_path)
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(root))
    path = root / "mappings/data/wikidata-slice.ttl"
    before = path.read_bytes()
    handler, url = scripted_server
    if case == "down":
        url = f"http://127.0.0.1:{free_port()}/sparql"
    elif case == "slow":
        url = silent_server
    elif case == "500":
        handler.script[:] = [(500, {}, b"internal error")]
    elif case == "malformed":
        handler.script[:] = [(200, JSON_CT, b'{"head": {"vars": [')]
    else:
        handler.script[:] = [(200, JSON_CT, b'{"head": {}, "results": 7}')]
    t = time.monotonic()
    res = CliRunner().invoke(cli, ["link", "--online", "--endpoint", url, "--timeout", "1", "--retries", "0"])
    assert time.monotonic() - t < 10
    assert res.exit_code == 4, res.output
    expected = {"down": "cannot reach the endpoint", "slow": "no answer within 1 s", "500": "HTTP 500",
                "malformed": "malformed SPARQL JSON", "bad-shape": "malformed SPARQL JSON"}[case]
    assert expected in res.output and "Error: " in res.output
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".wikidata-slice.*"))
