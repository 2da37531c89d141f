"""Three kinds of sentence of appointment notices and diplomats' biographies that gave no post
(invented documents):

- "has appointed Mr X as Ambassador to Japan": an honorific between the verb and the name;
- "X CMG, currently serving as Poland's Ambassador to Lisbon, …": a clause of apposition;
- "X entered the Diplomatic Service in 1991", "joined the Ministry of Foreign Affairs of Poland in
  1979": the start of a career in a foreign service.
"""

from __future__ import annotations

import pytest
from conftest import map_text


def _posts(tmp_path, text):
    x = map_text(tmp_path, "notice", "New envoy\n\n" + text + "\n", "news-profile", publisher="Example Daily",
                 date_published="2010-05-01")
    return [(p.holder.name, p.role, p.org.name if p.org else None, p.start) for p in x.posts]


@pytest.mark.parametrize("honorific", ["Mr", "Ms", "Dr", "Sir"])
def test_appointed_honorific_name_as_role(tmp_path, honorific):
    assert _posts(tmp_path, f"The President has appointed {honorific} Tomasz Wrona as Ambassador to Japan.") == [
        ("Tomasz Wrona", "Ambassador to Japan", None, None)]


@pytest.mark.parametrize("lead", ["currently serving as", "now serving as", "then serving as"])
def test_a_clause_of_apposition_names_the_post(tmp_path, lead):
    assert _posts(tmp_path, f"Mr Tomasz Wrona CMG, {lead} Poland's Ambassador to Lisbon, will move to Tokyo.") == [
        ("Tomasz Wrona", "Ambassador to Lisbon", "Poland", None)]


def test_entering_a_foreign_service_starts_a_post(tmp_path):
    posts = _posts(tmp_path, "Foreign Minister Ewa Malec spoke. Malec entered the Diplomatic Service in 1991 and "
                             "her first posting was to Oslo in 1993. Ambassador Karl Brandt joined the Ministry of "
                             "Foreign Affairs of Poland in 1979.")
    assert ("Ewa Malec", "member of the Diplomatic Service", None, "1991") in posts
    assert ("Karl Brandt", "member of the Ministry of Foreign Affairs of Poland", "Ministry of Foreign Affairs (Poland)",
            "1979") in posts


BIO = ("Biography\n\nBorn in Lagos in 1968, Chidi Okafor joined Nigeria's foreign service in 1992. His postings "
       "include Geneva and Nairobi. From 2016 to 2020 he was Ambassador to Kenya, and in 2021 he was appointed "
       "Permanent Representative to the African Union.\n")


def test_a_name_the_model_reads_as_a_place_is_a_person_as_a_careers_subject(tmp_path):
    """The model reads "Chidi Okafor" here as a place (GPE): the subject of "joined" is a person."""
    x = map_text(tmp_path, "bio", BIO, "news-profile", publisher="Example Daily", date_published="2024-06-11")
    assert [e.name for e in x.entities.values() if e.kind == "person"] == ["Chidi Okafor"]


def test_a_later_clause_of_the_sentence_has_its_own_date(tmp_path):
    """"From 2016 to 2020 he was A, and in 2021 he was appointed B": B from 2021, not 2016-2020;
    "joined Nigeria's foreign service in 1992" starts a post of Nigeria."""
    posts = _posts(tmp_path, BIO.split("\n\n", 1)[1].strip())
    assert ("Chidi Okafor", "Ambassador to Kenya", "Nigeria", "2016") in posts
    assert ("Chidi Okafor", "Permanent Representative to the African Union", "Permanent Mission of Nigeria to the African Union",
            "2021") in posts
    assert ("Chidi Okafor", "member of the foreign service", "Nigeria", "1992") in posts
