"""Fact boxes: runs of "Key: value" lines (a person box, a country box)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplograph.extract.context import DocContext
from diplograph.extract.people import People, _valid_name
from diplograph.extract.roles import mission_entity, parse_role_at
from diplograph.model import Entity, Post, Span
from diplograph.text.dates import find_dates, find_year_ranges, find_years

_INSTITUTION = re.compile(r"\b(?:University|Universidad|Universidade|Université|Universität|College|Institute|School|Academy|"
                          r"Polytechnic)\b")
_LINE = re.compile(r"^(?P<key>[A-Z][^:\n]{1,60}?):\s+(?P<value>\S.*)$")


# A person box keyed by what each line is ("Name: …", "Position: …", "Assumed office: …").
_NAME_KEY = re.compile(r"(?i)(?:full\s+)?name")
_POST_KEY = re.compile(r"(?i)(?:(?:current|present)\s+)?(?:position|post|title|office|role|function|appointment)")
_FORMER_KEY = re.compile(r"(?i)(?:previous|former|prior|earlier|last)\s+(?:positions?|posts?|offices?|roles?|appointments?|postings?)")
_START_KEY = re.compile(r"(?i)since|(?:assumed|took|entered)\s+office|in\s+office\s+since|(?:date\s+of\s+)?appointment|"
                        r"appointed(?:\s+on)?|took\s+up\s+(?:the\s+)?post|start(?:\s+date)?|term\s+(?:began|start)")


@dataclass
class Field:
    key: str
    value: str
    key_span: Span
    value_span: Span


def fact_boxes(ctx: DocContext, min_lines: int = 3) -> list[list[Field]]:
    boxes: list[list[Field]] = []
    run: list[Field] = []
    for block in ctx.blocks + [None]:
        m = _LINE.match(ctx.t(block.span)) if block else None
        # An interview answer ("Name: long text") is not a fact-box line.
        if m and len(m.group("value")) < 200 and not m.group("value").startswith(("“", "\"")):
            s = block.span.start
            run.append(Field(m.group("key"), m.group("value"), Span(s + m.start("key"), s + m.end("key")),
                             Span(s + m.start("value"), s + m.end("value"))))
            continue
        if len(run) >= min_lines:
            boxes.append(run)
        run = []
    return boxes


def _split_list(ctx: DocContext, span: Span) -> list[Span]:
    out = []
    for m in re.finditer(r"[^,;]+", ctx.text[span.start:span.end]):
        item = m.group(0)
        item_start = span.start + m.start()
        item = re.sub(r"^\s*(?:and|the|The)\s+", lambda x: " " * len(x.group(0)), item)
        lead = len(item) - len(item.lstrip())
        s, e = item_start + lead, item_start + len(item.rstrip())
        if e > s:
            out.append(Span(s, e))
    return out


def apply_fact_boxes(ctx: DocContext, people: People, main_country: Entity | None) -> list[Post]:
    posts: list[Post] = []
    ref = ctx.ref_date()
    for box in fact_boxes(ctx):
        subject: Entity | None = None
        last_post: Post | None = None
        # A country box names its country in a key ("Year Mexico Joined the UN") or is about the main country.
        box_country = main_country
        for f in box:
            hits = ctx.find_entities(f.key_span, ("country",))
            if hits:
                box_country = hits[0][1]
                break
        for f in box:
            key = f.key.lower()
            if _NAME_KEY.fullmatch(f.key):
                name = re.sub(r"\s+", " ", f.value.strip())
                if 2 <= len(name.split()) <= 5 and _valid_name(ctx, name):
                    subject, last_post = people.person(name, f.value_span), None
                continue
            if subject is not None and (_POST_KEY.fullmatch(f.key) or _FORMER_KEY.fullmatch(f.key)):
                former = bool(_FORMER_KEY.fullmatch(f.key))
                for item in _split_list(ctx, f.value_span) if former else [f.value_span]:
                    post = _box_post(ctx, people, subject, item, None if former else ref, former)
                    if post is not None:
                        posts.append(post)
                        last_post = None if former else post
                continue
            if _START_KEY.fullmatch(f.key) and key != "since" and last_post is not None:
                key = "since"
            value_entities = ctx.find_entities(f.value_span)
            role = parse_role_at(ctx, f.key_span.start, f.key_span.end)
            name_m = re.match(r"^(?P<name>[^,(]+?)(?:,\s*(?P<age>\d{1,3}))?\s*$", f.value)
            if role and name_m and len(name_m.group("name").split()) >= 2 \
                    and not any(e.kind != "person" for _, e in value_entities):
                name_span = Span(f.value_span.start, f.value_span.start + len(name_m.group("name")))
                person = people.person(name_m.group("name"), name_span)
                if name_m.group("age"):
                    person.age = (int(name_m.group("age")), f.value_span)
                org = role.org
                if org is None or (org.kind == "country" and role.country is None):
                    org = role.org or box_country
                if re.search(r"(?i)\bto the (UN|United Nations)\b", f.key) and (person.country or box_country):
                    c = ctx.extraction.entities.get(f"country/{person.country}") if person.country else box_country
                    if c is not None:
                        org = mission_entity(ctx, c, f.key_span)
                if org is not None:
                    last_post = Post(person, role.role, org, f.key_span, attested=ref)
                    posts.append(last_post)
                subject = person
                continue
            if key == "since" and last_post is not None:
                d = find_dates(ctx.text, f.value_span, ref)
                value = d[0].value if d else next((y for _, y in find_years(ctx.text, f.value_span)), None)
                if value:
                    last_post.start = value
                    last_post.span = Span(last_post.span.start, f.value_span.end)
                continue
            if key.startswith("language") and subject is not None:
                subject.languages += [ctx.t(s) for s in _split_list(ctx, f.value_span)]
                continue
            if key.startswith("education") and subject is not None:
                found = [(match.span, ent) for match, ent in value_entities if ent.kind == "organization"]
                # "LL.B., University of Ghana; LL.M., …": an institution the gazetteer does not know.
                for item in _split_list(ctx, f.value_span):
                    if any(sp.start < item.end and item.start < sp.end for sp, _ in found):
                        continue
                    name = ctx.t(item)
                    if _INSTITUTION.search(name) and re.fullmatch(r"[A-Z][\w’'.-]*(?:\s+(?:of|de|for|and|the|[A-Z][\w’'.-]*))+", name):
                        found.append((item, ctx.entity("organization", name, item, subtypes={"university"})))
                for sp, ent in sorted(found, key=lambda t: t[0]):
                    if ent not in [a for a, _ in subject.alumni_of]:
                        subject.alumni_of.append((ent, sp))
                continue
            if box_country is None:
                continue
            # Country facts: terms in an organ, year of joining, memberships.
            org_hits = [(m, e) for m, e in ctx.find_entities(f.key_span, ("organization",))]
            if re.search(r"(?i)\byears? (?:in|on)\b", f.key) and org_hits:
                org = org_hits[-1][1]
                ranges = find_year_ranges(ctx.text, f.value_span)
                covered = [r[0] for r in ranges]
                for span, a, b in ranges:
                    posts.append(Post(box_country, f"member of the {org.name}", org, span, start=a, end=b))
                for span, y in find_years(ctx.text, f.value_span):
                    if not any(c.start <= span.start < c.end for c in covered):
                        posts.append(Post(box_country, f"member of the {org.name}", org, span, start=y, end=y))
                continue
            if re.search(r"(?i)\bjoined\b", f.key) and org_hits:
                years = find_years(ctx.text, f.value_span)
                if years:
                    posts.append(Post(box_country, "member state", org_hits[-1][1], f.key_span, start=years[0][1]))
                continue
            if re.search(r"(?i)\bmembership", f.key):
                for match, ent in value_entities:
                    if ent.kind == "organization":
                        posts.append(Post(box_country, "member", ent, match.span, attested=ref))
                continue
    return posts


def _box_post(ctx: DocContext, people: People, subject: Entity, value: Span, attested: str | None,
              former: bool) -> Post | None:
    """A "Position:" or "Previous post:" value: the title (with its years, "(2018-2023)") is the
    box subject's post."""
    rp = parse_role_at(ctx, value.start, value.end)
    if rp is None:
        return None
    if rp.org is None or rp.org.kind == "country":
        rp.org = people._mission_in(value, rp) or rp.org
    return people._post(subject, rp, attested, past=former)
