"""Time the named queries on an embedded pyoxigraph store loaded with a build's output.

    python -m diplograph.bench.queries OUTPUT_DIR [STORE_DIR] [--repeat 5]

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


def time_queries(output: Path, store_dir: Path | None = None, repeat: int = 5, skip=("wikidata-federated",)) -> dict:
    from diplograph.queries import bind, list_queries
    from diplograph.store import OxigraphStore, load_output

    store_dir = Path(store_dir or tempfile.mkdtemp(prefix="diplograph-bench-store-"))
    t0 = time.perf_counter()
    with OxigraphStore(store_dir) as store:
        report = load_output(output, store)
        store.flush()
        load_s = time.perf_counter() - t0
        out = {"triples_loaded": report.triples, "load_s": round(load_s, 2), "queries": {}}
        for q in list_queries():
            if q.name in skip:
                continue
            sparql = bind(q)
            result = store.query(sparql)  # warm-up
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                result = store.query(sparql)
                times.append((time.perf_counter() - t) * 1000)
            out["queries"][q.name] = {"median_ms": round(statistics.median(times), 1),
                                      "rows": len(result.bindings) if result.kind == "select" else None}
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    repeat = 5
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
        args = [a for a in args if a != str(repeat)]
    print(json.dumps(time_queries(Path(args[0]), Path(args[1]) if len(args) > 1 else None, repeat), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
