"""The named queries as forms on the server: parameters with defaults, a table of labelled links,
CSV/JSON downloads, bad values answered as messages (the repository's published output)."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from bs4 import BeautifulSoup

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph.queries import list_queries
from diplograph.web import create_app


@pytest.fixture(scope="module")
def client(repo):
    app = create_app(repo / "output", ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        yield c


def soup(resp) -> BeautifulSoup:
    return BeautifulSoup(resp.text, "html.parser")


def test_every_named_query_is_listed_and_has_a_form(client):
    index = soup(client.get("/queries/"))
    listed = {a["href"].rsplit("/", 1)[1] for a in index.select("ul.queries a")}
    assert listed == {q.name for q in list_queries()}
    for q in list_queries():
        page = soup(client.get(f"/queries/{q.name}"))
        inputs = {i["name"]: i["value"] for i in page.select("form.query input")}
        assert inputs == {p.name: p.default or "" for p in q.params}, q.name


def test_a_question_runs_with_its_defaults_and_links_its_rows(client):
    q = next(q for q in list_queries() if q.name == "cq03-person-posts")
    page = soup(client.get(f"/queries/{q.name}", params={"run": "1"}))
    rows = page.select("section.query-result tbody tr")
    assert rows, page.get_text()[:2000]
    first = rows[0].select_one("td a")
    assert first["href"].startswith("/id/person/") and not first.get_text().startswith("http")
    # regression: the header's search box once showed the query object (a template variable clash)
    assert page.select_one("header form.search input")["value"] == ""
    downloads = {a.get_text(): a["href"] for a in page.select("a.download")}
    assert set(downloads) == {"CSV", "JSON"}
    got = client.get(downloads["CSV"])
    assert got.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(got.text)))
    assert table[0][0] == "person" and len(table) == len(rows) + 1
    js = client.get(downloads["JSON"]).json()
    assert len(js["results"]["bindings"]) == len(rows)


def test_a_bad_value_is_a_message_not_a_crash(client):
    resp = client.get("/queries/cq01-meeting", params={"date": "next tuesday", "run": "1"})
    assert resp.status_code == 400
    assert "not an ISO date" in soup(resp).select_one("p.error").get_text()
    assert client.get("/queries/no-such-query").status_code == 404
    assert client.get("/queries/..%2Fetc").status_code == 404


def test_the_sparql_page_offers_the_questions_as_examples(client):
    page = soup(client.get("/sparql"))
    examples = page.select("details.example summary a")
    assert len(examples) >= 10 and all(a["href"].startswith("/queries/") for a in examples)
