"""Opinion articles: a photo caption, the series, the author's posts in a byline and a closing
bio ("X was Deputy Secretary … (2019-20), Ambassador … (2017-19)"), mentions and footnotes."""

import re

from diplograph.extract.context import DocContext
from diplograph.extract.letters import letter_signatures
from diplograph.extract.pipeline import run_common
from diplograph.model import Span
from diplograph.registry import mapping

# "As ROLE, I …", "In my years/time/days as ROLE, I …", "When I was ROLE, I …".
_FIRST_PERSON = re.compile(r"(?:As|In my (?:role|capacity|time|years|days) as|(?P<past>When I was|While I was|During my (?:time|years) as))"
                           r"\s+(?P<r>[^,;.]{3,120}?),\s+(?=(?:I|we)\b)")
_PAST_I = re.compile(r"(?:I|we)\s+(?:saw|was|were|had|learned|learnt|watched|led|worked|negotiated|spent|found|"
                     r"helped|argued|tried|met|\w+ed)\b")


# A byline: "By Jane Roe", "By Jane Roe and John Doe", "By Jane Roe, Ambassador of …".
_BYLINE = re.compile(r"^(?:By|BY)\s+(?P<names>[A-ZÀ-Þ].{3,150})$")
_AUTHOR_APPOSED = re.compile(r"^\W*(?:The\s+)?(?:author|writer),\s+(?P<name>[A-ZÀ-Þ][^,]{3,60}?),\s+(?:is|was|has been)\b")
_NAME_LINE = re.compile(r"[A-ZÀ-Þ][\w’'.-]+(?:\s+(?:[A-ZÀ-Þ][\w’'.-]+|de|da|van|von|al|bin)){1,4}")


def _author_from_text(ctx: DocContext, people) -> None:
    """The writer, where the sidecar names none: the byline near the top, else a name alone on one of
    the last lines (a closing signature) when it is the only such line (a letters page signs each
    letter: its writers are not the page's author)."""
    from diplograph.extract.honorifics import _HONORIFIC_LEAD
    from diplograph.extract.people import _valid_name

    x = ctx.extraction
    blocks = [b for b in ctx.blocks if not ctx.excluded(b.span)]
    for b in blocks[:6]:
        m = _BYLINE.match(ctx.t(b.span))
        if not m:
            continue
        base, names = b.span.start + m.start("names"), []
        for part in re.finditer(r"[^,&]+", m.group("names")):
            for piece in re.split(r"\s+and\s+", part.group(0)):
                name = piece.strip()
                lead = _HONORIFIC_LEAD.match(name)  # "By H.E. Mr. Kwame Roe": the name after the forms of address
                name = name[lead.end():] if lead and lead.end() < len(name) else name
                if not _valid_name(ctx, name):
                    break  # "By Jane Roe, Ambassador of …": the title after the names
                s = base + part.start() + part.group(0).index(name)
                names.append(people.person(name, Span(s, s + len(name))))
            else:
                continue
            break
        if names:
            x.author, x.coauthors = names[0], [p for p in names[1:] if p is not names[0]]
            return
    for b in blocks[-3:]:
        # "The author, Jane Roe, is a former ambassador …": the closing bio names the writer.
        m = _AUTHOR_APPOSED.match(ctx.t(b.span))
        if m and _valid_name(ctx, m.group("name")):
            s = b.span.start + m.start("name")
            x.author = people.person(m.group("name"), Span(s, s + len(m.group("name"))))
            return
    name_lines = [b for b in blocks[1:] if _NAME_LINE.fullmatch(ctx.t(b.span).strip()) and _valid_name(ctx, ctx.t(b.span).strip())]
    if len(name_lines) == 1 and name_lines[0] in blocks[-3:]:
        b = name_lines[0]
        name = ctx.t(b.span).strip()
        i = blocks.index(b)
        titled = i + 1 < len(blocks) and ctx.tables.role_re.match(ctx.t(blocks[i + 1].span))
        if not titled and not any(p.name == name for p in people.persons):
            return  # a heading in title case ("Looking Ahead"): not a name the parse saw nor signed with a title
        s = b.span.start + ctx.t(b.span).index(name)
        x.author = people.person(name, Span(s, s + len(name)))


@mapping("opinion", version="opinion.v1")
def map_opinion(ctx: DocContext) -> None:
    people = run_common(ctx, boxes=False, stances=False, author_from_text=_author_from_text)
    x = ctx.extraction
    # A letters page: each letter signed under it in capitals, with the writer's post.
    from diplograph.extract.person_posts import merge_posts

    before = len(x.posts)
    letter_signatures(ctx, people)
    if len(x.posts) > before:
        x.posts = merge_posts(x.posts)
    # Byline bullets list the author's posts without repeating the name: attach them to the author.
    if x.author is not None:
        from diplograph.extract.person_posts import merge_posts
        from diplograph.extract.roles import find_roles
        from diplograph.extract.titles import _role_in
        from diplograph.model import Post

        extra = []
        # A byline: the author's name on a line of its own, their post on the next one.
        last = len(ctx.blocks) - 4
        for i, b in enumerate(ctx.blocks):
            if 8 <= i < last:
                continue  # a byline near the top, a signature near the end
            if ctx.t(b.span).strip() == x.author.name and i + 1 < len(ctx.blocks):
                rp = _role_in(ctx, ctx.blocks[i + 1].span, nearest_end=False)
                if rp is not None and len(ctx.t(ctx.blocks[i + 1].span)) < 120:
                    extra.append(Post(x.author, rp.role, rp.org or rp.country, rp.span,
                                      attested=ctx.doc.date_published))
        for b in ctx.blocks:
            if b.kind != "bullet":
                continue
            for rp in find_roles(ctx, b.span):
                if rp.org is not None:
                    extra.append(Post(x.author, rp.role, rp.org, rp.span, start=rp.start, end=rp.end,
                                      former=rp.former and not rp.start))
        # The author's post in the first person: "As Sweden's ambassador to the WTO in Geneva, I saw …",
        # "In my years as …, I …" (not inside a quotation of someone else).
        for sent in ctx.sentences:
            m = _FIRST_PERSON.match(ctx.t(sent))
            if not m or ctx.excluded(sent):
                continue
            role_span = Span(sent.start + m.start("r"), sent.start + m.end("r"))
            past = bool(_PAST_I.match(ctx.t(sent)[m.end():])) or bool(m.group("past"))
            for rp in find_roles(ctx, role_span)[:1]:
                if rp.org is not None:
                    extra.append(Post(x.author, rp.role, rp.org, rp.span, start=rp.start, end=rp.end,
                                      attested=None if past or rp.end else ctx.doc.date_published,
                                      former=past and not rp.start))
        x.posts = merge_posts(x.posts + extra)
    del people
