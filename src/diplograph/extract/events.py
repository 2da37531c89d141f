"""Events: meetings and consultations, council meetings and debates, presidencies, discussions.

A sentence is an event when it has a meeting verb or noun and a date (or is the presidency of an
organ "this month"); the people before the verb attend, "in CITY" is the place, "for …" the
purpose, "on the topic of …" the subject. Sentences about the same date are one event.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.happenings import relative_dates
from diplograph.extract.passive_meetings import HELD_PASSIVE, LED_BY, attended_by, delegations_countries, held_passive
from diplograph.extract.people import People
from diplograph.model import Entity, Event, Span
from diplograph.text.dates import find_date_ranges

# "held bilateral consultations", "held a first round of political talks": up to six words between.
_MEET_VERB = re.compile(r"\b(?:met|meet|held\s+(?:(?!(?:on|in|at|with|for)\b)[\w-]+\s+){0,6}?"
                        r"(?P<noun>talks|consultations|meeting|dialogue|discussions|summit|[Ss]ummit)|convened|gathered|hosted|"
                        r"(?P<call>(?:spoke|speaks|talked)\s+(?:by|on|over)\s+(?:the\s+)?(?:tele)?(?:phone|video)(?:\s+link)?|"
                        r"(?:held|had)\s+an?\s+(?:telephone|phone|video)\s+(?:call|conversation)|"
                        r"(?P<spoke>(?:spoke|speaks|talked)(?:\s+(?:today|yesterday|again|earlier\s+today|"
                        r"this\s+(?:morning|afternoon|evening)))?))(?=\s+with\b)|"
                        r"(?P<received>received|receives|will\s+receive)(?=\s+(?:(?:the|a|an|his|her|their|its|today|yesterday|formally|officially|following|two|three|four|five|six|"
                        r"several|new|visiting|incoming|foreign|[A-Z][\w’'-]*)\s+){0,4}(?i:ambassadors?|envoys?|"
                        r"delegations?|credentials|letters\s+of\s+credence|(?:foreign\s+|prime\s+)?ministers?|"
                        r"presidents?|secretar(?:y|ies)(?:-general)?|permanent\s+representatives?)\b))\b")
# "met B", "meet with B", "held talks with B" (not "met on 6 May", "met in Oslo").
_MET_WHOM = re.compile(r"(?:met|meet)(?:\s+(?:today|yesterday|again|earlier\s+today|this\s+(?:morning|afternoon|evening)))?(?:\s+with)?\s+(?!(?:on|in|at|for|to|again|today|yesterday|last|this|next)\b)\S"
                       r"|held\s+(?:[\w-]+\s+){0,6}?(?:talks|consultations|meeting|dialogue|discussions)\b[^.;]{0,60}?\s+with\b")
_CLAUSE_END = re.compile(r";|\s(?:and|but)\s+(?:said|stated|discussed|agreed|signed|announced|added)\b|,\s+(?:who|which)\b")
# "The President received three new envoys", "the Queen received the credentials of …": an audience.
_MEETING_NOUN = re.compile(r"(?i)\b(?:open debate|debate|meeting|session|consultations?|summit|"
                           r"(?:a|an|the)\s+(?:(?!(?:media|press|news)\b)[\w-]+\s+)?briefing(?!\s+(?:reporters|journalists|the press)))\b")
# What a meeting was held for, written after it: "… to review cooperation on ocean governance".
_TO_PURPOSE = re.compile(r"\bto\s+(?P<p>(?:review|discuss|strengthen|deepen|explore|assess|advance|examine|take stock of|"
                         r"follow up on|prepare|coordinate|address|exchange views on)\b[^.;]*?)(?=[.;]|$)")
_NOT_EVENT_DATE = re.compile(r"(?i)\b(?:until|till|through|by|since|before|after)\s+$")
_PURPOSE = re.compile(r"\bfor\s+(?P<p>(?:consultations|talks|a meeting|discussions|a dialogue)[^.;]*?)(?=[.;]|$)")
_TOPIC_OF = re.compile(r"(?i)\b(?:on|about|regarding)\s+(?:the\s+)?(?:topic|issue|theme|subject)\s+of\s+(?P<t>“[^”]+”|\"[^\"]+\"|[^,.;—–]+)")
_ON_X = re.compile(r"(?i)\b(?:debate|meeting|session|discussion|briefing)\s+(?:in the \w+\s+)?on\s+(?:the\s+)?"
                   r"(?P<t>[^,.;—–]+?)(?=\s+(?:chaired|presided over|led|hosted|organi[sz]ed|convened)\s+by\b|[,.;—–]|$)")
_RAISE = re.compile(r"(?i)\b(?:raise|discuss|address)\s+(?:the\s+)?(?:topic|issue)?\s*(?:of\s+)?(?P<t>[^,.;—–]+)")
_DISCUSSION = re.compile(r"(?i)\b(?:led|held|hosted|organi[sz]ed|chaired|took part in|participated in)\s+(?:an?\s+|the\s+)?"
                         r"(?P<kind>(?:academic |public |panel |high-level )?(?:discussion|seminar|roundtable|round table|dialogue|lecture|conference|panel))"
                         r"(?:\s+(?:under the theme|on the theme|entitled|titled|on)\s+(?P<theme>“[^”]+”|\"[^\"]+\"|[^,.;]+))?")
GROUP = re.compile(r"(?i)^(?:the|both)\s+(?:two\s+)?(?P<who>(?:foreign\s+|prime\s+)?ministers|officials|leaders|secretaries|delegations|"
                   r"heads\s+of\s+(?:state|government)(?:\s+and\s+(?:of\s+)?government)?|presidents|"
                   r"sides|parties|countries|governments)\b")
# "presides over", "is expected to chair", "will chair", "chaired": the person before the verb chairs.
_PRESIDE = re.compile(r"(?i)\bpreside(?:s|d)? over\b|\b(?:to|will|would|shall)\s+(?:preside over|chair)\b|\bchair(?:s|ed)\b(?!\s+(?:of|by)\b)")
_ATTEND = re.compile(r"(?i)\b(?:will attend|attended|attends|will take part in|took part in)\b")
_DISCUSSED = re.compile(r"(?i)\b(?:discussed|exchanged (?:views|ideas) (?:on|about)|talked about|reviewed (?:\w+ )?cooperation (?:in|on)) (?:a range of |several |many )?(?:topics|issues)?\s*(?:covering|including|such as|on)?\s*(?P<list>[^.]+)")
# "paid an official visit to Malaysia", "is on a three-day working visit to Dakar", "made a state visit to X".
_VISIT = re.compile(r"(?i)\b(?P<verb>paid|pays|paying|made|makes|undertook|undertakes|(?:is|was|were|are)\s+on|will\s+(?:pay|make|undertake))\s+"
                    r"(?:(?:an|a|the|his|her|their|its)\s+)?(?P<adj>(?:(?:official|state|working|bilateral|first|historic|"
                    r"(?:one|two|three|four|five|\d+)-day)\s+)*)visit\s+to\s+(?P<dest>[^,.;]+)")
_BRIEFED = re.compile(r"\b(?:briefed|briefs|will brief|addressed|addresses|will address)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}"
                      r"(?:Council|Assembly|Committee|Commission)\b")
_INVITATION = re.compile(r"(?i)\b(?:at|upon|on)\s+the\s+invitation\s+of\b")
_CHAIRED_BY = re.compile(r"(?i)\b(?:chaired|presided over|led)\s+by\b")
_PRESIDENCY = re.compile(r"(?i)\b(?:presiden(?:t|cy) of|preside over) the (?P<organ>[A-Z][\w ]+?)\b(?:,| and|\.|$)|\b(?P<organ2>[A-Z][\w ]+?) presidency\b")


def topics_from_list(ctx: DocContext, span: Span) -> list[Entity]:
    """"A, B, C and D" → topic entities (gazetteer topics first, other items as new topics)."""
    out: list[Entity] = []
    text = ctx.text
    known = ctx.find_entities(span, ("topic", "agreement", "initiative"))
    covered = [m.span for m, _ in known]
    for _, e in known:
        if e not in out:
            out.append(e)
    for m in re.finditer(r"[^,;]+", text[span.start:span.end]):
        raw = m.group(0)
        raw = re.sub(r"^\s*(?:and|the)\s+", lambda x: " " * len(x.group(0)), raw)
        s = span.start + m.start() + (len(raw) - len(raw.lstrip()))
        e = span.start + m.start() + len(raw.rstrip())
        item = text[s:e]
        parts = [(s, e)]
        if any(c.start < e and s < c.end for c in covered):
            # "climate finance and the reform of the Security Council": keep the halves not yet known.
            parts = []
            for pm in re.finditer(r"(?:(?!\band\b).)+", text[s:e]):
                ps = s + pm.start() + len(pm.group(0)) - len(pm.group(0).lstrip())
                pe = s + pm.start() + len(pm.group(0).rstrip())
                if pe > ps and not any(c.start < pe and ps < c.end for c in covered):
                    parts.append((ps, pe))
        for ps, pe in parts:
            item = re.sub(r"^(?:the|a|an)\s+", "", text[ps:pe])
            ps = pe - len(item)
            if 2 < len(item) < 60 and not re.search(r"[“”\"]", item) and item[:1].islower():
                ent = ctx.entity("topic", item, Span(ps, pe))
                if ent not in out:
                    out.append(ent)
    return out


def _topic_phrase(ctx: DocContext, sent: Span, date_at: int | None = None) -> list[Entity]:
    """The subject of a meeting: "on the topic of “X”", "raise the topic of X", "debate … on X".
    The clause that holds the meeting's date is searched first."""
    spans = [Span(date_at, sent.end), sent] if date_at is not None else [sent]
    for where in spans:
        seg = ctx.t(where)
        for pattern in (_TOPIC_OF, _ON_X, _RAISE):
            m = pattern.search(seg)
            if not m:
                continue
            ts = Span(where.start + m.start("t"), where.start + m.end("t"))
            raw = ctx.t(ts)
            quoted = raw.lstrip().startswith(("“", "\""))
            inner_text = raw.strip().strip("“”\"").strip(" .,;:")
            known = [e for _, e in ctx.find_entities(ts, ("topic", "agreement", "initiative", "country", "organization"))]
            if quoted and 3 <= len(inner_text) <= 100:
                start = ts.start + raw.index(inner_text)
                theme = ctx.entity("topic", inner_text, Span(start, start + len(inner_text)))
                return [theme] + [e for e in known if e.kind in ("topic", "agreement", "initiative")]
            useful = [e for e in known if e.kind in ("topic", "agreement", "initiative", "country")]
            if useful:
                return useful
            if 3 <= len(inner_text) <= 80 and inner_text[:1].islower():
                start = ts.start + raw.index(inner_text)
                return [ctx.entity("topic", inner_text, Span(start, start + len(inner_text)))]
    return []


# "will visit Japan", "visited Kenya", "is visiting Oslo": the verb, not "paid a visit to".
_VISIT_VERB = re.compile(r"\b(?P<verb>will\s+visit|visited|visits|(?:is|was|are|were)\s+visiting|to\s+visit)\s+(?P<dest>[A-Z][^,.;]+)")


def _visit(ctx: DocContext, sent: Span, vm: re.Match, persons: list[Entity], dates) -> Event | None:
    """The visitors are named before the verb (an inviter "at the invitation of" is not one), the
    place is the city or country visited, the day range of the sentence its start and end."""
    seg, text = ctx.t(sent), ctx.text
    ranges = find_date_ranges(text, sent)
    if not (ranges or dates):
        return None
    verb_at = sent.start + vm.start()
    invite = _INVITATION.search(seg)
    inviter = None
    if invite and invite.start() < vm.start():
        inv_at = sent.start + invite.end()
        inviter = next((p for p in sorted(persons, key=lambda p: min(s.start for s in p.spans if s.start >= sent.start))
                        if any(inv_at <= s.start < verb_at for s in p.spans)), None)
    visitors = [p for p in persons if p is not inviter and any(sent.start <= s.start < verb_at for s in p.spans)]
    dest = Span(sent.start + vm.start("dest"), sent.start + vm.end("dest"))
    place = next((e for _, e in ctx.find_entities(dest, ("city",))), None) or \
        next((e for _, e in ctx.find_entities(dest, ("country",))), None)
    if not visitors or place is None:
        return None
    start, end = (ranges[0][1], ranges[0][2]) if ranges else (dates[0].value, None)
    adj = " ".join((vm.groupdict().get("adj") or "").split())
    label = (adj + " visit") if adj else "visit"
    return Event("visit", f"{label[0].upper()}{label[1:]} of {' and '.join(p.name for p in visitors)} to {place.name}",
                 sent, date=start, end_date=end, location=place, attendees=list(visitors),
                 organizers=[inviter] if inviter else [],
                 status="planned" if re.match(r"(?i)(?:will|to)\b", vm.group("verb")) else "held")


def find_events(ctx: DocContext, people: People, main_country: Entity | None) -> list[Event]:
    text, ref = ctx.text, ctx.ref_date()
    events: dict[str, Event] = {}
    presidency: Event | None = None
    meeting_persons: list[Entity] = []
    last_persons: list[Entity] = []  # the persons of the last sentence that named two or more
    forum_default = None
    passive: Event | None = None  # the last meeting told in the passive, for its delegations' heads
    for sent in ctx.sentences:
        seg = ctx.t(sent)
        dates = ctx.dates_in(sent, ref, yearless=True)  # an undated text's "on 14 March": --03-14
        persons = [p for p in people.persons if p.mentioned_in(sent.start, sent.end)]
        if passive is not None and LED_BY.search(seg):
            passive.attendees += [p for p in persons if p not in passive.attendees]
            delegations_countries(ctx, sent, persons)
            continue
        if passive is not None and attended_by(ctx, people, sent, passive):
            continue
        held = HELD_PASSIVE.search(seg) if dates else None
        if held and not _MEET_VERB.search(seg):
            ev = held_passive(ctx, sent, held, dates[0], persons)
            if ev is not None:
                events[dates[0].value] = passive = ev
                meeting_persons = list(ev.attendees)
                continue
        group_persons = last_persons  # whom "the two Ministers" of this sentence are
        if len(persons) >= 2:
            last_persons = persons
        verb = _MEET_VERB.search(seg)
        vm = _VISIT.search(seg) or _VISIT_VERB.search(seg)
        visit = _visit(ctx, sent, vm, persons, dates) if vm else None
        if visit is not None and verb and vm.start() < verb.start():
            verb = None  # "will visit Japan from 3 to 5 March, where she will meet X": the visit, X met there
            stop = _CLAUSE_END.search(seg, vm.end())
            visit.attendees += [p for p in persons if p not in visit.attendees and p.mentioned_in(sent.start + vm.end(), sent.start + stop.start() if stop else sent.end)]
        # A bilateral meeting: "A, post, and B, post met on DATE, in CITY, for consultations …".
        if verb and not dates and (verb.group("call") or verb.group("received") or _MET_WHOM.match(seg, verb.start())):
            dates = [d for d in relative_dates(ctx, sent) if d.precision == "date"]  # "spoke / met / received today"
        if verb and dates and (persons or (len(group_persons) >= 2 and GROUP.match(seg))):
            d = dates[0]
            before = Span(sent.start, sent.start + verb.start())
            attendees = [p for p in persons if p.mentioned_in(before.start, before.end)]
            if attendees and verb.group("received"):  # the host, then those received, named after the verb
                attendees += [p for p in persons if p not in attendees and p.mentioned_in(sent.start + verb.end(), sent.end)]
            elif attendees and (verb.group("call") or _MET_WHOM.match(seg, verb.start())):
                # "A met B", "A held talks with B", "A spoke by telephone with B": whom they met is
                # named after the verb, up to the end of the clause.
                stop = _CLAUSE_END.search(seg, verb.end())
                after = Span(sent.start + verb.end(), sent.start + stop.start() if stop else sent.end)
                attendees += [p for p in persons if p not in attendees and p.mentioned_in(after.start, after.end)]
            if not attendees and len(group_persons) >= 2 and GROUP.match(seg) and \
                    not re.fullmatch(r"(?i)sides|parties|countries|governments", GROUP.match(seg).group("who")):
                # "The two Ministers held bilateral talks in Putrajaya on 13 March": the persons the
                # sentence before named.
                attendees = list(group_persons)
            if verb.group("spoke") and len(attendees) < 2:
                attendees = []  # "X spoke with reporters": no one met
            if attendees:
                purpose = _PURPOSE.search(seg)
                aim = purpose or _TO_PURPOSE.search(seg, verb.end())
                noun = verb.group("noun")
                kind = "consultation" if (purpose and "consultation" in purpose.group("p")) or noun == "consultations" \
                    else "meeting"
                city = next((e for m, e in ctx.find_entities(Span(sent.start + verb.end(), sent.end), ("city",))), None)
                if purpose:
                    name = purpose.group("p").strip()
                elif noun:
                    # "held bilateral consultations": the meeting is named by the words after "held".
                    name = re.sub(r"^held\s+(?:(?:a|an|the|their)\s+)?", "", verb.group(0))
                else:
                    name = "talks" if "talks" in verb.group(0) else "audience" if verb.group("received") else "meeting" \
                        if not verb.group("call") else "conversation" if verb.group("spoke") else "video call" if "video" in verb.group(0) else "telephone call"
                names = " and ".join(p.name for p in attendees)
                ev = Event(kind, f"{name[0].upper()}{name[1:]} ({names}, {d.value})", sent, date=d.value,
                           location=city, attendees=list(attendees), purpose=aim.group("p").strip() if aim else None,
                           status="held" if verb.group(0).startswith(("met", "held", "convened", "gathered", "hosted", "received",
                                                                       "spoke", "talked", "had")) else
                           "planned" if verb.group(0).startswith("will") or re.search(r"\b(?:will|shall|to)\s+(?:\w+\s+){0,2}$", seg[:verb.start()])
                           else None)
                countries = [e for _, e in ctx.find_entities(before, ("country",))]
                ev.attendees += [c for c in countries if c not in ev.attendees]
                events[d.value] = ev
                meeting_persons = attendees
                continue
        # A visit: "X, post, paid an official visit to COUNTRY from 12 to 14 March 2024".
        if visit is not None:
            events[f"visit-{sent.start}"] = visit
            if len(persons) >= 2:
                meeting_persons = persons
            continue
        # A discussion or seminar the officials led: "At the X Academy, the officials also led an academic discussion …".
        dm = _DISCUSSION.search(seg)
        if dm:
            theme = (dm.group("theme") or "").strip().strip("“”\"").strip()
            place = next((e for m_, e in ctx.find_entities(sent, ("organization", "city")) if m_.span.start < sent.start + dm.start()), None)
            hosts = persons or (meeting_persons if re.search(r"(?i)\b(the officials|they|both|the two)\b", seg) else [])
            base_event = next(iter(events.values()), None)
            name = dm.group("kind")[0].upper() + dm.group("kind")[1:] + (f": {theme}" if theme else "")
            ev = Event("discussion", name, sent,
                       attendees=list(hosts))
            if place is not None and place.kind == "city":
                ev.location = place
            elif place is not None:
                ev.forum = place
            if theme:
                ts = seg.index(theme) + sent.start
                ev.topics.append(ctx.entity("topic", theme, Span(ts, ts + len(theme))))
            events[f"discussion-{sent.start}"] = ev
            continue
        # Topics discussed by the people who met: attach to their meeting.
        disc = _DISCUSSED.search(seg)
        if disc and meeting_persons and (any(p in meeting_persons for p in persons) or GROUP.match(seg)
                                         or re.match(r"(?i)they\b", seg)):
            lst = Span(sent.start + disc.start("list"), sent.start + disc.end("list"))
            hit = [ev for ev in events.values() if set(ev.attendees) & set(meeting_persons)]
            # Talks held during a visit carry its topics; the visit only when nothing else does.
            hit = [ev for ev in hit if ev.kind != "visit"] or hit
            found = topics_from_list(ctx, lst) if hit else []  # once, not per event: same list
            for ev in hit:
                ev.topics += [t for t in found if t not in ev.topics]
            continue
        # A presidency of an organ during the document's month.
        pm = _PRESIDENCY.search(seg)
        if pm and ref and presidency is None and re.search(r"(?i)\b(this month|in \w+ \d{4}|presidency)\b", seg):
            organ_span = Span(sent.start + (pm.start("organ") if pm.group("organ") else pm.start("organ2")),
                              sent.start + (pm.end("organ") if pm.group("organ") else pm.end("organ2")))
            organs = ctx.find_entities(organ_span, ("organization",)) or ctx.find_entities(sent, ("organization",))
            holder = ctx.find_entities(Span(sent.start, organ_span.start), ("country",))
            if organs and (holder or main_country):
                country = holder[0][1] if holder else main_country
                # "held the rotating presidency … in August 2024": the month written; else the text's own.
                written = next((d for d in dates if d.precision in ("month", "date")), None)
                month = written.value[:7] if written else ref[:7]
                presidency = Event("council-presidency", f"{country.name}'s presidency of the {organs[0][1].name}, {month}",
                                   sent, date=month, forum=organs[0][1], organizers=[country])
                forum_default = organs[0][1]
                events[f"presidency-{month}"] = presidency
                # "… in August 2024, when it convened an open debate on X chaired by President Y": the
                # meeting of the presidency named in the same sentence.
                after = sent.start + pm.end()
                nm = _MEETING_NOUN.search(text, after, sent.end)
                if nm and re.search(r"(?i)\b(?:convened|held|hosted|organi[sz]ed|chaired|presided over)\b", text[after:nm.start()]):
                    kind = "debate" if "debate" in nm.group(0).lower() else "council-meeting"
                    ev = Event(kind, "", Span(sent.start, sent.end), date=month, forum=organs[0][1], organizers=[country],
                               status="held" if re.search(r"(?i)\b(?:convened|held|hosted|organi[sz]ed)\b", text[after:nm.start()]) else None)
                    ev.topics += _topic_phrase(ctx, Span(nm.start(), sent.end))
                    cb = _CHAIRED_BY.search(text, nm.end(), sent.end)
                    if cb:
                        ev.chair = next((p for p in sorted(persons, key=lambda p: min(s_.start for s_ in p.spans if s_.start >= cb.end()) if any(s_.start >= cb.end() for s_ in p.spans) else 10**9)
                                         if any(cb.end() <= s_.start < sent.end for s_ in p.spans)), None)
                    events[f"{kind}-{month}-{nm.start()}"] = ev
                continue
        # A dated meeting of an organ: "On Nov. 22 it will raise …", "a meeting … on Nov. 9".
        noun = _MEETING_NOUN.search(seg)
        raises = re.search(r"(?i)\b(?:will|to)\s+(?:raise|hold|host|convene|discuss|address)\b", seg) or \
            _BRIEFED.search(seg)  # "X briefed the Security Council on 5 March": the Council's meeting that day
        dates = [d for d in dates if not _NOT_EVENT_DATE.search(text[max(sent.start, d.span.start - 10):d.span.start])]
        month_only = re.search(r"(?i)\b(?:in|during|for|this)\s+(?P<m>January|February|March|April|May|June|July|August|"
                               r"September|October|November|December)\b", seg)
        if not dates and noun and month_only and ref and re.search(r"(?i)\b(?:scheduled|planned|will|plans?)\b", seg):
            from diplograph.text.dates import MONTHS, DateMatch
            month = MONTHS[month_only.group("m").lower()]
            year = int(ref[:4]) + (1 if month < int(ref[5:7]) - 6 else 0)
            dates = [DateMatch(Span(sent.start + month_only.start("m"), sent.start + month_only.end("m")),
                               f"{year:04d}-{month:02d}", "month")]
        if dates and (noun or raises) and not verb and (dates[0].precision == "date" or dates[0].precision == "month" and noun):
            d = dates[0]
            ev = events.get(d.value)
            organs = ctx.find_entities(sent, ("organization",))
            organ_spans = [m.span for m, _ in organs]
            bare_council = any(not any(o.start <= sent.start + c.start() < o.end for o in organ_spans)
                               for c in re.finditer(r"\bCouncil\b", seg))
            forum = forum_default if (bare_council and forum_default) else \
                next((e for _, e in organs if "un-organ" in e.subtypes), None) or forum_default
            if ev is None:
                kind = "debate" if noun and "debate" in noun.group(0).lower() else "council-meeting"
                ev = Event(kind, "", sent, date=d.value, forum=forum, status="planned" if re.search(r"(?i)\b(will|planning|planned|scheduled|to)\b", seg) else None)
                events[d.value] = ev
            elif noun and "debate" in noun.group(0).lower() and ev.kind == "council-meeting":
                ev.kind = "debate"
            ev.forum = ev.forum or forum
            ev.topics += [t for t in _topic_phrase(ctx, sent, d.span.start) if t not in ev.topics]
            subject = ctx.find_entities(Span(sent.start, sent.start + (noun.start() if noun else len(seg))), ("country",))
            if re.search(r"(?i)\b(?:it|we)\s+will\b", seg) or subject:
                org = subject[0][1] if subject else main_country
                if org is not None and org not in ev.organizers:
                    ev.organizers.append(org)
            if _PRESIDE.search(seg):
                chair = next((p for p in persons if any(s.start < sent.start + _PRESIDE.search(seg).start() for s in p.spans if sent.start <= s.start)), None)
                if chair:
                    ev.chair = chair
            cochairs = re.search(r"(?i)\bco-?chaired\s+by\b", seg)  # "…, co-chaired by A of C and B of D"
            if cochairs:
                ev.attendees += [p for p in persons if p not in ev.attendees and
                                 any(sent.start + cochairs.end() <= s.start < sent.end for s in p.spans)]
            attend = _ATTEND.search(seg) or _BRIEFED.search(seg)  # those who briefed it took part
            if attend:
                at = attend.start() + sent.start
                for p in persons:
                    if any(sent.start <= s.start < at for s in p.spans) and p not in ev.attendees:
                        ev.attendees.append(p)
            continue
    out = list(events.values())
    # A meeting held during a visit by the visitor is part of the visit.
    for visit in (e for e in out if e.kind == "visit" and e.date and e.end_date):
        for ev in out:
            if ev is not visit and ev.super_event is None and ev.date and ev.kind in ("meeting", "consultation", "discussion") \
                    and visit.date <= ev.date[:10] <= visit.end_date and set(ev.attendees) & set(visit.attendees):
                ev.super_event = visit
    for ev in out:
        if ev.kind in ("council-meeting", "debate"):
            if presidency is not None and ev.date and presidency.date and ev.date.startswith(presidency.date):
                ev.super_event = presidency
                for o in presidency.organizers:
                    if o not in ev.organizers:
                        ev.organizers.append(o)
            topic = ev.topics[0].name if ev.topics else None
            if topic and ev.topics[0].kind == "topic" and topic[:1].isupper() and not topic[1:2].isupper():
                topic = topic[0].lower() + topic[1:]
            forum = ev.forum.name if ev.forum else "Council"
            label = "open debate" if ev.kind == "debate" else \
                "briefing" if re.search(r"(?i)\bbriefing\b", ctx.t(ev.span)) and not re.search(r"(?i)\bmeeting\b", ctx.t(ev.span)) else "meeting"
            ev.name = f"{forum} {label}" + (f" on {topic}" if topic else "") + f", {ev.date}"
    return [e for e in out if e.name]
