"""Ministries, missions and embassies by pattern (issue 14): the country a body's name names, and
the published relation to that country when the body has no checked Wikidata id of its own."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from diplograph.build import build
from diplograph.linking.patterns import body_country
from diplograph.ns import SDO
from diplograph.text.gazetteer import load_gazetteer
from tests.conftest import REPO, make_project

GAZ = load_gazetteer(str(REPO / "mappings" / "data" / "gazetteer.csv"))
OWL_SAMEAS = URIRef("http://www.w3.org/2002/07/owl#sameAs")


@pytest.mark.parametrize("name, country, subtype, surface", [
    ("Ministry of Foreign Affairs of Japan", "japan", "ministry", "Japan"),
    ("Ministry for Foreign Affairs of Finland, press release 12/2020", "finland", "ministry", "Finland"),
    ("Ministry of Foreign Affairs of the Republic of Türkiye", "turkiye", "ministry", "Republic of Türkiye"),
    ("Department of Foreign Affairs and Trade (Australia)", "australia", "ministry", "Australia"),
    ("Ministry of Defence of Ukraine", "ukraine", "ministry", "Ukraine"),
    ("Swedish Ministry for Foreign Affairs", "sweden", "ministry", "Swedish"),
    ("Mexico's Foreign Ministry", "mexico", "ministry", "Mexico"),
    ("Permanent Mission of Ghana to the United Nations", "ghana", "mission", "Ghana"),
    ("Permanent Mission of the Republic of Korea to the United Nations", "south-korea", "mission", "Republic of Korea"),
    ("Embassy of Latvia in Seoul", "latvia", "mission", "Latvia"),
    ("British Embassy in Washington", "united-kingdom", "mission", "British"),
    ("US Embassy", "united-states", "mission", "US"),
    ("High Commission of Kenya in London", "kenya", "mission", "Kenya"),
])
def test_body_names_name_their_country(name, country, subtype, surface):
    hit = body_country(name, GAZ)
    assert hit is not None, name
    assert (hit.country.key, hit.subtype, hit.surface) == (country, subtype, surface)


@pytest.mark.parametrize("name", [
    "Office of the United Nations High Commissioner for Refugees",  # an international body
    "UN Mission in South Sudan",
    "Delegation of the European Union to Mexico",  # the EU is no country
    "Department of State",  # no country in the name
    "Federal Ministry of Finance",
    "Foreign Office",
    "Embassy Magazine",  # not a body of a state
    "Ministry of Foreign Affairs of Congo",  # "Congo" names two countries: no guess
])
def test_names_without_one_country_are_left_alone(name):
    assert body_country(name, GAZ) is None


TEXT = """Latvia and Kenya: joint statement

The Embassy of Latvia in Nairobi and the Permanent Mission of Kenya to the United Nations met on
3 March 2024 to discuss cooperation on climate change and trade.
"""
META = "genre: joint-statement\ntitle: \"Latvia and Kenya: joint statement\"\nlanguage: en\n"


def test_bodies_named_after_a_country_are_related_to_it(tmp_path):
    """Built end to end: the embassy and the mission stay local nodes (no id of their own) typed as
    missions and related to the country by schema:parentOrganization; the country carries its id."""
    proj = make_project(tmp_path / "proj", {"001_bodies": (TEXT, META)})
    out = tmp_path / "out"
    build(seeds=proj.seeds, output=out, project=proj)
    g = Graph().parse(out / "dataset.ttl", format="turtle")
    base = "https://w3id.org/diplograph/id"
    bodies = {s: o for s, o in g.subject_objects(SDO.parentOrganization)}
    embassy = URIRef(f"{base}/organization/embassy-of-latvia-in-nairobi")
    mission = URIRef(f"{base}/organization/permanent-mission-of-kenya-to-the-united-nations")
    assert bodies.get(embassy) == URIRef(f"{base}/country/latvia"), sorted(bodies.items())
    assert bodies.get(mission) == URIRef(f"{base}/country/kenya"), sorted(bodies.items())
    assert (embassy, OWL_SAMEAS, None) not in g
    assert (URIRef(f"{base}/country/latvia"), OWL_SAMEAS, URIRef("http://www.wikidata.org/entity/Q211")) in g


def test_body_names_are_found_in_running_text():
    from diplograph.linking.patterns import find_bodies

    text = ("The Embassy of Latvia in Nairobi wrote. Sweden's Ministry for Foreign Affairs agreed, as did the "
            "Ministry of Foreign Affairs of Japan. The US Embassy in Seoul. Officials met at the Ministry. "
            "The Department of State said so.")
    found = [(text[s:e], hit.country.key) for s, e, hit in find_bodies(text, GAZ)]
    assert found[:1] == [("Embassy of Latvia in Nairobi", "latvia")]
    assert found == [("Embassy of Latvia in Nairobi", "latvia"), ("Sweden's Ministry for Foreign Affairs", "sweden"),
                     ("Ministry of Foreign Affairs of Japan", "japan"), ("US Embassy in Seoul", "united-states")]


@pytest.mark.parametrize("written, name", [
    ("the Czech Republic's embassy in Copenhagen", "Embassy of Czechia in Copenhagen"),
    ("the Jamaican embassy in London", "Embassy of Jamaica in London"),
    ("the US Embassy in Seoul", "Embassy of the United States in Seoul"),
    ("Sweden's Ministry for Foreign Affairs", "Ministry for Foreign Affairs of Sweden"),
])
def test_country_first_names_are_published_head_first(written, name):
    """One node per body whichever way a text writes it: the name puts the head first."""
    from diplograph.linking.patterns import find_bodies

    [(_, _, hit)] = find_bodies(f"They met at {written} today.", GAZ)
    assert hit.name == name
