"""A joint statement signed "Name, Title, Country" (one signatory a line) gives each title its
country; "We, the Foreign Ministers of A, B and C, met in CITY on DATE" is a meeting the three
countries attend (invented statement; before, the titles had no country and the meeting nobody)."""

from __future__ import annotations

from conftest import map_text

TEXT = ("Joint Statement on Fisheries\n\n"
        "We, the Foreign Ministers of Chile, Peru and Ecuador, met in Lima on 12 March 2024 for the third trilateral meeting.\n\n"
        "We agreed to share data on illegal fishing.\n\n"
        "Signed by:\n"
        "Ana Rivas, Minister of Foreign Affairs, Chile\n"
        "Jorge Salas, Minister of Foreign Affairs, Peru\n"
        "Lucia Mora, Minister of Foreign Affairs and Human Mobility, Ecuador\n")


def _x(tmp_path):
    return map_text(tmp_path, "fish", TEXT, "joint-statement", date_published="2024-03-12", publisher="Example")


def test_a_signatory_line_gives_the_title_its_country(tmp_path):
    posts = {p.holder.name: (p.role, p.org.name if p.org else None) for p in _x(tmp_path).posts}
    assert posts["Ana Rivas"] == ("Minister of Foreign Affairs", "Chile")
    assert posts["Jorge Salas"] == ("Minister of Foreign Affairs", "Peru")
    assert posts["Lucia Mora"][1] == "Ecuador"


def test_the_countries_whose_ministers_met_attend(tmp_path):
    ev = next(e for e in _x(tmp_path).events if e.date == "2024-03-12")
    assert [a.name for a in ev.attendees] == ["Chile", "Peru", "Ecuador"]
    assert ev.location is not None and ev.location.name == "Lima"
