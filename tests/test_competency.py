"""The questions the published graph must answer (issue: publish the seeds), on a fresh build.

Each named query runs on an embedded Oxigraph store loaded from the built output; the answers are
checked against what the seed documents say.
"""

from __future__ import annotations

import pytest

from diplograph import queries
from diplograph.store import OxigraphStore, load_output


@pytest.fixture(scope="module")
def store(tmp_path_factory, fresh_output):
    path = tmp_path_factory.mktemp("cq") / "store"
    with OxigraphStore(path) as s:
        load_output(fresh_output, s)
    s = OxigraphStore(path)
    yield s


def ask(store, query_name, **params) -> list[dict[str, str]]:
    sparql = queries.bind(queries.load_named(query_name), {k: str(v) for k, v in params.items()})
    result = queries.run(store, sparql)
    return [{k: (v or {}).get("value", "") for k, v in b.items()} for b in result.bindings]


def col(rows, key) -> set[str]:
    return {r.get(key, "") for r in rows}


def test_cq01_who_met_in_mexico_city(store):
    rows = ask(store, "cq01-meeting")
    assert col(rows, "personName") == {"Enrique Ochoa", "Andreas Motzfeld Kravik"}
    roles = col(rows, "roleName")
    assert "Under-Secretary for Multilateral Affairs and Human Rights" in roles
    assert "State Secretary of Foreign Affairs" in roles
    assert any("consultations on multilateral issues" in r.get("purpose", "") for r in rows)
    topics = " | ".join(r.get("topics", "") for r in rows).lower()
    for t in ["disarmament", "climate change", "human rights", "oceans", "feminist foreign policy"]:
        assert t in topics, t


def test_cq02_support_commitment_and_launch(store):
    rows = ask(store, "cq02-commitments")
    kinds = {(r["stanceType"], r["description"]) for r in rows}
    assert any(k == "Commitment" and "reach out to countries in all regions" in d for k, d in kinds)
    support = [r for r in rows if r["stanceType"] == "Support"]
    assert support and any("UN80" in r.get("objectLabel", "") for r in support)
    assert any("Guterres" in r.get("launchedBy", "") for r in rows)


def test_cq03_ventura_posts_with_years(store):
    rows = ask(store, "cq03-person-posts", name="Julian Ventura")
    got = {(r["roleName"], r.get("startYear"), r.get("endYear")) for r in rows}
    assert ("Deputy Secretary of Foreign Affairs", "2019", "2020") in got
    assert ("Ambassador of Mexico to the United Kingdom", "2017", "2019") in got
    assert ("Ambassador to China", "2013", "2017") in got
    assert ("Undersecretary for North America", "2009", "2013") in got


def test_cq04_article_series_publisher_mentions(store):
    rows = ask(store, "cq04-article", author="Julian Ventura")
    assert col(rows, "series") == {"America’s Global Role: The View from Abroad"}
    assert col(rows, "publisher") == {"Chatham House"}
    assert col(rows, "datePublished") == {"2021-02-09"}
    mentioned = col(rows, "mentionName")
    for name in ["World Health Organization", "Paris Agreement", "COVAX", "World Trade Organization", "G20",
                 "Ngozi Okonjo-Iweala", "Yoo Myung-hee", "Helen Clark", "Ellen Johnson Sirleaf", "Joe Biden"]:
        assert name in mentioned, name


def test_cq05_caption_and_footnote(store):
    rows = ask(store, "cq05-image-footnote", publisher="Chatham House")
    photo = next(r for r in rows if r["kind"] == "photo")
    assert photo["date"] == "2020-12-28" and photo["place"] == "Mexico City"
    assert photo["credit"] == "Manuel Velasquez/Getty Images"
    assert "Pfizer/BioNTech vaccine" in photo["text"]
    note = next(r for r in rows if r["kind"] == "footnote")
    assert "World Economic Situation and Prospects 2021" in note["text"]
    assert note["pagination"] == "p.116" and note["citationPublisher"] == "United Nations"


def test_cq06_november_council_meetings(store):
    rows = ask(store, "cq06-council-meetings", country="Mexico", month="2021-11")
    by_date = {r["date"]: r for r in rows}
    assert {"2021-11-09", "2021-11-16", "2021-11-22"} <= set(by_date)
    nov9 = by_date["2021-11-09"]
    assert "exclusion, inequality and conflicts" in nov9["topics"]
    assert "Andrés Manuel López Obrador" in nov9["chair"]
    assert "António Guterres" in nov9["attendees"]
    assert "small arms" in by_date["2021-11-22"]["topics"].lower()
    assert "dialogue among the UN’s main organs" in by_date["2021-11-16"]["topics"]


def test_cq07_quotations_exact_words(store, project):
    rows = ask(store, "cq07-quotations", publisher="PassBlue")
    speakers = col(rows, "speaker")
    assert {"Enrique Ochoa", "Andrew Rudman", "Alicia Buenrostro", "Juan Manuel Gómez Robledo"} <= speakers
    text = (project.seeds / "002_98be1e25d0a3ede2.txt").read_text(encoding="utf-8")
    for r in rows:  # the exact words (an interrupted quotation: each part, joined by " … ")
        assert all(part in text for part in r["text"].split(" … "))
    assert "Robert Cox" not in speakers
    # “The suit …,” The New York Times reported, “but Foreign Ministry …”: one quotation, both halves.
    nyt = {r["text"] for r in rows if r["speaker"] == "The New York Times"}
    assert any(t.startswith("The suit does not specify") and " … but Foreign Ministry officials said" in t for t in nyt)


def test_cq08_mission_posts_and_biography(store):
    rows = ask(store, "cq08-mission-posts", name="Juan Ramón de la Fuente")
    posts = {(r["personName"], r["value"], r.get("startDate", ""), r.get("org", "")) for r in rows if r["relation"] == "post"}
    mission = "Permanent Mission of Mexico to the United Nations"
    assert ("Juan Ramón de la Fuente", "Ambassador to the UN", "2019-02", mission) in posts
    assert ("Enrique Ochoa", "political coordinator", "", mission) in posts
    assert any(p[0] == "Alicia Buenrostro" and p[3] == mission for p in posts)
    assert any(p[0] == "Juan Manuel Gómez Robledo" and p[1] == "deputy ambassador" and p[3] == mission for p in posts)
    roles = {p[1] for p in posts if p[0] == "Juan Ramón de la Fuente"}
    assert {"secretary of health", "rector", "dean"} <= roles
    extra = {(r["relation"], r["value"]) for r in rows if r["relation"] != "post"}
    assert ("alumniOf", "Mayo Clinic") in extra
    assert ("alumniOf", "National Autonomous University of Mexico") in extra
    assert ("affiliation", "UNESCO") in extra


def test_cq09_security_council_years_and_memberships(store):
    rows = ask(store, "cq09-country-memberships", country="Mexico")
    terms = {(r["start"], r["end"]) for r in rows if r.get("securityCouncil") == "true"}
    assert terms == {("1946", "1946"), ("1980", "1981"), ("2002", "2003"), ("2009", "2010"), ("2021", "2022")}
    orgs = col(rows, "org")
    assert {"Organization of American States", "OECD", "World Trade Organization", "Asia-Pacific Economic Cooperation"} <= orgs


def test_cq10_ochoa_across_documents(store):
    rows = ask(store, "cq10-person-over-documents", name="Enrique Ochoa")
    docs = {r["document"].rsplit("/", 1)[1]: r for r in rows}
    assert set(docs) == {"000_c81985d7a3c5dfa9", "002_98be1e25d0a3ede2"}
    assert docs["000_c81985d7a3c5dfa9"]["roleName"] == "Under-Secretary for Multilateral Affairs and Human Rights"
    assert docs["002_98be1e25d0a3ede2"]["roleName"] == "political coordinator"


def test_cq11_unlinked_entities(store):
    rows = ask(store, "cq11-unlinked")
    names = col(rows, "name")
    assert "Enrique Ochoa" in names and "COVAX" in names
    assert "Mexico" not in names and "World Health Organization" not in names
