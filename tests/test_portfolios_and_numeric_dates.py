"""Invented communiqués: a minister's portfolio after a comma is no person ("The Minister of Foreign
Affairs, African Cooperation and … Expatriates, Mr. X" named a person "African Cooperation"); "held
talks on DATE in CITY with A, and with B" has A and B at the talks; a dateline "12.03.2024" is
day.month.year, "25/12/2023" where the order is plain, and "03/04/2024" is not read at all."""

from __future__ import annotations

from conftest import map_text
from diplograph.text.dates import find_dates


def test_a_portfolio_is_no_person_and_the_talks_have_all_three(tmp_path):
    text = ("Joint Communiqué\n\nTunis, 5th March 2024\n\n"
            "The Minister of Foreign Affairs, Regional Cooperation and Tunisians Abroad, Mr. Nabil Gharbi, held "
            "talks on 4th March 2024 in Tunis with the Minister of Foreign Affairs of Portugal, Rui Almeida, and "
            "with Greece's Minister of Foreign Affairs, Eleni Papadaki.\n")
    x = map_text(tmp_path, "communique", text, "joint-statement")
    names = {e.name for e in x.entities.values() if e.kind == "person"}
    assert names == {"Nabil Gharbi", "Rui Almeida", "Eleni Papadaki"}
    [talks] = [e for e in x.events if e.date == "2024-03-04"]
    assert {a.name for a in talks.attendees if a.kind == "person"} == names


def test_numeric_dates():
    values = {t: [d.value for d in find_dates(t)] for t in
              ("Bern, 12.03.2024", "on 25/12/2023", "on 12/25/2023", "on 03/04/2024", "31.02.2024", "v1.2.2024.1")}
    assert values == {"Bern, 12.03.2024": ["2024-03-12"], "on 25/12/2023": ["2023-12-25"],
                      "on 12/25/2023": ["2023-12-25"], "on 03/04/2024": [], "31.02.2024": [], "v1.2.2024.1": []}


def test_a_numeric_dateline_dates_the_document(tmp_path):
    text = ("Readout\n\nOttawa, 12.03.2024\n\nMinister Claire Dubois met with Minister Kenji Watanabe of Japan "
            "on March 11th in Ottawa.\n")
    x = map_text(tmp_path, "readout", text, "joint-statement")
    assert [e.date for e in x.events] == ["2024-03-11"]
