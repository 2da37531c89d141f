"""Signature blocks at the end of a joint statement or agreement:

    For the Government of Malaysia
    (signed)
    Haris Kamal
    Minister of Foreign Affairs

The name line is a person (the block is its cue) and the title line a post of the party signed for.
The signatories of a joint statement may also close it without "For …": pairs of a name line and a
title line after the last paragraph of prose.
"""

from __future__ import annotations

import re

from diplograph.extract.context import DocContext
from diplograph.extract.people import HONORIFIC, People, _valid_name
from diplograph.extract.roles import find_roles
from diplograph.model import Post, Span

_FOR = re.compile(r"^(?:For|On behalf of)\s+(?:the\s+)?(?P<party>[A-Z][^\n,;:.]{2,100})$")
_SIGNED = re.compile(r"(?i)^[(\[]?\s*(?:signed|sgd\.?|signature)\s*[)\]]?\s*:?$")
# A name line of the tail: every word capitalised but the particles of names ("Ursula von der Leyen").
_NAME_WORDS = re.compile(r"[A-ZÀ-Þ][^\s]*(?:\s+(?:(?:de|da|do|dos|du|del|della|van|von|der|den|ter|bin|binti|ibn|al|el|le|la)\s+)*[A-ZÀ-Þ][^\s]*)+")
_NAME = re.compile(rf"^(?:{HONORIFIC}\s+)*(?P<name>[A-ZÀ-Þ][^\s,;:()]+(?:\s+[^\s,;:()]+){{1,5}})$")


def signature_posts(ctx: DocContext, people: People, attested: str | None) -> list[Post]:
    text = ctx.text
    lines: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        s = pos + len(line) - len(line.lstrip())
        e = pos + len(line.rstrip())
        pos += len(line) + 1
        if e > s and not ctx.excluded(Span(s, e)):
            lines.append(Span(s, e))
    posts: list[Post] = _name_title_tail(ctx, people, lines, attested)
    for i, ln in enumerate(lines):
        m = _FOR.match(ctx.t(ln))
        if not m:
            continue
        party_span = Span(ln.start + m.start("party"), ln.end)
        parties = ctx.find_entities(party_span, ("country", "organization"))
        country = next((e for _, e in parties if e.kind == "country"), None)
        party = country or (parties[0][1] if parties else None)
        if party is None:
            continue
        j = i + 1
        if j < len(lines) and _SIGNED.match(ctx.t(lines[j])):
            j += 1
        if j + 1 >= len(lines):
            continue
        nm = _NAME.match(ctx.t(lines[j]))
        if not nm or _FOR.match(ctx.t(lines[j])):
            continue
        name = nm.group("name")
        if not _valid_name(ctx, name) or ctx.tables.role_re.match(name):
            continue
        name_span = Span(lines[j].start + nm.start("name"), lines[j].end)
        title = lines[j + 1]
        roles = find_roles(ctx, title)
        if not roles or roles[0].span.start != title.start:
            continue
        holder = people.person(name, name_span)
        rp = roles[0]
        org = rp.org if rp.org is not None and rp.org.kind != "country" else party
        if country is not None and holder.kind == "person" and not holder.country:
            holder.country = country.key
        # The whole line is the title ("Minister of Foreign Affairs and Senegalese Abroad") unless it
        # names a country or body the grammar took out of it.
        role = rp.role if any(m.via != "demonym" for m, _ in ctx.find_entities(title)) else re.sub(r"\s+", " ", ctx.t(title)).strip(" ,")
        posts.append(Post(holder, role, org, title if role != rp.role else rp.span, start=rp.start, end=rp.end,
                          attested=attested))
    return posts


def _name_title_tail(ctx: DocContext, people: People, lines: list[Span], attested: str | None) -> list[Post]:
    """"Name / Minister of Foreign Affairs of C" pairs after the last line of prose (a line that
    ends a sentence): the signatories' names and posts."""
    last_prose = max((i for i, ln in enumerate(lines) if re.search(r"[.!?:;\"”]$", ctx.t(ln)) or len(ctx.t(ln)) > 160),
                     default=-1)
    posts: list[Post] = []
    j = last_prose + 1
    while j + 1 < len(lines):
        name_line, title = lines[j], lines[j + 1]
        nm = _NAME.match(ctx.t(name_line))
        roles = find_roles(ctx, title) if nm else []
        if not nm or _FOR.match(ctx.t(name_line)) or not _NAME_WORDS.fullmatch(nm.group("name")) or \
                re.search(r"[:\d@]", ctx.t(title)) or not roles or roles[0].span.start != title.start or \
                not _valid_name(ctx, nm.group("name")) or ctx.tables.role_re.match(nm.group("name")):
            j += 1
            continue
        holder = people.person(nm.group("name"), Span(name_line.start + nm.start("name"), name_line.end))
        rp = roles[0]
        if rp.country is not None and holder.kind == "person" and not holder.country:
            holder.country = rp.country.key
        posts.append(Post(holder, rp.role, rp.org or rp.country, rp.span, start=rp.start, end=rp.end, attested=attested))
        j += 2
    return posts
