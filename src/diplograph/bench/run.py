"""`diplograph bench`: time the full build of a synthetic corpus, an incremental rebuild after editing
one document, and the naive baseline on the same documents, in one run."""

from __future__ import annotations

import json
import multiprocessing
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from diplograph.bench.corpus import generate

KEYS = ("docs", "triples", "wall_s", "docs_per_s", "peak_rss_mb", "stage_s", "parse_alone_s", "rest_s",
        "build_vs_parse_alone", "baseline_wall_s", "speedup_vs_baseline", "incremental_s")
# Above this many documents the baseline runs on an evenly spread sample and is scaled up (its cost
# is at least linear in the documents: whole-graph SHACL and one Turtle serialization).
BASELINE_MAX_DOCS = 1000


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus the largest finished child (ru_maxrss, KiB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + kids) / 1024, 1)


def edit_one(seeds: Path) -> Path:
    """Change one sentence of the middle document (what an archivist's correction looks like)."""
    texts = sorted(seeds.glob("*.txt"))
    path = texts[len(texts) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nThis text was corrected after publication.\n", encoding="utf-8")
    return path


def _baseline_child(seeds: str, out: str, conn) -> None:
    from diplograph.bench.baseline import run_baseline

    try:
        conn.send(run_baseline(Path(seeds), Path(out)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    conn.close()


def _run_baseline_isolated(seeds: Path, out: Path) -> dict:
    """The baseline in its own process, so its memory does not count in the build's peak RSS."""
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_baseline_child, args=(str(seeds), str(out), child))
    proc.start()
    child.close()
    result = parent.recv()
    proc.join()
    if "error" in result:
        raise RuntimeError(f"baseline failed: {result['error']}")
    return result


def run_bench(n: int, *, seed: int = 0, workers: int = 1, keep: Path | None = None, skip_baseline: bool = False,
              baseline_max_docs: int = BASELINE_MAX_DOCS, queries: bool = True,
              progress: Callable[[str], None] = lambda m: None) -> dict:
    from diplograph.build import build

    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    try:
        seeds = work / "seeds"
        if seeds.exists():
            shutil.rmtree(seeds)
        for old in ("output", "cache", "baseline", "baseline-seeds", "store"):
            shutil.rmtree(work / old, ignore_errors=True)
        progress(f"generating {n} documents (seed {seed}) in {seeds}")
        generate(seeds, n, seed)
        progress(f"full build ({workers} worker{'s' if workers > 1 else ''}, cold cache)")
        t0 = time.perf_counter()
        res = build(seeds=seeds, output=work / "output", cache_dir=work / "cache", workers=workers)
        wall = time.perf_counter() - t0
        progress(f"  {wall:.1f} s, {res.triples} triples; stages: "
                 + ", ".join(f"{k} {v:.1f} s" for k, v in res.stage_s.items()))
        edited = edit_one(seeds)
        progress(f"incremental rebuild after editing {edited.name}")
        t0 = time.perf_counter()
        inc = build(seeds=seeds, output=work / "output", cache_dir=work / "cache", workers=workers)
        incremental = time.perf_counter() - t0
        progress(f"  {incremental:.1f} s; stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in inc.stage_s.items())
                 + f"; {inc.stats}")
        peak = peak_rss_mb()
        out = {"docs": len(res.documents), "triples": res.triples, "wall_s": round(wall, 2),
               "docs_per_s": round(len(res.documents) / wall, 2), "peak_rss_mb": peak,
               "stage_s": {k: round(res.stage_s.get(k, 0.0), 2) for k in ("map", "link", "validate", "export")},
               "baseline_wall_s": None, "speedup_vs_baseline": None, "incremental_s": round(incremental, 2)}
        # The parse alone on the same texts, same workers: the floor of a build that extracts on it.
        from diplograph.bench.parse_time import time_parse_alone
        from diplograph.project import Project

        progress(f"spaCy nlp.pipe alone on the same blocks ({workers} worker{'s' if workers > 1 else ''}, no cache)")
        pa = time_parse_alone(seeds, Project.discover().root, workers)
        out["parse_alone_s"] = pa["parse_alone_s"]
        out["parse_tokens_per_s"] = pa["tokens_per_s"]
        out["rest_s"] = round(max(0.0, wall - pa["parse_alone_s"]), 2)
        out["build_vs_parse_alone"] = round(wall / pa["parse_alone_s"], 2) if pa["parse_alone_s"] else None
        progress(f"  {pa['parse_alone_s']:.1f} s ({pa['tokens_per_s']} tokens/s); full build is "
                 f"{out['build_vs_parse_alone']}x the parse alone")
        if queries:
            # Measured after peak RSS was taken: the store is not part of the build.
            from diplograph.bench.queries import time_queries

            progress("named queries on an embedded store of the output (bulk load; median of 5 runs each)")
            q = time_queries(work / "output", work / "store", repeat=5, bulk=True, progress=progress)
            out["query_load_s"] = q["load_s"]
            out["query_params"] = q["params"]
            out["query_ms"] = {name: r.get("median_ms") for name, r in q["queries"].items()}
            timed = [v for v in out["query_ms"].values() if v is not None]
            progress(f"  load {q['load_s']:.1f} s; median of medians {sorted(timed)[len(timed) // 2] if timed else '-'} ms, "
                     f"slowest {max(timed) if timed else '-'} ms")
        if not skip_baseline:
            base_seeds = seeds
            texts = sorted(seeds.glob("*.txt"))
            sample = len(texts)
            if len(texts) > baseline_max_docs:
                # The same edit as the build saw; an evenly spread sample of the documents.
                sample = baseline_max_docs
                base_seeds = work / "baseline-seeds"
                base_seeds.mkdir()
                step = len(texts) / sample
                for i in range(sample):
                    t = texts[int(i * step)]
                    for p in (t, t.with_name(t.stem + ".meta.yaml")):
                        shutil.copy2(p, base_seeds / p.name)
            progress(f"naive baseline (one rdflib Graph, whole-graph pySHACL, rdflib Turtle) on {sample} documents")
            b = _run_baseline_isolated(base_seeds, work / "baseline" / "dataset.ttl")
            bwall = b["wall_s"]
            if sample < len(texts):
                bwall = bwall * len(texts) / sample
                out["baseline_note"] = (f"baseline run on an evenly spread sample of {sample} of {len(texts)} "
                                        f"documents ({b['wall_s']:.1f} s: map {b['map_s']:.1f}, validate "
                                        f"{b['validate_s']:.1f}, turtle {b['export_s']:.1f}) and scaled linearly; "
                                        f"whole-graph SHACL grows at least linearly, so this underestimates it")
            progress(f"  {b['wall_s']:.1f} s (map {b['map_s']:.1f}, validate {b['validate_s']:.1f}, "
                     f"turtle {b['export_s']:.1f})")
            out["baseline_wall_s"] = round(bwall, 2)
            out["speedup_vs_baseline"] = round(bwall / wall, 2)
        return out
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def render_table(r: dict) -> str:
    rows = [("documents", f"{r['docs']}"), ("triples", f"{r['triples']}"),
            ("full build", f"{r['wall_s']:.2f} s ({r['docs_per_s']:.1f} docs/s)")]
    rows += [(f"  {k}", f"{v:.2f} s") for k, v in r["stage_s"].items()]
    if r.get("parse_alone_s") is not None:
        rows += [("spaCy nlp.pipe alone", f"{r['parse_alone_s']:.2f} s (same texts and workers)"),
                 ("  everything else", f"{r['rest_s']:.2f} s (full build minus the parse alone)"),
                 ("  full build / parse alone", f"{r['build_vs_parse_alone']:.2f}x")]
    rows += [("incremental rebuild", f"{r['incremental_s']:.2f} s"), ("peak RSS", f"{r['peak_rss_mb']:.0f} MB")]
    for name, ms in sorted((r.get("query_ms") or {}).items()):
        rows.append((f"query {name}", "timed out" if ms is None else f"{ms:.1f} ms"))
    if r.get("baseline_wall_s") is not None:
        rows += [("naive baseline", f"{r['baseline_wall_s']:.2f} s" + (" (sampled)" if "baseline_note" in r else "")),
                 ("speedup", f"{r['speedup_vs_baseline']:.1f}x")]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def to_json(r: dict) -> str:
    return json.dumps(r, indent=2)
