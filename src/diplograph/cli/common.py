"""Shared CLI pieces: the group, common options, error translation and stderr logging."""

from __future__ import annotations

import errno
import functools
import os
import sys
from typing import Callable

import click

from diplograph.errors import DiplographError
from diplograph.safetext import printable

# OS errors that mean "this file cannot be used" (exit 3); others (a full disk, EIO) are exit 5.
_INPUT_ERRNOS = {errno.ENOENT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR,
                 errno.ENAMETOOLONG, errno.ELOOP}

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


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo of text that may come from documents: control characters escaped."""
    click.echo(printable(text), err=err, nl=nl)


def handle_errors(func: Callable) -> Callable:
    """Turn domain errors into `Error: …` on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DiplographError as exc:
            echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            echo("interrupted; nothing half-written was left in place", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:  # a full or read-only disk, a folder that vanished
            where = f" {exc.filename}" if exc.filename else ""
            echo(f"Error: cannot read or write{where}: {exc.strerror or exc}", err=True)
            sys.exit(3 if exc.errno in _INPUT_ERRNOS else 5)
        except RecursionError:
            echo("Error: the input is nested too deeply to process", err=True)
            sys.exit(3)
        except Exception as exc:  # a bug: one line and exit 5, the traceback on request
            if os.environ.get("DIPLOGRAPH_DEBUG"):
                raise
            echo(f"Error: internal error: {type(exc).__name__}: {exc} (set DIPLOGRAPH_DEBUG=1 for the "
                 "traceback, and please report it)", err=True)
            sys.exit(5)

    return wrapper


def quiet_option(func: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="Print nothing on stderr but errors.")(func)


class Progress:
    """Progress and log lines on stderr (data goes to stdout), silenced by --quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            echo(message, err=True)
