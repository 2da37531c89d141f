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
from urllib.parse import quote

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
