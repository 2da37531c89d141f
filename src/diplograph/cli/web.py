"""`diplograph serve` and `diplograph site`: the published data as a linked-data web site."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import Progress, handle_errors, quiet_option
from diplograph.errors import InputError


def _dataset(input_dir, store_dir, base_uri, ontology):
    from diplograph.web.app import build_dataset

    if input_dir and store_dir:
        raise click.UsageError("give --input or --store, not both")
    if not input_dir and not store_dir:
        from diplograph.project import Project

        input_dir = str(Project.require().output)  # outside a project: how to make or name one
    return build_dataset(input_dir, store_dir, base_uri, ontology)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=str),
              help="Published output folder (default: the project's output/). Loaded into memory.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, exists=True, path_type=str),
              help="An on-disk Oxigraph store to serve instead (opened read-only).")
@click.option("--base-uri", help="Instance base IRI (default: the manifest's, else https://w3id.org/diplograph/id).")
@click.option("--ontology", type=click.Path(dir_okay=False, path_type=str),
              help="Ontology Turtle file (default: the project's ontology/diplograph.ttl).")
@click.option("--query-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="SPARQL time limit in seconds (the query process is killed at the limit).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="SPARQL row cap.")
@click.option("--reload", "reload_", is_flag=True,
              help="Follow rebuilds of the output folder: load the new build when its manifest changes "
                   "(without it, the server warns that its answers are stale).")
@click.option("--query-memory", default=1024, show_default=True, type=click.IntRange(16),
              help="MB of memory one SPARQL query may use (its process is capped; 503 past it).")
@quiet_option
@handle_errors
def serve(host, port, input_dir, store_dir, base_uri, ontology, query_timeout, max_rows, reload_, query_memory, quiet):
    """Serve the published data with content negotiation, pages, a read-only SPARQL endpoint and
    an OpenRefine reconciliation service at /reconcile.

    Every IRI under the base resolves at the same path here: with the default base,
    https://w3id.org/diplograph/id/person/x is http://HOST:PORT/id/person/x.
    """
    import uvicorn

    from diplograph.web.app import create_app

    progress = Progress(quiet)
    if reload_ and store_dir:
        raise click.UsageError("--reload follows an output folder (--input), not a store")
    ds = _dataset(input_dir, store_dir, base_uri, ontology)

    def make(dataset=None):
        return create_app(dataset=dataset or _dataset(input_dir, None, base_uri, ontology),
                          query_timeout=query_timeout, max_rows=max_rows, warm=True,
                          query_memory=query_memory << 20)

    app = make(ds)
    if store_dir:
        from diplograph.freshness import stale_store

        warning = stale_store(Path(store_dir))
        if warning:
            click.echo(warning, err=True)
    elif ds.output_dir is not None:
        from diplograph.web.reload import Reloading

        app = Reloading(make, ds.output_dir, reload=reload_, first=app,
                        log=lambda m: click.echo(m, err=True))
        input_dir = str(ds.output_dir)  # a reload reads the same folder
    progress(f"Serving {ds.base}/ at http://{host}:{port}/ (Ctrl-C to stop)"
             + (f"; reloading when {ds.output_dir} is rebuilt" if reload_ else ""))
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info")
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc}") from exc


@click.command("site")
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=str))
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=str),
              help="Published output folder (default: the project's output/).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, exists=True, path_type=str),
              help="An on-disk Oxigraph store instead of --input.")
@click.option("--base-uri", help="Instance base IRI (default: the manifest's).")
@click.option("--base-url", help="Public URL of the site (default: the base IRI minus its last segment).")
@click.option("--server-name", help="server_name in nginx.conf (default: the host of --base-url, else `_`, any host).")
@click.option("--ontology", type=click.Path(dir_okay=False, path_type=str), help="Ontology Turtle file.")
@quiet_option
@handle_errors
def site(out_dir, input_dir, store_dir, base_uri, base_url, server_name, ontology, quiet):
    """Write the pages as static files (+ .ttl/.jsonld/.nt per resource) and nginx/Apache config."""
    from diplograph.web.site import build_site

    progress = Progress(quiet)
    ds = _dataset(input_dir, store_dir, base_uri, ontology)
    report = build_site(ds, out_dir, base_url, server_name)
    progress(f"Wrote {report.resources} resources, {len(report.files)} files to {report.root}")
    progress("Server configuration: nginx.conf and .htaccess in that folder (see docs/web.md)")


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(site)
