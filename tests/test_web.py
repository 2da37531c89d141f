"""The linked-data server: negotiation matrix, pages (parsed), errors, SPARQL limits, a real uvicorn.

The published output is a small fixture written here following docs/rdf-contract.md (made-up facts;
no seed document is used), so these tests do not depend on `diplograph build`.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pytest
import rdflib
from bs4 import BeautifulSoup
import warnings

with warnings.catch_warnings():  # starlette 1.x suggests httpx2 for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.ns import DEFAULT_BASE, PREFIXES
from diplograph.web import create_app

BASE = DEFAULT_BASE
STEM = "900_fixture"
DOC = f"{BASE}/document/{STEM}"
TEXT = (
    "Geneva, 3 May 2024. Ada Example, Under-Secretary for Testing of Freedonia, met Bob Sample.\n"
    "\"We will keep the <script>alert('x')</script> & other tags out,\" Ada Example said.\n"
    "Bob Sample was Ambassador of Freedonia to the United Nations from 2019 to 2021.\n"
    "Delegates from 東京 attended.\n"
)
PREFIX_TTL = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())

ONTOLOGY_TTL = PREFIX_TTL + """
<https://w3id.org/diplograph/ontology> a owl:Ontology ; dcterms:title "Diplograph test ontology" ; owl:versionInfo "0.0-test" .
dip:Person a owl:Class ; rdfs:label "Person" ; rdfs:comment "A human being." ;
    owl:equivalentClass schema:Person ; skos:exactMatch wd:Q5 .
dip:Post a owl:Class ; rdfs:label "Post" ; rdfs:subClassOf schema:OrganizationRole .
dip:Organization a owl:Class ; rdfs:label "Organization" ; owl:equivalentClass schema:Organization .
dip:Country a owl:Class ; rdfs:label "Country" ; rdfs:subClassOf dip:Organization ; owl:equivalentClass schema:Country .
dip:holder a owl:ObjectProperty ; rdfs:label "holder" ; rdfs:domain dip:Post ; rdfs:range dip:Person .
dip:attestedOn a owl:DatatypeProperty ; rdfs:label "attested on" ; rdfs:domain dip:Post .
schema:memberOf rdfs:label "member of" .
"""


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def fixture_turtle(text: str = TEXT) -> str:
    """The named graph of the fixture document, per the RDF contract."""

    def span(b: int, e: int) -> str:
        return f"<{DOC}#char={b},{e}>"

    lines = text.split("\n")
    sentences, pos = [], 0
    for line in lines:
        if line:
            sentences.append((pos, pos + len(line)))
        pos += len(line) + 1

    def sentence_of(b: int) -> tuple[int, int]:
        return next(s for s in sentences if s[0] <= b < s[1])

    out = [PREFIX_TTL]
    ctx = span(0, len(text))
    out.append(f'{ctx} a nif:Context, nif:String ; nif:isString {json.dumps(text, ensure_ascii=False)} ; '
               f'nif:beginIndex 0 ; nif:endIndex {len(text)} ; dip:sourceFile "{STEM}.txt" ; '
               f'dip:sha256 "{hashlib.sha256(text.encode()).hexdigest()}" .')

    def span_triples(b: int, e: int) -> str:
        sb, se = sentence_of(b)
        return (f"{span(b, e)} a nif:String, nif:OffsetBasedString ; nif:beginIndex {b} ; nif:endIndex {e} ; "
                f"nif:anchorOf {json.dumps(text[b:e], ensure_ascii=False)} ; nif:referenceContext {ctx} ; "
                f"nif:sentence {span(sb, se)} .\n"
                f"{span(sb, se)} a nif:Sentence, nif:String ; nif:beginIndex {sb} ; nif:endIndex {se} ; "
                f"nif:anchorOf {json.dumps(text[sb:se], ensure_ascii=False)} ; nif:referenceContext {ctx} .")

    ada1, ada2 = _span(text, "Ada Example"), _span(text, "Ada Example", 1)
    bob1, bob2 = _span(text, "Bob Sample"), _span(text, "Bob Sample", 1)
    post1 = _span(text, "Under-Secretary for Testing of Freedonia")
    post2 = _span(text, "Ambassador of Freedonia to the United Nations from 2019 to 2021")
    fre = _span(text, "Freedonia")
    quote_words = _span(text, "We will keep the <script>alert('x')</script> & other tags out,")
    geneva = _span(text, "Geneva")
    tokyo = _span(text, "東京")
    meeting = _span(text, "Ada Example, Under-Secretary for Testing of Freedonia, met Bob Sample.")
    for b, e in {ada1, ada2, bob1, bob2, post1, post2, fre, quote_words, geneva, tokyo, meeting}:
        out.append(span_triples(b, e))
    P = f"{BASE}/person"
    out.append(f"""
<{DOC}> a dip:NewsProfile, schema:NewsArticle ; schema:headline "A fixture <b>article</b>" ;
    schema:name "A fixture <b>article</b>" ; rdfs:label "A fixture <b>article</b>" ;
    schema:datePublished "2024-05-03"^^xsd:date ; schema:url <https://example.org/news/1> ;
    schema:inLanguage "en" ; schema:mentions <{P}/ada-example>, <{P}/bob-sample>, <{BASE}/country/freedonia> ;
    dip:genre "news" ; dip:text {ctx} .
<{DOC}/sidecar> a prov:Entity ; dip:sourceFile "{STEM}.meta.yaml" .
<{P}/ada-example> a dip:Person, schema:Person ; schema:name "Ada Example" ; rdfs:label "Ada Example" ;
    schema:alternateName "A. Example" ; schema:knowsLanguage "Spanish" ;
    owl:sameAs <http://www.wikidata.org/entity/Q4200042> ;
    schema:memberOf <{BASE}/post/ada-example--under-secretary-for-testing--freedonia--2024-05-03> ;
    prov:wasDerivedFrom {span(*ada1)}, {span(*ada2)} .
<{P}/bob-sample> a dip:Person, schema:Person ; schema:name "Bob Sample" ; rdfs:label "Bob Sample" ;
    schema:memberOf <{BASE}/post/bob-sample--ambassador--freedonia--2019> ;
    prov:wasDerivedFrom {span(*bob1)}, {span(*bob2)} .
<{BASE}/post/ada-example--under-secretary-for-testing--freedonia--2024-05-03> a dip:Post, schema:OrganizationRole ;
    rdfs:label "Under-Secretary for Testing (Ada Example)" ;
    schema:roleName "Under-Secretary for Testing" ; schema:memberOf <{BASE}/country/freedonia> ;
    dip:holder <{P}/ada-example> ; dip:attestedOn "2024-05-03"^^xsd:date ; prov:wasDerivedFrom {span(*post1)} .
<{BASE}/post/bob-sample--ambassador--freedonia--2019> a dip:Post, schema:OrganizationRole ;
    rdfs:label "Ambassador (Bob Sample)" ;
    schema:roleName "Ambassador to the United Nations" ; schema:memberOf <{BASE}/country/freedonia> ;
    dip:holder <{P}/bob-sample> ; schema:startDate "2019"^^xsd:gYear ; schema:endDate "2021"^^xsd:gYear ;
    prov:wasDerivedFrom {span(*post2)} .
<{BASE}/post/bob-sample--envoy--freedonia> a dip:Post, schema:OrganizationRole ;
    rdfs:label "Envoy (Bob Sample)" ; schema:roleName "Envoy" ; schema:memberOf <{BASE}/country/freedonia> ;
    dip:holder <{P}/bob-sample> ; dip:former true ; prov:wasDerivedFrom <{DOC}/sidecar> .
<{BASE}/country/freedonia> a dip:Country, schema:Country ; schema:name "Freedonia" ; rdfs:label "Freedonia" ;
    prov:wasDerivedFrom {span(*fre)} .
<{BASE}/city/geneva> a dip:City, schema:City ; schema:name "Geneva" ; rdfs:label "Geneva" ;
    prov:wasDerivedFrom {span(*geneva)} .
<{BASE}/city/東京> a dip:City, schema:City ; schema:name "東京" ; rdfs:label "東京" ;
    prov:wasDerivedFrom {span(*tokyo)} .
<{BASE}/event/{STEM}--2024-05-03--meeting> a dip:Meeting, schema:Event ; schema:name "Meeting of Ada Example and Bob Sample" ;
    rdfs:label "Meeting of Ada Example and Bob Sample" ; schema:startDate "2024-05-03"^^xsd:date ;
    schema:location <{BASE}/city/geneva> ; schema:attendee <{P}/ada-example>, <{P}/bob-sample> ;
    prov:wasDerivedFrom {span(*meeting)} .
<{BASE}/quotation/{STEM}--{quote_words[0]}> a dip:Quotation, schema:Quotation ;
    rdfs:label "Quotation of Ada Example" ;
    schema:text {json.dumps(text[quote_words[0]:quote_words[1]])} ; schema:creator <{P}/ada-example> ;
    schema:isPartOf <{DOC}> ; prov:wasDerivedFrom {span(*quote_words)} .
""")
    return "\n".join(out)


def write_fixture(out: Path, base: str = BASE) -> Path:
    """A published output folder (dataset.ttl/.nq, graphs/, void.ttl, manifest.json) + ontology."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "graphs").mkdir(exist_ok=True)
    ttl = fixture_turtle()
    (out / "graphs" / f"{STEM}.ttl").write_text(ttl, encoding="utf-8")
    graph = ox.NamedNode(f"{base}/graph/{STEM}")
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)]
    void = PREFIX_TTL + f"""
<{base}/dataset> a void:Dataset, dcat:Dataset ; dcterms:title "diplograph test dataset" ;
    void:triples {len(quads)} ; void:uriSpace "{base}/" ; void:sparqlEndpoint <http://localhost/sparql> ;
    void:subset <{base}/graph/{STEM}> ; dcat:distribution <{base}/distribution/turtle> .
<{base}/distribution/turtle> a dcat:Distribution ; dcat:mediaType "text/turtle" ; dcterms:title "Turtle dump" .
"""
    (out / "void.ttl").write_text(void, encoding="utf-8")
    vg = ox.NamedNode(f"{base}/graph/void")
    quads += [ox.Quad(t.subject, t.predicate, t.object, vg) for t in ox.parse(void, format=ox.RdfFormat.TURTLE)]
    (out / "dataset.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    (out / "dataset.ttl").write_bytes(ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                                   format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    (out / "manifest.json").write_text(json.dumps({
        "base": base, "ontology_version": "0.0-test",
        "graphs": [{"stem": STEM, "graph": str(graph.value), "file": f"graphs/{STEM}.ttl", "triples": len(quads),
                    "sha256": hashlib.sha256(ttl.encode()).hexdigest()}],
        "void": {"file": "void.ttl", "graph": f"{base}/graph/void"}}), encoding="utf-8")
    onto = out.parent / "ontology.ttl"
    onto.write_text(ONTOLOGY_TTL, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def output_dir(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("web") / "output")


@pytest.fixture(scope="module")
def client(output_dir):
    app = create_app(output_dir, ontology_path=output_dir.parent / "ontology.ttl", query_timeout=1.0,
                     max_rows=500)
    with TestClient(app) as c:
        yield c


PERSON = "/id/person/ada-example"
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def soup(resp) -> BeautifulSoup:
    return BeautifulSoup(resp.text, "html.parser")


def jsonld_graph(data: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format="json-ld")


# --------------------------------------------------------------------------------------------------
# Content negotiation

@pytest.mark.parametrize("accept, media, parser", [
    ("text/html", "text/html", None),
    (HTML, "text/html", None),
    ("*/*", "text/html", None),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/json", "application/ld+json", "json-ld"),
    ("text/html;q=0.5, text/turtle", "text/turtle", "turtle"),
    ("text/turtle;q=0.2, application/ld+json;q=0.9", "application/ld+json", "json-ld"),
    ("application/rdf+xml, */*;q=0.1", "text/html", None),
])
def test_negotiation_matrix(client, accept, media, parser):
    r = client.get(PERSON, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    link = r.headers["link"]
    for suffix, mt in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples")):
        assert f'<{PERSON}{suffix}>; rel="alternate"; type="{mt}"' in link
    if parser:
        g = rdflib.Graph().parse(data=r.content, format=parser)
        ada = rdflib.URIRef(f"{BASE}/person/ada-example")
        assert (ada, rdflib.RDF.type, rdflib.URIRef("https://schema.org/Person")) in g
        assert (ada, rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q4200042")) in g


def test_not_acceptable(client):
    r = client.get(PERSON, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 406


@pytest.mark.parametrize("suffix, media, parser", [
    (".ttl", "text/turtle", "turtle"), (".jsonld", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "nt"), (".html", "text/html", None)])
def test_suffix_urls(client, suffix, media, parser):
    r = client.get(PERSON + suffix, headers={"Accept": "text/html"})  # the suffix wins over Accept
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    if parser:
        assert len(rdflib.Graph().parse(data=r.content, format=parser)) > 5


def test_formats_hold_the_same_triples(client):
    from rdflib.compare import isomorphic

    graphs = [rdflib.Graph().parse(data=client.get(PERSON + s).content, format=f)
              for s, f in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt"))]
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def test_description_both_ways_and_enough_to_render(client):
    g = rdflib.Graph().parse(data=client.get(PERSON + ".ttl").content, format="turtle")
    ada = rdflib.URIRef(f"{BASE}/person/ada-example")
    post = rdflib.URIRef(f"{BASE}/post/ada-example--under-secretary-for-testing--freedonia--2024-05-03")
    sdo = rdflib.Namespace("https://schema.org/")
    nif = rdflib.Namespace(PREFIXES["nif"])
    assert (rdflib.URIRef(DOC), sdo.mentions, ada) in g  # incoming
    assert (post, sdo.roleName, rdflib.Literal("Under-Secretary for Testing")) in g  # the post
    spans = list(g.objects(ada, rdflib.URIRef(PREFIXES["prov"] + "wasDerivedFrom")))
    assert spans and all(g.value(s, nif.sentence) is not None for s in spans)
    assert g.value(g.value(spans[0], nif.sentence), nif.anchorOf) is not None
    jd = json.loads(client.get(PERSON + ".jsonld").content)
    assert jd["@context"]["schema"] == "https://schema.org/"


@pytest.mark.parametrize("accept, media", [
    ("text/html", "text/html"), ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples")])
def test_unknown_iri_is_404_in_the_requested_format(client, accept, media):
    r = client.get("/id/person/nobody-at-all", headers={"Accept": accept})
    assert r.status_code == 404
    assert r.headers["content-type"].split(";")[0] == media
    if media == "text/turtle":
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) == 0
    elif media == "application/ld+json":
        assert len(jsonld_graph(r.content)) == 0
    elif media == "text/html":
        assert soup(r).h1.get_text() == "404"


def test_unknown_iri_with_suffix_is_404_in_that_format(client):
    r = client.get("/id/person/nobody.ttl")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("path", [
    "/id/../../etc/passwd", "/id/%2e%2e/%2e%2e/etc/passwd", "/id/person/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/person/..%2f..%2fetc%2fpasswd", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/web/app.py",
    "/id/person/ada-example%00.ttl", "/id/person/%ff%fe", "/etc/passwd",
])
def test_path_traversal_and_junk_paths_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text and "import " not in r.text


def _raw_status(app, raw: bytes) -> int:
    import asyncio

    async def call():
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": raw.decode("latin-1"), "raw_path": raw, "query_string": b"",
                 "root_path": "", "headers": [(b"host", b"testserver")], "server": ("testserver", 80),
                 "client": ("127.0.0.1", 1)}
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)
        return sent[0]["status"]

    return asyncio.run(call())


def test_raw_dot_segments_are_refused(client):
    """httpx removes dot segments itself: hand them to the ASGI app as a server would."""
    app = client.app
    for raw in (b"/id/../../etc/passwd", b"/id/person/../../../../etc/passwd", b"/static/../../pyproject.toml",
                b"/id/./person/ada-example"):
        assert _raw_status(app, raw) == 404
    assert _raw_status(app, b"/id/person/ada-example") == 200


def test_odd_iris(client):
    # non-Latin slug, percent-encoded in the request
    r = client.get("/id/city/" + quote("東京"))
    assert r.status_code == 200
    assert soup(r).h1.get_text() == "東京"
    r = client.get("/id/city/" + quote("東京") + ".ttl")
    assert r.status_code == 200 and "東京" in r.text
    # very long
    assert client.get("/id/person/" + "x" * 2500).status_code == 414
    assert client.get("/id/person/" + "%41" * 900).status_code in (404, 414)
    assert client.get("/id/person/" + "x" * 1900).status_code == 404
    # characters that cannot be in an IRI
    assert client.get("/id/person/a%20b%3Cc%3E").status_code == 404
    # the base itself
    assert client.get("/id", follow_redirects=False).status_code in (301, 302, 307, 308)


# --------------------------------------------------------------------------------------------------
# Pages

def test_person_page(client):
    page = soup(client.get(PERSON, headers={"Accept": HTML}))
    assert page.h1.get_text() == "Ada Example"
    types = {a.get_text(): a["href"] for a in page.select("p.types a.type")}
    assert types["dip:Person"] == "/ontology#Person"
    assert types["schema:Person"] == "/ontology#schema:Person"
    assert page.select_one("p.wikidata a")["href"] == "http://www.wikidata.org/entity/Q4200042"
    # property labels from the ontology (member of) or the local name (knows language)
    heads = [th.get_text(strip=True) for th in page.select("section.outgoing th")]
    assert "member of" in heads and "knows language" in heads
    incoming = [th.get_text(strip=True) for th in page.select("section.incoming th")]
    assert "holder ←" in incoming and "mentions ←" in incoming
    # timeline
    rows = page.select("table.posts tbody tr")
    assert len(rows) == 1
    cells = [td.get_text(strip=True) for td in rows[0].select("td")]
    assert cells[0] == "Under-Secretary for Testingsource"  # the role, then the link to its sentence
    assert cells[1].startswith("Freedonia") and cells[2] == "2024-05-03"
    # columns that no post fills are left out
    assert [th.get_text() for th in page.select("table.posts thead th")] == ["Role", "Organisation", "Attested"]
    # source sentences, linked to the document page at the span
    sources = page.select("section.sources li.source")
    assert len(sources) == 2
    assert sources[0].mark.get_text() == "Ada Example"
    assert "Under-Secretary for Testing of Freedonia" in sources[0].blockquote.get_text()
    assert sources[0].select_one("a.source-link")["href"].startswith("/id/document/900_fixture#char=")
    # nothing loaded from elsewhere; only wikidata links go out
    assert not page.find_all(["script", "img", "iframe"])
    for tag in page.find_all(href=True):
        if tag["href"].startswith(("http://", "https://", "//")):  # a document's own URL may
            assert tag.name == "a" and ("wikidata.org" in tag["href"] or "source-url" in tag["class"])


def test_person_page_answers_questions(client):
    page = soup(client.get(PERSON))
    assert page.select_one("p.lead").get_text() == "Under-Secretary for Testing, Freedonia, 2024"
    # the timeline is drawn on the server: an SVG, no script
    svg = page.select_one("figure.timeline svg")
    assert svg is not None and len(svg.select("g.post")) == 1 and svg.select("circle")
    # each post row links to the sentence it was read from
    source = page.select_one("table.posts a.post-source")
    assert source["href"].startswith(f"/id/document/{STEM}#char=")
    assert "Under-Secretary for Testing of Freedonia" in source["title"]
    # whom they met, with the shared event and its date
    met = page.select_one("section.met li")
    assert met.a.get_text() == "Bob Sample"
    assert "Meeting of Ada Example and Bob Sample" in met.select_one("a.event").get_text()
    assert "(2024-05-03)" in met.get_text()
    # the documents that mention the person, with their dates
    doc = page.select_one("section.mentioned-in li")
    assert doc.select_one("a.title")["href"] == f"/id/document/{STEM}" and doc.time.get_text() == "2024-05-03"
    # readable sentences first; types and raw properties in a collapsed data section
    order = [sec.get("id") for sec in page.select("article > section")]
    assert order.index("sources") < order.index("data")
    data = page.select_one("section#data details")
    assert data is not None and not data.has_attr("open") and data.select_one("p.types")


def test_document_page_has_a_header_and_a_legend(client):
    page = soup(client.get(f"/id/document/{STEM}"))
    header = page.select_one("p.docheader")
    assert header.time.get_text() == "2024-05-03"
    assert header.select_one("a.source-url")["href"] == "https://example.org/news/1"
    legend = [m.get_text() for m in page.select("p.legend > mark")]
    assert "person" in legend and "quotation" in legend
    kinds = {c for m in page.select("div.doctext mark") for c in m["class"] if c.startswith("kind-")}
    assert {f"kind-{k}" for k in legend} >= kinds


def test_timeline_is_sorted_and_shows_dates(client):
    page = soup(client.get("/id/person/bob-sample"))
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("table.posts tbody tr")]
    assert [r[0] for r in rows] == ["Ambassador to the United Nations source", "Envoy (former) source"]
    assert rows[0][2:4] == ["2019", "2021"]
    # the sidecar-derived post has no sentence but says where it comes from
    envoy = soup(client.get("/id/post/bob-sample--envoy--freedonia"))
    assert "900_fixture.meta.yaml" in envoy.select_one("section.sources").get_text()


def test_document_page_escapes_and_highlights(client):
    r = client.get(DOC.replace(BASE, "/id"))
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert" in r.text
    page = soup(r)
    assert page.find("script") is None
    assert page.find("b") is None  # the headline's <b> is text too
    assert page.h1.get_text() == "A fixture <b>article</b>"
    text = page.select_one("div.doctext")
    assert text.get_text() == TEXT  # the slicing loses and adds nothing
    marks = {m["id"]: m for m in text.find_all("mark")}
    ada = marks["char=%d,%d" % _span(TEXT, "Ada Example")]
    assert ada.get_text() == "Ada Example" and ada.a["href"] == PERSON
    # a mention nested in a longer span keeps its own link
    post = marks["char=%d,%d" % _span(TEXT, "Under-Secretary for Testing of Freedonia")]
    assert post.find("mark").a["href"] == "/id/country/freedonia"
    assert post.a["href"].startswith("/id/post/")
    words = "We will keep the <script>alert('x')</script> & other tags out,"
    q = marks["char=%d,%d" % _span(TEXT, words)]
    assert q.get_text() == words and q.a["href"].startswith("/id/quotation/")


def test_derived_from_shows_the_quoted_text_not_the_fragment(client):
    page = soup(client.get(PERSON, headers={"Accept": HTML}))
    row = next(tr for tr in page.select("section.outgoing tr") if tr.th.a["href"] == "/ontology#prov:wasDerivedFrom")
    links = row.select("a.span")
    assert len(links) == 2
    for a in links:
        assert a.q.get_text() == "Ada Example"  # nif:anchorOf
        assert a["href"].startswith("/id/document/900_fixture#char=")
        assert "characters" in a.find_next_sibling("span", class_="where").get_text()
    assert "#char=" not in row.get_text()
    # the quotation's span (with markup in it) is quoted escaped, on the quotation's page
    quotation = page.find("a", href=re.compile("^/id/quotation/"))
    qpage = client.get(quotation["href"], headers={"Accept": HTML})
    assert "<script>alert" not in qpage.text
    assert any("<script>alert('x')</script>" in q.get_text() for q in soup(qpage).select("a.span q"))


def test_document_page_shows_the_text_before_the_property_tables(client):
    page = soup(client.get(DOC.replace(BASE, "/id"), headers={"Accept": HTML}))
    sections = [sec.get("id") for sec in page.select("article > section")]
    assert sections[0] == "text" and sections.index("text") < sections.index("properties")
    toc = page.select_one("nav.toc")
    assert [a["href"] for a in toc.find_all("a")][:2] == ["#text", "#properties"]
    assert all(page.find(id=a["href"][1:]) is not None for a in toc.find_all("a"))
    # the document's text (its nif:Context) is quoted text too, not a raw fragment
    outgoing = page.select_one("section.outgoing")
    assert "#char=" not in outgoing.get_text()
    context = outgoing.select_one("a.span")
    assert context["href"] == "/id/document/900_fixture#text"
    assert context.q.get_text().startswith("Geneva, 3 May 2024.") and context.q.get_text().endswith("…")


def test_home_lists_documents_and_the_most_mentioned_not_kinds(client):
    page = soup(client.get("/"))
    assert not page.select("ul.kinds")  # internal kinds live on /types/
    # regression: the count once included the sidecar records (…/document/x/sidecar)
    assert "from 1 diplomatic documents" in page.select_one("p.lead").get_text()
    doc = page.select_one("section.documents li")
    assert doc.select_one("a.title").get_text() == "A fixture <b>article</b>"
    assert doc.select_one("a.title")["href"] == f"/id/document/{STEM}"
    meta = doc.select_one("span.docmeta")
    assert meta.time["datetime"] == "2024-05-03" and meta.select_one(".genre").get_text() == "news"
    assert meta.select_one("a.source-url")["href"] == "https://example.org/news/1"
    people = [a.get_text() for a in page.select("section.mentioned .column")[0].select("ol a")]
    assert people == ["Ada Example", "Bob Sample"]  # both read from 2 passages: by label
    assert page.select_one("form.search input[name=q]") is not None


def test_search_names_first_then_sentences_with_snippets(client):
    hits = soup(client.get("/", params={"q": "EXAMPLE"}))
    names = [a.get_text() for a in hits.select("li.hit.name a")]
    assert names[0] == "Ada Example"
    snippets = hits.select("li.hit.sentence a.snippet")
    assert snippets and all(a.mark.get_text().casefold() == "example" for a in snippets)
    assert snippets[0]["href"].startswith(f"/id/document/{STEM}#char=")
    # words of a sentence (not a name) are found, accent- and case-insensitively
    said = soup(client.get("/", params={"q": "OTHER tags"}))
    assert not said.select("li.hit.name") and len(said.select("li.hit.sentence")) == 1
    assert soup(client.get("/", params={"q": "a. exam"})).select("li.hit.name a")  # alternateName
    assert soup(client.get("/", params={"q": "東"})).select("li.hit a")
    assert soup(client.get("/", params={"q": "nobody-here"})).select_one("p.empty")
    assert "<script>x" not in client.get("/", params={"q": "<script>x</script>"}).text


def test_search_is_paginated_not_capped(client, monkeypatch):
    from diplograph.web import pages

    monkeypatch.setattr(pages, "SEARCH_PAGE", 2)
    first = soup(client.get("/", params={"q": "a"}))
    total = int(first.select_one("section.results h2").get_text().split()[0])
    assert total > 4 and len(first.select("li.hit")) == 2
    assert first.select_one("nav.pager a[rel=next]")["href"] == "/?q=a&page=2"
    last = -(-total // 2)
    assert soup(client.get("/", params={"q": "a", "page": str(last)})).select("li.hit")
    assert client.get("/", params={"q": "a", "page": str(last + 1)}).status_code == 404


def test_lists_by_type_say_what_identifies_an_entry(client):
    people = soup(client.get("/types/person"))
    assert [a.get_text() for a in people.select("ul.list a")] == ["Ada Example", "Bob Sample"]
    details = [d.get_text() for d in people.select("ul.list span.detail")]
    assert details[0] == "Under-Secretary for Testing, Freedonia, 2024"
    assert details[1].startswith("Ambassador to the United Nations, Freedonia, 2019–2021")
    events = soup(client.get("/types/event"))
    assert events.select_one("ul.list span.detail").get_text() == "2024-05-03, Geneva"
    assert client.get("/types/nothing").status_code == 404


def test_lists_by_type_are_paginated(output_dir):
    app = create_app(output_dir, ontology_path=output_dir.parent / "ontology.ttl", list_page_size=1)
    with TestClient(app) as c:
        first = soup(c.get("/types/person"))
        assert [a.get_text() for a in first.select("ul.list a")] == ["Ada Example"]
        assert first.select_one("h1 span.count").get_text() == "2"  # the whole list, not the page
        pager = first.select_one("nav.pager")
        assert pager.select_one("a[rel=next]")["href"] == "/types/person?page=2"
        assert pager.select_one("a[rel=prev]") is None
        assert pager.select_one("[aria-current=page]").get_text() == "1"
        second = soup(c.get("/types/person", params={"page": "2"}))
        assert [a.get_text() for a in second.select("ul.list a")] == ["Bob Sample"]
        assert second.select_one("nav.pager a[rel=prev]")["href"] == "/types/person"
        assert second.select_one("nav.pager a[rel=next]") is None
        for bad in ("3", "0", "-1", "x", "1e3", "２", "9" * 30):
            r = c.get("/types/person", params={"page": bad})
            assert r.status_code == 404, bad
            assert r.headers["content-type"].startswith("text/html")
    # one page: no pager
    app = create_app(output_dir, ontology_path=output_dir.parent / "ontology.ttl")
    with TestClient(app) as c:
        assert soup(c.get("/types/person")).select_one("nav.pager") is None


def test_default_graph_is_the_merged_dataset(client, output_dir):
    """The default graph holds every published triple once (dataset.ttl + void.ttl, as after
    `diplograph load`); the named graphs and the ontology graph are still there."""
    merged = {(t.subject, t.predicate, t.object) for t in
              ox.parse(path=str(output_dir / "dataset.ttl"), format=ox.RdfFormat.TURTLE)}
    merged |= {(t.subject, t.predicate, t.object) for t in
               ox.parse(path=str(output_dir / "void.ttl"), format=ox.RdfFormat.TURTLE)}
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params={"query": count})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == len(merged)
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}/graph/{STEM}> {{ ?s ?p ?o }} }}"})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0
    r = client.get("/sparql", params={"query": "ASK { GRAPH <https://w3id.org/diplograph/ontology> { ?s ?p ?o } }"})
    assert r.json()["boolean"] is True
    r = client.get("/sparql", params={"query": "ASK { ?s a <http://www.w3.org/2002/07/owl#Class> }"})
    assert r.json()["boolean"] is False  # the ontology is not data
    assert client.app.app.state.dataset.merged
    form = soup(client.get("/sparql")).select_one("main").get_text(" ", strip=True)
    assert "default graph is the merged dataset" in form and "https://w3id.org/diplograph/ontology" in form


def test_a_store_without_a_default_graph_is_read_as_the_union(output_dir):
    """A store loaded with the named graphs only (dataset.nq): pages and SPARQL use their union."""
    from diplograph.web.describe import Dataset, load_ontology

    store = ox.Store()
    store.bulk_load(path=str(output_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    ontology = load_ontology(output_dir.parent / "ontology.ttl")
    union = Dataset(store, BASE, ontology)
    merged = client_dataset(output_dir)
    assert not union.merged and merged.merged
    ada = f"{BASE}/person/ada-example"
    assert union.describe(ada) == merged.describe(ada)
    assert union.index == merged.index
    app = create_app(dataset=union)
    with TestClient(app) as c:
        assert c.get(PERSON).status_code == 200
        r = c.get("/sparql", params={"query": f"ASK {{ <{ada}> ?p ?o }}"})
        assert r.json()["boolean"] is True
        assert "union of the named graphs" in soup(c.get("/sparql")).get_text(" ", strip=True)


def test_description_labels_types_from_the_ontology(client):
    g = rdflib.Graph().parse(data=client.get(PERSON + ".ttl").content, format="turtle")
    person = rdflib.URIRef("https://w3id.org/diplograph/ontology#Person")
    assert (person, rdflib.RDFS.label, rdflib.Literal("Person")) in g


def test_warm_start_computes_the_index_before_the_first_request(output_dir):
    app = create_app(output_dir, ontology_path=output_dir.parent / "ontology.ttl", warm=True)
    with TestClient(app):
        ds = app.app.state.dataset
        assert "index" in ds.__dict__ and "search_table" in ds.__dict__ and "used_terms" in ds.__dict__


def test_ontology_page(client):
    page = soup(client.get("/ontology"))
    person = page.find(id="Person")
    assert person is not None and "A human being." in person.get_text()
    assert "schema:Person" in person.get_text()
    assert person.find("a", href="http://www.wikidata.org/entity/Q5") is not None
    assert page.find(id="holder") is not None and page.find(id="schema:Person") is not None
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=ttl.content, format="turtle")) > 10


def test_void(client):
    page = soup(client.get("/void"))
    assert "diplograph test dataset" in page.get_text()
    r = client.get("/void", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in g
    assert r.headers["vary"] == "Accept"
    assert client.get("/void.jsonld").headers["content-type"] == "application/ld+json"


def test_static_css_is_local(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "url(" not in r.text and "@import" not in r.text


def test_missing_input_is_an_input_error(tmp_path):
    from diplograph.errors import InputError

    with pytest.raises(InputError):
        create_app(tmp_path / "nope", ontology_path=tmp_path / "none.ttl")


# --------------------------------------------------------------------------------------------------
# SPARQL

SELECT = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s"
HOSTILE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
           "VALUES ?x { 1 2 3 4 5 6 7 8 } }")


def test_sparql_get_post_and_formats(client):
    r = client.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    data = r.json()
    assert data["head"]["vars"] == ["s", "l"]
    assert any(b["l"]["value"] == "Ada Example" for b in data["results"]["bindings"])
    r = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<sparql" in r.text and "Ada Example" in r.text
    r = client.post("/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query",
                                                        "Accept": "text/csv"})
    assert r.status_code == 200 and r.text.startswith("s,l\r\n")
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/tab-separated-values"})
    assert r.text.startswith("?s\t?l\n")
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"},
                   headers={"Accept": "text/turtle"})
    assert len(rdflib.Graph().parse(data=r.content, format="turtle")) == 5
    html = soup(client.get("/sparql", params={"query": SELECT}, headers={"Accept": HTML}))
    assert html.select("table.results tbody tr")


def test_sparql_form(client):
    page = soup(client.get("/sparql", headers={"Accept": HTML}))
    form = page.find("form", class_="sparql")
    assert form["method"] == "post" and form.find("textarea", attrs={"name": "query"}) is not None


@pytest.mark.parametrize("params", [
    {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"},
    {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"},
    {"query": "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }"},
    {"query": "DROP ALL"},
])
def test_sparql_refuses_updates_get(client, params):
    assert client.get("/sparql", params=params).status_code in (400, 403)
    assert client.get("/sparql", params={"query": "ASK { <http://a> <http://b> <http://c> }"}).json()["boolean"] is False


def test_sparql_refuses_updates_post(client):
    r = client.post("/sparql", content="DELETE WHERE { ?s ?p ?o }",
                    headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_sparql_errors(client):
    assert client.get("/sparql", params={"query": "SELEKT nonsense"}).status_code == 400
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400
    assert client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "civil service" }'}).status_code == 200
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_sparql_caps_rows(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 500
    assert r.headers["diplograph-truncated"] == "rows"


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie (os/proc, no psutil)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children_of(ppid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == ppid:
                kids.append(int(entry.name))
    return kids


def test_sparql_hostile_query_is_killed_and_frees_its_slot(client):
    """The query runs in a child process that is killed at the limit (1 s here): two hostile queries
    in a row would fill both slots if they kept running; instead ASK {} answers at once after each."""
    runner = client.app.app.state.runner
    assert runner.use_fork and runner.slots == 2
    pids = []
    for _ in range(2):
        t0 = time.monotonic()
        r = client.get("/sparql", params={"query": HOSTILE})
        elapsed = time.monotonic() - t0
        assert r.status_code == 503, r.text
        assert "time limit" in r.text
        assert elapsed < runner.timeout + 0.75, elapsed
        pids.append(runner.started[-1])
        t0 = time.monotonic()
        r = client.get("/sparql", params={"query": "ASK {}"})
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert time.monotonic() - t0 < 0.5
        assert client.get(PERSON).status_code == 200
    assert len(set(pids)) == 2
    assert not [pid for pid in runner.started if _alive(pid)]  # killed and reaped, no zombie either
    assert runner._children == set()


def test_sparql_trivial_query_is_fast(client):
    client.get("/sparql", params={"query": "ASK {}"})
    times = []
    for _ in range(5):
        t0 = time.monotonic()
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        times.append(time.monotonic() - t0)
    assert min(times) < 0.1, times


def test_sparql_slow_rows_come_back_truncated_by_time(output_dir):
    """A query that yields rows slowly answers with what it had before the limit."""
    from diplograph.web.sparql import QueryRunner
    import asyncio

    ds = client_dataset(output_dir)
    runner = QueryRunner(ds.store, timeout=1.0, max_rows=10 ** 9)
    values = " ".join(str(i) for i in range(150))  # each row costs ~10 ms: ~2.5 s in all
    slow = ("SELECT ?a WHERE { ?a ?b ?c . FILTER NOT EXISTS { ?d ?e ?f . VALUES ?x { %s } "
            "FILTER(STR(?f) = CONCAT(STR(?a), STR(?x), \"nope\")) } }" % values)
    t0 = time.monotonic()
    result = asyncio.run(runner.run(slow))
    assert time.monotonic() - t0 < 1.5
    assert result.truncated == "time" and 0 < len(result.rows) < len(ds.store)
    runner.close()
    assert not [pid for pid in runner.started if _alive(pid)]


def client_dataset(output_dir):
    from diplograph.web.app import build_dataset

    return build_dataset(output_dir, ontology_path=output_dir.parent / "ontology.ttl")


def test_sparql_busy_slots_answer_503_with_retry_after(output_dir):
    import asyncio

    from diplograph.web.sparql import QueryBusy, QueryRunner

    runner = QueryRunner(client_dataset(output_dir).store, timeout=1.0, slots=1)

    async def two():
        first = asyncio.ensure_future(runner.run(HOSTILE))
        await asyncio.sleep(0.2)
        with pytest.raises(QueryBusy):
            await runner.run("ASK {}")
        with pytest.raises(Exception, match="time limit"):
            await first
        return await runner.run("ASK {}")  # the slot is free again

    assert asyncio.run(two()).boolean is True
    assert not [pid for pid in runner.started if _alive(pid)]


# --------------------------------------------------------------------------------------------------
# A real server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`diplograph serve` in a subprocess on a free port, waited for (bounded) and stopped."""

    def __init__(self, output_dir: Path, ontology: Path):
        import httpx

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "diplograph", "serve", "--port", str(self.port), "--input", str(output_dir),
             "--ontology", str(ontology), "--quiet", "--query-timeout", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.proc.stdout.read().decode(errors="replace"))
            try:
                httpx.get(self.url + "/", timeout=1)
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("server did not start within 30 s")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@pytest.mark.server
def test_real_uvicorn(output_dir):
    import httpx

    with LiveServer(output_dir, output_dir.parent / "ontology.ttl") as server, \
            httpx.Client(base_url=server.url, timeout=10) as h:
        r = h.get(PERSON, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["vary"] == "Accept"
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) > 5
        assert h.get(PERSON, headers={"Accept": HTML}).headers["content-type"].startswith("text/html")
        assert h.get("/id/person/nobody", headers={"Accept": "application/ld+json"}).status_code == 404
        # raw dot segments over a real socket
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(b"GET /id/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            reply = b""
            while chunk := s.recv(65536):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 404") and b"root:" not in reply
        assert h.get("/id/person/" + "y" * 3000).status_code == 414
        for _ in range(2):  # each hostile query is killed at the limit: its slot is free right after
            t0 = time.monotonic()
            assert h.get("/sparql", params={"query": HOSTILE}).status_code == 503
            assert time.monotonic() - t0 < 1.75
            assert h.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
            assert not [pid for pid in _children_of(server.proc.pid) if _alive(pid)]
        assert h.get("/").status_code == 200


def test_every_ontology_link_lands_on_a_term_of_the_ontology_page(client):
    """Property and type links (also schema:name, owl:sameAs…, not only dip: terms) have an anchor."""
    ids = {tag["id"] for tag in soup(client.get("/ontology", headers={"Accept": HTML})).find_all(id=True)}
    hrefs = set()
    for path in (PERSON, "/id/document/900_fixture", "/void"):
        for a in soup(client.get(path, headers={"Accept": HTML})).find_all("a", href=True):
            if a["href"].startswith("/ontology#"):
                hrefs.add(unquote(a["href"].split("#", 1)[1]))
    assert hrefs and {"schema:name", "prov:wasDerivedFrom"} & hrefs
    assert hrefs <= ids, sorted(hrefs - ids)


def test_sparql_on_an_on_disk_store_is_killable_too(output_dir, tmp_path):
    """`serve --store DIR`: the child queries the read-only RocksDB store it inherited."""
    disk = ox.Store(str(tmp_path / "store"))
    disk.bulk_load(path=str(output_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    del disk
    app = create_app(store=tmp_path / "store", ontology_path=output_dir.parent / "ontology.ttl",
                     query_timeout=1.0)
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": SELECT})
        assert r.status_code == 200 and any(b["l"]["value"] == "Ada Example" for b in r.json()["results"]["bindings"])
        t0 = time.monotonic()
        assert c.get("/sparql", params={"query": HOSTILE}).status_code == 503
        assert time.monotonic() - t0 < 1.75
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        runner = app.app.state.runner
    assert not [pid for pid in runner.started if _alive(pid)]
