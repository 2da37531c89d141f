"""Text from documents, reports, paths or requests, made safe to show on a terminal or in a page."""

from __future__ import annotations

import re

# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides: shown as escapes,
# so such text never drives a terminal (colours, titles, cursor moves) nor hides itself.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", str(text))


# A spreadsheet opening a CSV file runs a cell that starts with one of these as a formula
# (=HYPERLINK(…), +cmd|…, @SUM(…)); a tab or CR start is read the same way by some.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def csv_cell(value: str) -> str:
    """`value` as a CSV cell that a spreadsheet shows as text, never runs: a leading apostrophe
    before a formula start (OWASP's advice). Plain numbers (-5, +1.5e3) are left as they are."""
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value
