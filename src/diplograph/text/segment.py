"""Blocks (lines, bullets, numbered items) and sentences, with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplograph.model import Span
from diplograph.text.furniture import is_excluded

_BULLET = re.compile(r"^[ \t]*(?:(?P<bullet>[•·▪◦*\-–])|(?P<num>\d{1,2})[.)])[ \t]+")


@dataclass(frozen=True)
class Block:
    """One non-empty line of text, without its bullet or number marker."""

    span: Span
    kind: str  # "line" | "bullet" | "numbered"
    index: int  # position among the document's blocks
    marker: str | None = None

    def text(self, doc_text: str) -> str:
        return doc_text[self.span.start:self.span.end]


def blocks(text: str, excluded: list[Span] | None = None) -> list[Block]:
    """Split text into non-empty lines; skip lines inside an excluded span (page furniture)."""
    out: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        m = _BULLET.match(line)
        kind, marker = "line", None
        inner_start = start
        if m:
            kind = "bullet" if m.group("bullet") else "numbered"
            marker = m.group("bullet") or m.group("num")
            inner_start = start + m.end()
        s, e = trim(text, inner_start, end)
        if s >= e:
            continue
        if excluded and is_excluded(Span(s, e), excluded):
            continue
        out.append(Block(Span(s, e), kind, len(out), marker))
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "amb", "hon", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vol", "p", "pp", "ed", "eds", "etc", "vs", "e.g", "i.e", "u.s", "u.n", "u.k", "m.d", "b.a",
    "m.a", "ph.d", "inc", "ltd", "co", "corp", "dept", "fig", "approx", "est",
    # Forms of address and ranks written before a name ("H.E. Mr. X", "Rt. Hon. Y", "Col. Z").
    "h.e", "h.h", "h.m", "h.r.h", "h.s.h", "rt", "rev", "col", "lt", "maj", "capt", "adm", "brig", "cdr",
}
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)")


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences inside a span, by a rule-based splitter that knows common abbreviations."""
    out: list[Span] = []
    start = span.start
    segment = text[span.start:span.end]
    for m in _SENT_END.finditer(segment):
        end = span.start + m.end()
        dot = span.start + m.start()
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:dot])
        if text[dot] == "." and word:
            w = word.group(1).lower()
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
        nxt = text[end:end + 3].lstrip()
        # A lower-case continuation is not a new sentence ("… Nov. 9 debate in person.").
        if nxt[:1].islower():
            continue
        s, e = trim(text, start, end)
        if s < e:
            out.append(Span(s, e))
        start = end
    s, e = trim(text, start, span.end)
    if s < e:
        out.append(Span(s, e))
    return out


def sentence_at(sentence_spans: list[Span], offset: int) -> Span | None:
    for s in sentence_spans:
        if s.start <= offset < s.end:
            return s
    return None
