"""The `diplograph` command line: a thin layer over the library.

Each command lives in a module of this package named for what it does; this module only builds the
group, the shared options and the translation of domain errors into messages and exit codes.
"""

from __future__ import annotations

import importlib

import click

from diplograph import __version__
from diplograph.cli.common import cli_group

cli = cli_group(__version__)

# Command modules register themselves on `cli`; a module that is not there yet is skipped so that
# the rest of the tool keeps working.
for _name in ("project", "build", "store", "web", "links", "explain", "bench", "evaluate"):
    try:
        importlib.import_module(f"diplograph.cli.{_name}").register(cli)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a module is missing
        if exc.name != f"diplograph.cli.{_name}":
            raise

__all__ = ["cli"]
