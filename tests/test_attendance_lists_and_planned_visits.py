"""Communiqués and announcements as others write them (invented documents): "Minister of Water
Resources of C" is a title, not a person "Water Resources"; a named meeting "was held in CITY on
DATE" is an event even with no one named in that sentence, and "The meeting was attended by:" and
the list under it are its attendees; "will visit C from 3 to 5 March, where she will meet X" is a
planned visit over those days (before, a meeting dated the 5th)."""

from __future__ import annotations

from conftest import map_text

COMMUNIQUE = """Communiqué of the Ministerial Meeting of the River Basin Authority

Bamako, 20 February 2024

The 9th Ministerial Meeting of the River Basin Authority was held in Bamako on 20 February 2024. The meeting was attended by:

- H.E. Oumar Keita, Minister of Energy of Mali;
- H.E. Aminata Sow, Minister of Hydraulics of Senegal;
- Hon. Sekou Camara, Minister of Water Resources of Guinea.

The Ministers adopted the Authority's budget for 2024.
"""


def test_words_after_of_complete_a_title(tmp_path):
    x = map_text(tmp_path, "communique", COMMUNIQUE, "joint-statement")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert "Water Resources" not in names and "Sekou Camara" in names
    assert {p.holder.name: p.role for p in x.posts}["Sekou Camara"] == "Minister of Water Resources"


def test_a_named_meeting_and_its_attendance_list(tmp_path):
    x = map_text(tmp_path, "communique", COMMUNIQUE, "joint-statement")
    [ev] = [e for e in x.events if e.date == "2024-02-20"]
    assert ev.name.startswith("9th Ministerial Meeting of the River Basin Authority")
    assert ev.location is not None and ev.location.name == "Bamako"
    assert {a.name for a in ev.attendees} == {"Oumar Keita", "Aminata Sow", "Sekou Camara"}


def test_will_visit_from_to_where_she_will_meet(tmp_path):
    text = ("Foreign Minister to visit Chile\n\nWellington, 1 March 2024\n\n"
            "Foreign Minister Hana Parata will visit Chile from 3 to 5 March 2024, where she will meet "
            "Chilean Foreign Minister Pablo Ruiz Tagle.\n")
    x = map_text(tmp_path, "visit", text, "joint-statement")
    [ev] = x.events
    assert (ev.kind, ev.date, ev.end_date, ev.status) == ("visit", "2024-03-03", "2024-03-05", "planned")
    assert ev.location.name == "Chile"
    assert {a.name for a in ev.attendees} == {"Hana Parata", "Pablo Ruiz Tagle"}
