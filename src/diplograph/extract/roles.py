"""The title/role grammar: a post title from the role table plus its complements.

"Under-Secretary for Multilateral Affairs and Human Rights of Mexico", "Mexico's ambassador to the
UN", "South Korean Trade Minister", "the political coordinator for the Mexican mission to the UN",
"deputy secretary of foreign affairs in 2009-2010". The grammar finds the phrase, the organisation
or country the post belongs to, and any dates written next to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diplograph.extract.context import DocContext
from diplograph.model import Entity, Span
from diplograph.text.dates import WEEKDAYS, find_dates, year_range
from diplograph.text.gazetteer import slugify

PREPS = {"for", "of", "to", "on"}
# Lower-case words that may continue a role phrase after a noun ("mission to the UN").
CONTINUE = {"and", "of", "for", "to", "on", "the", "mission", "delegation", "affairs", "rights", "council",
            "board", "health", "foreign", "general", "nations", "states", "development", "cooperation", "trade",
            # the units a post is in: "director of the Africa bureau", "head of the policy planning division"
            "bureau", "department", "division", "directorate", "desk", "section", "unit", "office", "secretariat",
            "programme", "program", "service", "staff"}
STOP = {"in", "at", "since", "from", "when", "who", "which", "that", "under", "after", "before", "during", "until",
        "with", "by", "as", "met", "is", "was", "were", "has", "had", "have", "will", "told", "said", "says"}
# A word modifier needs its space: "Vice-President" is a title of the table, not "vice" + "-President".
_ITS_SESSION = re.compile(r"(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:session|term|mandate|summit|board|bureau)\b", re.I)
_UNIT_AFTER = re.compile(r"\s+(?:Department|Dept|Desk|Division|Unit|Directorate|Section|Team|Task Force|Bureau|Programme|Program)\b")
MODIFIERS = r"(?:then-\s*|(?:his|her)\s+(?:royal\s+|imperial\s+)?(?:majesty|highness)\s+|(?:former|the|its|his|her|their|one of|acting|interim|outgoing|incoming|newly appointed|next|deputy|vice)\s+)*"
_WORD = re.compile(r"[^\s,.;:()\[\]“”\"—–]+")
_PAREN_RANGE = re.compile(r"^(?:\s*,|\s+in)?\s*(?P<where>[A-Z][\w .’'-]{1,40}?)?\s*\((?P<r>(?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)?\d\d))\)")
_IN_RANGE = re.compile(r"^\s*,?\s*in\s+(?P<r>(?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)?\d\d))\b")
_IN_YEAR = re.compile(r"^\s*,?\s*in\s+(?P<y>(?:1[89]|20)\d\d)\b(?!\s*[-–])")
_SINCE = re.compile(r"^\s*,?\s*since\s+")
_FROM_RANGE = re.compile(r"^\s*,?\s*from\s+(?P<a>(?:1[89]|20)\d\d)\s+(?:to|until|through|till)\s+(?P<b>(?:1[89]|20)\d\d)\b")
_MISSION = re.compile(r"(?i)\b(?:permanent\s+)?(?:mission|delegation|representation)\b")
_TO_UN = re.compile(r"(?i)\bto\s+the\s+(?:UN|U\.N\.|United Nations)\b")
_PLURAL = {"ambassadors": "ambassador", "representatives": "representative", "coordinators": "coordinator",
           "ministers": "minister", "secretaries": "secretary", "advisers": "adviser", "advisors": "advisor",
           "presidents": "president", "directors": "director", "envoys": "envoy", "members": "member"}


@dataclass
class RolePhrase:
    span: Span  # the role words, e.g. "Under-Secretary for Multilateral Affairs and Human Rights of Mexico"
    role: str  # the role name to publish
    org: Entity | None
    country: Entity | None  # the country the post is of (also when org is a mission/ministry)
    start: str | None = None
    end: str | None = None
    former: bool = False
    date_span: Span | None = None
    plural: bool = False
    entities: list[Entity] = field(default_factory=list)
    mission_to: Entity | None = None  # an international body a diplomat is accredited to, country unnamed


_INTERNATIONAL = {"international", "un-organ", "un-agency", "regional"}


def is_international(ent: Entity | None) -> bool:
    return ent is not None and ent.kind == "organization" and bool(_INTERNATIONAL & ent.subtypes) \
        and "mission" not in ent.subtypes


def mission_entity(ctx: DocContext, country: Entity, span: Span | None, body: Entity | None = None) -> Entity:
    """A country's permanent mission to the UN, or to another international body it is accredited to."""
    if body is None or body.key == "united-nations":
        name = f"Permanent Mission of {country.name} to the United Nations"
    else:
        name = f"Permanent Mission of {country.name} to {'the ' if ' ' in body.name else ''}{body.name}"
    ent = ctx.entity("organization", name, span, subtypes={"mission"})
    ent.country = country.key
    return ent


_LETTERS = re.compile(r"(?i)[a-z]*")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

def parse_role_at(ctx: DocContext, start: int, limit: int) -> RolePhrase | None:
    """Parse a role phrase that begins at `start` (modifiers allowed); None if no title is there."""
    text = ctx.text
    m = re.compile(MODIFIERS, re.I).match(text, start, limit)
    pre_end = m.end() if m else start
    former = bool(re.search(r"(?i)\b(former|then-)", text[start:pre_end]))
    # An optional possessor or demonym before the title: "Mexico’s", "South Korean", "UN".
    possessor: Entity | None = None
    pos = pre_end
    for match, ent in ctx.find_entities(Span(pos, min(limit, pos + 60))):
        if match.span.start != pos:
            break
        after = text[match.span.end:match.span.end + 3]
        title_next = ctx.tables.role_re.match(text, match.span.end + 1) is not None and text[match.span.end:match.span.end + 1] == " "
        if after[:2] in ("’s", "'s", "´s") or match.via == "demonym" or ent.kind == "organization" or title_next:
            possessor = ent
            pos = match.span.end + (2 if after[:2] in ("’s", "'s", "´s") else 0)
            pos = re.compile(r"\s*(?:next\s+|former\s+|deputy\s+)?").match(text, pos).end()
        break
    tm = ctx.tables.role_re.match(text, pos, limit)
    if not tm:
        # A title may follow a modifier that came after the possessor ("Mexico’s deputy ambassador").
        return None
    head_start = pos if pos > pre_end else pre_end
    if re.match(r"(?i)deputy\s|vice\s", text[pre_end:pos] if pos > pre_end else ""):
        head_start = pre_end
    # "deputy"/"vice" written before the title belong to the role name.
    mod_words = re.search(r"(?i)((?:deputy|vice)\s+)+$", text[start:pos])
    if mod_words:
        head_start = start + mod_words.start()
    end = tm.end()
    plural_word = _LETTERS.match(text, end).group(0)  # in place: a slice to the end is O(document)
    if plural_word in ("s",):
        end += 1
    # Complements: for/of/to/on + words, stopping at punctuation, stop words and lower-case verbs.
    i = end
    last_good = end
    in_complement = False
    after_prep = False
    prev_low = ""
    while i < limit:
        wm = _WORD.match(text, i + len(text[i:limit]) - len(text[i:limit].lstrip(" ")))
        if not wm or wm.start() >= limit or text[i:wm.start()].strip():
            break
        word = wm.group(0).rstrip("’'´")
        low = word.lower()
        if low in STOP:
            break
        if prev_low in PREPS and (word[:1].isdigit() or low in _MONTHS or low in WEEKDAYS):
            break  # "President of the General Assembly on 6 June 2023": a date, not the complement
        if low in ("session", "sessions", "term", "summit") and re.search(r"(?:th|st|nd|rd)$", prev_low):
            i = last_good = wm.end()  # "President of the seventy-seventh session of the General Assembly"
            prev_low = low
            continue
        if low in ("its", "their") and prev_low in PREPS:
            # "President of its seventy-ninth session": a body's session or term named by "its".
            own = _ITS_SESSION.match(text, wm.start(), limit)
            if own:
                i = last_good = own.end()
                prev_low = ""
                continue
            break
        prev_low = low
        if low in PREPS:
            in_complement = after_prep = True
        elif not in_complement:
            break
        elif word[:1].isupper() or word[:1].isdigit() or low in CONTINUE or after_prep:
            after_prep = low in ("the", "and") and after_prep
            if low not in ("the", "and"):
                last_good = wm.end()
        else:
            break
        i = wm.end()
        if text[i:i + 2] in ("’s", "'s", "´s"):
            i += 2
            last_good = i
    end = max(end, last_good)
    role_end = end
    # "senior fellow at the International Crisis Group", "director … at the Ministry of Foreign Affairs
    # in Accra": the organisation the post is at (not part of the role name).
    at_org = None
    if possessor is None:
        at_org, at_end = _org_at(ctx, end, limit)
        if at_org is not None:
            end = at_end
    span = Span(head_start, end)
    role_text = re.sub(r"\s+", " ", text[head_start:role_end])
    # Entities named inside the phrase or just before it.
    inside = ctx.find_entities(Span(start, end))
    entities = [e for _, e in inside]
    country: Entity | None = possessor if possessor and possessor.kind == "country" else None
    org: Entity | None = possessor if possessor and possessor.kind == "organization" else None
    # "… of Mexico" at the end: the country, taken out of the role name.
    tail = re.search(r"\s*(?:,\s*|\s+of\s+)(?:the\s+)?([^,]+)$", role_text)
    diplomat = ctx.tables.role_category(tm.group(0)) == "diplomat"
    accredited: Entity | None = None  # "Ambassador of Sweden to the World Trade Organization"
    for match, ent in inside:
        if match.span.start < tm.end():
            continue
        before = text[max(start, match.span.start - 12):match.span.start].lower()
        if ent.kind == "country" and re.search(r"\bto\s+(the\s+)?$", before):
            continue  # "Ambassador to China": the host, not the post's country
        if ent.kind == "country" and re.search(r"\bfor\s+(the\s+)?$", before) and re.search(
                r"(?i)\b(?:envoy|representative|coordinator|rapporteur)\b", text[head_start:match.span.start]):
            continue  # "Special Envoy of the Secretary-General for Yemen": the country the mandate is about
        if ent.kind == "organization" and re.match(r"\s+Affairs\b", text[match.span.end:match.span.end + 10]):
            continue  # "Undersecretary for Bilateral Relations and ASEAN Affairs": a portfolio, not the body
        if ent.kind == "country" and _UNIT_AFTER.match(text, match.span.end):
            continue  # "Head of the Russia Department": a unit named for a country, not the post's
        if ent.kind == "country":
            country = country or ent
            if match.span.end == end and re.search(r"\bof\s+(the\s+)?$", before):
                cut = text[head_start:match.span.start]
                role_text = re.sub(r"\s+of\s+(?:the\s+)?$", "", re.sub(r"\s+", " ", cut))
        elif ent.kind == "organization" and diplomat and accredited is None and is_international(ent) and (
                re.search(r"\bto\s+(the\s+)?$", before) or at_org is ent):
            accredited = ent
        elif ent.kind == "organization" and not re.search(r"\bto\s+(the\s+)?$", before) and not (
                at_org is ent and diplomat):
            org = ent
        elif ent.kind == "organization" and org is None and _ADVISER.fullmatch(tm.group(0)):
            # "adviser to UN Development Program": an adviser works for the body advised (an
            # ambassador "to" a body is only accredited to it).
            org = ent
            if match.span.end == end:
                role_text = re.sub(r"\s+to\s+(?:the\s+)?$", "", re.sub(r"\s+", " ", text[head_start:match.span.start]))
    # (Not for diplomats: "ambassador at the United Nations" serves in a mission, not the organisation.)
    if at_org is not None and country is None and org is None and ctx.tables.role_category(tm.group(0)) != "diplomat":
        org = at_org
        country = ctx.extraction.entities.get(f"country/{at_org.country}") if at_org.country else None
    if at_org is not None and diplomat and accredited is None and is_international(at_org):
        accredited = at_org  # "ambassador at the United Nations (2012-2016)"
    inner_mission = next((e for e in entities if "mission" in e.subtypes), None)
    mission_to = None
    if inner_mission is not None:
        org = inner_mission
        country = country or ctx.extraction.entities.get(f"country/{inner_mission.country}")
        role_text = re.sub(r"(?i)\s+(?:for|of|at|to|in)\s+(?:the\s+)?(?:[^\s]+\s+)?(?:permanent\s+)?(?:mission|delegation)\b.*$", "", role_text)
    elif _MISSION.search(role_text) or _TO_UN.search(role_text) or re.search(r"(?i)permanent representative", role_text) \
            or (accredited is not None and org is None):
        # A post to an international body belongs with the country's mission to it; with no country
        # named here, the holder's country decides later (merge_posts).
        c = country or _demonym_country(ctx, Span(start, end))
        if c:
            country = c
            org = mission_entity(ctx, c, Span(start, end), accredited)
            role_text = re.sub(r"(?i)\s+(?:for|of|at|to|in)\s+(?:the\s+)?(?:[^\s]+\s+)?(?:permanent\s+)?(?:mission|delegation)\b.*$", "", role_text)
            # "Ambassador of Sweden to the WTO": the country is the mission's, not the title's.
            role_text = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(c.name)}(?=\s+to\s)", "", role_text)
        elif accredited is not None:
            mission_to = accredited
    if org is not None and "mission" in org.subtypes and org.name.endswith("to the United Nations"):
        # "deputy permanent representative to the United Nations" in the mission to the United Nations:
        # the body is the mission's, and the role is the one written bare ("the mission's deputy
        # permanent representative"). ("Ambassador to the UN" keeps its body: a bare "Ambassador" is
        # a bilateral title.)
        bare = re.sub(r"(?i)\s+to\s+the\s+(?:UN|U\.N\.|United Nations)$", "", role_text.strip(" ,"))
        if re.search(r"(?i)\brepresentative$", bare):
            role_text = bare
    if org is None and country is None and mission_to is None:
        implied = next((r.implies_org for r in ctx.tables.roles if r.implies_org and
                        any(f.lower() == tm.group(0).lower() for f in r.forms)), None)
        if implied:
            entry = ctx.tables.gazetteer.get("organization", implied)
            if entry:
                org = ctx.from_entry(entry, None)
    role_text = _singular(role_text.strip(" ,"))
    rp = RolePhrase(span, role_text, org or country, country, former=former, entities=entities,
                    plural=bool(re.search(r"(?i)(ambassadors|representatives|coordinators|ministers|secretaries)\b", text[tm.start():end])))
    rp.mission_to = mission_to
    _attach_dates(ctx, rp, end, limit)
    return rp


_ADVISER = re.compile(r"(?i)(?:special\s+|senior\s+)?(?:advis[eo]r|consultant)s?")
_AT = re.compile(r"\s+at\s+(?:the\s+)?")
_BARE_MINISTRY = re.compile(r"(?P<m>Ministry (?:of|for) Foreign Affairs|Foreign Ministry)(?:\s+(?:in|of)\s+)?")


def _org_at(ctx: DocContext, end: int, limit: int) -> tuple[Entity | None, int]:
    """An organisation named right after "at (the)": a gazetteer organisation, or a foreign ministry
    written without its country whose city or country follows ("… in Accra")."""
    text = ctx.text
    m = _AT.match(text, end, limit)
    if not m:
        return None, end
    pos = m.end()
    for match, ent in ctx.find_entities(Span(pos, min(limit, pos + 120)), ("organization",)):
        if match.span.start == pos:
            return ent, match.span.end
        break
    bm = _BARE_MINISTRY.match(text, pos, limit)
    if bm and bm.group(0) != bm.group("m"):
        for match, ent in ctx.find_entities(Span(bm.end(), min(limit, bm.end() + 40)), ("city", "country")):
            if match.span.start != bm.end():
                break
            key = ent.key if ent.kind == "country" else ent.country
            country = ctx.tables.gazetteer.get("country", key) if key else None
            entry = None
            if country is not None:
                entry = next((e for e, _ in ctx.tables.gazetteer.lookup(f"Ministry of Foreign Affairs of {country.label}")
                              if e.kind == "organization"), None)
            mspan = Span(pos, bm.end("m"))
            if entry is not None:
                ministry = ctx.from_entry(entry, mspan)
            elif country is not None:
                # No row for that country's ministry: name it the way the gazetteer names the others.
                ministry = ctx.entity("organization", f"Ministry of Foreign Affairs ({country.label})", mspan,
                                      subtypes={"government", "ministry"})
                ministry.country = country.key
            else:
                break
            # "in Accra" stays outside the phrase, so a "(2015-2018)" after it still dates the post.
            return ministry, bm.end("m")
    return None, end


def _demonym_country(ctx: DocContext, span: Span) -> Entity | None:
    for match, ent in ctx.find_entities(span, ("country",)):
        return ent
    return None


def _singular(role: str) -> str:
    words = role.split(" ")
    for i, w in enumerate(words):
        if w.lower() in _PLURAL:
            rep = _PLURAL[w.lower()]
            words[i] = rep.capitalize() if w[:1].isupper() else rep
            break
    return " ".join(words)


def _attach_dates(ctx: DocContext, rp: RolePhrase, end: int, limit: int) -> None:
    text = ctx.text
    window = text[end:min(limit + 40, end + 40)]
    for pattern in (_PAREN_RANGE, _IN_RANGE):
        m = pattern.match(window)
        if m:
            r = year_range(m.group("r"))
            if r:
                rp.start, rp.end = r
                rp.date_span = Span(end + m.start("r"), end + m.end("r"))
                if pattern is _PAREN_RANGE and m.group("where"):
                    wspan = Span(end + m.start("where"), end + m.end("where"))
                    hits = ctx.find_entities(wspan, ("country",))
                    if hits and rp.org is None:
                        rp.country = hits[0][1]
                        rp.org = hits[0][1]
                return
    m = _FROM_RANGE.match(window)
    if m:
        rp.start, rp.end = m.group("a"), m.group("b")
        rp.date_span = Span(end + m.start("a"), end + m.end("b"))
        return
    m = _IN_YEAR.match(window)
    if m:
        rp.start = m.group("y")
        rp.date_span = Span(end + m.start("y"), end + m.end("y"))
        return
    m = _SINCE.match(window)
    if m:
        for d in find_dates(text, Span(end + m.end(), min(len(text), end + m.end() + 25)), ctx.ref_date()):
            if d.span.start == end + m.end():
                rp.start = d.value
                rp.date_span = d.span
                return
        y = _YEAR.match(text, end + m.end())
        if y:
            rp.start = y.group(0)
            rp.date_span = Span(end + m.end(), end + m.end() + 4)


def find_roles(ctx: DocContext, span: Span) -> list[RolePhrase]:
    """Every role phrase inside a span, left to right, not overlapping."""
    out: list[RolePhrase] = []
    pos = span.start
    for m in ctx.tables.role_re.finditer(ctx.text, span.start, span.end):
        if m.start() < pos:
            continue
        # Back up over a possessor/demonym and modifiers written before the title.
        start = _phrase_start(ctx, m.start(), span.start)
        rp = parse_role_at(ctx, start, span.end)
        if rp is None:
            rp = parse_role_at(ctx, m.start(), span.end)
        if rp is None:
            continue
        out.append(rp)
        pos = rp.span.end
    return out


def _phrase_start(ctx: DocContext, title_start: int, floor: int) -> int:
    text = ctx.text
    start = title_start
    m = re.search(r"(?i)((?:former|then-|deputy|vice|acting)\s*)+$", text[max(floor, start - 40):start])
    if m:
        start = max(floor, start - 40) + m.start()
    for match, _ in ctx.find_entities(Span(max(floor, start - 60), start)):
        gap = text[match.span.end:start]
        if re.fullmatch(r"(?:[’'´]s)?\s+", gap) and match.span.end <= start:
            start = match.span.start
    m = re.search(r"(?i)((?:former|then-|outgoing|acting)\s*)+$", text[max(floor, start - 40):start])
    if m:
        start = max(floor, start - 40) + m.start()
    return start


def role_slug(role: str) -> str:
    return slugify(role)
