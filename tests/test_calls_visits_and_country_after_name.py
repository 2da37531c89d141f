"""Four bugs of readouts (invented documents):

- "spoke by telephone with B on DATE" (a call) gave no event;
- "Prime Minister X paid an official visit to Japan" made X Japan's Prime Minister;
- "Foreign Minister X of Sweden" gave a post of no country;
- "The Foreign Ministers of Norway and Sweden, A and B" gave both the post of both.
"""

from __future__ import annotations

import pytest
from conftest import map_text


def _map(tmp_path, sentence):
    return map_text(tmp_path, "readout", "Readout\n\n" + sentence + "\n", "joint-statement",
                    publisher="Example Ministry", date_published="2024-05-07")


@pytest.mark.parametrize("verb", ["spoke by telephone with", "held a telephone call with", "had a video call with",
                                  "spoke on the phone with"])
def test_a_call_is_a_meeting_of_both(tmp_path, verb):
    x = _map(tmp_path, f"Foreign Minister Kari Nordvik {verb} Foreign Minister Jonas Berglund of Sweden on 6 May 2024.")
    [call] = x.events
    assert (call.kind, call.date, call.status) == ("meeting", "2024-05-06", "held")
    assert [p.name for p in call.attendees if p.kind == "person"] == ["Kari Nordvik", "Jonas Berglund"]
    assert call.name.lower().startswith(("telephone call", "video call"))


@pytest.mark.parametrize("went", ["paid an official visit to Japan", "travelled to Japan", "arrived in Japan"])
def test_where_a_head_of_government_goes_is_not_their_country(tmp_path, went):
    x = _map(tmp_path, f"Prime Minister Lena Moss {went} on 3 May 2024.")
    assert [(p.holder.name, p.role, p.org) for p in x.posts] == [("Lena Moss", "Prime Minister", None)]


def test_the_country_after_the_name_is_the_posts(tmp_path):
    x = _map(tmp_path, "Foreign Minister Kari Nordvik met Foreign Minister Jonas Berglund of Sweden on 6 May 2024.")
    assert ("Jonas Berglund", "Foreign Minister", "Sweden") in [(p.holder.name, p.role, p.org.name if p.org else None)
                                                               for p in x.posts]


def test_a_plural_title_of_two_countries_is_each_holders_own(tmp_path):
    """"The Foreign Ministers of Norway and Sweden, A and B": A of Norway, B of Sweden (both were of
    "Norway and Sweden", member of Norway)."""
    x = _map(tmp_path, "The Foreign Ministers of Norway and Sweden, Kari Nordvik and Jonas Berglund, met in "
                       "Stockholm on 4 April 2024.")
    assert [(p.holder.name, p.role, p.org.name) for p in x.posts] == [
        ("Kari Nordvik", "Foreign Minister of Norway", "Norway"), ("Jonas Berglund", "Foreign Minister of Sweden", "Sweden")]
    assert {p.holder.name: p.holder.country for p in x.posts} == {"Kari Nordvik": "norway", "Jonas Berglund": "sweden"}
