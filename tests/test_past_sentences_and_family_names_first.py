"""Invented readouts and UN news: a title in a sentence about the past is not attested on the
document's date, but it is not a former post either ("The meeting was chaired by the High
Representative, X"; before, dip:former, which says the post has ended); "X was the ROLE" still is;
"Mr. Tan" after "Tan Wei" is that person (a name written family name first), so "he served as …"
after it is Tan's; "announced the appointment of X of C as his Special Envoy" is X's post, not the
announcer's."""

from __future__ import annotations

from conftest import map_text


def test_a_title_in_a_past_sentence_is_not_former(tmp_path):
    text = ("Cooperation Council\n\nThe 12th meeting of the Cooperation Council took place in Brussels on 3 April "
            "2025. The meeting was chaired by the High Representative of the Union, Elena Marquez. The Minister of "
            "Foreign Affairs, Jonas Aalto, was present.\n\nMs. Marquez was previously the Foreign Minister of Spain.\n")
    x = map_text(tmp_path, "cc", text, "joint-statement", date_published="2025-04-04")
    posts = {(p.holder.name, p.role): p for p in x.posts}
    assert posts[("Elena Marquez", "High Representative of the Union")].former is False
    assert posts[("Jonas Aalto", "Minister of Foreign Affairs")].former is False
    assert posts[("Elena Marquez", "Foreign Minister")].former is True


def test_family_name_first(tmp_path):
    text = ("New envoy appointed\n\n"
            "Secretary-General Maria Lund today announced the appointment of Tan Wei of Singapore as her Special "
            "Envoy for Myanmar. Mr. Tan brings more than 30 years of experience in diplomacy. Most recently, he "
            "served as Ambassador of Singapore to India (2019-2023).\n")
    x = map_text(tmp_path, "envoy", text, "news-profile", date_published="2025-03-09")
    posts = {(p.holder.name, p.role) for p in x.posts}
    assert ("Tan Wei", "Special Envoy for Myanmar") in posts
    assert ("Tan Wei", "Ambassador of Singapore to India") in posts
    assert not any(h == "Maria Lund" and r != "Secretary-General" for h, r in posts), posts


def test_elected_president_of_a_numbered_session(tmp_path):
    text = ("Who's who at the General Assembly\n\n"
            "Ilona Varga of Hungary was elected President of the eighty-first session of the General Assembly on "
            "2 June 2026. Before her election she was Director of Policy in the Office of the President of Hungary.\n")
    x = map_text(tmp_path, "pga", text, "news-profile", date_published="2026-09-19")
    posts = {p.role: p for p in x.posts if p.holder.name == "Ilona Varga"}
    pga = posts["President of the eighty-first session of the General Assembly"]
    assert pga.former is False  # an election says when the post began, not that it ended
    assert posts["Director of Policy"].former is True


def test_travel_to_meet_is_planned(tmp_path):
    text = ("Readout\n\nSecretary of State Adam Price spoke today with President Luis Ortega of Panama. "
            "Secretary Price will travel to Panama City on February 8 to meet with President Ortega.\n")
    x = map_text(tmp_path, "plan", text, "joint-statement", date_published="2026-02-04")
    assert ("2026-02-08", "planned") in {(e.date, e.status) for e in x.events}
