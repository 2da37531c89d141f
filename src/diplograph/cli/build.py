"""`diplograph build` and `diplograph validate`."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import Progress, handle_errors, quiet_option
from diplograph.ns import DEFAULT_BASE


def register(cli: click.Group) -> None:
    cli.add_command(build_cmd)
    cli.add_command(validate_cmd)


@click.command("build")
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), help="Seeds folder (default: seeds/).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/).")
@click.option("--base-uri", default=DEFAULT_BASE, show_default=True, help="Base of the instance IRIs.")
@click.option("--keep-going", is_flag=True, help="Publish the valid documents and report the rest (exit 3).")
@click.option("--license", "license_iri", default="https://creativecommons.org/licenses/by/4.0/", show_default=True,
              help="Licence IRI recorded in the VoID/DCAT description.")
@click.option("--workers", "-j", type=click.IntRange(1, 256),
              help="Map and validate in this many local processes (default: one per core; same output as 1).")
@click.option("--scheduler", metavar="ADDRESS", callback=lambda ctx, param, v: _scheduler(v),
              help="Run the per-document work on a Dask cluster instead: tcp://HOST:8786 (a `dask scheduler`), "
                   "or local:N for a local cluster of N processes. Same output.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache of per-document results (default: .cache/build/ for the project's output/, "
                   "else .OUTPUT.cache beside the output folder).")
@click.option("--no-cache", is_flag=True, help="Map and validate every document afresh; write no cache.")
@click.option("--validator", type=click.Choice(["auto", "pyshacl", "fast"]), default="auto", show_default=True,
              help="SHACL engine: pySHACL, the fast evaluator (same results), or auto (fast above 200k triples).")
@quiet_option
@handle_errors
def build_cmd(seeds, output, base_uri, keep_going, license_iri, workers, scheduler, cache_dir, no_cache, validator,
              quiet):
    """Map the seeds, link, validate and publish output/.

    Nothing is written unless the whole graph conforms to shapes/; a failed build leaves the
    previous output/ untouched and writes the full SHACL report beside it.

    Unchanged documents are taken from the cache (keyed by the content of the document, its
    sidecar, the mapping code and tables, the shapes and the ontology), so a rebuild after an edit
    maps and validates only what changed.

    Examples: diplograph build --seeds seeds --output output --workers 2;
    diplograph build --scheduler tcp://10.0.0.5:8786 (see docs/distributed.md)
    """
    from diplograph.build import build

    say = Progress(quiet)
    result = build(seeds=seeds, output=output, base_uri=base_uri, keep_going=keep_going, license_iri=license_iri,
                   progress=say, workers=workers, scheduler=scheduler, cache_dir=cache_dir, use_cache=not no_cache,
                   validator=validator)
    for line in result.link_summary:
        say(f"link: {line}")
    if result.link_warning:
        click.echo(result.link_warning, err=True)  # even with --quiet: a reviewed decision was not applied
    if result.validation_warnings:
        say(f"{result.validation_warnings} SHACL warnings (incomplete data, e.g. entities without a Wikidata link)")
    if result.skipped:
        for s in result.skipped:
            click.echo(f"skipped: {s}", err=True)
        raise SystemExit(3)


def _scheduler(value):
    import re

    if value is not None and not re.match(r"^(?:(?:tcp|tls|ws|wss)://\S+|local:[1-9][0-9]*)$", value):
        raise click.BadParameter(f"{value!r}: give tcp://HOST:PORT (a `dask scheduler`) or local:N")
    return value


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", default=20, show_default=True, help="Violations to print.")
@quiet_option
@handle_errors
def validate_cmd(files, limit, quiet):
    """Validate RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) against shapes/.

    Exit 0 when they conform (warnings allowed), 1 when they violate a shape.

    Example: diplograph validate output/dataset.ttl
    """
    from diplograph.validate import validate_files

    report = validate_files(list(files))
    if report.conforms:
        if not quiet:
            click.echo(f"conforms ({len(report.warnings)} warnings)", err=True)
        return
    click.echo(report.render(limit))
    raise SystemExit(1)
