"""Meetings told in the passive and who attended them.

"The 5th round of political consultations between A and B took place in Lima on 3 March 2023";
"The 15th Ministerial Meeting of the … Commission was held in CITY on DATE. The meeting was attended
by:" and a list of "H.E. X, Minister of … of C" (each listed person attends); "The Peruvian
delegation was led by X, and the Chilean delegation by Y" (the heads of the delegations attend, each
of their delegation's country).
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import People
from diplograph.model import Entity, Event, Span

# A meeting named in capitals before "was held": "The 15th Ministerial Meeting of the … Commission".
_NAMED_MEETING = re.compile(r"^(?:The\s+)?(?:\d+(?:st|nd|rd|th)\s+|[A-Z][\w-]*\s+)*(?:Meeting|Summit|Session|Conference|"
                            r"Consultations|Dialogue|Talks)\b")
_ATTENDED_BY = re.compile(r"(?i)\b(?:was|were|is|will be)\s+attended\s+by\b|\b(?:participants|attendees)\s+(?:were|included)\b")


def attended_by(ctx: DocContext, people: People, sent: Span, meeting: Event) -> bool:
    """"The meeting was attended by A, B and C" (or by the list under it): they attend `meeting`."""
    if not _ATTENDED_BY.search(ctx.t(sent)):
        return False
    spans = [sent]
    if ctx.t(sent).rstrip().endswith(":"):
        after = [b for b in ctx.blocks if b.span.start >= sent.end]
        for b in after:
            if b.kind == "line":
                break
            spans.append(b.span)
    for span in spans:
        meeting.attendees += [p for p in people.persons if p.mentioned_in(span.start, span.end) and p not in meeting.attendees]
    return True


# "The 5th round of political consultations between A and B took place in Lima on 3 March 2023".
HELD_PASSIVE = re.compile(r"(?i)\b(?P<noun>consultations|talks|meeting|dialogue|discussions|summit)\b[^.;]{0,160}?\b"
                           r"(?P<verb>took place|were held|was held|will take place|will be held|are to be held|is to be held)\b")
# "The Peruvian delegation was led by Vice Minister X, and the Chilean delegation by Y."
LED_BY = re.compile(r"(?i)\bdelegations?\s+(?:was|were|is|are|will be)\s+(?:led|headed)\s+by\b")


def held_passive(ctx: DocContext, sent: Span, held, date, persons: list[Entity]) -> Event | None:
    """A meeting told in the passive, its attendees the countries (or demonyms) and persons named
    before the verb, its place the city after it."""
    seg = ctx.t(sent)
    before = Span(sent.start, sent.start + held.start("verb"))
    attendees = [p for p in persons if p.mentioned_in(before.start, before.end)]
    attendees += [e for _, e in ctx.find_entities(before, ("country",)) if e not in attendees]
    if not attendees and not _NAMED_MEETING.search(ctx.t(before)):
        return None  # "The meeting was held …" with no one named: no event of its own
    city = next((e for _, e in ctx.find_entities(Span(sent.start + held.end(), sent.end), ("city",))), None)
    name = re.sub(r"^(?:the|a|an)\s+", "", seg[:held.end("noun")], flags=re.I)
    if _NAMED_MEETING.search(ctx.t(before)) and len(ctx.t(before).strip()) <= 100:
        name = re.sub(r"^(?:the|a|an)\s+", "", ctx.t(before).strip(), flags=re.I)  # its whole name
    if len(name) > 100 or not name:
        name = held.group("noun")
    kind = "consultation" if held.group("noun").lower() == "consultations" else "meeting"
    names = " and ".join(e.name for e in attendees)
    label = f"{name[0].upper()}{name[1:]} ({names}, {date.value})" if names else f"{name[0].upper()}{name[1:]} ({date.value})"
    return Event(kind, label, sent, date=date.value, location=city,
                 attendees=attendees, status="planned" if re.search(r"(?i)will|to be", held.group("verb")) else "held")


def delegations_countries(ctx: DocContext, sent: Span, persons: list[Entity]) -> None:
    """"The Peruvian delegation was led by X, and the Chilean delegation by Y": X is Peru's, Y Chile's."""
    seg, at = ctx.t(sent), sent.start
    for part in re.split(r";|,?\s+and\s+(?=the\b)", seg):
        start = seg.index(part, at - sent.start) + sent.start if part else at
        at = start + len(part)
        lead = re.search(r"(?i)\bdelegation\b", part)
        if not lead:
            continue
        countries = [e for _, e in ctx.find_entities(Span(start, start + lead.start()), ("country",))]
        if len(countries) != 1:
            continue
        for p in persons:
            if not p.country and p.mentioned_in(start + lead.end(), at):
                p.country = countries[0].key
