"""`diplograph explain`: what was extracted from a document and why."""

from __future__ import annotations

import json
from pathlib import Path

import click

from diplograph.cli.common import handle_errors


@click.command("explain")
@click.argument("doc")
@click.option("--fact", metavar="IRI", help="Only this fact (a person, post, event… read from the document).")
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The published output folder (default: the project's output/).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def explain_cmd(doc, fact, input_dir, fmt):
    """What was read from DOC (a stem, a seed file or the document's IRI) and why.

    Each fact with the passages and sentences it was read from, the mentions that became one
    entity (here and in other documents), and the Wikidata decision with its evidence (gazetteer
    row or linker scores, alternatives). Each passage names the mapping rule that read it and
    what it rests on: the gazetteer row it matched or the statistical parse's entity.

    Example: diplograph explain 001_x --fact https://w3id.org/diplograph/id/person/y
    """
    from diplograph.explain import explain, render_text
    from diplograph.project import Project

    output = input_dir or Project.require().output
    result = explain(output, doc, fact)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result), nl=False)


def register(cli: click.Group) -> None:
    cli.add_command(explain_cmd)
