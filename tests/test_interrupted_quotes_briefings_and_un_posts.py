"""Invented UN news and op-eds: a quotation interrupted by its attribution (“First half,” X said,
“second half.”) is one quotation with both halves (before, two); "X briefed the Security Council on
5 March" is the Council's meeting that day with X at it (before, no event); an Under-Secretary-
General's post is not of their country, nor a known head of state's of the country the document is
about (before, "President X" of a Kenyan president in a Finnish op-ed was Finland's); "Special Envoy
of the Secretary-General for Yemen" is not a post of Yemen."""

from __future__ import annotations

from conftest import map_text


def test_an_interrupted_quotation_is_one(tmp_path):
    text = ("Envoy says the Council must act\n\n"
            "Norway's Permanent Representative to the UN, Ola Brekke, spoke to reporters.\n\n"
            "“We are ready,” Brekke said, “to work with every member of the Council on a resolution.”\n")
    x = map_text(tmp_path, "q", text, "news-profile", date_published="2025-05-20")
    [q] = x.quotations
    assert q.speaker.name == "Ola Brekke"
    assert q.text.startswith("We are ready") and " … to work with every member" in q.text
    assert len(q.more_spans) == 1 and text[q.more_spans[0].start:q.more_spans[0].end].startswith("to work")


def test_briefed_the_council_on_a_date(tmp_path):
    text = ("Council briefed on Sudan\n\n"
            "Assistant Secretary-General Mona Haddad briefed the Security Council on 5 March on the situation in "
            "Sudan.\n")
    x = map_text(tmp_path, "brief", text, "news-profile", date_published="2025-03-06")
    [ev] = x.events
    assert ev.date == "2025-03-05"
    assert [a.name for a in ev.attendees] == ["Mona Haddad"]


def test_envoy_for_a_country_and_un_officials(tmp_path):
    text = ("Council briefed on Libya\n\n"
            "Under-Secretary-General for Peace Operations Daniel Okoro briefed the Security Council on 5 March. "
            "Ana Ruiz, the Special Envoy of the Secretary-General for Libya, also briefed the Council. "
            "Libya's representative spoke after them, and Libya's neighbours asked for calm in Libya.\n")
    x = map_text(tmp_path, "libya", text, "news-profile", date_published="2025-03-06")
    orgs = {p.holder.name: (p.org.name if p.org else None) for p in x.posts}
    assert orgs.get("Ana Ruiz") != "Libya"
    assert orgs.get("Daniel Okoro") != "Libya"


def test_told_reporters_is_no_post(tmp_path):
    text = ("Reactions\n\n\"We regret that the Council could not agree,\" the Serbian ambassador, Marko Ilic, told "
            "reporters.\n")
    x = map_text(tmp_path, "told", text, "news-profile", date_published="2025-03-12")
    assert {p.role for p in x.posts if p.holder.name == "Marko Ilic"} == {"ambassador"}


def test_a_short_whole_sentence_continues_the_speaker(tmp_path):
    text = ("Reactions\n\n\"The resolution is a first step,\" wrote Ghana's ambassador, Ama Owusu, on social media. "
            "\"Implementation is what matters.\" Others called it a 'win'.\n")
    x = map_text(tmp_path, "cont", text, "news-profile", date_published="2025-03-12")
    said = [(q.speaker.name, q.text) for q in x.quotations]
    assert ("Ama Owusu", "Implementation is what matters.") in said
    assert not any(t == "win" for _, t in said)
