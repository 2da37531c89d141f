"""Joint statements: a header line, a meeting paragraph naming the officials and their posts,
then what the parties agree, support and commit to, and the topics they discussed."""

from diplograph.extract.context import DocContext
from diplograph.extract.pipeline import run_common
from diplograph.registry import mapping


@mapping("joint-statement", version="joint-statement.v1")
def map_joint_statement(ctx: DocContext) -> None:
    # Statements have no interviews or fact boxes; their stances are the point.
    run_common(ctx, boxes=False, stances=True)
