"""Lexical spaces of the XSD 1.1 datatypes our shapes check with sh:datatype (what RDF 1.1 and
SHACL refer to): a literal whose lexical form is outside its datatype's lexical space is ill-typed,
and sh:datatype reports it.

From XML Schema 1.1 Part 2 (sections 3.3.9 date, 3.3.10 gYearMonth, 3.3.11 gYear, D.3 fragments):

    yearFrag     ::= '-'? ( [1-9] digit digit digit+ | '0' digit digit digit )
    monthFrag    ::= '0' [1-9] | '1' [0-2]
    dayFrag      ::= '0' [1-9] | [12] digit | '3' [01]      (and the day exists in that month)
    timezoneFrag ::= 'Z' | ('+' | '-') ( ('0' digit | '1' [0-3]) ':' minuteFrag | '14:00' )
    date         ::= yearFrag '-' monthFrag '-' dayFrag timezoneFrag?
    gYearMonth   ::= yearFrag '-' monthFrag timezoneFrag?
    gYear        ::= yearFrag timezoneFrag?
    gMonthDay    ::= '--' monthFrag '-' dayFrag timezoneFrag?   (3.3.12; the day exists in some year: --02-29 does)

So years have four digits or more (no leading zero beyond four), year 0000 and negative years are
allowed (XSD 1.1: proleptic Gregorian, 0000 is 1 BCE and a leap year), a time zone is allowed
(up to ±14:00), and no time part or surrounding space. pySHACL (through rdflib) differs: it accepts
any lexical form for gYear, gYearMonth and gMonthDay ("2021-05-01"^^xsd:gYear, "2021"^^xsd:gYearMonth,
"--04-31"^^xsd:gMonthDay), and
for xsd:date rejects years 0000, negative and of five digits while accepting a time part and
time zones past ±14:00; tests/test_xsd_dates.py lists each case. The contract's own dates are
plain YYYY, YYYY-MM, YYYY-MM-DD (the shapes' sh:pattern also refuses a time zone), where the two
agree, except that rdflib normalises "2021-03-12Z" and "2021-03-12T10:00:00"^^xsd:date to
"2021-03-12" when it parses them, so pySHACL's sh:pattern never sees the time zone or time: the
fast evaluator refuses them, as the contract says.
"""

from __future__ import annotations

import re

XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DATE = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_TZ}?")
_YEAR_MONTH = re.compile(rf"{_YEAR}-(?:0[1-9]|1[0-2]){_TZ}?")
_GYEAR = re.compile(rf"{_YEAR}{_TZ}?")
_MONTH_DAY = re.compile(rf"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_TZ}?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def valid_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if not m:
        return False
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return day <= (29 if month == 2 and _leap(year) else _DAYS[month - 1])


def valid_month_day(value: str) -> bool:
    m = _MONTH_DAY.fullmatch(value)
    return bool(m) and int(m.group(2)) <= (29 if m.group(1) == "02" else _DAYS[int(m.group(1)) - 1])


CHECKS = {
    XSD + "date": valid_date,
    XSD + "gYearMonth": lambda v: bool(_YEAR_MONTH.fullmatch(v)),
    XSD + "gYear": lambda v: bool(_GYEAR.fullmatch(v)),
    XSD + "gMonthDay": valid_month_day,
    XSD + "integer": lambda v: bool(_INTEGER.fullmatch(v)),
    XSD + "nonNegativeInteger": lambda v: bool(_INTEGER.fullmatch(v)) and int(v) >= 0,
    XSD + "int": lambda v: bool(_INTEGER.fullmatch(v)) and -2**31 <= int(v) < 2**31,
    XSD + "long": lambda v: bool(_INTEGER.fullmatch(v)) and -2**63 <= int(v) < 2**63,
    XSD + "boolean": lambda v: v in ("true", "false", "1", "0"),
    XSD + "decimal": lambda v: bool(_DECIMAL.fullmatch(v)),
}


def valid_lexical(value: str, datatype: str) -> bool:
    """Whether `value` is in the lexical space of `datatype` (True for datatypes not checked here)."""
    check = CHECKS.get(datatype)
    return check is None or check(value)
