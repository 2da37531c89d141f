"""Invented readouts, statements and profiles: a weekday ("on Tuesday") is the last such day on or
before the document's date, or the next one in a clause about what will happen (before, no date and
no event); "next month" and a month named alone in a planned clause lie ahead; signatories' name and
title lines closing a joint statement without "For …" are persons with their posts; "took over as
C's ambassador … in January" and "became … in September 2020" start the post (before, a former post
with no date); "His Majesty King X" holds the post "King", not "Majesty King"."""

from __future__ import annotations

from conftest import map_text


def _events(x):
    return sorted((e.kind, e.date, e.status or "") for e in x.events)


def test_a_call_on_a_weekday(tmp_path):
    # 2025-02-13 is a Thursday: "on Monday" is 10 February.
    text = ("Prime Minister's call with the President of Ghana\n\n"
            "Prime Minister Rhys Calder spoke by telephone with President Kojo Mensah of Ghana on Monday.\n\n"
            "The leaders discussed regional security.\n")
    x = map_text(tmp_path, "call", text, "joint-statement", date_published="2025-02-13")
    [ev] = x.events
    assert (ev.date, ev.status) == ("2025-02-10", "held")
    assert {a.name for a in ev.attendees} == {"Rhys Calder", "Kojo Mensah"}


def test_a_weekday_ahead_in_a_planned_clause(tmp_path):
    # 2025-02-13 is a Thursday: "will travel … on Saturday" is 15 February, "on Thursday" a week on.
    text = ("Minister hosts counterpart\n\n"
            "On Tuesday, Foreign Minister Lena Hartmann hosted her Chilean counterpart, Minister of Foreign Affairs "
            "Tomás Herrera, in Vienna.\n\n"
            "Herrera will travel on to Rome on Saturday.\n")
    x = map_text(tmp_path, "host", text, "joint-statement", date_published="2025-02-13")
    assert ("meeting", "2025-02-11", "") in _events(x) or ("meeting", "2025-02-11", "held") in _events(x)
    assert ("visit", "2025-02-15", "planned") in _events(x)


def test_a_written_date_after_a_weekday_wins(tmp_path):
    text = ("Talks in Lisbon\n\nThe foreign ministers of Spain and Portugal, Marta Ruiz and Joao Pires, "
            "met on Friday, 7 March 2025 in Lisbon.\n")
    x = map_text(tmp_path, "dated", text, "joint-statement", date_published="2025-03-10")
    assert [e.date for e in x.events] == ["2025-03-07"]


def test_next_month_and_a_month_ahead(tmp_path):
    text = ("Why the reef needs us\n\nNext month, governments will meet in Suva for the reef summit.\n\n"
            "They agreed to meet again in Apia in February.\n\n"
            "Ana Lemalu is the Minister of Foreign Affairs of Samoa.\n")
    x = map_text(tmp_path, "oped", text, "opinion", date_published="2025-10-20")
    dates = [e.date for e in x.events]
    assert "2025-11" in dates and "2026-02" in dates


def test_signatories_close_a_joint_statement(tmp_path):
    text = ("Joint Statement of the Foreign Ministers of Sweden and Finland\n\n"
            "We, the Foreign Ministers of Sweden and Finland, met in Turku on 2 June 2025 and reaffirmed our support "
            "for the rules-based order.\n\n"
            "Karin Ek\nMinister for Foreign Affairs of Sweden\n\n"
            "Mikko Virtanen\nMinister for Foreign Affairs of Finland\n")
    x = map_text(tmp_path, "js", text, "joint-statement", date_published="2025-06-03")
    posts = {(p.holder.name, p.role, p.org.name if p.org else None) for p in x.posts}
    assert ("Karin Ek", "Minister for Foreign Affairs", "Sweden") in posts
    assert ("Mikko Virtanen", "Minister for Foreign Affairs", "Finland") in posts


def test_contact_lines_after_a_statement_are_no_signatories(tmp_path):
    text = ("Statement by the ministers\n\nThe ministers met in Geneva on 2 June 2025 and discussed the situation.\n\n"
            "Press contacts\nMinister's office: +41 22 000 00 00\n")
    x = map_text(tmp_path, "contacts", text, "joint-statement", date_published="2025-06-03")
    assert not [e for e in x.entities.values() if e.kind == "person"]
    assert not x.posts


def test_took_over_as_ambassador_in_a_month(tmp_path):
    text = ("A new face in New York\n\n"
            "Nadia Haddad, 49, took over as Lebanon's ambassador to the United Nations in March, replacing a "
            "colleague who retired.\n")
    x = map_text(tmp_path, "profile", text, "news-profile", date_published="2025-05-02")
    [post] = [p for p in x.posts if p.holder.name == "Nadia Haddad"]
    assert (post.start, post.former) == ("2025-03", False)
    assert "Lebanon" in post.org.name


def test_became_permanent_representative_in_a_month_and_year(tmp_path):
    text = ("Interview: Ambassador Ama Boateng\n\n"
            "Ama Boateng became Ghana's Permanent Representative to the United Nations in October 2021. "
            "We asked her about the Council.\n")
    x = map_text(tmp_path, "qa", text, "news-profile", date_published="2023-01-10")
    [post] = [p for p in x.posts if p.holder.name == "Ama Boateng"]
    assert (post.start, post.former) == ("2021-10", False)


def test_his_majesty_the_king(tmp_path):
    text = ("State visit\n\nAt the invitation of His Majesty King Magnus Aldren of Sweden, President Lucia Ferri "
            "of Italy paid a state visit to Sweden from 3 to 5 June 2025.\n")
    x = map_text(tmp_path, "visit", text, "joint-statement", date_published="2025-06-06")
    roles = {(p.holder.name, p.role) for p in x.posts}
    assert ("Magnus Aldren", "King") in roles


def test_external_affairs_minister_is_a_title(tmp_path):
    text = ("Consultations in Delhi\n\nExternal Affairs Minister Arjun Mehta met Foreign Minister Olga Berg of Norway "
            "in New Delhi on 4 April 2025.\n")
    x = map_text(tmp_path, "delhi", text, "joint-statement", date_published="2025-04-05")
    assert ("Arjun Mehta", "External Affairs Minister") in {(p.holder.name, p.role) for p in x.posts}
