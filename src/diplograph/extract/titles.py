"""Posts written around a person's name: the title before it and the apposition after it.

    … met with U.S. Deputy National Security Advisor for International Trade Dana Royce, …
    … Minister of Mining and Chilean G20 Sherpa Tomas Vidal, …
    … Trade Council Senior Directors Ana Prado and Ines Solar; …
    Austrian State Secretary Karl Huber, G7/G20 Sherpa and Economic Adviser of the Chancellor, met …
    The Prime Minister of Fiji, the Rt. Hon. Jone Vula, and …

The phrase is read on the parse: it runs back from the name (or on from the comma after it) over
the words of a noun phrase and stops at a verb, a pronoun, a clause mark or another person; it is a
post only when it holds a title of the role table. Capitalised words before the title stay in the
role name ("G20 Sherpa", "Iran Coordinator") unless they are the country ("German", "U.S.",
"Norway's": the post's country) or an organisation the parse or the gazetteer names ("National
Security Council Senior Director": a post in that council, not in the UN's Security Council).
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import _HONORIFIC_TRAIL, People
from diplograph.extract.person_posts import told_as_a_past_post, told_in_the_past
from diplograph.extract.roles import (_PLURAL, RolePhrase, _attach_dates, _singular, is_international, mission_entity,
                                      parse_role_at)
from diplograph.model import Entity, Post, Span
from diplograph.text.gazetteer import fold

_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "INTJ"}
_STOP_TEXT = {".", "!", "?", ";", ":", "(", ")", "“", "”", '"', "—", "–", "who", "which", "that", "when", "where", "while",
              "met", "with", "by", "alongside", "including", "included", "from", "since", "during", "on", "at"}


def _tokens(ctx: DocContext, span: Span) -> list[tuple[int, int, str, str]]:
    """(start, end, text, pos) of the parse's tokens inside a span."""
    return [(base + t.idx, base + t.idx + len(t.text), t.text, t.pos_) for base, t in ctx.parse.tokens(span)]


_SEPARATORS = {",", "and", "&", "/", "or"}


def _run_back(ctx: DocContext, floor: int, end: int, ends: dict[int, Entity]) -> list[Span]:
    """The words before `end` back to a verb, a pronoun, a clause mark or another person's name, as
    pieces split at "," / "and" / "/" (farthest first)."""
    toks = _tokens(ctx, Span(floor, end))
    pieces: list[Span] = []
    piece_end = end
    start = floor
    for s, e, w, pos in reversed(toks):
        low = w.lower()
        if (pos in _STOP_POS and not w[:1].isupper()) or low in _STOP_TEXT or e in ends:
            start = e
            break
        if low in _SEPARATORS:
            pieces.append(Span(e, piece_end))
            piece_end = s
    pieces.append(Span(start, piece_end))
    out = [Span(*_strip(ctx.text, p.start, p.end)) for p in reversed(pieces)]
    return [p for p in out if p.start < p.end]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;/&"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;/&"):
        e -= 1
    return s, e


def _role_in(ctx: DocContext, seg: Span, *, nearest_end: bool) -> RolePhrase | None:
    """The post a segment names. Before a name (`nearest_end`), the title nearest the name is its
    own ("Head of the Policy Unit for High Representative X": X is High Representative); otherwise
    the first title. The role runs from the title (with the capitalised words before it that are
    neither its country nor an organisation) to the end of the segment."""
    text = ctx.text
    titles = list(ctx.tables.role_re.finditer(text, seg.start, seg.end))
    if not titles:
        return None
    tm = titles[0]
    if nearest_end:
        for prev, nxt in zip(titles, titles[1:]):
            if re.search(r"(?i)\b(?:for|to|of|in|at|with|under)\b", text[prev.end():nxt.start()]):
                tm = nxt
    # Back from the title over capitalised words (not lower-case ones: "appreciation for Minister").
    start = tm.start()
    while True:
        m = re.search(r"(?:^|\s)([^\s]+)\s+$", text[seg.start:start])
        if not m or not (m.group(1)[:1].isupper() or m.group(1)[:1].isdigit()):
            break
        if re.fullmatch(r"(?i)the|a|an|its|their|his|her|our|then|now|majesty|highness|excellency|as|when|while|after|"
                        r"before|but|and|if|since|because|with|for|in|on|at|by|from|under|like|says|said", m.group(1)):
            break  # "His Majesty King X": a form of address, not part of the title
        start = seg.start + m.start(1)
    # A name of the tables with a lower-case word in it ("the Republic of Korea's …") is whole.
    for match, _ in ctx.find_entities(Span(max(seg.start, start - 60), tm.start())):
        if seg.start <= match.span.start < start < match.span.end:
            start = match.span.start
            break
    fm = re.search(r"(?i)\b(?:former|ex-|then-|previous)\s*$", text[seg.start:start])
    former = bool(fm)
    country: Entity | None = None
    org: Entity | None = None
    # Country or organisation written before the title: "German", "U.S.", "Norway's", "NSC".
    for match, ent in ctx.find_entities(Span(start, tm.start())):
        if match.span.start != start:
            break
        if ent.kind == "country":
            country = ent
        elif ent.kind == "organization":
            org = ent
        else:
            break
        after = match.span.end + (2 if text[match.span.end:match.span.end + 2] in ("’s", "'s") else 0)
        if after < len(text) and not text[after].isspace():
            break  # "G7/G20 Sherpa": the name is part of the role's words
        start = _skip_space(text, after)
    if org is None:
        for pe in ctx.parse.entities(Span(start, tm.start()), ("ORG",)):
            name = re.sub(r"^(?i:the)\s+", "", text[pe.span.start:pe.span.end])
            if pe.span.start <= start + 4 and not ctx.tables.role_re.search(name) and \
                    re.fullmatch(r"\s*", text[pe.span.end:tm.start()]):
                org = ctx.entity("organization", name, Span(pe.span.end - len(name), pe.span.end))
                start = _skip_space(text, pe.span.end)
    role_end = seg.end
    # "Prime Minister of Australia": the country, taken out of the role name.
    for match, ent in ctx.find_entities(Span(tm.end(), seg.end), ("country",)):
        if match.span.end == seg.end:
            of = re.search(r"\s+of\s+(?:the\s+)?$", text[tm.end():match.span.start])
            if of:
                country = country or ent
                role_end = tm.end() + of.start()
    role = re.sub(r"\s+", " ", text[start:role_end]).strip(" ,")
    role = re.sub(r"[’'´]s$", "", role)
    if not role or len(role) > 150 or not ctx.tables.role_re.search(role):
        return None
    # Where the role grammar reads the same phrase to its end, its reading wins: it knows missions,
    # implied bodies ("UN Secretary-General") and the country "of" a post.
    known = parse_role_at(ctx, start, seg.end)
    if known is not None and known.span.start >= start - 1 and known.span.end >= seg.end - 1:
        known.former = known.former or former
        known.country = known.country or country  # "Norway's Ambassador to …": the possessor read above
        known.plural = known.plural or any(w.lower() in _PLURAL for w in tm.group(0).split())
        return known
    plural = any(w.lower() in _PLURAL for w in role.split())
    rp = RolePhrase(Span(start, seg.end), _singular(role) if plural else role, org, country, former=former,
                    plural=plural)
    # A gazetteer body named in the complement ("… of the Federal Chancellery", "Secretary-General of
    # the United Nations") is the organisation, a country there its country.
    for match, ent in ctx.find_entities(Span(tm.end(), seg.end)):
        if ent.kind == "country" and rp.country is None and not re.search(r"\bto\s+(?:the\s+)?$", text[tm.end():match.span.start]):
            rp.country = ent
        elif ent.kind == "organization" and rp.org is None:
            rp.org = ent
    return rp


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _persons_at(people: People) -> dict[int, Entity]:
    return {sp.start: p for p in people.persons for sp in p.spans if sp.start >= 0}


def title_posts(ctx: DocContext, people: People, attested: str | None) -> list[Post]:
    text = ctx.text
    posts: list[Post] = []
    starts = _persons_at(people)
    ends = {sp.end: p for p in people.persons for sp in p.spans if sp.start >= 0}
    shared: dict[int, list[RolePhrase]] = {}  # mention end -> plural titles it was read with
    mentions = sorted(((sp, person) for person in people.persons for sp in set(person.spans) if sp.start >= 0),
                      key=lambda m: m[0])
    for sp, person in mentions:
        if ctx.excluded(sp) or "title-only" in person.subtypes:
            continue
        sent = ctx.block_of(sp)
        phrases = _before(ctx, sent, sp, ends) + _after(ctx, sent, sp, starts)
        if not phrases:
            # "Senior Directors A and B": B shares A's plural title.
            prev = re.search(r"\s+and\s+$", text[max(sent.start, sp.start - 6):sp.start])
            if prev:
                for end, rps in shared.items():
                    if re.fullmatch(r"\s+and\s+", text[end:sp.start]):
                        phrases = list(rps)
            phrases += _counterpart(ctx, people, sp, posts)
        if len(phrases) > 1:
            # "The Foreign Secretary and Foreign Minister X": a further title someone else here already
            # holds is theirs ("the Foreign Secretary" named before), not X's.
            others = {fold(p.role) for p in posts if p.holder is not person}
            phrases = [phrases[0]] + [rp for rp in phrases[1:] if fold(rp.role) not in others]
        for rp in phrases:
            _country_of_counterpart(ctx, rp)
        shared[sp.end] = [rp for rp in phrases if rp.plural]
        # A title in a sentence about the past ("was led by former President X") is not attested
        # on the document's date.
        past = told_in_the_past(ctx.t(ctx.sentence_of(sp)))
        for rp in phrases:
            rp.former = rp.former or past and told_as_a_past_post(text, rp.span)
            posts.append(_post(ctx, person, rp, None if past else attested))
    return posts


def _before(ctx: DocContext, sent: Span, sp: Span, ends: dict[int, Entity]) -> list[RolePhrase]:
    text = ctx.text
    before = text[sent.start:sp.start]
    trail = _HONORIFIC_TRAIL.search(before)
    end = sent.start + (trail.start() if trail else len(before))
    end = sent.start + len(re.sub(r"(?:\s+|,\s*(?:the)?\s*)$", "", text[sent.start:end]))
    if end <= sent.start or re.search(r"(?i)(?:\band|\bor|&)\s*$", text[sent.start:end]):
        return []  # "…, President of the Council and X": the title is the name before "and"
    last = re.search(r"([^\s,;:]+)$", text[sent.start:end])
    if last and re.fullmatch(r"\s", text[end:sp.start]) and _name_word_before(ctx, sent.start + last.start(), end):
        return []  # "…, and Lars Brekke Holm": a name's first word, not a title
    if re.search(r"(?i)\b(?:for|to|of|with|at|by|under|from)\s*$", text[sent.start:end]):
        return []  # "an envoy for Olaf V": the name is the title's object, not its holder
    pieces = _run_back(ctx, sent.start, end, ends)
    out = []
    i = len(pieces) - 1
    while i >= 0:
        # The nearest pieces that together hold a title ("Director General for Economic, Financial
        # and Climate Policy" is one post written with commas); then the next post, if any.
        j = i
        while j >= 0 and i - j < 4 and not ctx.tables.role_re.search(text, pieces[j].start, pieces[i].end):
            j -= 1
        if j < 0 or i - j >= 4:
            break
        rp = _role_in(ctx, Span(pieces[j].start, pieces[i].end), nearest_end=True)
        if rp is None:
            break
        out.append(rp)
        if ctx.tables.role_re.search(text, pieces[j].start, rp.span.start):
            break  # an earlier title in the same piece ("Head of the Unit for X"): not this person's
        i = j - 1
    return out


_COUNTERPART = re.compile(r"(?i)\b(?:his|her|their|its)\s+(?:(?P<dem>[A-Z][\w-]+)\s+)?counterparts?"
                          r"(?:\s+(?:from|of)\s+(?:the\s+)?(?P<from>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))?,?\s+$")


def _counterpart_country(ctx: DocContext, sent: Span, m: re.Match) -> Entity | None:
    """The country of "his Finnish counterpart", "her counterpart from Kenya"."""
    group = "dem" if m.group("dem") else "from" if m.group("from") else None
    if group is None:
        return None
    at = Span(sent.start + m.start(group), sent.start + m.end(group))
    return next((e for _, e in ctx.find_entities(at, ("country",))), None)


def _counterpart(ctx: DocContext, people: People, sp: Span, posts: list[Post]) -> list[RolePhrase]:
    """"X met his Finnish counterpart Y": Y holds X's post, in the country the demonym names."""
    text = ctx.text
    sent = ctx.sentence_of(sp)
    m = _COUNTERPART.search(text[sent.start:sp.start])
    if not m:
        return []
    before = Span(sent.start, sent.start + m.start())
    subject = next((p for p in people.persons for s in p.spans if before.start <= s.start < before.end), None)
    own = next((p for p in posts if p.holder is subject), None)
    if own is None:
        return []
    country = _counterpart_country(ctx, sent, m)
    span = Span(sent.start + m.start(), sent.start + m.end())
    return [RolePhrase(span, own.role, country, country)]


def _country_of_counterpart(ctx: DocContext, rp: RolePhrase) -> None:
    """"talks with her Polish counterpart, Foreign Minister X": the demonym names the title's
    country when the title itself names none."""
    if rp.org is not None or rp.country is not None:
        return
    sent = ctx.sentence_of(rp.span)
    m = _COUNTERPART.search(ctx.text[sent.start:rp.span.start])
    if m:
        rp.org = rp.country = _counterpart_country(ctx, sent, m)


# "… is headed by", "…, led since June 2023 by": the since-date is the head's start.
_HEADED_BY = re.compile(r"(?:\s+(?:is|was|has been|had been)\s+|,\s*)(?:headed|led|directed|chaired)"
                        r"(?:\s+since\s+(?P<since>[^,;]{1,30}?))?\s+by\s+(?:the\s+)?$")
_MISSION_OF = re.compile(r"\b(?:(?:[Pp]ermanent\s+)?[Mm]ission\s+of\s+(?P<c>[^,;]+?)|(?P<c2>[A-Z][^,;]*?)[’'´]s\s+(?:[Pp]ermanent\s+)?"
                         r"[Mm]ission)\s+to\s+(?:the\s+)?(?P<b>[^,;]+)$")


def bodies_headed_by(ctx: DocContext, posts: list[Post]) -> None:
    """"The Permanent Mission of Mongolia to the United Nations is headed by Ambassador X": a post
    whose organisation is not named is in that mission (or in the body named right before "is
    headed by")."""
    for post in posts:
        if post.holder.kind != "person":
            continue
        sent = ctx.sentence_of(post.span)
        m = _HEADED_BY.search(ctx.text, sent.start, post.span.start)
        if not m:
            continue
        if m.group("since") and not post.start:
            since = ctx.dates_in(Span(m.start("since"), m.end("since")), ctx.doc.date_published)
            if since:
                post.start = since[0].value
        if post.org is not None and not is_international(post.org):
            continue
        subject = Span(sent.start, m.start())
        whole = next(((mt, e) for mt, e in ctx.find_entities(subject, ("organization",)) if mt.span.end == subject.end), None)
        mission = _MISSION_OF.search(ctx.t(subject))
        if post.org is not None and mission is None:
            continue  # "the UN … is led by": the body's own post, as read
        if whole is not None and (mission is None or whole[0].span.start <= subject.start + mission.start()):
            post.org = whole[1]  # the body, or a mission the tables hold
        elif mission:  # "Permanent Mission of X to the Y", the body alone in the tables
            at = subject.start
            c = "c" if mission.group("c") else "c2"  # "Mission of C to", "C's mission to"
            cs, ce = mission.start(c), mission.end(c)
            country = next((e for _, e in ctx.find_entities(Span(at + cs, at + ce), ("country",))), None)
            body = next((e for _, e in ctx.find_entities(Span(at + mission.start("b"), at + mission.end("b")),
                                                         ("organization",))), None)
            if country is not None and body is not None:
                post.org = mission_entity(ctx, country, None, body)


def _name_word_before(ctx: DocContext, s: int, e: int) -> bool:
    """Is text[s:e], the word right before a mention, another word of a name (not a title, nor the
    end of a body, place or country)?"""
    from diplograph.extract.parsed_persons import _title_vocabulary
    from diplograph.extract.people import INSTITUTION_NOUNS

    if e - s < 2:
        return False
    word = ctx.text[s:e].rstrip(".")
    if not word[:1].isupper() or word in _title_vocabulary(ctx) or word in INSTITUTION_NOUNS:
        return False
    if ctx.tables.role_re.search(ctx.text, s, e) or any(m.span.end == e for m, _ in ctx.find_entities(Span(max(0, s - 60), e))):
        return False
    return not any(pe.span.end == e for pe in ctx.parse.entities(Span(max(0, s - 60), e)) if pe.label != "PERSON")


_AND_OR = re.compile(r"(?i)and\b|or\b")

def _after(ctx: DocContext, sent: Span, sp: Span, starts: dict[int, Entity]) -> list[RolePhrase]:
    """", ROLE[ and ROLE][, ROLE]" after a name. A comma-delimited part that holds another name is
    that name's title ("…, Minister of Mining and Chilean G20 Sherpa Tomas Vidal"), not this one's."""
    text = ctx.text
    # "Dr. Amal Haddad (Jordan), Vice-Chair of …": a bracket with the country between name and title.
    m = re.match(r"(?:\s*\([^()\n]{2,40}\))?,\s+", text[sp.end:sent.end])
    if not m or _AND_OR.match(text, sp.end + m.end()):
        return []
    pos = sp.end + m.end()
    # ", who was appointed Marshal in 1946", ", currently serving as Britain's Ambassador to Rabat,"
    lead = re.match(r"(?i)(?:who\s+(?:is|was|has been|had been|became|serves as|served as)\s+(?:(?:appointed|named|"
                    r"elected|chosen)\s+)?(?:as\s+)?|(?:currently|formerly|now|then)\s+(?:serving|working)\s+as\s+)", text[pos:sent.end])
    if lead:
        pos += lead.end()
    toks = _tokens(ctx, Span(pos, sent.end))
    # Comma-delimited chunks up to a clause mark: [(start, end, [and-positions]), …]
    chunks, chunk_start, ands, person_inside = [], pos, [], False
    for s, e, w, tag in toks + [(sent.end, sent.end, ";", "PUNCT")]:
        low = w.lower()
        stop = (tag in _STOP_POS and not w[:1].isupper()) or low in _STOP_TEXT
        if s in starts:
            person_inside = True
        if low == "," or stop or s >= sent.end:
            chunks.append((chunk_start, s, ands, person_inside))
            if low != ",":
                break
            chunk_start, ands, person_inside = e, [], False
        elif low == "and":
            ands.append((s, e))
    out = []
    for c_start, c_end, c_ands, has_person in chunks:
        if has_person:
            break
        bounds = [c_start] + [x for a in c_ands for x in a] + [c_end]
        found = False
        for seg_s, seg_e in zip(bounds[::2], bounds[1::2]):
            seg = Span(*_strip(text, seg_s, seg_e))
            if seg.start >= seg.end:
                continue
            country = _whole_country(ctx, seg) if out and out[-1].country is None and out[-1].org is None else None
            if country is not None:  # "Penny Wong, Minister for Foreign Affairs, Australia" (a signatory line)
                out[-1].country = out[-1].org = country
                break
            rp = _role_in(ctx, seg, nearest_end=False)
            if rp is None or (rp.country is None and rp.org is None and not re.fullmatch(
                    r"(?i)(?:the|a|an|its|their|his|her|then|now|also|former|\s)*", text[seg.start:rp.span.start])):
                break
            out.append(rp)
            found = True
        if not found:
            break
    return out


def _whole_country(ctx: DocContext, seg: Span) -> Entity | None:
    """The country a comma-delimited part names, when that is all it holds."""
    return next((e for m, e in ctx.find_entities(seg, ("country",)) if m.span == seg), None)


def _post(ctx: DocContext, holder: Entity, rp: RolePhrase, attested: str | None) -> Post:
    _attach_dates(ctx, rp, rp.span.end, min(len(ctx.text), rp.span.end + 40))
    if rp.country is not None and holder.kind == "person" and not holder.country:
        holder.country = rp.country.key
    org, role = rp.org or rp.country, rp.role
    # "Norway's Permanent Representative to the United Nations": the post is in the country's mission.
    m = re.fullmatch(r"(?i)(?P<t>(?:deputy\s+)?permanent\s+representative|ambassador)\s+to\s+(?:the\s+)?.+", role)
    if m and rp.country is not None and (rp.org is None or is_international(rp.org)):
        body = next((e for _, e in ctx.find_entities(rp.span, ("organization",)) if is_international(e)), None)
        if body is not None:
            org, role = mission_entity(ctx, rp.country, None, body), m.group("t")
    return Post(holder, role, org, rp.span, start=rp.start, end=rp.end,
                attested=None if (rp.former or rp.end) else attested, former=rp.former and not rp.start)
