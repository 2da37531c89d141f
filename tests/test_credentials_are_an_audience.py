"""Regression: "X presented her credentials to President Y on DATE" was a dated happening of kind
"publication" with nobody attending. An envoy presents credentials to the host in person: it is a
meeting of the two. Invented document."""

from __future__ import annotations

from conftest import map_text

TEXT = """New ambassador of Chile

Ambassador Rosa Valdivieso presented her credentials to President Mateus Tembe on 2 May 2024 at the State House.
"""


def test_presenting_credentials_is_a_meeting_of_envoy_and_host(tmp_path):
    x = map_text(tmp_path, "credentials", TEXT, "joint-statement",
                 publisher="Ministry of Foreign Affairs of Mozambique", date_published="2024-05-07")
    (event,) = [e for e in x.events if e.date == "2024-05-02"]
    assert event.kind == "meeting"
    assert {a.name for a in event.attendees} == {"Rosa Valdivieso", "Mateus Tembe"}
