"""Invented profiles and readouts: "Head of the Russia Department" does not make Russia the
holder's country (before, the person's other posts went to Russia); "joined the Sri Lanka Foreign
Service in 1994" (two words before "Foreign Service") starts a career; "Prime Minister X of the
Netherlands" (a country written with its article) is that country's; "received today the
credentials of …" is an audience on the document's date (before, an event with no one at it)."""

from __future__ import annotations

from conftest import map_text


def test_a_unit_named_for_a_country(tmp_path):
    text = ("Meet our new Deputy Head of Mission\n\n"
            "Laura Pennington joined the embassy in Vienna as Deputy Head of Mission in January 2025. She was "
            "previously Head of the China Department at the Foreign Office (2021-2024) and Deputy Ambassador in "
            "Riga (2017-2020).\n")
    x = map_text(tmp_path, "dhm", text, "news-profile", date_published="2025-03-01")
    orgs = {p.role: (p.org.name if p.org else None) for p in x.posts if p.holder.name == "Laura Pennington"}
    assert "China" not in (orgs.get("Deputy Head of Mission"), orgs.get("Deputy Ambassador")), orgs


def test_joined_a_foreign_service_named_in_two_words(tmp_path):
    text = ("New envoy\n\nMr. Ruwan Silva joined the Sri Lanka Foreign Service in 1997 and served in Geneva "
            "and Tokyo.\n")
    x = map_text(tmp_path, "fs", text, "news-profile", date_published="2025-03-01")
    assert any(p.holder.name == "Ruwan Silva" and "Foreign Service" in p.role and p.start == "1997" for p in x.posts)


def test_a_country_with_its_article_after_the_name(tmp_path):
    text = ("Readout\n\nPresident Adam Cole met with Prime Minister Lotte Jansen of the Netherlands today in "
            "Washington.\n")
    x = map_text(tmp_path, "nl", text, "joint-statement", date_published="2025-03-01")
    [post] = [p for p in x.posts if p.holder.name == "Lotte Jansen"]
    assert post.org is not None and post.org.name == "Netherlands"


def test_received_today_the_credentials(tmp_path):
    text = ("Chairperson receives the new Ambassador of Korea\n\n"
            "Addis Ababa, 3 March 2025: The Chairperson of the African Union Commission, H.E. Amadou Sall, received "
            "today the credentials of H.E. Mr. Lee Joon-ho, the new Ambassador of the Republic of Korea to the "
            "African Union.\n")
    x = map_text(tmp_path, "au", text, "joint-statement", date_published="2025-03-03")
    [ev] = [e for e in x.events if e.kind == "meeting"]
    assert ev.date == "2025-03-03"
    assert {a.name for a in ev.attendees} >= {"Amadou Sall", "Lee Joon-ho"}
