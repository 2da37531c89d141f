"""Persons the statistical parse names, checked against the tables.

The model's PERSON entities give recall where no cue of the name grammar is near ("… will meet
Norway's newly elected Minister of Foreign Affairs Ine Eriksen Søreiden on 31 October"); the tables
give precision: a name that is a gazetteer place or body, a role title, or page furniture is not a
person; titles, honorifics and post-nominals are not part of a name; a one-word name is only a
later mention of a person already named in full in the same document.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import _HONORIFIC_LEAD, _NOT_NAME_WORDS, People
from diplograph.model import Span

# Letters written after a name: orders, degrees, parliamentary and legal titles.
_POST_NOMINAL = re.compile(r"(?:,?\s+(?:[A-Z]{2,5}|MP|QC|KC|Jr\.?|Sr\.?|Ph\.?D\.?|M\.?D\.?|Esq\.?))+$")
_LETTER = re.compile(r"[^\W\d_]")
# Words the small model sometimes takes for names.
_NOT_PERSON = re.compile(r"(?i)^(?:covid|coronavirus|brexit|god|allah|twitter|facebook|instagram|sir|madam|dear)\b")


def _clean(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    text = ctx.text
    # Leading titles and honorifics the model kept ("Minister Soini", "H.E. Mr X", "Foreign Minister X").
    while True:
        hm = _HONORIFIC_LEAD.match(text, start, end)
        if hm and hm.end() < end:
            start = hm.end()
            continue
        tm = ctx.tables.role_re.match(text, start, end)
        if tm and tm.end() < end and text[tm.end()].isspace():
            start = tm.end()
            while start < end and text[start].isspace():
                start += 1
            continue
        break
    m = _POST_NOMINAL.search(text, start, end)
    if m and m.start() > start:
        end = m.start()
    # Possessive and punctuation at the edges ("Annan’s", "“Kofi").
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    if text[start:end].endswith(("’s", "'s")):
        end -= 2
    while start < end and not text[start].isalpha():
        start += 1
    if start >= end:
        return None
    return start, end


def _plausible(ctx: DocContext, name: str) -> bool:
    toks = name.split()
    if not toks or len(toks) > 6 or len(name) > 60 or "\n" in name:
        return False
    if _NOT_PERSON.match(name) or not all(_LETTER.match(t[:1]) or t[:1].isdigit() for t in toks):
        return False
    if not toks[0][:1].isupper() or name.isupper() and len(name) > 3:
        return False
    if toks[0] in _NOT_NAME_WORDS or toks[-1] in _NOT_NAME_WORDS:
        return False
    if ctx.tables.role_re.fullmatch(name):
        return False
    for entry, _ in ctx.tables.gazetteer.lookup(name):
        if entry.kind != "person":
            return False
    for m in ctx.tables.gazetteer.find(name):
        if m.entry.kind != "person" and m.span.end - m.span.start >= len(name) - 1:
            return False
    return True


def persons_from_parse(ctx: DocContext, people: People) -> None:
    """Add the parse's PERSON entities of the document's blocks to `people` (checked as above)."""
    text = ctx.text
    for ent in ctx.parse.entities(labels=("PERSON",)):
        if ctx.excluded(ent.span):
            continue
        cleaned = _clean(ctx, ent.span.start, ent.span.end)
        if cleaned is None:
            continue
        s, e = cleaned
        name = re.sub(r"\s+", " ", text[s:e])
        if not _plausible(ctx, name):
            continue
        span = Span(s, e)
        if len(name.split()) == 1:
            # A surname alone names the one person of this document it can mean, or nobody.
            person = people.resolve_short(name)
            if person is not None and person in people.persons:
                person.add_span(span)
            continue
        people.person(name, span)
