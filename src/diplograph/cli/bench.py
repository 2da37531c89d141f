"""`diplograph bench`: archive-scale timings on a synthetic corpus."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import Progress, handle_errors, quiet_option


def register(cli: click.Group) -> None:
    cli.add_command(bench_cmd)


@click.command("bench")
@click.option("--docs", "n", default=1000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Number of synthetic documents.")
@click.option("--seed", default=0, show_default=True, help="Seed of the corpus generator (same seed, same corpus).")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Processes for mapping and validation.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path),
              help="Work in this folder and keep the corpus, cache and outputs (default: a temp folder, removed).")
@click.option("--skip-baseline", is_flag=True, help="Do not run the naive baseline.")
@click.option("--baseline-max-docs", default=1000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Above this, the baseline runs on an evenly spread sample and is scaled up (says so).")
@click.option("--queries/--skip-queries", default=True, show_default=True,
              help="Load the output into an embedded store and time every named query (query_ms).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON on stdout.")
@quiet_option
@handle_errors
def bench_cmd(n, seed, workers, keep, skip_baseline, baseline_max_docs, queries, as_json, quiet):
    """Generate N synthetic documents and time the full build, an incremental rebuild after
    editing one document, the named queries on a store of the output, and a naive
    rdflib/pySHACL baseline on the same documents.

    Example: diplograph bench --docs 1000 --workers 2 --json
    """
    from diplograph.bench.run import render_table, run_bench, to_json

    result = run_bench(n, seed=seed, workers=workers, keep=keep, skip_baseline=skip_baseline,
                       baseline_max_docs=baseline_max_docs, queries=queries, progress=Progress(quiet))
    click.echo(to_json(result) if as_json else render_table(result))
