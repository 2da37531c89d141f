"""Photo captions: "… Photo by Name/Agency." or a trailing all-caps credit ("JOHN PENNEY")."""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import People
from diplograph.model import Image, Span
from diplograph.text.dates import find_dates

_PHOTO_BY = re.compile(r"(?:Photo|Photograph|Image|Picture)(?: credit)?(?: by|:)\s+(?P<credit>[^.]+?)\.?\s*$")
_CAPS_CREDIT = re.compile(r"(?<=[.”\"])\s+(?P<credit>[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]+(?:/[A-ZÀ-Þa-z][\w .'’-]+)?)\s*$")


def find_captions(ctx: DocContext, people: People) -> list[Image]:
    out: list[Image] = []
    text = ctx.text
    for block in ctx.blocks:
        seg = ctx.t(block.span)
        m = _PHOTO_BY.search(seg) or _CAPS_CREDIT.search(seg)
        if not m or len(seg) < 40:
            continue
        credit = m.group("credit").strip()
        if len(credit.split()) > 8:
            continue
        credit_span = Span(block.span.start + m.start("credit"), block.span.start + m.start("credit") + len(credit))
        cap_end = block.span.start + m.start()
        caption_span = Span(block.span.start, cap_end)
        caption = text[caption_span.start:caption_span.end].strip()
        img = Image(caption=caption, span=Span(caption_span.start, caption_span.start + len(caption)),
                    credit=credit, credit_span=credit_span)
        # What the photo shows is said in the caption's first sentence; later sentences are context.
        first = ctx.sentence_of(caption_span)
        first = Span(caption_span.start, min(first.end, caption_span.end))
        dates = find_dates(text, first, ctx.ref_date())
        if dates:
            img.date = dates[-1].value
        cities = ctx.find_entities(first, ("city",))
        if cities:
            img.location = cities[0][1]
        else:
            # "at the port of Gothenburg, Sweden": a place the gazetteer lacks, then its country.
            for match, ent in ctx.find_entities(first, ("place", "country")):
                if re.search(r"\b(?:in|at|near|outside|of)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*,\s*$",
                             text[max(first.start, match.span.start - 60):match.span.start]):
                    img.location = ent
                    break
        # Credit "Name/Agency" or "NAME/AGENCY".
        parts = [p.strip() for p in credit.split("/")]
        who = parts[0]
        if who.isupper():
            who = who.title()
        if len(who.split()) >= 2 and all(e.kind == "person" for e, _ in ctx.tables.gazetteer.lookup(who)):
            img.creator = people.person(who, credit_span)
        agency = parts[1] if len(parts) > 1 else None
        if agency:
            label = agency.title() if agency.isupper() else agency
            hits = ctx.tables.gazetteer.lookup(agency) or ctx.tables.gazetteer.lookup(label)
            org = next((e for e, _ in hits if e.kind == "organization"), None)
            img.copyright_holder = ctx.from_entry(org, credit_span) if org else ctx.entity(
                "organization", re.sub(r"\bUn\b", "UN", label), credit_span)
        img.depicts = [p for p in people.persons if any(caption_span.start <= s.start < caption_span.end for s in p.spans)]
        out.append(img)
    return out
