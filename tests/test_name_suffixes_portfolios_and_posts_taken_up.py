"""Invented press releases and profiles: "President Ramon Villar Jr." is one person (before, the
title's "Ramon Villar" and the parse's "Ramon Villar Jr" were two), and not the president of the
country he visits ("the visit of President X to Japan"); "Undersecretary for … and ASEAN Affairs" is
a portfolio, not a post in ASEAN; "has taken up her post as C's Ambassador to D" is a current post
(before, a former one)."""

from __future__ import annotations

from conftest import map_text


def test_a_generational_suffix_is_part_of_the_name(tmp_path):
    text = ("Joint Press Release\n\n"
            "Both sides welcomed the visit of President Ramon Villar Jr. to Japan in February 2025.\n")
    x = map_text(tmp_path, "jr", text, "joint-statement", date_published="2025-06-16")
    persons = [e for e in x.entities.values() if e.kind == "person"]
    assert [p.name for p in persons] == ["Ramon Villar Jr"]
    [post] = x.posts
    assert post.org is None or post.org.name != "Japan"


def test_a_portfolio_named_for_a_body(tmp_path):
    text = ("Dialogue held in Manila\n\n"
            "Ms. Clara Santos, Undersecretary for Bilateral Relations and ASEAN Affairs of the Philippines, "
            "opened the dialogue on 3 June 2025.\n")
    x = map_text(tmp_path, "asean", text, "joint-statement", date_published="2025-06-04")
    [post] = [p for p in x.posts if p.holder.name == "Clara Santos"]
    assert post.org is None or post.org.name != "ASEAN"


def test_has_taken_up_her_post(tmp_path):
    text = ("New ambassador to Ghana\n\n"
            "Ingrid Solheim has taken up her post as Norway's Ambassador to Ghana. She will also be accredited to "
            "Togo and Benin.\n")
    x = map_text(tmp_path, "taken", text, "news-profile", date_published="2025-09-02")
    [post] = [p for p in x.posts if p.holder.name == "Ingrid Solheim"]
    assert (post.former, post.attested) == (False, "2025-09-02")
