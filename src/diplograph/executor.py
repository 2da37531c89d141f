"""Where the per-document work of a build runs: this process, a local process pool, or a Dask cluster.

Every stage that works one document (or one batch of shared blocks) at a time hands a module-level
function and its argument tuples to an `Executor`, which gives the results back in order:

* `InProcess`: a plain loop (one worker, small builds, tests);
* `LocalPool`: a pool of forked processes on this machine (`build --workers N`);
* `diplograph.dask_executor.DaskExecutor`: the workers of a Dask distributed cluster
  (`build --scheduler tcp://HOST:8786`, or `--scheduler local:N` for a LocalCluster).

The output does not depend on which: tasks are pure functions of their arguments (document bytes,
pickled Extractions, entity state, shared-block lines) and of the project's code and tables, and
results are taken in submission order. `shared_fs` says whether the tasks see this machine's files
(the build cache) at the same paths; when they do not, the tasks get everything in their arguments
and send their files back in their results.

The process that runs tasks keeps the project it works for in `WORKER` (set by `worker_init`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from diplograph.project import Project

WORKER: dict = {}


def worker_init(root: str) -> None:
    """Make this process work for the project at `root` (its mappings, tables, shapes, ontology)."""
    _let_ctrl_c_in()  # a pool worker is forked with Ctrl-C held back (LocalPool._fork_workers)
    if WORKER.get("root") == root:
        return
    WORKER.clear()
    WORKER["root"] = root
    WORKER["project"] = Project(Path(root))


def worker_project() -> Project:
    return WORKER["project"]


def worker_tables():
    """The project's data tables, loaded once per process."""
    from diplograph.extract.context import Tables

    if "tables" not in WORKER:
        WORKER["tables"] = Tables.load(worker_project().data_dir)
    return WORKER["tables"]


def chunksize(n_tasks: int, workers: int, most: int = 16) -> int:
    return max(1, min(most, n_tasks // (4 * workers)))


class Executor:
    workers = 1
    shared_fs = True  # the tasks see this machine's files at the same paths
    name = "in-process"

    def map(self, fn: Callable, items: Iterable, most: int = 16, n: int | None = None) -> Iterator:
        """fn(item) for each item, in order; `most`: at most this many items per task; `n`: how many
        items there are when `items` is an iterator (read lazily where the executor can)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcess(Executor):
    def __init__(self, project: Project):
        worker_init(str(project.root))

    def map(self, fn, items, most=16, n=None):
        return map(fn, items)


class LocalPool(Executor):
    """Forked worker processes, started once at the beginning of a build (while this process is still
    small, so the workers do not inherit the whole corpus)."""

    def __init__(self, workers: int, project: Project):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.workers = workers
        self.root = str(project.root)
        self.name = f"{workers} local processes"
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                                        initargs=(str(project.root),))
        self._forked = False

    def _fork_workers(self) -> None:
        """Fork the workers (on first use: a build that needs none forks none, so a rebuild's big
        process is not copied), with Ctrl-C held back until they are: a SIGINT that lands in a
        fork's after-fork handlers is "ignored" by Python, and the build would go on as if not asked
        to stop. Once unblocked, a pending Ctrl-C interrupts the build as anywhere else."""
        if self._forked:
            return
        import signal

        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _SIGMASK else None
        try:
            self.pool.submit(_started).result()
            self._forked = True
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def map(self, fn, items, most=16, n=None):
        items = list(items)
        if len(items) < 2:  # not worth a round trip: run it here, for the same project
            worker_init(self.root)
            return map(fn, items)
        self._fork_workers()
        return self.pool.map(fn, items, chunksize=chunksize(len(items), self.workers, most))

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _started() -> bool:
    return True


_SIGMASK = hasattr(__import__("signal"), "pthread_sigmask")  # not on Windows


def _let_ctrl_c_in() -> None:
    if _SIGMASK:
        import signal

        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_all(executor: Executor | None, project: Project, fn: Callable, items: Iterable, most: int = 16,
            n: int | None = None) -> Iterator:
    """`executor.map`, or a loop in this process when there is none."""
    if executor is None:
        executor = InProcess(project)
    return executor.map(fn, items, most, n)
