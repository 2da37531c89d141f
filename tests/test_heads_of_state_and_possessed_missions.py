"""Invented readouts and interviews: "The two Heads of State held bilateral talks …" are the two
presidents named before (before, a meeting no one attended); "Ambassador X, the Republic of Korea's
Permanent Representative to the United Nations" (a country of the tables written with "of" in it)
is one post in that country's mission, as "Norway's Permanent Representative to the United
Nations" is (before: no post, or a second post "… to the United Nations" of the country)."""

from __future__ import annotations

import pytest

from conftest import map_text


def test_the_two_heads_of_state_met(tmp_path):
    text = ("Joint Press Statement\n\nGaborone, 14 August 2024\n\n"
            "At the invitation of His Excellency Duma Boko, President of the Republic of Botswana, His Excellency "
            "Daniel Chapo, President of the Republic of Mozambique, paid a State Visit to Botswana from 12 to 14 August 2024.\n\n"
            "The two Heads of State held bilateral talks in Gaborone on 13 August 2024.\n")
    x = map_text(tmp_path, "visit", text, "joint-statement")
    [talks] = [e for e in x.events if e.date == "2024-08-13"]
    assert {a.name for a in talks.attendees if a.kind == "person"} == {"Duma Boko", "Daniel Chapo"}


@pytest.mark.parametrize("possessor, mission", [
    ("the Republic of Korea's", "Permanent Mission of South Korea to the United Nations"),
    ("Norway's", "Permanent Mission of Norway to the United Nations"),
])
def test_a_possessed_mission_post(tmp_path, possessor, mission):
    text = (f"Interview with the envoy\n\nAmbassador Ji-ho Park, {possessor} Permanent Representative to the "
            "United Nations, spoke with our correspondent.\n")
    x = map_text(tmp_path, "envoy", text, "opinion", date_published="2024-05-02", publisher="Example")
    posts = {(p.role, p.org.name if p.org else None) for p in x.posts if p.holder.name == "Ji-ho Park"}
    assert ("Permanent Representative", mission) in posts
    assert not any(role.endswith("United Nations") for role, _ in posts)


def test_the_appointer_does_not_take_the_posts_of_those_appointed(tmp_path):
    # Before: the President, the clause's subject, held both posts (as former ones).
    text = ("President appoints new envoys\n\nDakar, 3 April 2024\n\n"
            "President Amadou Faye has appointed Ms. Fatou Ndiaye as Senegal's Ambassador to Japan, and "
            "Mr. Ibrahima Sarr as Ambassador to Brazil.\n")
    x = map_text(tmp_path, "envoys", text, "news-profile")
    posts = {(p.holder.name, p.role, p.former) for p in x.posts}
    assert ("Fatou Ndiaye", "Ambassador to Japan", False) in posts
    assert ("Ibrahima Sarr", "Ambassador to Brazil", False) in posts
    assert {role for name, role, _ in posts if name == "Amadou Faye"} == {"President"}
    assert not any(former for name, _, former in posts if name == "Amadou Faye")
