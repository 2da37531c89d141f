"""Footnotes: a number glued to a sentence end ("…region.1") and the note "1Source, Title, (Publisher, 2021), p.116."."""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.model import Citation, Span

_NOTE = re.compile(r"^(?P<num>\d{1,2})\s?(?P<body>[A-Z].{10,})$", re.S)
_PAGES = re.compile(r"\bpp?\.\s*\d+(?:\s*[-–]\s*\d+)?")
_PAREN = re.compile(r"\((?P<inside>[^()]*?(?P<year>(?:1[89]|20)\d\d)[^()]*)\)")


def find_footnotes(ctx: DocContext) -> list[Citation]:
    out = []
    text = ctx.text
    for block in ctx.blocks:
        m = _NOTE.match(ctx.t(block.span))
        if not m:
            continue
        num = m.group("num")
        # The marker: the same number right after a word or full stop, earlier in the text.
        marker = None
        # Or in brackets: "…arrangements.[1]", "…arrangements[1]".
        for mm in re.finditer(rf"(?<=[a-z.”\"’)]){num}(?=\s|$)|(?<=[\w.,;:”\"’)])\[{num}\](?=\s|$|[.,;:])",
                              text[:block.span.start]):
            marker = Span(mm.start(), mm.end())
        if marker is None:
            continue
        body_span = Span(block.span.start + m.start("body"), block.span.end)
        body = ctx.t(body_span)
        c = Citation(text=re.sub(r"\s+", " ", body).strip(), span=body_span, number=num, marker_span=marker)
        pages = _PAGES.search(body)
        if pages:
            c.pages = pages.group(0).replace(" ", "")
        paren = _PAREN.search(body)
        if paren:
            c.date = paren.group("year")
            pspan = Span(body_span.start + paren.start(), body_span.start + paren.end())
            pub = ctx.find_entities(pspan, ("organization",))
            if pub:
                c.publisher = pub[0][1]
        head = body[:paren.start()] if paren else body
        parts = [p.strip() for p in head.split(",") if p.strip()]
        orgs = ctx.find_entities(Span(body_span.start, body_span.start + len(head)), ("organization",))
        org_names = {ctx.t(mm.span) for mm, _ in orgs}
        titles = [p for p in parts if p not in org_names]
        if titles:
            c.title = titles[-1]
        if orgs:
            c.author = orgs[-1][1] if len(orgs) > 1 else orgs[0][1]
        out.append(c)
    return out
