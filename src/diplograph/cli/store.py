"""`diplograph load` and `diplograph query`: the published output in a triple store, and questions to it."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import Progress, handle_errors, printable, quiet_option
from diplograph.errors import InputError
from diplograph.project import Project

DEFAULT_STORE = Path(".cache") / "store"


def _default_store() -> Path:
    return Project.require().root / DEFAULT_STORE


def _default_input() -> Path:
    return Project.require().output


@click.command("load")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store folder (default: .cache/store in the project).")
@click.option("--graph-store", "graph_store", metavar="URL",
              help="A SPARQL 1.1 Graph Store Protocol service instead (Oxigraph …/store, Fuseki …/ds/data).")
@click.option("--query-endpoint", metavar="URL",
              help="Its SPARQL query endpoint, for the checks (default: derived, …/store → …/query).")
@click.option("--update-endpoint", metavar="URL",
              help="Its SPARQL update endpoint: stale graphs are dropped there (DROP GRAPH) instead of "
                   "with HTTP DELETE.")
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The published output folder (default: output/ in the project).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per HTTP request, its whole answer included.")
@quiet_option
@handle_errors
def load_cmd(store_dir, graph_store, query_endpoint, update_endpoint, input_dir, timeout, quiet):
    """Load the published output into a store: one named graph per document, replaced, never duplicated.

    Each document's graph (and the VoID graph) is replaced as a whole (HTTP PUT ?graph=IRI), graphs
    under {base}/graph/ that are no longer published are dropped, the default graph is replaced with
    the merged dataset (every triple once; what queries run on), and the triple counts in the store
    are checked against what was sent. Credentials: DIPLOGRAPH_STORE_USER and
    DIPLOGRAPH_STORE_PASSWORD, or ~/.netrc.
    """
    from diplograph.store import GraphStoreClient, OxigraphStore, load_output

    log = Progress(quiet)
    if graph_store and store_dir:
        raise click.UsageError("give --store or --graph-store, not both")
    if (query_endpoint or update_endpoint) and not graph_store:
        raise click.UsageError("--query-endpoint and --update-endpoint go with --graph-store")
    input_dir = input_dir or _default_input()
    if graph_store:
        target = GraphStoreClient(graph_store, query_endpoint=query_endpoint,
                                  update_endpoint=update_endpoint, timeout=timeout)
    else:
        target = OxigraphStore(store_dir or _default_store())
    with target:
        log(f"loading {input_dir} into {target.describe()}")
        report = load_output(input_dir, target, log=log)
    if not graph_store:
        from diplograph.freshness import record_load

        record_load(target.path, input_dir)  # which build the store holds (query/serve warn when stale)
    log(f"loaded {len(report.graphs)} graphs, {report.triples} triples; counts checked"
        + (f"; dropped {len(report.dropped)} stale graph(s)" if report.dropped else ""))


def _complete_query_names(ctx, param, incomplete: str):
    """Shell completion of NAME: the named queries (`eval "$(_DIPLOGRAPH_COMPLETE=bash_source diplograph)"`)."""
    from click.shell_completion import CompletionItem

    from diplograph import queries

    return [CompletionItem(q.name, help=q.description) for q in queries.list_queries() if q.name.startswith(incomplete)]


@click.command("query")
@click.argument("name", required=False, shell_complete=_complete_query_names)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run the SPARQL in this .rq file.")
@click.option("--sparql", help="Run this SPARQL text.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store folder (default: .cache/store in the project).")
@click.option("--endpoint", metavar="URL", help="A SPARQL endpoint instead (e.g. http://localhost:7878/query).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable); see --list for each query's parameters.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json", "turtle"]),
              help="Output: table (default for SELECT), csv, json (SPARQL JSON results), turtle "
                   "(default for CONSTRUCT/DESCRIBE).")
@click.option("--union-default-graph/--no-union-default-graph", default=None,
              help="Query the union of all named graphs instead of the default graph (which `load` fills "
                   "with the merged dataset) / never. Default: the union only when the default graph is empty.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds for a remote query, its whole answer included.")
@click.option("--show", is_flag=True, help="Print the query with its parameters bound instead of running it.")
@handle_errors
def query_cmd(name, query_file, sparql, list_, store_dir, endpoint, params, fmt, union_default_graph,
              timeout, show):
    """Run a named query (see --list), a .rq file or SPARQL text against the store or an endpoint.

    Parameters are bound safely (typed, escaped, injected as VALUES), never pasted into the text.
    """
    from diplograph import queries

    if list_:
        if name or query_file or sparql:
            raise click.UsageError("--list takes no query")
        for q in queries.list_queries():
            click.echo(f"{q.name:28} {q.description}")
            for p in q.params:
                default = f" default={p.default}" if p.default is not None else " (required)"
                click.echo(f"{'':28}   --param {p.name}=… ({p.type}){default}")
        return
    given = [x for x in (name, query_file, sparql) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of NAME, --file or --sparql (or --list)")
    if endpoint and store_dir:
        raise click.UsageError("give --store or --endpoint, not both")
    values = queries.parse_param_args(params)
    if name:
        q = queries.load_named(name)
        text = queries.bind(q, values)
    elif query_file:
        q = queries.load_file(query_file)
        text = queries.bind(q, values, strict=False)
    else:
        q = queries.parse_query_text(sparql, "--sparql")
        text = queries.bind(q, values, strict=False)
    if show:
        click.echo(text)
        return
    from diplograph import names
    from diplograph.store import OxigraphStore, SparqlEndpoint

    store = None
    if endpoint:
        target = SparqlEndpoint(endpoint, timeout=timeout, union_default_graph=union_default_graph)

        def run(sparql):
            return target.query(sparql)
    else:
        path = store_dir or _default_store()
        if not Path(path).is_dir():
            raise InputError("no store here: run `diplograph load` first, or give --endpoint", path=str(path))
        store = OxigraphStore(path, read_only=True)
        from diplograph.freshness import stale_store

        warning = stale_store(path)
        if warning:
            click.echo(warning, err=True)

        def run(sparql):
            return store.query(sparql, union_default_graph=union_default_graph)
    try:
        known: list[str] = []
        if name and names.name_params(q):
            # names match case- and accent-insensitively: bind the spelling the store holds
            known = names.names_of(run(names.NAMES_QUERY).bindings)
            resolved, notes = names.resolve(q, values, known)
            for note in notes:
                click.echo(note, err=True)
            text = queries.bind(q, resolved)
        result = run(text)
    finally:
        if store is not None:
            store.store = None
    fmt = fmt or ("turtle" if result.kind == "graph" else "table")
    text = queries.format_result(result, fmt)
    # A table is for reading in the terminal: values from documents must not drive it.
    click.echo(printable(text) if fmt == "table" else text, nl=False)
    if result.kind == "select" and fmt == "table":
        click.echo(f"{len(result.bindings)} row(s)", err=True)
    if result.kind == "select" and not result.bindings and known:
        for param, close in names.suggest(q, values, known).items():
            click.echo(f"no rows; did you mean {param}=" + " or ".join(repr(c) for c in close) + "?", err=True)


@click.command("diff")
@click.argument("old", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: per graph, '- ' removed and '+ ' added N-Triples lines; json: the same as an object.")
@click.option("--stat", is_flag=True, help="Only the summary line.")
@handle_errors
def diff_cmd(old, new, fmt, stat):
    """What changed between two builds: the triples added and removed in each named graph.

    OLD and NEW are published output folders (NEW defaults to the project's output/). Graphs
    with the same checksum in both manifests are not read. The summary goes to stderr.

    Example: diplograph build --output /tmp/new && diplograph diff output /tmp/new
    """
    import json

    from diplograph.diff import diff_outputs

    result = diff_outputs(old, new or _default_input())
    if not stat:
        if fmt == "json":
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(result.render(), nl=False)
    click.echo(result.summary(), err=not stat)


def register(cli: click.Group) -> None:
    cli.add_command(load_cmd)
    cli.add_command(query_cmd)
    cli.add_command(diff_cmd)
