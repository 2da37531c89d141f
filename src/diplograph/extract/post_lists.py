"""Posts written as lists: a plural title shared by the holders listed with it ("The Foreign Ministers
of Norway and Sweden, A and B"), and one title to several countries ("ambassador to Chile and to
Peru": two accreditations), and the posts of a delegation ("C was represented by the Minister of X,
A, and the Minister of Y, B": C's posts)."""

from __future__ import annotations

import re
from dataclasses import replace

from diplograph.model import Post, Span
from diplograph.text.gazetteer import fold

_OF_TWO = re.compile(r"^(?P<title>.+?)\s+of\s+(?:the\s+)?(?P<a>.+?)\s+and\s+(?:of\s+)?(?:the\s+)?(?P<b>.+)$")


def distribute_plural_titles(ctx, posts: list[Post]) -> None:
    """"The Foreign Ministers of Norway and Sweden, A and B, …": the title is each holder's, of the
    country in the same place of its list (A of Norway, B of Sweden), not both of both."""
    groups: dict[tuple, list[Post]] = {}
    for p in posts:
        if p.holder.kind == "person" and _OF_TWO.match(p.role):
            groups.setdefault((p.span.start, p.role), []).append(p)
    for (_, role), same in groups.items():
        m = _OF_TWO.match(role)
        countries = [e for _, e in ctx.find_entities(same[0].span, ("country",))]
        if len(same) != 2 or len(countries) != 2 or not all(
                fold(m[g]) in {fold(n) for n in (c.name, *c.aliases)} for g, c in zip("ab", countries)):
            continue
        def first_named(p: Post, after: int = same[0].span.end) -> int:
            return min((sp.start for sp in p.holder.spans if sp.start >= after), default=1 << 60)

        for p, country in zip(sorted(same, key=first_named), countries):
            p.role, p.org = f"{m['title']} of {country.name}", country
            if not p.holder.country or p.holder.country in {c.key for c in countries}:
                p.holder.country = country.key  # the plural title gave both holders the first country


_TO_TWO = re.compile(r"^(?P<title>.+?\bto)\s+(?:the\s+)?(?P<a>[A-Z][^,;]*?)(?:,\s*|\s+and\s+|,\s+and\s+)(?:to\s+)?(?:the\s+)?(?P<b>[A-Z][^,;]*)$")


def split_accreditations(ctx, posts: list[Post]) -> list[Post]:
    """"Ambassador to South Africa and to Argentina": one post to each country (two names the
    tables know as countries), with the same holder, organisation and dates."""
    out: list[Post] = []
    for p in posts:
        m = _TO_TWO.match(p.role) if p.holder.kind == "person" else None
        names = {fold(n) for _, c in ctx.find_entities(p.span, ("country",)) for n in (c.name, *c.aliases)} if m else set()
        if m and fold(m["a"]) in names and fold(m["b"]) in names:
            out += [replace(p, role=f"{m['title']} {m['a']}"), replace(p, role=f"{m['title']} {m['b']}")]
        else:
            out.append(p)
    return out


_REPRESENTED_BY = re.compile(r"\b(?:was|were|is|are|will be)\s+represented\s+(?:here\s+)?by\b")


def posts_of_the_represented(ctx, posts: list[Post]) -> None:
    """"Australia was represented by the Deputy Prime Minister, X, and the Minister for Foreign
    Affairs, Y": the posts named after "represented by" with no organisation of their own are of the
    country named before it."""
    for sent in ctx.sentences:
        m = _REPRESENTED_BY.search(ctx.text, sent.start, sent.end)
        if not m:
            continue
        countries = [e for mt, e in ctx.find_entities(Span(sent.start, m.start()), ("country",))]
        if len(countries) != 1:
            continue
        for p in posts:
            if p.org is None and p.holder.kind == "person" and m.end() <= p.span.start < sent.end:
                p.org = countries[0]
                if not p.holder.country:
                    p.holder.country = countries[0].key
