"""`diplograph build` and `diplograph validate`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from diplograph.cli.common import Progress, echo, handle_errors, quiet_option
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
@click.option("--workers", "-j", default=None, type=click.IntRange(1, 256),
              help="Map and validate in this many local processes (default: the machine's cores; same output as 1).")
@click.option("--scheduler", metavar="ADDRESS", callback=lambda ctx, param, v: _scheduler(v),
              help="Run the per-document work on a Dask cluster instead: tcp://HOST:8786 (a `dask scheduler`), "
                   "or local:N for a local cluster of N processes. Same output.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache of per-document results (default: .cache/build/ for the project's output/, "
                   "else .OUTPUT.cache beside the output folder).")
@click.option("--no-cache", is_flag=True, help="Map and validate every document afresh; write no cache.")
@click.option("--validator", type=click.Choice(["auto", "pyshacl", "fast"]), default="auto", show_default=True,
              help="SHACL engine: pySHACL, the fast evaluator (same results), or auto (fast above 200k triples).")
@click.option("--dump-parts", type=click.IntRange(1, 65536), default=None,
              help="Publish dataset.nq/.ttl in this many parts under parts/ (1: whole files). Default: whole "
                   "up to 256 documents, else about 64 documents a part, so a rebuild rewrites only one part.")
@quiet_option
@handle_errors
def build_cmd(seeds, output, base_uri, keep_going, license_iri, workers, scheduler, cache_dir, no_cache, validator,
              dump_parts, quiet):
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
    from diplograph.project import Project

    say = Progress(quiet)
    project = Project.require()  # the mapping modules and tables come from it, whatever --seeds says
    workers = workers or os.cpu_count() or 1
    result = build(project=project, seeds=seeds, output=output, base_uri=base_uri, keep_going=keep_going, license_iri=license_iri,
                   progress=say, workers=workers, scheduler=scheduler, cache_dir=cache_dir, use_cache=not no_cache,
                   validator=validator, dump_parts=dump_parts)
    for line in result.warnings:
        echo(f"warning: {line}", err=True)  # even with --quiet: files or keys that were not read
    for line in link_digest(result.link_summary):
        say(f"link: {line}")
    if result.link_warning:
        echo(result.link_warning, err=True)  # even with --quiet: a reviewed decision was not applied
    if result.validation_warnings:
        say(f"{result.validation_warnings} SHACL warnings (incomplete data, e.g. entities without a Wikidata link; "
            f"list them: diplograph validate {_merged_files(result.output)} --warnings)")
    if result.skipped:
        for s in result.skipped:
            echo(f"skipped: {s}", err=True)
        raise SystemExit(3)


def _merged_files(output: Path) -> str:
    """The merged dataset's file(s), as a shell would take them."""
    from diplograph.dumpfiles import PARTS_DIR

    return str(output / "dataset.ttl") if (output / "dataset.ttl").is_file() else f"{output / PARTS_DIR}/dataset-*.ttl"


def link_digest(lines: list[str], show: int = 5) -> list[str]:
    """The linking summary in a few lines: the counts, the unlinked entities counted by kind with
    the first few, every ambiguous one and every problem (the full list: `links --unlinked`)."""
    out, unlinked = [], []
    for line in lines:
        if line.startswith("  unlinked: "):
            unlinked.append(line[len("  unlinked: "):])
        else:
            out.append(line)
    if unlinked:
        kinds: dict[str, int] = {}
        for u in unlinked:
            kinds[u.split(" ", 1)[0]] = kinds.get(u.split(" ", 1)[0], 0) + 1
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        more = f"; {len(unlinked) - show} more" if len(unlinked) > show else ""
        out.insert(1, f"  unlinked by kind: {by_kind} (e.g. " + "; ".join(unlinked[:show]) + more
                   + "; all: `diplograph links --unlinked`)")
    return out


def _scheduler(value):
    import re

    if value is not None and not re.match(r"^(?:(?:tcp|tls|ws|wss)://\S+|local:[1-9][0-9]*)$", value):
        raise click.BadParameter(f"{value!r}: give tcp://HOST:PORT (a `dask scheduler`) or local:N")
    return value


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", default=20, show_default=True, help="Violations (and, with --warnings, warnings) to print.")
@click.option("--warnings", "show_warnings", is_flag=True,
              help="Also list the SHACL warnings (incomplete data: focus node, shape, message) that build only counts.")
@quiet_option
@handle_errors
def validate_cmd(files, limit, show_warnings, quiet):
    """Validate RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) against shapes/.

    Exit 0 when they conform (warnings allowed), 1 when they violate a shape.

    Example: diplograph validate output/dataset.ttl --warnings
    """
    from diplograph.validate import validate_files

    report = validate_files(list(files))
    if show_warnings:
        click.echo(_warnings(report.warnings, limit), nl=False)
    if report.conforms:
        if not quiet:
            click.echo(f"conforms ({len(report.warnings)} warnings)", err=True)
        return
    click.echo(report.render(limit))
    raise SystemExit(1)


def _warnings(warnings: list, limit: int) -> str:
    """One line a warning, grouped by message (the same gap in many nodes reads as one list)."""
    if not warnings:
        return "0 warnings.\n"
    lines = [f"{len(warnings)} warning(s):"]
    by_message: dict[str, list] = {}
    for w in warnings:
        by_message.setdefault(w.message, []).append(w)
    shown = 0
    for message, ws in sorted(by_message.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {message} ({len(ws)}; shape {ws[0].shape}{', path ' + ws[0].path if ws[0].path else ''}):")
        for w in ws:
            if shown >= limit:
                break
            lines.append(f"    <{w.focus}>" + (f"  value {w.value}" if w.value is not None else ""))
            shown += 1
        if shown >= limit:
            lines.append(f"  … {len(warnings) - shown} more (--limit N shows more)")
            break
    return "\n".join(lines) + "\n"
