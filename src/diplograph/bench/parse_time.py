"""The statistical parse alone, timed on the bench's documents: spaCy's `nlp.pipe` over the same
blocks the build parses (page furniture left out, one line a block), with the same pipeline (role
titles as an entity ruler) and the same number of worker processes, no cache. The build's own
figure is compared with it: extraction on a parse cannot be faster than the parse."""

from __future__ import annotations

import time
from pathlib import Path

_STATE: dict = {}


def _init(root: str) -> None:
    from diplograph.extract.context import Tables
    from diplograph.project import Project
    from diplograph.text.parse import load_pipeline

    tables = Tables.load(Project(Path(root)).data_dir)
    titles = tuple(sorted({f for r in tables.roles for f in r.forms}))
    _STATE.update(tables=tables, nlp=load_pipeline(titles))


def _parse_chunk(paths: list[str]) -> int:
    from diplograph.text.furniture import find_furniture
    from diplograph.text.segment import blocks

    nlp, tables = _STATE["nlp"], _STATE["tables"]
    words = 0
    for p in paths:
        text = Path(p).read_text(encoding="utf-8")
        pieces = [text[b.span.start:b.span.end] for b in blocks(text, find_furniture(text, tables.furniture))]
        for doc in nlp.pipe(pieces, batch_size=64):
            words += len(doc)
    return words


def time_parse_alone(seeds: Path, root: Path, workers: int = 1) -> dict:
    """Seconds spaCy takes to parse every document of `seeds` (loading the pipeline not counted)."""
    paths = [str(p) for p in sorted(Path(seeds).glob("*.txt"))]
    chunks = [paths[i::max(1, workers) * 8] for i in range(max(1, workers) * 8)]
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(str(root),)) as pool:
            list(pool.map(_wait_ready, range(workers)))  # pipelines loaded before the clock starts
            t0 = time.perf_counter()
            words = sum(pool.map(_parse_chunk, chunks))
            wall = time.perf_counter() - t0
    else:
        _init(str(root))
        t0 = time.perf_counter()
        words = sum(_parse_chunk(c) for c in chunks)
        wall = time.perf_counter() - t0
    return {"parse_alone_s": round(wall, 2), "tokens": words,
            "tokens_per_s": round(words / wall) if wall else None}


def _wait_ready(_i: int) -> bool:
    time.sleep(0.2)  # every worker runs its initializer before the timed work is handed out
    return "nlp" in _STATE
