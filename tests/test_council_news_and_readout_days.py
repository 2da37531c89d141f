"""Invented UN news and readouts: "today adopted resolution 2801 (2025)" is one adoption on the
day (before, a second event, a "publication" in the year of the resolution's number); a
resolution cited with its year alone is adopted that year; "met today with" is a held meeting on
the document's date (before, an undated sentence); "was Principal Officer at the UN Department of
…" is a post, not a person "Principal Officer"."""

from __future__ import annotations

from conftest import map_text


def test_today_adopted_a_resolution(tmp_path):
    text = ("Council extends mandate\n\nNew York, 14 June 2025\n\n"
            "The Security Council today adopted resolution 2801 (2025), extending the mandate of the mission.\n")
    x = map_text(tmp_path, "sc", text, "news-profile")
    assert [(e.kind, e.date) for e in x.events] == [("adoption", "2025-06-14")]


def test_a_resolution_cited_with_its_year(tmp_path):
    text = ("Ministers' statement\n\nThe Hague, 3 May 2016\n\n"
            "The investigation was called for in Security Council resolution 2100 (2013).\n")
    x = map_text(tmp_path, "cited", text, "joint-statement")
    assert ("adoption", "2013") in [(e.kind, e.date) for e in x.events]


def test_met_today_with(tmp_path):
    text = ("Secretary's Meeting with the Foreign Minister of Peru\n\nOffice of the Spokesperson\nJune 4, 2025\n\n"
            "Secretary of State Alan Brooks met today with Peruvian Foreign Minister Elena Quispe in Washington.\n")
    x = map_text(tmp_path, "readout", text, "joint-statement")
    [ev] = x.events
    assert (ev.date, ev.status) == ("2025-06-04", "held")
    assert {a.name for a in ev.attendees if a.kind == "person"} == {"Alan Brooks", "Elena Quispe"}


def test_principal_officer_is_a_post(tmp_path):
    text = ("New Permanent Representative of Tonga\n\nNuku'alofa, 3 February 2025\n\n"
            "Born in 1966, Mr. Sione Vaka holds a master's degree. He was Principal Officer at the UN Department "
            "of Peace Operations from 2010 to 2020.\n")
    x = map_text(tmp_path, "bio", text, "news-profile")
    assert {e.name for e in x.entities.values() if e.kind == "person"} == {"Sione Vaka"}
    assert ("Principal Officer", "2010", "2020") in [(p.role, p.start, p.end) for p in x.posts]


def test_possessor_then_former_in_a_closing_bio(tmp_path):
    # Before: "X is C's former Ambassador to D (years)" gave no post ("former" was read only before C's).
    text = ("Europe must not look away\n\nAnne Dupont is Belgium's former Ambassador to Niger (2017-2020).\n\n"
            "The region is slipping out of sight.\n")
    x = map_text(tmp_path, "bio", text, "opinion", author="Anne Dupont", publisher="Example")
    assert ("Ambassador to Niger", "2017", "2020") in [(p.role, p.start, p.end) for p in x.posts]
