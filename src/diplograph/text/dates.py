"""Date normalisation: day-month-year, month-day-year, month-year, years and year ranges.

Dates keep the precision the text gives: "2019" (xsd:gYear), "2019-02" (xsd:gYearMonth) or
"2019-02-01" (xsd:date). A day and month without a year take the year that puts them nearest to the
document's own date.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from diplograph.model import Span

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")  # date.weekday() order
_MON = r"(?P<mon>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

_PATTERNS = [
    # 8 April 2025 / 9 Feb 2021
    ("date", re.compile(rf"\b{_DAY}\s+{_MON}\s*,?\s+{_YEAR}\b")),
    # April 8, 2025 / Sept. 17, 2021 / December 28, 2020
    ("date", re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    # 2024-03-14
    ("iso", re.compile(r"\b(?P<iso>(?:1[89]|20)\d\d-[01]\d-[0-3]\d)\b")),
    # 12.03.2024 (day.month.year, as written with dots); 25/12/2023 or 12/25/2023 only where the
    # order is plain (one number over 12): "03/04/2024" is April or March, and is not read.
    ("numeric", re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:1[89]|20)\d\d)(?![\d.]\d)")),
    # Nov. 9 / November 22 (no year)
    ("monthday", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:1[89]|20)\d\d)(?![\d:])")),
    # 31 October / 17 June (no year)
    ("monthday", re.compile(rf"\b{_DAY}\s+{_MON}\b(?!\s*,?\s*(?:1[89]|20)\d\d)(?![\d:])")),
    # February 2019 / April of 1998
    ("month", re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b")),
]
_RANGE = re.compile(r"\b(?P<a>(?:1[89]|20)\d\d)\s*[-–—/]\s*(?P<b>(?:1[89]|20)?\d\d)\b")
_YEAR_ALONE = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)\b")


@dataclass(frozen=True)
class DateMatch:
    span: Span
    value: str  # ISO, as precise as the text
    precision: str  # "date" | "month" | "year"


def valid_iso(value: str) -> bool:
    try:
        if re.fullmatch(r"\d{4}", value):
            return True
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return 1 <= int(value[5:]) <= 12
        _dt.date.fromisoformat(value)
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
    except ValueError:
        return False


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _nearest_year(month: int, day: int, ref: _dt.date) -> int | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = _dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best.year if best else None


def find_dates(text: str, span: Span | None = None, ref: str | None = None, yearless: bool = False) -> list[DateMatch]:
    """Full and partial dates in text[span]; month-day dates need `ref` (an ISO date) for the year,
    or with `yearless` and no `ref` are kept without one ("--03-14", precision "monthday": the text
    does not say the year, and nothing is guessed)."""
    span = span or Span(0, len(text))
    seg = text[span.start:span.end]
    ref_date = _dt.date.fromisoformat(ref) if ref and len(ref) == 10 else None
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(seg):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            value = None
            try:
                if kind == "date":
                    value = _dt.date(int(m["year"]), _month(m["mon"]), int(m["day"])).isoformat()
                    precision = "date"
                elif kind == "numeric":
                    a, b = int(m["a"]), int(m["b"])
                    if m["sep"] == "/" and a <= 12 and b <= 12:
                        continue
                    day, month = (b, a) if m["sep"] == "/" and b > 12 else (a, b)
                    value = _dt.date(int(m["year"]), month, day).isoformat()
                    precision = "date"
                elif kind == "iso":
                    value = _dt.date.fromisoformat(m["iso"]).isoformat()
                    precision = "date"
                elif kind == "monthday" and ref_date:
                    month, day = _month(m["mon"]), int(m["day"])
                    year = _nearest_year(month, day, ref_date)
                    if year:
                        value = _dt.date(year, month, day).isoformat()
                    precision = "date"
                elif kind == "monthday" and yearless and not ref:
                    month, day = _month(m["mon"]), int(m["day"])
                    _dt.date(2000, month, day)  # a leap year: 29 February is a day of the year
                    value, precision = f"--{month:02d}-{day:02d}", "monthday"
                elif kind == "month":
                    value = f"{int(m['year']):04d}-{_month(m['mon']):02d}"
                    precision = "month"
            except (ValueError, KeyError):
                value = None
            if value and kind == "date":
                # "on 8 and 9 December 2024", "12-14 March 2024": the days begin on the first one.
                first = _FIRST_DAY.search(seg, 0, s)
                if first:
                    try:
                        value = _dt.date(int(m["year"]), _month(m["mon"]), int(first["d"])).isoformat()
                        s = first.start()
                    except ValueError:
                        pass
            if value:
                taken.append((s, e))
                found.append(DateMatch(Span(span.start + s, span.start + e), value, precision))
    found.sort(key=lambda d: d.span)
    return found


_FIRST_DAY = re.compile(r"(?<![\d.,/-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:and|&|-|–|to)\s*$")


# A line of a CV: "2013-2017 – Deputy Head of Mission", "2004-05: Coordinator", "2021–present: …".
CV_LINE = re.compile(r"^(?P<r>(?:1[89]|20)\d\d(?:\s*[-–/]\s*(?:(?:1[89]|20)\d\d|\d\d|(?P<open>present|now|today)))?)"
                     r"\s*[-–—:]\s+(?P<what>\S.*)$", re.I)


def year_range(token: str) -> tuple[str, str] | None:
    """'2019-20' → ('2019', '2020'); '2009-2010' → ('2009', '2010')."""
    m = _RANGE.fullmatch(token.strip())
    if not m:
        return None
    a, b = m["a"], m["b"]
    if len(b) == 2:
        b = a[:2] + b
    if int(b) < int(a):
        return None
    return a, b


def find_year_ranges(text: str, span: Span) -> list[tuple[Span, str, str]]:
    out = []
    for m in _RANGE.finditer(text, span.start, span.end):
        r = year_range(m.group(0))
        if r:
            out.append((Span(m.start(), m.end()), r[0], r[1]))
    return out


def find_years(text: str, span: Span) -> list[tuple[Span, str]]:
    return [(Span(m.start(), m.end()), m["year"]) for m in _YEAR_ALONE.finditer(text, span.start, span.end)]


def month_of(value: str | None) -> str | None:
    return value[:7] if value and len(value) >= 7 else None


# "from 12 to 14 March 2024", "12-14 March 2024", "from 30 March to 2 April 2024",
# "from March 12 to 14, 2024", "from 30 March 2024 to 2 April 2024".
_D1 = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
_D2 = r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?"
_M1 = _MON.replace("?P<mon>", "?P<m1>")
_Y1 = r"(?:\s*,?\s+(?P<y1>(?:1[89]|20)\d\d))?"
_DAY_RANGES = [
    re.compile(rf"\b(?:from\s+)?{_D1}(?:\s+{_M1}{_Y1})?\s*(?:-|–|—|to|until|till)\s*{_DAY}\s+{_MON}\s*,?\s+{_YEAR}\b"),
    re.compile(rf"\b(?:from\s+)?{_M1}\s+{_D1}{_Y1}\s*(?:-|–|—|to|until|till)\s*(?:{_MON}\s+)?{_DAY},?\s+{_YEAR}\b"),
]


def find_date_ranges(text: str, span: Span) -> list[tuple[Span, str, str]]:
    """Day ranges ("from 12 to 14 March 2024") in text[span] → (span, start ISO date, end ISO date)."""
    out: list[tuple[Span, str, str]] = []
    for pattern in _DAY_RANGES:
        for m in pattern.finditer(text, span.start, span.end):
            if any(s.start < m.end() and m.start() < s.end for s, _, _ in out):
                continue
            try:
                year, mon = int(m["year"]), _month(m["mon"]) if m["mon"] else None
                m1 = _month(m["m1"]) if m["m1"] else mon
                mon = mon or m1
                y1 = int(m["y1"]) if m["y1"] else year
                a = _dt.date(y1, m1, int(m["d1"]))
                b = _dt.date(year, mon, int(m["day"]))
            except (ValueError, KeyError, TypeError):
                continue
            if a < b:
                out.append((Span(m.start(), m.end()), a.isoformat(), b.isoformat()))
    out.sort(key=lambda r: r[0])
    return out
