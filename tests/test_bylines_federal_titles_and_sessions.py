"""Invented op-ed, declaration and UN news: a byline "By H.E. Mr. X, Ambassador …" names X, not
"H.E. Mr. X" (before, two persons); "Federal Minister for …" under a signature is a post; "Done at
CITY on DATE" is a signing; "elected X of C as President of its 80th session" gives X that post in
the body "its" refers to (before, no post, or the role cut at "of its")."""

from __future__ import annotations

from conftest import map_text


def test_a_byline_with_forms_of_address(tmp_path):
    text = ("By H.E. Mr. Kofi Mensah-Bonsu, Ambassador of Ghana to Japan\n\n"
            "Cocoa is more than a commodity for our farmers. It is a livelihood.\n\n"
            "Trade rules must not punish the smallholders who protect the forest.\n")
    x = map_text(tmp_path, "byline", text, "opinion", date_published="2025-03-01", author=None)
    persons = {e.name for e in x.entities.values() if e.kind == "person"}
    assert persons == {"Kofi Mensah-Bonsu"}
    assert x.author is not None and x.author.name == "Kofi Mensah-Bonsu"


def test_federal_minister_signs_and_done_at(tmp_path):
    text = ("Joint Declaration of Intent between Austria and Italy on Rail Freight\n\n"
            "Austria and Italy intend to deepen their cooperation on rail freight across the Alps.\n\n"
            "Done at Vienna on 3 April 2025 in two originals.\n\n"
            "For the Republic of Austria\nKarl Steiner\nFederal Minister for Climate Action\n\n"
            "For the Italian Republic\nLuca Bianchi\nMinister of Infrastructure and Transport\n")
    x = map_text(tmp_path, "decl", text, "joint-statement", date_published="2025-04-04")
    posts = {(p.holder.name, p.role) for p in x.posts}
    assert ("Karl Steiner", "Federal Minister for Climate Action") in posts
    assert ("signing", "2025-04-03") in {(e.kind, e.date) for e in x.events}


def test_elected_president_of_its_session(tmp_path):
    text = ("General Assembly elects its President\n\n"
            "The General Assembly today elected Amara Diop of Senegal as President of its eightieth session.\n")
    x = map_text(tmp_path, "ga", text, "news-profile", date_published="2025-06-02")
    posts = {(p.holder.name, p.role, p.org.name if p.org else None) for p in x.posts}
    assert any(h == "Amara Diop" and r == "President of the eightieth session" and o and "General Assembly" in o
               for h, r, o in posts), posts
