"""The build on a Dask distributed cluster: a LocalCluster of two worker processes gives the same
bytes as the local build, through the executor (the workers send their results back; nothing is
written where they run but a private temp folder), and a worker killed mid-build has its tasks
rerun by the scheduler: the output is still complete and identical."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.bench.corpus import generate
from diplograph.build import build
from tests.test_incremental import _diff

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

N = 24


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("dask") / "seeds"
    generate(seeds, N, seed=11)
    return seeds


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory, project) -> Path:
    out = tmp_path_factory.mktemp("dask-local") / "output"
    build(seeds=corpus, output=out, project=project, use_cache=False, workers=1)
    return out


def test_local_cluster_gives_the_local_bytes(corpus, local, tmp_path, project):
    out = tmp_path / "output"
    res = build(seeds=corpus, output=out, project=project, scheduler="local:2", cache_dir=tmp_path / "cache")
    assert res.stats["mapped"] == N and res.stats["rdf_made"] == N
    assert _diff(local, out) == []
    # the cache filled from the results the workers sent back is the one a local rebuild uses
    again = build(seeds=corpus, output=out, project=project, workers=1, cache_dir=tmp_path / "cache")
    assert again.stats["map_cached"] == N and again.stats["rdf_cached"] == N
    assert _diff(local, out) == []


def test_killed_worker_is_retried_and_the_output_is_identical(corpus, local, tmp_path, project):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
        assert len(pids) == 2
        killed: list[int] = []

        def progress(line: str) -> None:
            # the first document is back, the others are still being mapped on both workers
            if line.startswith("mapped ") and not killed:
                os.kill(pids[1], signal.SIGKILL)
                killed.append(pids[1])

        out = tmp_path / "output"
        res = build(seeds=corpus, output=out, project=project, scheduler=cluster.scheduler_address,
                    use_cache=False, progress=progress)
        assert killed
        # tasks the killed worker was running went back to the scheduler and ran again elsewhere
        rerun = client.run_on_scheduler(lambda dask_scheduler: sum(
            1 for t in dask_scheduler.transition_log if t[1] == "processing" and t[2] in ("released", "waiting")))
        assert rerun >= 1
        assert len(res.documents) == N
        assert _diff(local, out) == []
        # the nanny started a fresh worker in place of the killed one
        assert pids[1] not in client.run(os.getpid).values()


def test_unreachable_scheduler_is_exit_4(corpus, tmp_path):
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    proc = subprocess.run([sys.executable, "-m", "diplograph", "build", "--seeds", str(corpus), "--output",
                           str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9", "--quiet"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 4, proc.stderr
    assert "cannot reach the Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_bad_scheduler_address_is_exit_2(corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "diplograph", "build", "--seeds", str(corpus), "--output",
                           str(tmp_path / "out"), "--scheduler", "somewhere"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "tcp://HOST:PORT" in proc.stderr
