"""Test helpers for the store tests: a real `oxigraph serve`, tiny misbehaving HTTP servers, and a
small published-output fixture written following docs/rdf-contract.md.

Import the fixtures into a test module (`from tests.oxigraph_server import oxigraph_server, ...`).
Everything binds to 127.0.0.1 on a free port; every wait is bounded.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

BASE = "https://w3id.org/diplograph/id"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, started and stopped by the tests."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    def start(self) -> "OxigraphServer":
        if not OXIGRAPH.exists():
            pytest.skip(f"no oxigraph server binary at {OXIGRAPH}")
        self.proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
                raise RuntimeError(f"oxigraph serve exited with {self.proc.returncode}: {err[-2000:]}")
            try:
                r = httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=1.0)
                if r.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {START_TIMEOUT_S}s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def update(self, sparql: str) -> None:
        r = httpx.post(self.update_url, content=sparql.encode(),
                       headers={"Content-Type": "application/sparql-update"}, timeout=10.0)
        r.raise_for_status()

    def select(self, sparql: str, union: bool = False) -> list[dict]:
        params = {"query": sparql}
        if union:
            params["union-default-graph"] = ""
        r = httpx.get(self.query_url, params=params, headers={"Accept": "application/sparql-results+json"},
                      timeout=10.0)
        r.raise_for_status()
        return r.json()["results"]["bindings"]

    def graph_counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-main")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def oxigraph(oxigraph_server):
    """The session server, emptied before the test."""
    oxigraph_server.update("DROP SILENT ALL")
    return oxigraph_server


@pytest.fixture(scope="session")
def wikidata_server(tmp_path_factory):
    """A second server standing in for Wikidata, holding a few statements in Wikidata's RDF shape."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-wikidata")).start()
    try:
        r = httpx.put(f"{server.store_url}?default", content=WIKIDATA_TTL.encode(),
                      headers={"Content-Type": "text/turtle"}, timeout=10.0)
        r.raise_for_status()
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------------
# Misbehaving servers
# --------------------------------------------------------------------------------------------------

class _Quiet(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/plain",
              headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class HttpServerThread:
    """A ThreadingHTTPServer on 127.0.0.1 running `handler` in a daemon thread."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> "HttpServerThread":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def proxy_server(upstream: str | None, *, fail_put_number: int | None = None, refuse: int | None = None,
                 user: str | None = None, password: str | None = None):
    """A stand-in in front of `upstream` (an oxigraph server).

    `refuse`: answer that status (401/403) to everything. `user`/`password`: answer 401 unless these
    Basic credentials are sent. `fail_put_number`: answer HTTP 500 to the N-th PUT (once). Otherwise
    forward the request. Returns (server, handler class); the handler class records what it saw.
    """
    import base64

    expected = None
    if user is not None:
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(_Quiet):
        puts = 0
        auth_seen: list[str] = []

        def _forward(self):
            body = self._body()
            auth = self.headers.get("Authorization") or ""
            Handler.auth_seen.append(auth)
            if refuse is not None or (expected is not None and auth != expected):
                code = refuse or 401
                self._send(code, b"access denied by the test server",
                           headers={"WWW-Authenticate": 'Basic realm="test"'} if code == 401 else None)
                return
            if self.command == "PUT":
                Handler.puts += 1
                if fail_put_number is not None and Handler.puts == fail_put_number:
                    self._send(500, b"storage engine exploded (test server)")
                    return
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            r = httpx.request(self.command, upstream + self.path, content=body or None, headers=headers,
                              timeout=20.0)
            self._send(r.status_code, r.content, r.headers.get("content-type", "text/plain"))

        do_GET = do_PUT = do_POST = do_DELETE = _forward

    return HttpServerThread(Handler), Handler


class SilentServer:
    """Accepts TCP connections and never answers (a hung server)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.conns.append(conn)
            except OSError:
                continue

    def __enter__(self) -> "SilentServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        for c in self.conns:
            c.close()
        self.sock.close()


# --------------------------------------------------------------------------------------------------
# A small published output (three documents + VoID), following docs/rdf-contract.md
# --------------------------------------------------------------------------------------------------

PREFIXES = f"""@prefix dip: <https://w3id.org/diplograph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix id: <{BASE}/> .
"""

DOC_A = """
id:document\\/doc_a a dip:JointStatement, schema:Article ; schema:headline "A joint statement" ;
    schema:name "A joint statement" ; rdfs:label "A joint statement" ; schema:inLanguage "en" ;
    schema:mentions id:person\\/enrique-ochoa, id:person\\/andreas-kravik, id:country\\/mexico, id:country\\/norway ;
    schema:about id:topic\\/multilateralism ; dip:genre "joint-statement" ; dip:text <{B}/document/doc_a#char=0,500> .
<{B}/document/doc_a#char=0,500> a nif:Context ; nif:isString "..." ; dip:sourceFile "doc_a.txt" .
<{B}/document/doc_a#char=0,13> a nif:String, nif:OffsetBasedString ; nif:beginIndex 0 ; nif:endIndex 13 ;
    nif:anchorOf "Enrique Ochoa" ; nif:referenceContext <{B}/document/doc_a#char=0,500> .
id:person\\/enrique-ochoa a dip:Person, schema:Person ; schema:name "Enrique Ochoa" ; rdfs:label "Enrique Ochoa" ;
    schema:alternateName "Under-Secretary Ochoa" ; owl:sameAs wd:Q9000001 ;
    schema:memberOf id:post\\/enrique-ochoa--under-secretary--mexico--2025-04-08 ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:person\\/andreas-kravik a dip:Person, schema:Person ; schema:name "Andreas Kravik" ; rdfs:label "Andreas Kravik" ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:post\\/enrique-ochoa--under-secretary--mexico--2025-04-08 a dip:Post, schema:OrganizationRole ;
    schema:roleName "Under-Secretary for Multilateral Affairs" ; schema:memberOf id:country\\/mexico ;
    dip:holder id:person\\/enrique-ochoa ; dip:attestedOn "2025-04-08"^^xsd:date ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:post\\/andreas-kravik--state-secretary--norway--2025-04-08 a dip:Post, schema:OrganizationRole ;
    schema:roleName "State Secretary" ; schema:memberOf id:country\\/norway ;
    dip:holder id:person\\/andreas-kravik ; dip:attestedOn "2025-04-08"^^xsd:date ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:country\\/mexico a dip:Country, schema:Country ; schema:name "Mexico" ; rdfs:label "Mexico" ; owl:sameAs wd:Q96 ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:country\\/norway a dip:Country, schema:Country ; schema:name "Norway" ; rdfs:label "Norway" ; owl:sameAs wd:Q20 ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:city\\/mexico-city a dip:City, schema:City ; schema:name "Mexico City" ; rdfs:label "Mexico City" ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:topic\\/multilateralism a dip:Topic, skos:Concept, schema:DefinedTerm ; schema:name "multilateralism" ;
    rdfs:label "multilateralism" ; skos:prefLabel "multilateralism" ; prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:event\\/doc_a--2025-04-08--consultations a dip:Consultation, schema:Event ; schema:name "consultations" ;
    schema:startDate "2025-04-08"^^xsd:date ; schema:location id:city\\/mexico-city ;
    schema:attendee id:person\\/enrique-ochoa, id:person\\/andreas-kravik ;
    schema:about id:topic\\/multilateralism ; dip:purpose "consultations on multilateral issues" ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:initiative\\/un80 a dip:Initiative, schema:Project ; schema:name "UN80" ; rdfs:label "UN80 initiative" ;
    dip:launchedBy id:person\\/secretary-general ; prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:person\\/secretary-general a dip:Person, schema:Person ; schema:name "Secretary General" ;
    rdfs:label "Secretary General" ; prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
id:stance\\/doc_a--100 a dip:Support, schema:EndorseAction ; schema:agent id:country\\/mexico, id:country\\/norway ;
    schema:object id:initiative\\/un80 ; schema:description "Mexico and Norway support the efforts" ;
    prov:wasDerivedFrom <{B}/document/doc_a#char=0,13> .
"""

DOC_B = """
id:document\\/doc_b a dip:OpinionArticle, schema:OpinionNewsArticle ; schema:headline "A view" ;
    schema:name "A view" ; rdfs:label "A view" ; schema:datePublished "2021-02-09"^^xsd:date ;
    schema:author id:person\\/julian-ventura ; schema:publisher id:organization\\/chatham-house ;
    schema:isPartOf id:series\\/the-americas ; schema:mentions id:country\\/mexico, id:organization\\/un ;
    schema:image id:image\\/doc_b--50 ; schema:citation id:citation\\/doc_b--900 ;
    dip:genre "opinion" ; dip:text <{B}/document/doc_b#char=0,999> .
<{B}/document/doc_b#char=0,999> a nif:Context ; nif:isString "..." ; dip:sourceFile "doc_b.txt" .
<{B}/document/doc_b#char=10,24> a nif:String, nif:OffsetBasedString ; nif:beginIndex 10 ; nif:endIndex 24 ;
    nif:anchorOf "Julian Ventura" ; nif:referenceContext <{B}/document/doc_b#char=0,999> .
id:person\\/julian-ventura a dip:Person, schema:Person ; schema:name "Julian Ventura" ; rdfs:label "Julian Ventura" ;
    schema:alternateName "Julián Ventura" ; prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
id:post\\/julian-ventura--deputy-minister--mexico--2019 a dip:Post, schema:OrganizationRole ;
    schema:roleName "Deputy Foreign Minister" ; schema:memberOf id:country\\/mexico ;
    dip:holder id:person\\/julian-ventura ; schema:startDate "2019"^^xsd:gYear ; schema:endDate "2020"^^xsd:gYear ;
    prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
id:organization\\/chatham-house a dip:Organization, schema:Organization ; schema:name "Chatham House" ;
    rdfs:label "Chatham House" ; prov:wasDerivedFrom <{B}/document/doc_b/sidecar> .
id:organization\\/un a dip:Organization, schema:Organization, dip:InternationalOrganization ;
    schema:name "United Nations" ; rdfs:label "United Nations" ; owl:sameAs wd:Q1065 ;
    prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
id:series\\/the-americas a dip:Series, schema:CreativeWorkSeries ; schema:name "The Americas" ;
    rdfs:label "The Americas" ; prov:wasDerivedFrom <{B}/document/doc_b/sidecar> .
<{B}/document/doc_b/sidecar> a prov:Entity ; dip:sourceFile "doc_b.meta.yaml" .
id:image\\/doc_b--50 a dip:Photo, schema:ImageObject ; schema:caption "Leaders at the UN" ;
    schema:dateCreated "2020-12-28"^^xsd:date ; schema:contentLocation id:city\\/new-york ;
    schema:creditText "Photo: Someone/Agency" ; prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
id:city\\/new-york a dip:City, schema:City ; schema:name "New York" ; rdfs:label "New York" ;
    prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
id:citation\\/doc_b--900 a dip:Footnote, schema:CreativeWork ; schema:name "A report" ;
    schema:text "1 A report, p.116" ; schema:pagination "p.116" ; dip:footnoteNumber 1 ;
    schema:datePublished "2021"^^xsd:gYear ; prov:wasDerivedFrom <{B}/document/doc_b#char=10,24> .
"""

DOC_C = """
id:document\\/doc_c a dip:NewsProfile, schema:NewsArticle ; schema:headline "A profile" ;
    schema:name "A profile" ; rdfs:label "A profile" ; schema:datePublished "2021-11-02"^^xsd:date ;
    schema:publisher id:organization\\/passblue ; schema:mentions id:person\\/juan-ramon-de-la-fuente,
    id:person\\/enrique-ochoa, id:country\\/mexico ; dip:genre "news-profile" ; dip:text <{B}/document/doc_c#char=0,2000> .
<{B}/document/doc_c#char=0,2000> a nif:Context ; nif:isString "..." ; dip:sourceFile "doc_c.txt" .
<{B}/document/doc_c#char=40,60> a nif:String, nif:OffsetBasedString ; nif:beginIndex 40 ; nif:endIndex 60 ;
    nif:anchorOf "words" ; nif:referenceContext <{B}/document/doc_c#char=0,2000> .
<{B}/document/doc_c#char=300,320> a nif:String, nif:OffsetBasedString ; nif:beginIndex 300 ; nif:endIndex 320 ;
    nif:anchorOf "other words" ; nif:referenceContext <{B}/document/doc_c#char=0,2000> .
id:organization\\/passblue a dip:Organization, schema:Organization ; schema:name "PassBlue" ; rdfs:label "PassBlue" ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:organization\\/un-security-council a dip:Organization, schema:Organization, dip:UNOrgan ;
    schema:name "UN Security Council" ; rdfs:label "UN Security Council" ; prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:organization\\/unam a dip:Organization, schema:Organization ; schema:name "UNAM" ; rdfs:label "UNAM" ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:person\\/juan-ramon-de-la-fuente a dip:Person, schema:Person ; schema:name "Juan Ramón de la Fuente" ;
    rdfs:label "Juan Ramón de la Fuente" ; schema:alumniOf id:organization\\/unam ; owl:sameAs wd:Q9000002 ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:person\\/enrique-ochoa a dip:Person, schema:Person ; schema:name "Enrique Ochoa" ; rdfs:label "Enrique Ochoa" ;
    owl:sameAs wd:Q9000001 ; prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:post\\/juan-ramon-de-la-fuente--ambassador--mexico--2018 a dip:Post, schema:OrganizationRole ;
    schema:roleName "Permanent Representative to the UN" ; schema:memberOf id:country\\/mexico ;
    dip:holder id:person\\/juan-ramon-de-la-fuente ; schema:startDate "2018"^^xsd:gYear ;
    dip:attestedOn "2021-11-02"^^xsd:date ; prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:post\\/mexico--member--un-security-council--2021 a dip:Post, schema:OrganizationRole ;
    schema:roleName "elected member" ; schema:memberOf id:organization\\/un-security-council ;
    dip:holder id:country\\/mexico ; schema:startDate "2021"^^xsd:gYear ; schema:endDate "2022"^^xsd:gYear ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:country\\/mexico a dip:Country, schema:Country ; schema:name "Mexico" ; rdfs:label "Mexico" ; owl:sameAs wd:Q96 ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:event\\/doc_c--2021-11-09--debate-on-small-arms a dip:CouncilMeeting, schema:Event ;
    schema:name "debate on small arms" ; schema:startDate "2021-11-09"^^xsd:date ;
    dip:forum id:organization\\/un-security-council ; schema:organizer id:country\\/mexico ;
    dip:chairedBy id:person\\/juan-ramon-de-la-fuente ; schema:attendee id:person\\/juan-ramon-de-la-fuente, id:person\\/enrique-ochoa ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:quotation\\/doc_c--40 a dip:Quotation, schema:Quotation ; schema:text "words" ;
    schema:creator id:person\\/juan-ramon-de-la-fuente ; schema:isPartOf id:document\\/doc_c ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=40,60> .
id:quotation\\/doc_c--300 a dip:Quotation, schema:Quotation ; schema:text "other words" ;
    schema:creator id:person\\/juan-ramon-de-la-fuente ; schema:isPartOf id:document\\/doc_c ;
    prov:wasDerivedFrom <{B}/document/doc_c#char=300,320> .
"""

VOID = """
<{B}/dataset> a void:Dataset ; dcterms:title "diplograph test dataset" ; void:triples {N} .
"""

WIKIDATA_TTL = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
wd:Q9000001 wdt:P31 wd:Q5 ; wdt:P569 "1970-01-02T00:00:00Z"^^xsd:dateTime ; wdt:P39 wd:Q9100001 .
wd:Q9100001 rdfs:label "Under-Secretary for Multilateral Affairs"@en, "Subsecretario"@es .
wd:Q9000002 wdt:P31 wd:Q5 ; wdt:P569 "1951-09-05T00:00:00Z"^^xsd:dateTime ; wdt:P39 wd:Q9100002, wd:Q9100003 .
wd:Q9100002 rdfs:label "Permanent Representative of Mexico to the United Nations"@en .
wd:Q9100003 rdfs:label "Secretary of Foreign Affairs"@en .
wd:Q96 wdt:P31 wd:Q6256 .
"""

DOCS = {"doc_a": DOC_A, "doc_b": DOC_B, "doc_c": DOC_C}
ENTITY_KINDS = ("person", "country", "city", "place", "organization", "agreement", "initiative", "topic", "series")


def _name_keys(triples) -> set:
    """The dip:nameKey triples rdfize writes for the names of entities (docs/rdf-contract.md)."""
    from diplograph.ns import name_key

    names = {"https://schema.org/name", "https://schema.org/alternateName"}
    key = ox.NamedNode("https://w3id.org/diplograph/ontology#nameKey")
    return {ox.Triple(t.subject, key, ox.Literal(name_key(t.object.value))) for t in triples
            if t.predicate.value in names and t.subject.value.startswith(tuple(f"{BASE}/{k}/" for k in ENTITY_KINDS))}


def _turtle(body: str) -> bytes:
    """Body parsed and re-serialised with pyoxigraph (what the build writes: plain Turtle, no graph)."""
    text = PREFIXES + body.replace("{B}", BASE)
    triples = [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    triples = sorted(set(triples) | _name_keys(triples), key=str)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes={"dip": "https://w3id.org/diplograph/ontology#", "schema": "https://schema.org/"})


def write_output(root: Path, docs: dict[str, str] | None = None) -> Path:
    """Write graphs/*.ttl, void.ttl, dataset.nq and manifest.json under `root`; return root."""
    docs = DOCS if docs is None else docs
    if root.exists():
        shutil.rmtree(root)
    (root / "graphs").mkdir(parents=True)
    manifest = {"base": BASE, "ontology_version": "0.0.0-test", "graphs": []}
    quads: list[ox.Quad] = []
    total = 0
    for stem, body in sorted(docs.items()):
        data = _turtle(body)
        (root / "graphs" / f"{stem}.ttl").write_bytes(data)
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        g = ox.NamedNode(f"{BASE}/graph/{stem}")
        quads += [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
        total += len(triples)
        manifest["graphs"].append({"stem": stem, "graph": f"<{BASE}/graph/{stem}>", "file": f"graphs/{stem}.ttl",
                                   "triples": len(triples), "sha256": hashlib.sha256(data).hexdigest()})
    subsets = "".join(f"<{{B}}/dataset> void:subset <{{B}}/graph/{e['stem']}> . "
                      f"<{{B}}/graph/{e['stem']}> void:triples {e['triples']} .\n" for e in manifest["graphs"])
    void = _turtle(VOID.replace("{N}", str(total)) + subsets)
    (root / "void.ttl").write_bytes(void)
    void_triples = list(ox.parse(void, format=ox.RdfFormat.TURTLE))
    vg = ox.NamedNode(f"{BASE}/graph/void")
    quads += [ox.Quad(t.subject, t.predicate, t.object, vg) for t in void_triples]
    manifest["void"] = {"graph": f"<{BASE}/graph/void>", "file": "void.ttl", "triples": len(void_triples)}
    (root / "dataset.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return root


@pytest.fixture()
def output_dir(tmp_path) -> Path:
    return write_output(tmp_path / "output")
