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
