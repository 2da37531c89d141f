"""`diplograph evaluate`: score a build of annotated documents against their gold files."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import Progress, handle_errors, quiet_option


def register(cli: click.Group) -> None:
    cli.add_command(evaluate_cmd)


@click.command("evaluate")
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of {stem}.gold.yaml files (default: DOCS_DIR/../gold).")
@click.option("--output", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Score the build already in this folder instead of building DOCS_DIR.")
@click.option("--per-doc", is_flag=True, help="Also print one line per document.")
@click.option("--doc", "doc", metavar="STEM", help="Score this document only and list what it missed and got wrong.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Build in this many processes.")
@click.option("--no-cache", is_flag=True, help="Build every document afresh (default: the build cache).")
@quiet_option
@handle_errors
def evaluate_cmd(docs_dir, gold_dir, output, per_doc, doc, as_json, workers, no_cache, quiet):
    """Recall and precision of the mappings on documents with gold files.

    Builds DOCS_DIR (documents and sidecars) into a temporary folder, or takes the build in
    --output, and scores each document's graph against its gold file: persons, posts, posts with
    their start date, dated events, quotations and document metadata. Gold format and matching
    rules: docs/evaluate.md. A document the build refuses is reported and scores nothing.

    Exit 0 when scored; 2 no gold folder or no such document; 3 a gold file or sidecar is malformed
    (file and line named).

    Example: diplograph evaluate ../shared/devset/docs --per-doc
    """
    from diplograph.evaluate import evaluate, render_json, render_text

    say = Progress(quiet)
    result = evaluate(docs_dir, gold_dir=gold_dir, output=output, doc=doc, workers=workers,
                      use_cache=not no_cache, progress=say)
    for s in result.skipped:
        click.echo(f"skipped: {s}", err=True)  # even with --quiet: that document scored nothing
    click.echo(render_json(result, doc) if as_json else render_text(result, per_doc, doc), nl=False)
