"""Time reconciliation batches (`/reconcile`) on a build's output, as `diplograph serve` answers them.

    python -m diplograph.bench.reconcile OUTPUT_DIR [--batches 5] [--repeat 5]

Loads OUTPUT_DIR as `diplograph serve --input` does (in-memory store, the name index built at
startup), then POSTs batches of 10 queries to the app in-process (Starlette's test client: routing,
form and JSON parsing, scoring, serialization; no socket). Each batch is made from the data: six
persons' names with their country, one accent- and case-folded, one "title + surname", one country
and one name nobody has, all typed as a client would send them. `cold_ms`: the first run of each
of `batches` different batches (no name or entity cached yet), `warm_ms`: the median of `repeat`
reruns of one batch; `cold_cpu_ms`: the process's CPU time for each cold batch (what a busy
shared machine does not inflate); `reconcile_index_s`: what the name index adds to the server's startup.
Prints JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import warnings
from pathlib import Path


def make_batches(rec, n: int) -> list[dict]:
    """`n` batches of 10 queries over different entities, picked deterministically."""
    from diplograph.linking.normalize import fold

    persons = sorted((eid for eid, (kind, _, _) in rec.entities.items() if kind == "person"))
    with_country = []
    for eid in persons:
        facts = rec.facts(eid)
        if facts.countries and facts.latest is not None:
            with_country.append((eid, rec.entities[eid][1], rec.ds.label(facts.countries[0])))
        if len(with_country) >= 8 * n:
            break
    countries = sorted(label for kind, label, _ in rec.entities.values() if kind == "country")
    batches = []
    for b in range(n):
        picks = with_country[8 * b:8 * b + 8]
        if len(picks) < 8 or not countries:
            break
        q = {}
        for i, (_, name, country) in enumerate(picks[:6]):
            q[f"q{i}"] = {"query": name, "type": "Person", "properties": [{"pid": "country", "v": country}]}
        q["q6"] = {"query": fold(picks[6][1]), "type": "Person"}
        q["q7"] = {"query": "Ambassador " + picks[7][1].split()[-1], "type": "Person"}
        q["q8"] = {"query": countries[(7 * b) % len(countries)]}
        q["q9"] = {"query": f"Nobody Namedlike{b}", "type": "Person", "properties": [{"pid": "country", "v": "Mexico"}]}
        batches.append(q)
    return batches


def time_reconcile(output: Path, batches: int = 5, repeat: int = 5) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from diplograph.web.app import build_dataset, create_app
    from diplograph.web.reconcile import TYPES, Reconciler

    t0 = time.perf_counter()
    ds = build_dataset(output)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ds.warm()  # the site's resource index and search table, which `serve` computes at startup anyway
    site_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    app = create_app(dataset=ds, warm=True)  # builds the reconciliation name index
    index_s = time.perf_counter() - t0
    client = TestClient(app)
    # the batches are picked with a separate Reconciler, so that the app's caches stay cold
    picked = make_batches(Reconciler(ds), batches)

    cpu: list[float] = []

    def run(batch: dict) -> tuple[float, dict]:
        t, c = time.perf_counter(), time.process_time()
        r = client.post("/reconcile", data={"queries": json.dumps(batch)})
        ms = (time.perf_counter() - t) * 1000
        cpu.append((time.process_time() - c) * 1000)
        r.raise_for_status()
        return ms, r.json()

    cold, matched = [], 0
    for batch in picked:
        ms, data = run(batch)
        cold.append(ms)
        matched += sum(1 for k in ("q0", "q1", "q2", "q3", "q4", "q5") if any(c["match"] for c in data[k]["result"]))
    cold_cpu = list(cpu)
    warm = [run(picked[0])[0] for _ in range(repeat)]
    entities = sum(1 for kind, _ in ds.index.values() if kind in TYPES)
    return {"entities": entities, "load_s": round(load_s, 2), "site_index_s": round(site_s, 2),
            "reconcile_index_s": round(index_s, 2),
            "batches": len(picked), "queries_per_batch": 10,
            "cold_ms": [round(x, 1) for x in cold], "cold_median_ms": round(statistics.median(cold), 1),
            "cold_max_ms": round(max(cold), 1), "cold_cpu_ms": [round(x, 1) for x in cold_cpu], "warm_median_ms": round(statistics.median(warm), 1),
            "matched_of_named": f"{matched}/{6 * len(picked)}"}


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    opts = {"batches": 5, "repeat": 5}
    for key in opts:
        if f"--{key}" in argv:
            value = argv[argv.index(f"--{key}") + 1]
            opts[key] = int(value)
            args.remove(value)
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(time_reconcile(Path(args[0]), **opts), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
