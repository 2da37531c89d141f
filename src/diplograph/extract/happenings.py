"""Dated happenings: every clause that says something happened (or will) on a date.

The event grammar (`extract.events`) reads meetings, visits and council business in detail; this
pass catches what it leaves: "Since the … Agreement was signed in 1965", "In April of 1998, I
presented a report to the Security Council", "the next … Meeting to be held in Lusaka in 1979",
"adopted on December 9, 1998", a letters page's "(“Stop deporting reporters”, March 21st)". A date
is an event's only when its clause has a word for a happening (signing, adoption, election,
publication, meeting, visit, …); dates of posts ("from 1999 to 2005", "since 2005"), of birth and
of the document itself are not events. A date written without its year takes the year that puts
it nearest the document's own date (`text.dates`); with no document date it is not read.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import People
from diplograph.model import Event, Span
from diplograph.text.dates import CV_LINE, WEEKDAYS, DateMatch, find_dates

# "Done at Vienna on 3 April 2025 in two originals": the closing line of a signed text.
_DONE_AT = r"^\W*Done\s+(?:at|in)\b"
_CUES: list[tuple[str, re.Pattern]] = [(kind, re.compile(rx, re.I)) for kind, rx in (
    ("signing", r"\bsign(?:ed|ing|s)?\b|\bconclu(?:ded|sion of)\b|" + _DONE_AT),
    ("adoption", r"\badopt(?:ed|ion|s)?\b|\bapprov(?:ed|al)\b|\bveto(?:ed|es)?\b|\bratif\w+|\blaunch(?:ed|es)?\b|"
                 r"\bestablish(?:ed|ment)\b|\bcreat(?:ed|ion)\b|\bfounded\b|\bresolution\b|\bannounc\w+"),
    ("election", r"\belect(?:ed|ion|ions)\b|\bappoint(?:ed|ment)\b|\breferendum\b|\bvot(?:ed|e|ing)\b|"
                 r"\b(?:took|takes?|taking) (?:office|over|up)\b|\bbeg[ia]ns? (?:his|her|its|their) (?:term|mandate)\b|"
                 r"\bretir\w+|\bsworn in\b|\binaugurat\w+|\bassum(?:ed|es) (?:office|the presidency|the chair)\b"),
    ("visit", r"\bvisit(?:s|ed|ing)?\b|\btravel(?:led|ed|s)?\b|\barriv(?:ed|es)\b|\btrip\b|\btour\b"),
    ("meeting", r"\bmeet(?:s|ing|ings)?\b|\bmet\b|\btalks\b|\bsummit\b|\bsession\b|\bconference\b|\bdialogue\b|"
                r"\bconsultations?\b|\bround\b|\bforum\b|\bdiscuss(?:ed|ions?)\b|\bnegotiat\w+|\bconven\w+|\bheld\b|"
                r"\bhosted?\b|\bgathering\b|\bcall(?:ed)? (?:with|on)\b|\bphone call\b|\bassembly\b"),
    ("publication", r"\bpublish\w*|\breport\b|\bpresent(?:ed|s)?\b|\bspeech\b|\baddress(?:ed)?\b|\binterview\w*|"
                    r"\bletter\b|\barticle\b|\beditorial\b|\bleader\b|\bcommuniqu[ée]\b|\bstatement\b|"
                    r"\bdeclaration\b|\breleased?\b|\bwrote\b|\bbriefing\b|\bcolumn\b"),
    ("happening", r"\bkill(?:ed|ing)\b|\bshot down\b|\bdown(?:ed|ing) of\b|\battack(?:ed|s)?\b|\bcelebrat\w+|"
                  r"\bceremony\b|\banniversary\b|\bbicentennial\b|\bcentenary\b|\bopen(?:ed|s|ing)\b|\bemerged?\b|"
                  r"\bbegan\b|\bstarted\b|\bended\b|\bceasefire\b|\bcrash(?:ed)?\b|\breceived?\b|\baudiences?\b|"
                  r"\binvaded?\b|\binvasion\b|\b(?:left|leaves?|quit)\s+(?:university|school|college|office|the|his|her)\b"),
)]
_CREDENTIALS = re.compile(r"(?i)\bpresent(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:letters? of )?credentials\b|"
                          r"\bcredentials\s+(?:were\s+|was\s+)?presented\b|\bpresentation of (?:\w+\s+){0,2}credentials\b")
_NOT_EVENT = re.compile(r"(?i)\b(?:born|aged?|graduated?|degree|studied|married)\b")
_SINCE_TAKING = re.compile(r"(?i)\bsince\s+(?:becoming|being\s+(?:appointed|named|elected)|taking\s+(?:up|office|over)|"
                           r"joining|assuming)\b[^,;.]*$")
_PLANNED = re.compile(r"(?i)\b(?:will|to be held|planned|scheduled|next|forthcoming|upcoming|is to|are to)\b")
# A year that is part of a post's period or a range: not a date of its own.
_PERIOD_BEFORE = re.compile(r"(?i)(?:\b(?:from|since|between|until|till|through|(?<!back )to|and)\s+|[-–/]\s*)$")
_PERIOD_AFTER = re.compile(r"^\s*(?:[-–/]\s*\d|(?:to|and|until)\s+(?:1[89]|20)\d\d)")
_YEAR = re.compile(r"(?<![\d-])(?P<y>(?:1[89]|20)\d\d)(?![\d-]|[’']?s\b)")  # not a decade ("the 1940s")
# A letters page citing the piece it answers: "(“Stop deporting reporters”, March 21st)", "(March 28th)".
_CITED = re.compile(r"\((?:[“\"‘'][^”\"’')]{1,80}[”\"’'],\s*)?$")


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_ALONE = re.compile(r"\b(?:[Ii]n|[Oo]n|[Ss]ince|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate|mid-|[Ee]nd of|[Bb]eginning of)\s*"
                          r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)"
                          r"\b(?!\s*(?:\d|of\s+\d))")
_DAY_OF_MONTH = re.compile(r"\b(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)\s+of\s+(?P<m>January|February|March|April|May|"
                           r"June|July|August|September|October|November|December)\b(?:\s*,?\s*(?P<y>(?:1[89]|20)\d\d))?")
_RELATIVE = re.compile(r"(?i)\b(?P<w>today|this week|this month|yesterday|next month|last month)\b")
# "on Tuesday", "last Friday", "this Monday" (not "Monday, 3 March" or "Tuesday 4 May": that date is written).
_WEEKDAY = re.compile(r"\b(?:(?P<rel>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier\s+on|[Ll]ater\s+on)\s+)?(?P<d>Monday|Tuesday|Wednesday|"
                      r"Thursday|Friday|Saturday|Sunday)\b(?!,?\s+(?:the\s+)?(?:\d|January|February|March|April|May|June|July|"
                      r"August|September|October|November|December))")
# What the clause says will happen: a weekday or a month named without more is the next one.
_FUTURE = re.compile(r"(?i)\b(?:will|shall|is to|are to|is due to|are due to|plans? to|is expected to|are expected to|"
                     r"agreed to (?:meet|hold|convene)|to be held|upcoming|forthcoming)\b")


def _nearest_month(month: int, ref: str) -> str:
    """The year-month nearest the document's date for a month named without its year."""
    year, ref_month = int(ref[:4]), int(ref[5:7])
    best = min((year - 1, year, year + 1), key=lambda y: abs((y * 12 + month) - (year * 12 + ref_month)))
    return f"{best:04d}-{month:02d}"


def _next_month(month: int, ref: str) -> str:
    """The first year-month of that month on or after the document's month ("will meet in October")."""
    year, ref_month = int(ref[:4]), int(ref[5:7])
    return f"{year + (month < ref_month):04d}-{month:02d}"


def _weekday(m: re.Match, ref: str, future: bool) -> str:
    """The day a weekday names by the document's date: the last one on or before it ("met on
    Tuesday"), or the next one after it in a clause about what will happen ("will travel on Wednesday")."""
    import datetime as _dt

    day = _dt.date.fromisoformat(ref)
    want = WEEKDAYS.index(m["d"].lower())
    rel = (m["rel"] or "").lower()
    if future or rel == "next":
        ahead = (want - day.weekday()) % 7 or 7
        return (day + _dt.timedelta(days=ahead)).isoformat()
    back = (day.weekday() - want) % 7
    if rel == "last" and back == 0:
        back = 7
    return (day - _dt.timedelta(days=back)).isoformat()


def relative_dates(ctx: DocContext, clause: Span) -> list[DateMatch]:
    """Dates the text gives by the document's own date: "today", "this month", "next month", "on
    Tuesday", "in June", "the 28th of September" (only in a dated document). A weekday or a month
    alone is the nearest one before the date, or after it in a clause about what will happen."""
    import datetime as _dt

    ref = ctx.doc.date_published
    if not ref or len(ref) != 10:
        return []
    text, out = ctx.text, []
    future = bool(_FUTURE.search(text, clause.start, clause.end))
    for m in _RELATIVE.finditer(text, clause.start, clause.end):
        w = m.group("w").lower()
        if w == "yesterday":
            value = (_dt.date.fromisoformat(ref) - _dt.timedelta(days=1)).isoformat()
        elif w in ("next month", "last month"):
            y, mo = int(ref[:4]), int(ref[5:7]) + (1 if w == "next month" else -1)
            y, mo = (y + 1, 1) if mo > 12 else (y - 1, 12) if mo < 1 else (y, mo)
            value = f"{y:04d}-{mo:02d}"
        else:
            value = ref if w in ("today", "this week") else ref[:7]
        out.append(DateMatch(Span(m.start(), m.end()), value, "date" if len(value) == 10 else "month"))
    for m in _WEEKDAY.finditer(text, clause.start, clause.end):
        out.append(DateMatch(Span(m.start(), m.end()), _weekday(m, ref, future), "date"))
    for m in _MONTH_ALONE.finditer(text, clause.start, clause.end):
        month = _MONTHS.index(m["m"].lower()) + 1
        out.append(DateMatch(Span(m.start("m"), m.end("m")), _next_month(month, ref) if future else _nearest_month(month, ref), "month"))
    for m in _DAY_OF_MONTH.finditer(text, clause.start, clause.end):
        month = _MONTHS.index(m["m"].lower()) + 1
        ym = f"{m['y']}-{month:02d}" if m["y"] else _nearest_month(month, ref)
        out.append(DateMatch(Span(m.start(), m.end()), f"{ym}-{int(m['d']):02d}", "date"))
    return out


def clause_dates(ctx: DocContext, clause: Span) -> list[DateMatch]:
    """The dates a clause gives, also by the document's date ("this month", "in June"), not those of
    a period ("from 1999 to 2005")."""
    return _dates_in(ctx, clause)


def _dates_in(ctx: DocContext, clause: Span) -> list[DateMatch]:
    text = ctx.text
    found = ctx.dates_in(clause, ctx.doc.date_published)
    for d in relative_dates(ctx, clause):
        if not any(f.span.start < d.span.end and d.span.start < f.span.end for f in found):
            found.append(d)
    # A dateline's date left out by dates_in is not read again as a year.
    taken = [(d.span.start, d.span.end) for d in found] + [(d.start, d.end) for d in ctx.datelines]
    for m in _YEAR.finditer(text, clause.start, clause.end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append(DateMatch(Span(m.start(), m.end()), m.group("y"), "year"))
    out = []
    for d in sorted(found, key=lambda d: d.span):
        before = text[max(clause.start, d.span.start - 12):d.span.start]
        after = text[d.span.end:min(clause.end, d.span.end + 12)]
        if _PERIOD_BEFORE.search(before) or _PERIOD_AFTER.match(after):
            continue
        if d.precision == "year" and re.match(r"\s*(?:%|per|million|billion|people|km|\$)", after):
            continue
        # "Emissions Gap Report 2022", "Vision 2030", "(Washington, 2024)": a year in a name or a
        # citation, not a date of something that happened.
        prev = re.search(r"([A-Za-z][\w.-]*)[,\s]+$", text[max(clause.start, d.span.start - 30):d.span.start])
        if d.precision == "year" and prev and prev.group(1)[:1].isupper() and \
                prev.group(1).lower().rstrip(".") not in _MONTHS + ("in", "since", "of", "until", "by", "early", "late", "mid"):
            continue
        # "resolution 2735 (2024)": the year it was adopted, unless the clause gives the day ("today
        # adopted resolution 2735 (2024)").
        if d.precision == "year" and _RESOLUTION_YEAR.search(text, max(clause.start, d.span.start - 30), d.span.start) and \
                any(o.precision == "date" for o in found):
            continue
        out.append(d)
    return out


_RESOLUTION_YEAR = re.compile(r"(?i)(?:\bresolutions?|/RES/)\s*\d+\s*\($")


def _kind(ctx: DocContext, clause: Span, d: DateMatch) -> str | None:
    seg = ctx.t(clause)
    if d.precision == "year" and _RESOLUTION_YEAR.search(ctx.text, max(clause.start, d.span.start - 30), d.span.start):
        return "adoption"
    if _CITED.search(ctx.text[max(clause.start, d.span.start - 90):d.span.start]) and \
            ctx.text[d.span.end:d.span.end + 1] == ")":
        return "publication"
    if _CREDENTIALS.search(seg):
        return "meeting"  # an envoy's credentials are presented to the host in person: an audience
    best, best_dist = None, None
    rel = d.span.start - clause.start
    for kind, rx in _CUES:
        for m in rx.finditer(seg):
            # "the referendum to be held in June": the happening's own noun beats a generic verb.
            dist = abs(m.start() - rel) + (60 if re.fullmatch(r"(?i)held|hold|hosted?|began|started", m.group(0)) else 0)
            if best_dist is None or dist < best_dist:
                best, best_dist = kind, dist
    return best


_REPRESENTATIVES_OF = re.compile(r"\b(?:Ministers|Foreign Ministers|Leaders|Heads of (?:State|Government)(?: and Government)?|"
                                 r"Presidents|Prime Ministers|Permanent Representatives|Governments|delegations)\s+of\s+"
                                 r"(?P<who>[^.;]{3,200}?),?\s+(?:met|gathered|convened|held|meet|will meet)\b")


def _countries_represented(ctx: DocContext, clause: Span) -> list:
    """"We, the Foreign Ministers of Australia, Japan and India, met in Tokyo on …": with no person
    named, the countries whose representatives met attend."""
    m = _REPRESENTATIVES_OF.search(ctx.t(clause))
    if not m:
        return []
    who = Span(clause.start + m.start("who"), clause.start + m.end("who"))
    return list(dict.fromkeys(e for _, e in ctx.find_entities(who, ("country",))))


# The writer is the clause's subject: "I met …", "When I presented my credentials …".
_WRITER_SUBJECT = re.compile(r"^(?:[^,]*?\b(?:When|After|Before|As|Once|Since|In \d{4}),?\s+)?I\s+(?!am\b|think\b|believe\b)[a-z]")


def dated_happenings(ctx: DocContext, people: People, known: list[Event]) -> list[Event]:
    """Events for the dated clauses the event grammar did not read."""
    text = ctx.text
    out: list[Event] = []
    seen = {(e.date, ctx.sentence_of(e.span).start) for e in known if e.date}
    seen_dates = {e.date for e in known if e.date}
    doc_date_blocks = {b.span.start for b in ctx.blocks[:12] if len(ctx.t(b.span)) < 60 and find_dates(text, b.span)
                       and not re.match(_DONE_AT, ctx.t(b.span))}  # a signing's line, not the text's date
    for sent, clause in ctx.clauses():
        if _NOT_EVENT.search(ctx.t(clause)) or sent.start in doc_date_blocks or CV_LINE.match(ctx.t(ctx.block_of(clause))):
            continue  # (a CV line's years are a post's, read by the career rules)
        if any(e.span.start < clause.end and clause.start < e.span.end for e in known):
            continue  # the event grammar read this clause already
        for d in _dates_in(ctx, clause):
            if d.value == ctx.doc.date_published and ctx.doc.date_published and d.value in seen_dates:
                continue
            if _SINCE_TAKING.search(text, clause.start, d.span.start):
                continue  # "Since becoming Foreign Minister in December 2023, I have visited …": a post's start
            if (d.value, sent.start) in seen or any(d.value == e.date and e.span == clause for e in out):
                continue
            kind = _kind(ctx, clause, d)
            if kind is None:
                continue
            name = re.sub(r"\s+", " ", ctx.t(clause)).strip()
            if len(name) > 140:
                name = name[:140].rsplit(" ", 1)[0] + "…"
            ev = Event(kind, name, clause, date=d.value,
                       status="planned" if _PLANNED.search(ctx.t(clause)) else None)
            for m, ent in ctx.find_entities(clause, ("city",)):
                ev.location = ev.location or ent
            if kind in ("meeting", "visit", "signing"):
                ev.attendees = [p for p in people.persons if any(clause.start <= s.start < clause.end for s in p.spans)]
                if not ev.attendees:
                    ev.attendees = _countries_represented(ctx, clause)
                writer = ctx.extraction.author
                if writer is not None and writer.kind == "person" and writer not in ev.attendees and \
                        _WRITER_SUBJECT.search(ctx.t(clause)):
                    ev.attendees.append(writer)  # "When I presented my credentials …": the writer was there
            out.append(ev)
            seen.add((d.value, sent.start))
    out += _reported_meeting(ctx, people, known + out)
    return out


_MET = re.compile(r"(?i)\b(?:met|held (?:talks|a meeting|consultations|a (?:phone|telephone|video) call)|received|hosted|"
                  r"spoke (?:with|to|by phone)|had a (?:meeting|call|conversation))\b")


def _reported_meeting(ctx: DocContext, people: People, events: list[Event]) -> list[Event]:
    """A readout or press release dated by its own date line ("17 September 2023" above "The
    Secretary-General met jointly with …") reports a meeting held that day: the first sentence
    that says a meeting took place and gives no date of its own, when no event has that date."""
    ref = ctx.doc.date_published
    if not ref or ctx.doc.genre != "joint-statement" or ctx.extraction.date_span is None and not \
            any(ctx.t(b.span).strip() and find_dates(ctx.text, b.span) and len(ctx.t(b.span)) < 60 for b in ctx.blocks[:6]):
        return []
    if any(e.date == ref for e in events):
        return []
    for sent in ctx.sentences[:8]:
        seg = ctx.t(sent)
        if ctx.excluded(sent) or not _MET.search(seg) or _PLANNED.search(seg) or find_dates(ctx.text, sent, ref):
            continue
        attendees = [p for p in people.persons if any(sent.start <= s.start < sent.end for s in p.spans)]
        if not attendees:
            continue
        name = re.sub(r"\s+", " ", seg).strip()
        ev = Event("meeting", name[:140].rsplit(" ", 1)[0] + "…" if len(name) > 140 else name, sent, date=ref,
                   attendees=attendees, status="held")
        for m, ent in ctx.find_entities(sent, ("city",)):
            ev.location = ev.location or ent
        return [ev]
    return []
