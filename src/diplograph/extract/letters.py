"""Letters pages: one author per letter, signed under the letter in capitals (or in mixed case on a
line of its own, the post on the next line).

    … a claim on Ireland's history.
    JAMES DOEWicklow, Ireland                       (small capitals lost: name and place run together)
    ANNA ROEAustralian ambassador to Chile, 2006-09Sydney
    MARK POE
    Creaton, Northamptonshire

The signature is the line after a paragraph of the letter that starts with two to five words in
capitals; what follows the name on the line (or on the next line) is the writer's post and place.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import People
from diplograph.extract.roles import RolePhrase
from diplograph.extract.titles import _role_in
from diplograph.text.dates import year_range
from diplograph.model import Entity, Post, Span

_CAPS_NAME = re.compile(r"(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ.'’-]*(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ.'’-]*){1,4})(?=[A-ZÀ-Þ][a-zß-ÿ]|$)")
_MIXED_NAME = re.compile(r"(?P<name>[A-ZÀ-Þ][a-zß-ÿ’'.-]+(?:\s+(?:[A-ZÀ-Þ][a-zß-ÿ’'.-]+|de|da|van|von|al|bin)){1,3})")
_LETTER_END = re.compile(r"[.!?”\"')]$")
# Run-together pieces of a signature line: "… EmbassyLondon" → "… Embassy", "London".
_YEARS = re.compile(r",?\s*((?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)?\d\d))\s*$")


def _strip_years(text: str, piece: Span) -> tuple[int, int]:
    m = _YEARS.search(text, piece.start, piece.end)
    return piece.start, (m.start() if m else piece.end)


_GLUE = re.compile(r"(?<=[a-zß-ÿ).\d])(?=[A-ZÀ-Þ])")


def _title_case(caps: str) -> str:
    def word(w: str) -> str:
        return "-".join(p[:1] + p[1:].lower() if not re.fullmatch(r"(?:[A-Z]\.)+", p) else p for p in w.split("-"))
    return " ".join(word(w) for w in caps.split())


def _glued_role(ctx: DocContext, span: Span) -> RolePhrase | None:
    """A title run together with the name before it ("RONGSpokesperson of …"): no word boundary
    lets the role grammar see it, so read it from the piece's own text."""
    words = ctx.t(span)
    m = ctx.tables.role_re.match(words)
    if not m:
        return None
    role = re.sub(r"\s+", " ", words).strip()
    org = next((e for _, e in ctx.find_entities(span, ("organization",))), None)
    country = next((e for _, e in ctx.find_entities(span, ("country",))), None)
    return RolePhrase(span, role, org, country)


def letter_signatures(ctx: DocContext, people: People) -> list[tuple[Entity, Span]]:
    """The signed authors of a letters page, in order, each with the span of the signature line;
    their posts are added to the extraction."""
    out = []
    blocks = ctx.blocks
    for i, b in enumerate(blocks):
        if i == 0 or ctx.excluded(b.span):
            continue
        prev = ctx.t(blocks[i - 1].span)
        line = ctx.t(b.span)
        if len(prev) < 30 or not _LETTER_END.search(prev) or len(line) > 160:
            continue
        m, rest_block = _CAPS_NAME.match(line), None
        if m and len(prev) < 80 and m.end() < len(line.rstrip()):
            m = None  # a short paragraph before: only a name alone on its line signs it
        if m and m.end() >= len(line.rstrip()) and i + 1 < len(blocks):
            # "JOHN ROE" alone, "Former ambassador to Egypt" on the next short line.
            nxt = ctx.t(blocks[i + 1].span)
            if len(nxt) <= 100 and not _LETTER_END.search(nxt) and not _CAPS_NAME.match(nxt):
                rest_block = blocks[i + 1].span
        if not m and i + 1 < len(blocks):
            # "Kari Nordvik" on a line of its own, the post on the next, short line (mixed case).
            m = _MIXED_NAME.fullmatch(line.strip())
            nxt = ctx.t(blocks[i + 1].span)
            # A name the parse or the tables already found (a heading in title case is not one).
            if m and (len(nxt) > 100 or _LETTER_END.search(nxt) or
                      not any(p.name == m.group("name") for p in people.persons)):
                m = None
            if m:
                rest_block = blocks[i + 1].span
        if not m or sum(ch.isalpha() for ch in m.group("name")) < 5:
            continue
        name_span = Span(b.span.start + m.start("name"), b.span.start + m.end("name"))
        name = _title_case(m.group("name"))
        if any(e.kind != "person" for e, _ in ctx.tables.gazetteer.lookup(name)) or ctx.tables.role_re.match(name):
            continue
        person = people.person(name, name_span)
        if name != ctx.t(name_span):
            person.aliases.add(ctx.t(name_span))
        out.append((person, b.span))
        rest = rest_block or Span(name_span.end, b.span.end)
        pieces, pos = [], rest.start
        for g in _GLUE.finditer(ctx.text, rest.start, rest.end):
            if g.start() > pos:
                pieces.append(Span(pos, g.start()))
            pos = g.start()
        if pos < rest.end:
            pieces.append(Span(pos, rest.end))
        for piece in pieces[:1]:
            role_span = Span(*_strip_years(ctx.text, piece))
            rp = _role_in(ctx, role_span, nearest_end=False) or _glued_role(ctx, role_span)
            if rp is None:
                continue
            # "Australian ambassador to Chile, 2006-09": a post held then.
            years = _YEARS.search(ctx.text, rp.span.end, piece.end)
            start, end = (year_range(years.group(1)) or (None, None)) if years else (rp.start, rp.end)
            ctx.extraction.posts.append(Post(person, rp.role, rp.org or rp.country, rp.span, start=start,
                                             end=end, former=rp.former or bool(end)))
    return out
