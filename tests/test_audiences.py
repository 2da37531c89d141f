"""An audience: "The President received three new envoys on 14 March", "the President received the
credentials of the new Ambassador of Chile, Ana Quispe": a dated meeting of the host and those
received (extract/events.py). "Received a letter" or "received praise from ministers" is none.
Invented documents."""

from __future__ import annotations

from tests.conftest import map_text


def _events(tmp_path, body):
    return map_text(tmp_path, "610_audience", f"Audiences\n\n{body}\n", "joint-statement",
                    date_published="2024-05-06").events


def test_a_host_receiving_a_named_ambassador_is_a_dated_audience(tmp_path):
    events = _events(tmp_path, "On 3 May 2024, the President of Portugal, Helena Varzim, received the credentials "
                               "of the new Ambassador of Chile, Ana Quispe, at the palace in Lisbon.")
    audience = [e for e in events if e.date == "2024-05-03"]
    assert len(audience) == 1
    names = {a.name for a in audience[0].attendees if a.kind == "person"}
    assert {"Helena Varzim", "Ana Quispe"} <= names
    assert audience[0].status == "held" and audience[0].name.startswith("Audience")


def test_receiving_a_letter_or_praise_is_no_audience(tmp_path):
    events = _events(tmp_path, "On 3 May 2024, the Minister of Foreign Affairs of Portugal, Helena Varzim, received "
                               "a letter from the fishermen. On 4 May 2024, Helena Varzim received praise from "
                               "ministers of the region for the agreement.")
    assert not [e for e in events if e.name.startswith("Audience")]
