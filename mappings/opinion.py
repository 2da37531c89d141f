"""Opinion articles: a photo caption, the series, the author's posts in a byline and a closing
bio ("X was Deputy Secretary … (2019-20), Ambassador … (2017-19)"), mentions and footnotes."""

from diplograph.extract.context import DocContext
from diplograph.extract.pipeline import run_common
from diplograph.registry import mapping


@mapping("opinion", version="opinion.v1")
def map_opinion(ctx: DocContext) -> None:
    people = run_common(ctx, boxes=False, stances=False)
    x = ctx.extraction
    # Byline bullets list the author's posts without repeating the name: attach them to the author.
    if x.author is not None:
        from diplograph.extract.people import merge_posts
        from diplograph.extract.roles import find_roles
        from diplograph.model import Post

        extra = []
        for b in ctx.blocks:
            if b.kind != "bullet":
                continue
            for rp in find_roles(ctx, b.span):
                if rp.org is not None:
                    extra.append(Post(x.author, rp.role, rp.org, rp.span, start=rp.start, end=rp.end,
                                      former=rp.former and not rp.start))
        x.posts = merge_posts(x.posts + extra)
    del people
