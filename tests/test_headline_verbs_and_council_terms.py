"""Invented profiles and readouts: a headline verb in title case is no name ("State Secretary
Visits Oslo" named a person "Visits Oslo"); "is led by Ambassador X, who presented …" is X's
current post, not a former one ("led" read as the past); "served on the Security Council in
1997-1998 and 2008-2009" is a membership per term; "Cabinet Secretary" is one title."""

from __future__ import annotations

from conftest import map_text


def test_a_headline_verb_is_no_name(tmp_path):
    text = ("Deputy Minister Visits Tallinn\n\nWarsaw, 14 June 2024\n\n"
            "Deputy Minister Anna Wolska of Poland travelled to Tallinn on 13 June for talks with "
            "Estonia's Deputy Minister Mart Kask.\n")
    x = map_text(tmp_path, "visit", text, "joint-statement")
    assert {e.name for e in x.entities.values() if e.kind == "person"} == {"Anna Wolska", "Mart Kask"}


PROFILE = ("Mission profile: Panama at the UN\n\nNew York, 5 March 2024\n\n"
           "Panama's mission to the United Nations is led by Ambassador Rosa Delgado Pineda, who presented "
           "her credentials in 2023. Panama served on the Security Council in 2007-2008 and 2025-2026.\n")


def test_is_led_by_is_a_current_post(tmp_path):
    x = map_text(tmp_path, "panama", PROFILE, "news-profile")
    [post] = [p for p in x.posts if p.holder.name == "Rosa Delgado Pineda"]
    assert not post.former and post.org.name == "Permanent Mission of Panama to the United Nations"


def test_served_on_the_council_in_two_terms(tmp_path):
    x = map_text(tmp_path, "panama", PROFILE, "news-profile")
    terms = sorted((p.start, p.end) for p in x.posts if p.holder.kind == "country" and "Security Council" in p.role)
    assert terms == [("2007", "2008"), ("2025", "2026")]


def test_cabinet_secretary_is_one_title(tmp_path):
    text = ("Joint Statement\n\nKampala, 5 May 2024\n\n"
            "The Minister of Foreign Affairs of Uganda, Grace Atim, and the Cabinet Secretary for Foreign "
            "Affairs of Kenya, Peter Njoroge, met in Kampala on 5 May 2024.\n")
    x = map_text(tmp_path, "joint", text, "joint-statement")
    roles = {p.holder.name: p.role for p in x.posts}
    assert roles["Peter Njoroge"] == "Cabinet Secretary for Foreign Affairs"
