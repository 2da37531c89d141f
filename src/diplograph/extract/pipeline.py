"""The steps every genre shares, in order; mapping modules call these and add their own."""

from __future__ import annotations

import re
from collections import Counter

from diplograph.extract.captions import find_captions
from diplograph.extract.career import career_posts
from diplograph.extract.context import DocContext
from diplograph.extract.events import find_events
from diplograph.extract.factbox import apply_fact_boxes
from diplograph.extract.footnotes import find_footnotes
from diplograph.extract.happenings import dated_happenings
from diplograph.extract.parsed_persons import (monarchs_by_title, persons_after_honorifics, persons_after_titles,
                                               persons_as_career_subjects, persons_from_parse, persons_heading_entries)
from diplograph.extract.people import People
from diplograph.extract.person_posts import merge_posts
from diplograph.extract.post_lists import distribute_plural_titles, posts_of_the_represented, split_accreditations
from diplograph.extract.quotes import find_quotations
from diplograph.extract.readby import claim
from diplograph.extract.signatures import signature_posts
from diplograph.extract.titles import bodies_headed_by, title_posts
from diplograph.extract.stances import find_stances
from diplograph.model import SIDECAR, Entity, Span
from diplograph.text.dates import find_dates, find_year_ranges

_SERIES = re.compile(r"(?i)^(?:this (?:article|piece|essay) is part of (?:the|our) series|part of the series|series):?\s*(?P<name>.*)$")
_AFFILIATION = re.compile(r"(?i)\b(?:involved with|joined(?: the faculty of)?|consulted for|worked (?:for|at|with)|"
                         r"member of|fellow (?:at|of|for)|served (?:on|at|with)|adviser to|advisor to|writing for|"
                         r"writes for|wrote for|founded|co-founded|faculty of|board of|professor at|researcher at|"
                         r"employed by|works? (?:for|at))\b(?:(?!\b(?:and|but)\b)[^.;]){0,60}$")
_DEGREE = re.compile(r"(?i)\b(?:degree|B\.A\.|M\.A\.|M\.D\.|Ph\.D\.|MBA|LL\.M\.|bachelor|master|doctorate|studied|graduated|residency)\b")


def document_metadata(ctx: DocContext, people: People) -> None:
    """Title, author, publisher, date and series from the sidecar, with their spans in the text."""
    doc, x, text = ctx.doc, ctx.extraction, ctx.text
    if not doc.title:
        # The first line that is not furniture and reads like a headline.
        for b in ctx.blocks[:5]:
            t = ctx.t(b.span)
            if 10 < len(t) < 200 and not t.endswith(".") and b.kind == "line" and not re.match(r"(?i)joint statement$", t):
                doc.title = t
                break
    if not doc.date_published:
        # A date line of its own ("9 Feb 2021") or a dateline ("Brasília, 12 September 2023").
        for b in ctx.blocks[:12]:
            ds = find_dates(text, b.span)
            if not ds or ds[0].span.end != b.span.end or ds[0].precision != "date":
                continue
            head = text[b.span.start:ds[0].span.start]
            if not head.strip() or (re.fullmatch(r"[^\W\d][^,.;:]{1,40},\s*", head) and
                                    ctx.find_entities(Span(b.span.start, ds[0].span.start), ("city", "country"))):
                doc.date_published = ds[0].value
                x.date_span = ds[0].span
                break
    if not doc.date_published:
        # "1999 Spring", "March 2020" on a line of its own near the top: a year or month of publication.
        for b in ctx.blocks[:8]:
            m = re.fullmatch(r"(?:(?:Spring|Summer|Autumn|Fall|Winter)\s+)?((?:1[89]|20)\d\d)(?:\s+(?:Spring|Summer|Autumn|Fall|Winter))?",
                             ctx.t(b.span))
            ds = find_dates(text, b.span)
            if ds and ds[0].precision == "month" and ds[0].span == b.span:
                x.date_partial, x.date_span = ds[0].value, ds[0].span
                break
            if m:
                x.date_partial, x.date_span = m.group(1), Span(b.span.start + m.start(1), b.span.start + m.end(1))
                break
    # A harvester's author field may carry a note on the name: "X (edited by Y)", "X (Reuters)", and
    # name several authors: "A and B", "A, B and C".
    author = re.sub(r"\s*\([^)]*\)\s*$", "", doc.author or "").strip() or doc.author
    names = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", author) if author else []
    if len(names) > 1 and not all(_AUTHOR_NAME.fullmatch(n) for n in names):
        names = [author] if author else []  # "Ministry of Trade and Industry": one name
    for i, name in enumerate(names):
        idx = text.find(name)
        span = Span(idx, idx + len(name)) if idx >= 0 else SIDECAR
        person = people.person(name, span, from_sidecar=True)
        person.from_sidecar = True
        if i == 0:
            x.author = person
        elif person is not x.author and person not in x.coauthors:
            x.coauthors.append(person)
    if doc.publisher:
        name = re.sub(r"\s*\([^)]*\)\s*$", "", doc.publisher).strip()
        x.publisher = ctx.entity("organization", name, None, from_sidecar=True)
        for form in {name, doc.publisher}:
            for m in re.finditer(re.escape(form), text):
                if not ctx.excluded(Span(m.start(), m.end())):
                    x.publisher.add_span(Span(m.start(), m.end()))
    # "This article is part of the series" + the next line.
    for i, b in enumerate(ctx.blocks):
        m = _SERIES.match(ctx.t(b.span))
        if not m:
            continue
        if m.group("name").strip():
            s = Span(b.span.start + m.start("name"), b.span.end)
        elif i + 1 < len(ctx.blocks):
            s = ctx.blocks[i + 1].span
        else:
            continue
        x.series = ctx.entity("series", ctx.t(s), s)
        x.series.publisher = x.publisher
        del x.entities[f"series/{x.series.key}"]
        x.entities[f"series/{x.series.key}"] = x.series
        break


def main_country(ctx: DocContext) -> Entity | None:
    counts = Counter(m.entry.key for m in ctx.matches if m.entry.kind == "country")
    if not counts:
        return None
    key = counts.most_common(1)[0][0]
    return ctx.extraction.entities.get(f"country/{key}")


def biography(ctx: DocContext, people: People, attested: str | None) -> list:
    """Sentences about one person in a row ("X was …", "He became …"): posts and affiliations."""
    posts = []
    subject = None
    for sent in ctx.sentences:
        seg = ctx.t(sent)
        verb = re.search(r"\b(?:is|was|has|had|became|served|joined|holds|held|will|were|returned|founded)\b", seg)
        head_end = sent.start + (verb.start() if verb else min(len(seg), 100))
        starts = sorted(((s.start, p) for p in people.persons for s in p.spans_from(sent.start, head_end)),
                        key=lambda t: t[0])
        if starts:
            subject = starts[0][1]
        elif not re.match(r"(?i)^(he|she|his|her|after|during|in|from|since|then)\b", seg):
            subject = None
        posts += people.posts_in(sent, attested, bio_subject=subject)
        if subject is None:
            continue
        # Education and affiliations named in the subject's sentences, after a verb that says so.
        for match, ent in ctx.find_entities(sent, ("organization",)):
            if ent is subject or ctx.excluded(match.span) or subject.kind != "person":
                continue
            before = seg[:match.span.start - sent.start]
            if _DEGREE.search(before[-120:]) and re.search(r"(?i)\b(from|at)\s+(?:the\s+)?$", before):
                if ent not in [a for a, _ in subject.alumni_of]:
                    subject.alumni_of.append((ent, match.span))
            elif _AFFILIATION.search(before[-70:]) and not any(p.org is ent and p.holder is subject for p in posts):
                if ent not in [a for a, _ in subject.affiliations]:
                    subject.affiliations.append((ent, match.span))
        m = re.search(r"(?i)\bmarried to\s+(?P<name>[^,.]+)", seg)
        if m:
            ss = Span(sent.start + m.start("name"), sent.start + m.end("name"))
            spouse = people.person(ctx.t(ss), ss)
            subject.spouses.append((spouse, ss))
        m = re.search(r"(?i)\b(?:speaks|is fluent in|languages?:)\s+(?P<langs>[A-Z][a-z]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z]+)+)", seg)
        if m:
            subject.languages += [w for w in re.split(r",\s*|\s+and\s+", m.group("langs")) if w not in subject.languages]
    return posts


def run_common(ctx: DocContext, *, bios: bool = True, quotes: bool = True, boxes: bool = True,
               stances: bool = True, author_from_text=None) -> People:
    """The steps every genre shares. `author_from_text(ctx, people)`, a genre's reading of a byline
    or closing signature, runs once the persons are found and before the posts (which read "the
    writer is …" as the author's)."""
    x = ctx.extraction
    ctx.scan_gazetteer()
    claim(x, "gazetteer")
    people = People(ctx)
    document_metadata(ctx, people)
    claim(x, "sidecar", [s for s in [x.date_span] if s is not None])
    block_spans = [b.span for b in ctx.blocks]
    people.discover(block_spans)
    claim(x, "person-grammar")
    persons_from_parse(ctx, people)
    claim(x, "persons-from-parse")
    persons_after_titles(ctx, people)
    claim(x, "persons-after-titles")
    persons_after_honorifics(ctx, people)
    claim(x, "persons-after-honorifics")
    persons_as_career_subjects(ctx, people)
    claim(x, "persons-as-career-subjects")
    # "Secretary-General Ana Lima": a place named inside a person's name is not mentioned there.
    names = [sp for p in people.persons for sp in p.spans if sp.start >= 0 and " " in ctx.t(sp).strip()]
    ctx.drop_matches([m for m in ctx.matches if m.entry.kind in ("city", "country", "place") and m.via != "demonym"
                      and any(sp.start <= m.span.start and m.span.end <= sp.end for sp in names)])
    entry_posts = persons_heading_entries(ctx, people)
    claim(x, "heading-entries", entry_posts)
    monarchs_by_title(ctx, people)
    claim(x, "monarchs")
    people.surname_mentions(block_spans)
    claim(x, "surname-mentions")
    if author_from_text is not None and x.author is None:
        author_from_text(ctx, people)
        claim(x, "author-line")
    country = main_country(ctx)
    attested = ctx.doc.date_published
    posts = list(entry_posts)
    if boxes:
        posts += claimed(x, "fact-boxes", apply_fact_boxes(ctx, people, country))
    images = claimed(x, "captions", find_captions(ctx, people))
    x.images = images
    events = claimed(x, "events", find_events(ctx, people, country))
    events += claimed(x, "dated-happenings", dated_happenings(ctx, people, events))
    # A text with no date of its own: the date of the meeting it reports dates its posts.
    when = attested or next((e.date for e in events if e.date and len(e.date) == 10), None)
    posts += claimed(x, "biography", biography(ctx, people, when) if bios
                     else [p for s in ctx.sentences for p in people.posts_in(s, when)])
    posts += claimed(x, "signatures", signature_posts(ctx, people, when))
    posts += claimed(x, "title-posts", title_posts(ctx, people, when))
    posts += claimed(x, "career-posts", career_posts(ctx, people, when))
    from diplograph.extract.roles import mission_entity
    posts += claimed(x, "joined-bodies", _joined_bodies(ctx, country))
    x.posts = merge_posts(posts, fallback_org=lambda post: _person_country(ctx, post),
                          mission_of=lambda c, body, span: mission_entity(ctx, c, span, body))
    distribute_plural_titles(ctx, x.posts)
    x.posts = split_accreditations(ctx, x.posts)
    posts_of_the_represented(ctx, x.posts)
    bodies_headed_by(ctx, x.posts)
    _took_up_post(ctx, people, x.posts)
    x.events = events
    if quotes:
        x.quotations = claimed(x, "quotations", find_quotations(ctx, people))
    if stances:
        x.stances = claimed(x, "stances", find_stances(ctx, people, when))
    x.citations = claimed(x, "footnotes", find_footnotes(ctx))
    # What the document is about: topics it names, most frequent first (ties by name).
    counts = Counter(m.entry.key for m in ctx.matches if m.entry.kind == "topic" and not ctx.excluded(m.span))
    topics = [ctx.extraction.entities[f"topic/{k}"] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    for ev in events:
        topics += [t for t in ev.topics if t not in topics]
    x.topics = topics
    _drop_excluded(ctx)
    _relate_bodies(ctx)
    claim(x, "bodies")
    return people


def claimed(x, rule: str, items: list) -> list:
    """`items` (what a step returned), its passages and the mentions it added claimed for `rule`."""
    claim(x, rule, items)
    return items


_JOINED = re.compile(r"(?<![\w-])(?P<who>[Tt]he country|[Ii]t|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+"
                     r"(?i:joined|took (?:its|a) seat (?:on|in)|began (?:its|a) (?:two-year |first |second )?term on|"
                     r"(?:was|were|has been|had been)\s+(?:re-?)?elected\s+(?:to|a member of|as a member of)|won a seat on|"
                     r"(?P<served>served\s+(?:(?:two|three|four|five|a)\s+terms?\s+)?(?:as\s+an?\s+(?:non-permanent\s+|elected\s+)?member\s+)?on|"
                     r"(?:was|were|has been)\s+an?\s+(?:non-permanent\s+|elected\s+)?member\s+of))"
                     r"\s+(?:the\s+)?$")
# "… was elected to the Human Rights Council in October 2022 for the 2023-2025 term": the membership's years.
_TERM = re.compile(r"\bfor\s+(?:the|a|its)\s+(?P<a>(?:19|20)\d\d)\s*[-–/]\s*(?P<b>(?:19|20)?\d\d)\s+term\b")


def _joined_bodies(ctx: DocContext, main: Entity | None) -> list:
    """"since the country joined the Security Council in January 2024", "Ghana joined the WTO in 1995":
    a country's membership of an organ (member of the …) or of an international body (member state)."""
    from diplograph.extract.roles import is_international
    from diplograph.model import Post
    out = []
    for sent in ctx.sentences:
        for m, org in ctx.find_entities(sent, ("organization",)):
            if not is_international(org):
                continue
            head = ctx.text[max(sent.start, m.span.start - 80):m.span.start]
            jm = _JOINED.search(head)
            if not jm:
                continue
            who_span = Span(m.span.start - len(head) + jm.start("who"), m.span.start - len(head) + jm.end("who"))
            countries = [e for _, e in ctx.find_entities(who_span, ("country",))]
            country = countries[-1] if countries else (main if jm.group("who").lower() in ("the country", "it") else None)
            if country is None:
                continue
            after = Span(m.span.end, min(sent.end, m.span.end + 30))
            dates = [d for d in find_dates(ctx.text, after, ctx.doc.date_published)
                     if re.fullmatch(r"\s*(?:in|on)\s+", ctx.text[m.span.end:d.span.start])]
            term = _TERM.search(ctx.text, m.span.end, sent.end) if "elect" in jm.group(0) else None
            organ = bool({"un-organ"} & org.subtypes)
            role = f"member of the {org.name}" if organ else "member state"
            if jm.group("served"):
                # "served on the Security Council in 1997-1998 and 2008-2009": a membership per term.
                window = Span(m.span.end, min(sent.end, m.span.end + 80))
                for span, a, b in find_year_ranges(ctx.text, window):
                    out.append(Post(country, role, org, Span(m.span.start, span.end), start=a, end=b))
                continue
            if term:
                b = term["b"] if len(term["b"]) == 4 else term["a"][:2] + term["b"]
                out.append(Post(country, role, org, Span(m.span.start, term.end()), start=term["a"], end=b))
            elif dates:
                out.append(Post(country, role, org, Span(m.span.start, dates[0].span.end), start=dates[0].value))
    return out


_TOOK_UP = re.compile(r"(?i)\b(?:took up|assumed|took office|presented (?:her|his|their) credentials)"
                      r"(?:\s+(?:her|his|their|the)\s+(?:post|duties|position|functions|office))?\b[^.;]{0,40}?\b(?:in|on)\s+$")


def _took_up_post(ctx: DocContext, people: People, posts: list) -> None:
    """"X, …, who took up her post in New York in June 2021": the start of X's current post (the one
    post of X the text states as current and gives no start)."""
    for sent in ctx.sentences:
        for d in ctx.dates_in(sent, ctx.doc.date_published):
            if d.precision not in ("month", "date", "year") or not _TOOK_UP.search(ctx.text[sent.start:d.span.start]):
                continue
            who = [p for p in people.persons if any(sent.start <= s.start < d.span.start for s in p.spans)]
            if len(who) != 1:
                continue
            current = [p for p in posts if p.holder is who[0] and p.attested and not p.start and not p.former]
            if len(current) > 1:  # "Ambassador X, who took office in March 2022, …": the post named here
                told = ctx.text[sent.start:d.span.start].lower()
                current = [p for p in current if p.role.lower() in told]
            if len(current) == 1:
                current[0].start = d.value
            break


# A person's name in an author field: capitalised words and name particles only.
_AUTHOR_NAME = re.compile(r"(?:[A-ZÀ-Þ][\w’'.-]*|de|da|del|van|von|der|bin|al|la|le)"
                          r"(?:\s+(?:[A-ZÀ-Þ][\w’'.-]*|de|da|del|van|von|der|bin|al|la|le))+")


def _person_country(ctx: DocContext, post) -> Entity | None:
    """A post the text names no organisation of is of its holder's country, unless it is a post no
    state gives ("senior fellow", "columnist": an institute's or an outlet's)."""
    holder = post.holder
    if ctx.tables.role_category(post.role) in ("academic", "journalist", "un-official"):
        return None  # (an Under-Secretary-General serves the UN, not the country of their passport)
    if holder.country:
        # Only a country this document names: a head of state the tables know ("President X", their
        # country never written here) is not of the country the document is about.
        return ctx.extraction.entities.get(f"country/{holder.country}")
    return None


def _drop_excluded(ctx: DocContext) -> None:
    """Entities seen only in page furniture or comments are not facts of the document."""
    x = ctx.extraction
    keep = {}
    used = {id(e) for e in [x.author, x.publisher, x.series, *x.coauthors] if e is not None}
    for p in x.posts:
        used.add(id(p.holder)); used.add(id(p.org))
    for ev in x.events:
        used.update(id(e) for e in ev.attendees + ev.organizers + ev.topics + [ev.location, ev.forum, ev.chair])
    for q in x.quotations:
        used.add(id(q.speaker))
    for st in x.stances:
        used.update(id(e) for e in st.agents + st.objects)
    for im in x.images:
        used.update(id(e) for e in [im.location, im.creator, im.copyright_holder] + im.depicts)
    for c in x.citations:
        used.update(id(e) for e in [c.publisher, c.author])
    for t in x.topics:
        used.add(id(t))
    for k, e in x.entities.items():
        e.spans = [s for s in e.spans if s.start < 0 or not ctx.excluded(s)]
        for attr in ("alumni_of", "affiliations", "spouses", "launched_by"):
            for other, _ in getattr(e, attr):
                used.add(id(other))
        if e.spans or id(e) in used or e.from_sidecar:
            keep[k] = e
    x.entities = keep


def _relate_bodies(ctx: DocContext) -> None:
    """A ministry, mission or embassy whose name names its country ("Embassy of Latvia in Seoul",
    "the Czech Republic's embassy in Copenhagen") belongs to that country (diplograph.linking.patterns):
    rdfize relates it by schema:parentOrganization; it has no Wikidata id unless the gazetteer has one."""
    from diplograph.linking.patterns import body_country, find_bodies

    def relate(body: Entity, hit, where: list[Span]) -> None:
        body.country = hit.country.key
        body.subtypes |= {"mission"} if hit.subtype == "mission" else {"government", "ministry"}
        country = ctx.from_entry(hit.country, None)
        for span in where:  # the country is mentioned where the body's name names it
            at = ctx.text.find(hit.surface, span.start, span.end) if span.start >= 0 else -1
            if at >= 0:
                country.add_span(Span(at, at + len(hit.surface)))
        country.from_sidecar = country.from_sidecar or (not country.spans and body.from_sidecar)

    orgs = [m.span for m in ctx.matches if m.entry.kind == "organization"]
    for b in ctx.blocks:
        for s, e, hit in find_bodies(ctx.text, ctx.tables.gazetteer, b.span.start, b.span.end):
            if not ctx.excluded(Span(s, e)) and not any(o.start <= s and e <= o.end for o in orgs):
                body = ctx.entity("organization", hit.name or ctx.text[s:e], Span(s, e))
                if hit.name and hit.name != body.name or body.name != ctx.text[s:e]:
                    body.aliases.add(ctx.text[s:e])  # as written: "the Jamaican embassy in London"
                if not body.country:
                    relate(body, hit, [Span(s, e)])
    for e in list(ctx.extraction.entities.values()):
        hit = body_country(e.name, ctx.tables.gazetteer) if e.kind == "organization" and not e.country else None
        if hit is not None:
            relate(e, hit, e.spans)
