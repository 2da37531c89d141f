"""`diplograph explain DOC [--fact IRI]` and its page: what was read from a document and why, from
the published output of the repository (documents and facts picked from the data, not named)."""

from __future__ import annotations

import json
import warnings

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.cli import cli
from diplograph.explain import NOT_RECORDED
from diplograph.web import create_app


@pytest.fixture(scope="module")
def stem(repo) -> str:
    return json.loads((repo / "output" / "manifest.json").read_text())["graphs"][0]["stem"]


def explain(*args):
    return CliRunner().invoke(cli, ["explain", *args])


def test_every_fact_of_a_document_with_its_passages_and_link(repo, stem):
    r = explain(stem, "--format", "json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["document"].endswith(f"/document/{stem}") and result["missing"] is None
    facts = result["facts"]
    assert facts and all(f["passages"] or f["from_sidecar"] for f in facts)
    for f in facts:
        for p in f["passages"]:
            assert p["span"].startswith(result["document"] + "#char=") and p["text"]
            assert p["rule"] and p["rule_description"]  # which mapping step read it
    linked = [f for f in facts if f.get("link") and f["link"]["status"] == "linked"]
    assert linked and all(f["link"]["qid"].startswith("Q") and f["link"]["evidence"] for f in linked)
    # the seed file names the same document; the text form names the rules
    text = explain(str(repo / "seeds" / f"{stem}.txt"))
    assert text.exit_code == 0 and f"{len(facts)} facts read from it" in text.stdout
    assert "by rule " in text.stdout and "not recorded" not in text.stdout


def test_one_fact_and_the_mentions_that_became_it(repo, stem):
    facts = json.loads(explain(stem, "--format", "json").stdout)["facts"]
    merged = max(facts, key=lambda f: (len(f["mentions"]), sum(f["mentions"].values())))
    r = explain(stem, "--fact", merged["iri"], "--format", "json")
    one = json.loads(r.stdout)["facts"]
    assert [f["iri"] for f in one] == [merged["iri"]]
    assert sum(one[0]["mentions"].values()) == len([p for p in one[0]["passages"] if p["text"]])


def test_unknown_document_or_fact_is_a_message(stem):
    r = explain("no_such_document")
    assert r.exit_code == 3 and "no document" in r.output and "Traceback" not in r.output
    r = explain(stem, "--fact", "https://example.org/nothing")
    assert r.exit_code == 3 and "was not read from" in r.output


def test_document_and_person_pages_link_to_the_explanation(repo, stem):
    app = create_app(repo / "output", ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        doc = BeautifulSoup(c.get(f"/id/document/{stem}").text, "html.parser")
        href = doc.select_one("p.docheader a.explain")["href"]
        assert href == f"/explain/{stem}"
        page = BeautifulSoup(c.get(href).text, "html.parser")
        assert page.select("ol.explain li.fact") and page.select("span.rule code")
        assert NOT_RECORDED not in page.get_text()
        person = next(a["href"] for a in page.select("li.fact p a") if a["href"].startswith("/id/person/"))
        why = BeautifulSoup(c.get(person).text, "html.parser").select_one("section.mentioned-in a.explain")["href"]
        assert why.startswith("/explain/") and "fact=" in why
        one = BeautifulSoup(c.get(why).text, "html.parser")
        assert len(one.select("ol.explain li.fact")) == 1
        assert c.get("/explain/no_such_document").status_code == 404
