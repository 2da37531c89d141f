"""Page furniture and comment sections: spans of text that never become facts.

The patterns are data (mappings/data/furniture.csv): `line` patterns drop one line, `rest`
patterns drop everything from that line to the end (a comment section and what follows it), `list`
patterns drop a heading and the lines right under it up to the next blank line (a related-articles list).
"""

from __future__ import annotations

import csv
from bisect import bisect_right
import re
from functools import lru_cache
from pathlib import Path

from diplograph.errors import InputError
from diplograph.model import Span


@lru_cache(maxsize=4)
def load_patterns(path: str) -> tuple[tuple[re.Pattern, str, str], ...]:
    p = Path(path)
    if not p.exists():
        return ()
    out = []
    with p.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out.append((re.compile(row["pattern"]), row["scope"], row.get("note") or ""))
            except (re.error, KeyError) as exc:
                raise InputError(f"bad furniture pattern: {exc}", path=str(p), line=lineno) from exc
    return tuple(out)


def find_furniture(text: str, patterns) -> list[Span]:
    """Spans to exclude: furniture lines, and from a comment-section cue to the end."""
    spans: list[Span] = []
    pos = 0
    in_list = False
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = re.sub(r"^[•·▪◦*\-–]\s+", "", line.strip())
        if not stripped:
            in_list = False
            continue
        if in_list:
            spans.append(Span(start, end))
            continue
        for pattern, scope, _ in patterns:
            if pattern.search(stripped):
                if scope == "rest":
                    spans.append(Span(start, len(text)))
                    return _merge(spans)
                spans.append(Span(start, end))
                in_list = scope == "list"
                break
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.start <= out[-1].end + 1:
            out[-1] = Span(out[-1].start, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


def is_excluded(span: Span, excluded: list[Span]) -> bool:
    """`span` starts inside one of `excluded`: sorted, disjoint spans (find_furniture's), so a
    binary search (a scan made mapping quadratic in the document's size)."""
    i = bisect_right(excluded, span.start, key=lambda x: x.start) - 1
    return i >= 0 and span.start < excluded[i].end
