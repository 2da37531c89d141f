"""A day the text gives without its year, in a document with no date of its own ("On Tuesday 14
March, the Minister met …" and no date_published): the event is published with that day as an
xsd:gMonthDay ("--03-14"), not dropped and not given a guessed year. Invented documents."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from diplograph.cli import cli
from diplograph.ns import SDO
from diplograph.text.dates import find_dates

TEXT = ("Audiences at the palace\n\n"
        "On Tuesday 14 March, the Minister for Foreign Affairs of Portugal, Helena Varzim, met the Minister "
        "for Foreign Affairs of Ghana, Kwame Asante-Boadu, in Lisbon for consultations on fisheries.\n")


def test_a_month_day_keeps_no_year_only_when_asked_and_the_text_has_no_date():
    assert [d.value for d in find_dates(TEXT)] == []  # the default: a month-day needs a reference date
    assert [(d.value, d.precision) for d in find_dates(TEXT, yearless=True)] == [("--03-14", "monthday")]
    assert [d.value for d in find_dates(TEXT, ref="2022-03-01", yearless=True)] == ["2022-03-14"]
    assert [d.value for d in find_dates("On 30 February, they met.", yearless=True)] == []  # no such day


def _build(tmp_path, sidecar):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "600_audiences.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "600_audiences.meta.yaml").write_text(yaml.safe_dump(sidecar), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return Graph().parse(out / "graphs" / "600_audiences.ttl")


def test_an_undated_documents_event_has_its_day_without_a_year(tmp_path):
    g = _build(tmp_path, {"genre": "joint-statement", "title": "Audiences at the palace", "language": "en"})
    assert Literal("--03-14", datatype=XSD.gMonthDay) in set(g.objects(None, SDO.startDate))


def test_a_dated_documents_event_gets_the_nearest_year(tmp_path):
    g = _build(tmp_path, {"genre": "joint-statement", "title": "Audiences at the palace", "language": "en",
                          "date_published": "2022-03-15"})
    assert Literal("2022-03-14", datatype=XSD.date) in set(g.objects(None, SDO.startDate))
