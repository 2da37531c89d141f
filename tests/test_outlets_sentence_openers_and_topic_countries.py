"""Invented interview, op-ed and leaders' statement: an outlet's label in an interview ("Al-Sabah
Weekly: …") is no person; "As Senegal's President X told the summit" holds "President", not "As
Senegal's President"; a country the sentence is about ("… discussed the conflict in Ukraine") is not
the country of the bare titles before it (before, every leader became Ukraine's); "The author, X, is
…" in a closing line names the op-ed's writer."""

from __future__ import annotations

from conftest import map_text


def test_an_outlets_label_is_no_person(tmp_path):
    text = ("An interview with the foreign minister\n\n"
            "Omar Haddad has been Jordan's foreign minister since 2020. He spoke to Al-Sabah Weekly in Amman.\n\n"
            "Al-Sabah Weekly: Minister, how close is a ceasefire?\n\nHaddad: Closer than a week ago.\n")
    x = map_text(tmp_path, "qa", text, "news-profile", date_published="2025-04-18")
    assert {e.name for e in x.entities.values() if e.kind == "person"} == {"Omar Haddad"}


def test_a_sentence_opener_is_not_part_of_a_title(tmp_path):
    text = ("Africa at the summit\n\nAs Ghana's President Kofi Adjei told the summit, \"Africa does not want "
            "charity.\"\n\nThe author, Mariam Bello, is a former ambassador to the African Union.\n")
    x = map_text(tmp_path, "oped", text, "opinion", date_published="2025-04-18", author=None)
    assert ("Kofi Adjei", "President") in {(p.holder.name, p.role) for p in x.posts}
    assert x.author is not None and x.author.name == "Mariam Bello"


def test_a_country_the_sentence_is_about(tmp_path):
    text = ("Joint Statement of the Leaders\n\n"
            "Prime Minister Anna Lind, Prime Minister Jonas Berg and President Carla Reis discussed the conflict "
            "in Ukraine on 3 March 2025.\n")
    x = map_text(tmp_path, "leaders", text, "joint-statement", date_published="2025-03-04")
    assert not [p for p in x.posts if p.org is not None and p.org.name == "Ukraine"]
