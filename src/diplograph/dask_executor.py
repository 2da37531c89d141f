"""The build's tasks on a Dask distributed cluster (`build --scheduler tcp://HOST:8786 | local:N`).

Each worker needs the same diplograph installed (checked at the start: version and toolkit hash);
the project's mappings, data tables, shapes and ontology are sent to every worker, and to every
worker that joins later, by a worker plugin, so no shared filesystem is needed: tasks get the
documents' bytes in their arguments and send their results (pickled Extractions, document-graph
files, shared-block Turtle and SHACL results) back through Dask. A worker that dies mid-build has
its tasks rerun elsewhere by the scheduler (every task is a pure function of its arguments and
writes only to a private temp folder), so the output is complete and the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from collections import deque
from pathlib import Path

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from diplograph.errors import InputError, RemoteError
from diplograph.executor import Executor, chunksize, worker_init
from diplograph.project import Project

PLUGIN = "diplograph-project"
WAIT_FOR_WORKERS_S = 300
BUNDLED = ("mappings", "ontology", "shapes")  # what a task reads of the project, besides the code


def project_bundle(project: Project) -> dict[str, bytes]:
    """relative path → bytes of every file of the project that tasks read."""
    out: dict[str, bytes] = {}
    for top in BUNDLED:
        for path in sorted((project.root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out[path.relative_to(project.root).as_posix()] = path.read_bytes()
    return out


def install_bundle(bundle: dict[str, bytes]) -> str:
    """Write the bundle into a folder of this machine (once per content) and work for it."""
    digest = hashlib.sha256(b"".join(k.encode() + b"\0" + v for k, v in sorted(bundle.items()))).hexdigest()[:16]
    root = Path(tempfile.gettempdir()) / f"diplograph-project-{digest}"
    if not (root / ".complete").exists():
        for rel, data in bundle.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (root / ".complete").write_text("ok\n")
    worker_init(str(root))
    return str(root)


class ProjectPlugin(WorkerPlugin):
    def __init__(self, bundle: dict[str, bytes]):
        self.bundle = bundle

    def setup(self, worker) -> None:
        install_bundle(self.bundle)


def fingerprint() -> tuple[str, str]:
    from diplograph import __version__
    from diplograph.cache import toolkit_hash

    return __version__, toolkit_hash()


def _run_batch(fn, items: list) -> list:
    return [fn(item) for item in items]


class DaskExecutor(Executor):
    shared_fs = False

    def __init__(self, address: str, project: Project, connect_timeout: float | None = None):
        import dask

        # Dask's own setting (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s), 30 s by default.
        from dask.utils import parse_timedelta

        connect_timeout = parse_timedelta(connect_timeout or dask.config.get("distributed.comm.timeouts.connect"))
        self.cluster = None
        try:
            if address.startswith("local:"):
                try:
                    n = int(address.split(":", 1)[1])
                except ValueError:
                    n = 0
                if n < 1:
                    raise InputError(f"--scheduler {address!r}: local:N needs N ≥ 1 worker processes")
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            elif address.startswith(("tcp://", "tls://", "ws://", "wss://")):
                self.client = Client(address, timeout=connect_timeout)
            else:
                raise InputError(f"--scheduler {address!r}: give tcp://HOST:PORT or local:N")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise RemoteError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)  # batch jobs may start late
            self.client.register_plugin(ProjectPlugin(project_bundle(project)), name=PLUGIN)
            prints = self.client.run(fingerprint)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise RemoteError(f"the Dask cluster at {address} has no usable worker: {exc}") from exc
        mine = fingerprint()
        wrong = sorted(w for w, fp in prints.items() if tuple(fp) != mine)
        if wrong:
            self.close()
            raise RemoteError(f"Dask workers {', '.join(wrong)} run another diplograph version or code than this "
                              f"one ({mine[0]}); install the same version everywhere")
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) else self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))
        self.name = f"Dask at {address} ({self.workers} worker threads)"

    def map(self, fn, items, most=16, n=None):
        if n is None:
            items = list(items)
            n = len(items)
        size = chunksize(n, self.workers, most)
        source = iter(items)

        def batches():
            while True:
                batch = list(itertools.islice(source, size))
                if not batch:
                    return
                yield batch
        window = 4 * self.workers  # batches in flight: keeps every worker busy, bounds what waits here
        pending: deque = deque()
        todo = batches()
        for batch in todo:
            pending.append(self.client.submit(_run_batch, fn, batch, pure=False))
            if len(pending) >= window:
                break
        while pending:
            future = pending.popleft()
            results = future.result()
            future.release()
            batch = next(todo, None)
            if batch is not None:
                pending.append(self.client.submit(_run_batch, fn, batch, pure=False))
            yield from results

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def _takes_n_workers(client) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters
