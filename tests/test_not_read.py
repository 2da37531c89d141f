"""Page furniture and comment sections are published as dip:notRead spans of the document and shown
greyed as "not read" on the document page (issue 12). Invented document."""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from diplograph.build import build
from diplograph.ns import DIP
from diplograph.web.app import create_app
from tests.conftest import REPO, make_project

TEXT = ("Why small states need fisheries treaties\n\n"
        "Share this article\n\n"
        "The Foreign Minister of Fiji, Maraia Tuilau, met the Foreign Minister of Samoa in Suva on 3 May 2025 "
        "to discuss fisheries.\n\n"
        "Leave a comment\n\n"
        "Great piece, the Minister of Trade of Tonga should read it.\n")


def test_furniture_and_comments_are_published_and_greyed(tmp_path):
    meta = yaml.safe_dump({"genre": "opinion", "title": "Why small states need fisheries treaties",
                           "date_published": "2025-05-04", "language": "en", "author": "Maraia Tuilau"})
    project = make_project(tmp_path / "p", {"320_notread": (TEXT, meta)})
    out = tmp_path / "p" / "output"
    build(seeds=project.seeds, output=out, project=project, use_cache=False)
    g = Graph().parse(out / "dataset.ttl")
    doc = next(s for s in g.subjects(DIP.notRead, None))
    anchors = {str(g.value(s, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")))
               for s in g.objects(doc, DIP.notRead)}
    assert any(a.startswith("Share this article") for a in anchors)
    assert any(a.startswith("Leave a comment") and "Tonga" in a for a in anchors)
    app = create_app(out, ontology_path=REPO / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        page = BeautifulSoup(c.get("/id/document/320_notread").text, "html.parser")
    grey = page.select("div.doctext span.not-read")
    assert grey and any("Tonga" in s.get_text() for s in grey)
    assert all(not s.select("mark") for s in grey)  # no fact is read from it
    assert "not read" in page.select_one("section.document").get_text()
