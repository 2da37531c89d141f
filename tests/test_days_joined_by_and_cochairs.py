"""Invented communiqué: a session "held in CITY on 8 and 9 December 2025" begins on the 8th (before,
the 9th), and "co-chaired by A of C and B of D" puts A and B at it (before, no one)."""

from __future__ import annotations

from conftest import map_text
from diplograph.model import Span
from diplograph.text.dates import find_dates


def test_days_joined_by_and_begin_on_the_first():
    text = "The session was held on 8 and 9 December 2025 and again on 12-14 March 2026."
    values = [d.value for d in find_dates(text, Span(0, len(text)))]
    assert values == ["2025-12-08", "2026-03-12"]


def test_a_session_cochaired_by_two_leaders(tmp_path):
    text = ("Joint Communiqué of the 9th Session of the Joint Higher Committee\n\n"
            "The 9th session of the Joint Higher Committee was held in Cairo on 8 and 9 December 2025, co-chaired by "
            "Prime Minister Karim Said of Egypt and Prime Minister Omar Nabil of Jordan.\n")
    x = map_text(tmp_path, "jhc", text, "joint-statement", date_published="2025-12-10")
    [ev] = [e for e in x.events if e.date and e.date.startswith("2025-12")]
    assert ev.date == "2025-12-08"
    assert {"Karim Said", "Omar Nabil"} <= {a.name for a in ev.attendees}
