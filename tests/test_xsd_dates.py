"""The fast SHACL evaluator and pySHACL on unusual date literals: the fast one follows the XSD 1.1
lexical spaces (diplograph.xsdlex), pySHACL (through rdflib) does not in the cases listed here. Each
difference is tested both ways, so a change on either side shows; on the contract's own dates (the
shapes' sh:pattern allows only YYYY, YYYY-MM, YYYY-MM-DD) the two agree."""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest
from rdflib import Graph

from diplograph import fastshacl
from diplograph.xsdlex import valid_lexical

XSD = "http://www.w3.org/2001/XMLSchema#"

# (lexical form, datatype, in the XSD 1.1 lexical space, pySHACL accepts it)
CASES = [
    ("2021-03-12", "date", True, True),
    ("2020-02-29", "date", True, True),
    ("2021-02-29", "date", False, False),
    ("2021-02-30", "date", False, False),
    ("2021-03-12Z", "date", True, True),           # a time zone is part of xsd:date
    ("2021-03-12+05:30", "date", True, True),
    ("2021-03-12-14:00", "date", True, True),
    ("2021-03-12+15:00", "date", False, True),     # time zones stop at ±14:00
    ("2021-03-12+14:01", "date", False, True),
    ("2021-03-12T00:00:00", "date", False, True),  # a dateTime, not a date
    ("0000-01-01", "date", True, False),           # XSD 1.1: year 0000 is 1 BCE
    ("-0044-03-15", "date", True, False),          # negative years
    ("12021-01-01", "date", True, False),          # years of five digits
    ("02021-01-01", "date", False, False),         # but no leading zero beyond four
    (" 2021-03-12", "date", False, False),
    ("2021", "gYear", True, True),
    ("2021Z", "gYear", True, True),
    ("0000", "gYear", True, True),
    ("-0044", "gYear", True, True),
    ("2021-05-01", "gYear", False, True),          # a date is not a year
    ("202", "gYear", False, True),
    ("02021", "gYear", False, True),
    ("2021-05", "gYearMonth", True, True),
    ("2021-05Z", "gYearMonth", True, True),
    ("2021", "gYearMonth", False, True),           # a year is not a year-month
    ("2021-13", "gYearMonth", False, True),
    ("2021-00", "gYearMonth", False, True),
    ("2021-5", "gYearMonth", False, True),
    ("--03-14", "gMonthDay", True, True),          # a day the text gives without its year
    ("--02-29", "gMonthDay", True, True),          # a day of some year
    ("--04-31", "gMonthDay", False, True),
    ("--13-01", "gMonthDay", False, True),
    ("03-14", "gMonthDay", False, True),
]
IDS = [f"{v}^^{dt}" for v, dt, _, _ in CASES]

SHAPES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> . " \
         "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + "\n".join(
             f"ex:S{dt} a sh:NodeShape ; sh:targetSubjectsOf ex:{dt} ; sh:property [ sh:path ex:{dt} ; "
             f"sh:datatype xsd:{dt} ] ." for dt in ("date", "gYear", "gYearMonth", "gMonthDay"))


def _data(value: str, dt: str, pred: str = "http://ex/{dt}") -> str:
    return f'<http://ex/n> <{pred.format(dt=dt)}> "{value}"^^<{XSD}{dt}> .'


@pytest.fixture(scope="module")
def fast_shapes(tmp_path_factory):
    path = tmp_path_factory.mktemp("xsd") / "shapes.ttl"
    path.write_text(SHAPES, encoding="utf-8")
    return fastshacl.load(path, Graph(), {"ex": "http://ex/"})


def _fast_conforms(data: str, shapes) -> bool:
    triples = [q.triple for q in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    return not [r for r in fastshacl.validate(triples, shapes) if r.severity == "Violation"]


def _pyshacl_conforms(data: str, shapes: Graph) -> bool:
    import pyshacl

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)  # rdflib logs each ill-typed literal
    return pyshacl.validate(Graph().parse(data=data, format="nt"), shacl_graph=shapes)[0]


@pytest.mark.parametrize("value,dt,xsd_valid,pyshacl_accepts", CASES, ids=IDS)
def test_lexical_space(value, dt, xsd_valid, pyshacl_accepts):
    assert valid_lexical(value, XSD + dt) is xsd_valid


@pytest.mark.parametrize("value,dt,xsd_valid,pyshacl_accepts", CASES, ids=IDS)
def test_fast_evaluator_follows_xsd(value, dt, xsd_valid, pyshacl_accepts, fast_shapes):
    assert _fast_conforms(_data(value, dt), fast_shapes) is xsd_valid


@pytest.mark.parametrize("value,dt,xsd_valid,pyshacl_accepts", CASES, ids=IDS)
def test_what_pyshacl_accepts(value, dt, xsd_valid, pyshacl_accepts):
    """pySHACL's answer as documented in diplograph.xsdlex (differs from XSD where the columns do)."""
    assert _pyshacl_conforms(_data(value, dt), Graph().parse(data=SHAPES, format="turtle")) is pyshacl_accepts


@pytest.mark.parametrize("value,dt", [("2021-03-12", "date"), ("2021-03", "gYearMonth"), ("2021", "gYear"),
                                      ("2021-02-30", "date"), ("2021-13-01", "date"), ("21-03-12", "date"),
                                      ("--03-14", "gMonthDay"), ("--13-01", "gMonthDay")])
def test_both_agree_on_the_contracts_dates(value, dt, project):
    """With the project's shapes (sh:or of the three datatypes plus the YYYY[-MM[-DD]] pattern)."""
    from diplograph.validate import fast_shapes, validate_graph

    data = _data(value, dt, "https://schema.org/startDate")
    g = Graph().parse(data=data, format="nt")
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    assert _fast_conforms(data, fast_shapes(project)) is validate_graph(g, project=project).conforms


@pytest.mark.parametrize("value", ["2021-03-12Z", "2021-03-12T10:00:00"])
def test_time_zone_or_time_on_a_contract_date(value, project):
    """The contract's dates have no time zone or time (sh:pattern). The fast evaluator refuses
    "2021-03-12Z"^^xsd:date; pySHACL accepts it because rdflib normalises the literal to
    "2021-03-12" when it parses it, before sh:pattern sees the lexical form."""
    from diplograph.validate import fast_shapes, validate_graph

    data = _data(value, "date", "https://schema.org/startDate")
    g = Graph().parse(data=data, format="nt")
    assert [str(o) for o in g.objects()] == ["2021-03-12"]
    assert _fast_conforms(data, fast_shapes(project)) is False
    assert validate_graph(g, project=project).conforms is True


def test_ill_typed_year_on_a_contract_date(project):
    """"2021-05-01"^^xsd:gYear matches the pattern but is no gYear: fast refuses, pySHACL accepts."""
    from diplograph.validate import fast_shapes, validate_graph

    data = _data("2021-05-01", "gYear", "https://schema.org/startDate")
    assert _fast_conforms(data, fast_shapes(project)) is False
    assert validate_graph(Graph().parse(data=data, format="nt"), project=project).conforms is True
