"""News profiles of a UN mission: captions with credits, quotes ("…," X told the outlet), an
interview ("Name: answer"), a person fact box and a country fact box, planned council meetings."""

from diplograph.extract.context import DocContext
from diplograph.extract.pipeline import run_common
from diplograph.registry import mapping


@mapping("news-profile", version="news-profile.v1")
def map_news_profile(ctx: DocContext) -> None:
    run_common(ctx, boxes=True, stances=False)
