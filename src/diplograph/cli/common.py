"""Shared CLI pieces: the group, common options, error translation and stderr logging."""

from __future__ import annotations

import functools
import sys
from typing import Callable

import click

from diplograph.errors import DiplographError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def cli_group(version: str) -> click.Group:
    @click.group(context_settings=CONTEXT_SETTINGS)
    @click.version_option(version, prog_name="diplograph")
    @click.option("--project", "project_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
                  help="The publication project to work in (default: $DIPLOGRAPH_PROJECT, else the "
                       "current folder or the nearest one above it with ontology/ and shapes/).")
    def cli(project_dir: str | None) -> None:
        """Publish diplomatic documents as validated linked data.

        Seeds (documents + .meta.yaml sidecars) are mapped to RDF with the source span of every
        fact, linked to Wikidata, validated with SHACL and written as deterministic Turtle.
        Start a new publication with `diplograph init DIR`.

        Exit codes: 0 ok; 1 data does not conform to the shapes; 2 bad invocation; 3 bad input
        file; 4 a remote store or endpoint failed; 5 internal error.
        """
        from diplograph import project

        try:
            project.use(project_dir)
        except DiplographError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return cli


def handle_errors(func: Callable) -> Callable:
    """Turn domain errors into `Error: …` on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DiplographError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def quiet_option(func: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="Print nothing on stderr but errors.")(func)


class Progress:
    """Progress and log lines on stderr (data goes to stdout), silenced by --quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)
