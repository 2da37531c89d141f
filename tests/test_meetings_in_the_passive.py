"""Consultations told in the passive, the usual layout of foreign ministries' press releases
(invented documents): "The 5th round of political consultations between A and B took place in
CITY on DATE. The A-ian delegation was led by X, and the B-ian delegation by Y." gave a UN council
meeting with no attendees and no place, and posts of no country."""

from __future__ import annotations

import pytest
from conftest import map_text

TEXT = ("Press release\n\nThe 5th round of political consultations between the Ministries of Foreign Affairs of "
        "Peru and Chile {verb} in Lima on 3 March 2023. The Peruvian delegation was led by Vice Minister Rosa Flores, "
        "and the Chilean delegation by Undersecretary Pablo Vera.\n")


@pytest.mark.parametrize(("verb", "status"), [("took place", "held"), ("were held", "held"), ("will be held", "planned")])
def test_consultations_in_the_passive(tmp_path, verb, status):
    x = map_text(tmp_path, "pr", TEXT.format(verb=verb), "joint-statement", publisher="Example Ministry",
                 date_published="2023-03-01")
    [ev] = x.events
    assert (ev.kind, ev.date, ev.location.name, ev.status) == ("consultation", "2023-03-03", "Lima", status)
    assert [e.name for e in ev.attendees] == ["Peru", "Chile", "Rosa Flores", "Pablo Vera"]
    assert sorted((p.holder.name, p.role, p.org.name if p.org else None) for p in x.posts) == [
        ("Pablo Vera", "Undersecretary", "Chile"), ("Rosa Flores", "Vice Minister", "Peru")]
