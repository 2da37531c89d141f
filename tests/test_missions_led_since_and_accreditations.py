"""Invented mission profiles and letters: "C's mission to the UN, led since June 2023 by Ambassador
X, …" is X's current post in the mission from that month (before, a former post merged into X's
earlier posts); "was previously ambassador to A and to B" is two posts; a current title is not
merged into a former post that starts with the same words; "the 1940s" is a decade, not a date."""

from __future__ import annotations

from conftest import map_text


def test_a_mission_led_since_a_month(tmp_path):
    text = ("Inside Chile's mission to the UN\n\n"
            "Chile's mission to the United Nations, led since March 2024 by Ambassador Pablo Ortega, occupies two "
            "floors on First Avenue. Ortega, a career diplomat, was previously ambassador to Peru and to Bolivia.\n")
    x = map_text(tmp_path, "mission", text, "news-profile", date_published="2025-02-12")
    posts = {(p.role, p.start, p.former) for p in x.posts if p.holder.name == "Pablo Ortega"}
    assert ("Ambassador", "2024-03", False) in posts
    assert ("ambassador to Peru", None, True) in posts and ("ambassador to Bolivia", None, True) in posts
    [now] = [p for p in x.posts if p.holder.name == "Pablo Ortega" and p.role == "Ambassador"]
    assert now.org is not None and "Mission of Chile" in now.org.name


def test_a_decade_is_no_date(tmp_path):
    text = ("Letter: The Council must change\n\nDear Editor,\n\n"
            "Your article of 24 September (\"A Council for the 1940s\") rightly argues that the veto paralyses the "
            "Security Council.\n\nYours sincerely,\nMarta Ruiz\nMadrid\n")
    x = map_text(tmp_path, "decade", text, "opinion", date_published="2025-10-01")
    assert not [e for e in x.events if e.date == "1940"]


def test_posts_of_a_country_represented_by(tmp_path):
    text = ("Joint Statement on the Ministerial Dialogue\n\n"
            "The third Ministerial Dialogue was held in Lima on 20 November 2025. Chile was represented by the "
            "Minister for Defence, Marta Soto, and the Minister for Foreign Affairs, Luis Vera. Peru was "
            "represented by the Minister of Defence, Ana Quispe.\n")
    x = map_text(tmp_path, "dialogue", text, "joint-statement", date_published="2025-11-21")
    orgs = {(p.holder.name, p.role): (p.org.name if p.org else None) for p in x.posts}
    assert orgs[("Marta Soto", "Minister for Defence")] == "Chile"
    assert orgs[("Luis Vera", "Minister for Foreign Affairs")] == "Chile"
    assert orgs[("Ana Quispe", "Minister of Defence")] == "Peru"


def test_a_paragraph_ending_in_years_is_no_cv_line(tmp_path):
    text = ("Profile: Iceland on the Council\n\n"
            "Iceland begins its term on the Council on 1 January 2025. Its team is led by Ambassador Jon Magnusson, "
            "who was previously State Secretary (2011-2013).\n\n"
            "Iceland last served on the Council in 2001-2002.\n")
    x = map_text(tmp_path, "council", text, "news-profile", date_published="2025-01-04")
    roles = {p.role for p in x.posts if p.holder.name == "Jon Magnusson"}
    assert all(len(r) < 60 for r in roles), roles
