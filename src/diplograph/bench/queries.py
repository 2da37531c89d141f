"""Time the named queries on an embedded pyoxigraph store loaded with a build's output.

    python -m diplograph.bench.queries OUTPUT_DIR [STORE_DIR] [--repeat 5] [--bulk | --reuse]

Loads OUTPUT_DIR with `store.load_output` into an embedded store (a temp folder unless STORE_DIR),
then runs every named query of `diplograph/queries/*.rq` with its default parameters (the federated
Wikidata query is skipped: it needs the network): one warm-up run, then the median of `repeat`
runs. Prints JSON: load seconds, and per query the median milliseconds and the number of rows.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def time_queries(output: Path, store_dir: Path | None = None, repeat: int = 5, skip=("wikidata-federated",),
                 bulk: bool = False, reuse: bool = False, limit_s: float = 60,
                 progress=lambda msg: print(msg, file=sys.stderr, flush=True)) -> dict:
    """`bulk`: load `dataset.nq` with pyoxigraph's bulk loader (what docs/store.md advises for big
    stores) instead of `diplograph load`'s graph-by-graph replace, which is slow at 10k graphs."""
    import pyoxigraph as ox

    from diplograph.queries import bind, list_queries
    from diplograph.store import OxigraphStore, load_output

    store_dir = Path(store_dir or tempfile.mkdtemp(prefix="diplograph-bench-store-"))
    t0 = time.perf_counter()
    if reuse:
        bulk = True  # the store is already loaded: only count it
        raw = ox.Store(str(store_dir))
        triples = len(raw)
        del raw
    elif bulk:
        # What docs/store.md advises: the named graphs from dataset.nq, the merged default graph
        # (which the queries run on) from dataset.ttl and void.ttl.
        raw = ox.Store(str(store_dir))
        from diplograph.dumpfiles import bulk_load_dump

        bulk_load_dump(raw, Path(output), "dataset.nq")
        bulk_load_dump(raw, Path(output), "dataset.ttl", to_graph=ox.DefaultGraph())
        raw.bulk_load(path=str(Path(output) / "void.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        raw.flush()
        # Compact after a bulk load (what Oxigraph advises after a batch upload): a fresh bulk-loaded
        # store answered 3-5x slower than the same store optimized, on the same data.
        raw.optimize()
        triples = len(raw)
        del raw
    with OxigraphStore(store_dir) as store:
        if not bulk:
            triples = load_output(output, store).triples
            store.flush()
    load_s = time.perf_counter() - t0
    out = {"quads_loaded" if bulk else "triples_loaded": triples, "load_s": round(load_s, 2),
           "load": "bulk_load dataset.nq" if bulk else "store.load_output", "queries": {}}
    with OxigraphStore(store_dir, read_only=True) as store:
        params = realistic_params(store)
        store.store = None
    out["params"] = params
    for q in list_queries():
        if q.name in skip:
            continue
        values = {p.name: params[p.name] for p in q.params if p.name in params}
        res = _time_one(store_dir, bind(q, values), repeat, limit_s)
        progress(f"  {q.name}: {res}")
        out["queries"][q.name] = res
    return out


_PICKS = {
    # parameter names -> a query over the merged default graph whose first row gives their values:
    # the busiest person, author, publisher, meeting and organiser, so that the timed queries find rows.
    ("name",): "SELECT ?name WHERE { ?post <https://w3id.org/diplograph/ontology#holder> ?p . "
               "?p a <https://w3id.org/diplograph/ontology#Person> ; <https://schema.org/name> ?name } "
               "GROUP BY ?name ORDER BY DESC(COUNT(?post)) ?name LIMIT 1",
    ("author",): "SELECT ?author WHERE { ?d <https://schema.org/author>/<https://schema.org/name> ?author } "
                 "GROUP BY ?author ORDER BY DESC(COUNT(?d)) ?author LIMIT 1",
    ("publisher",): "SELECT ?publisher WHERE { ?q a <https://w3id.org/diplograph/ontology#Quotation> ; "
                    "<https://schema.org/isPartOf>/<https://schema.org/publisher>/<https://schema.org/name> ?publisher } "
                    "GROUP BY ?publisher ORDER BY DESC(COUNT(?q)) ?publisher LIMIT 1",
    ("place", "date"): "SELECT ?place ?date WHERE { ?e a <https://schema.org/Event> ; <https://schema.org/startDate> ?date ; "
                       "<https://schema.org/location>/<https://schema.org/name> ?place ; <https://schema.org/attendee> ?a "
                       "FILTER(DATATYPE(?date) = <http://www.w3.org/2001/XMLSchema#date>) } "
                       "GROUP BY ?place ?date ORDER BY DESC(COUNT(?a)) ?place ?date LIMIT 1",
    ("country", "month"): "SELECT ?country (SUBSTR(STR(MIN(?date)), 1, 7) AS ?month) WHERE { "
                          "?e a <https://w3id.org/diplograph/ontology#CouncilMeeting> ; <https://schema.org/startDate> ?date ; "
                          "<https://schema.org/organizer>/<https://schema.org/name> ?country } "
                          "GROUP BY ?country ORDER BY DESC(COUNT(?e)) ?country LIMIT 1",
    ("a", "b"): "SELECT (MIN(?n) AS ?a) (MAX(?n) AS ?b) WHERE { ?s a <https://w3id.org/diplograph/ontology#Commitment> ; "
                "<https://schema.org/agent>/<https://schema.org/name> ?n } GROUP BY ?s ORDER BY DESC(COUNT(?n)) LIMIT 1",
}


def realistic_params(store) -> dict[str, str]:
    """Parameter values taken from the loaded data (the defaults name people of the seed documents,
    which a synthetic archive does not have: timing a query that finds nothing says little)."""
    out: dict[str, str] = {}
    for names, sparql in _PICKS.items():
        rows = store.query(sparql).bindings
        if rows and all(n in rows[0] for n in names):
            out.update({n: rows[0][n]["value"] for n in names})
    return out


def _child(store_dir: str, sparql: str, repeat: int, conn) -> None:
    from diplograph.store import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)
    t = time.perf_counter()
    result = store.query(sparql)  # warm-up
    first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = store.query(sparql)
        times.append((time.perf_counter() - t) * 1000)
    conn.send({"median_ms": round(statistics.median(times), 1), "first_ms": round(first, 1),
               "rows": len(result.bindings) if result.kind == "select" else None})
    conn.close()


def _time_one(store_dir: Path, sparql: str, repeat: int, limit_s: float) -> dict:
    """Warm-up + median of `repeat` runs in a child process, given up after `limit_s` seconds."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(store_dir), sparql, repeat, child))
    proc.start()
    child.close()
    if parent.poll(limit_s):
        res = parent.recv()
        proc.join()
        return res
    proc.kill()
    proc.join()
    return {"median_ms": None, "timeout_s": limit_s}


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    repeat = 5
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
        args = [a for a in args if a != str(repeat)]
    print(json.dumps(time_queries(Path(args[0]), Path(args[1]) if len(args) > 1 else None, repeat,
                                  bulk="--bulk" in argv, reuse="--reuse" in argv), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
