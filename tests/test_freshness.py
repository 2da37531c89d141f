"""No stale answers: `query` warns when its store holds an older build than the output folder,
`serve` warns when its output is rebuilt, and `serve --reload` picks up a rebuild without a restart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from test_site import free_port
from test_web import write_fixture
from tests.oxigraph_server import write_output


def rebuild(out: Path, old: str | None, new: str) -> None:
    """What a build does to the output folder: a new folder swapped in whole, a new manifest (and,
    given `old`, that text replaced by `new` in the data)."""
    fresh = out.parent / (out.name + ".new")
    shutil.copytree(out, fresh)
    for f in [fresh / "dataset.ttl", fresh / "dataset.nq", *(fresh / "graphs").glob("*.ttl")] if old else []:
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    manifest = json.loads((fresh / "manifest.json").read_text())
    manifest["rebuilt"] = new
    (fresh / "manifest.json").write_text(json.dumps(manifest))
    gone = out.parent / (out.name + ".old")
    os.replace(out, gone)
    os.replace(fresh, out)
    shutil.rmtree(gone)


def test_query_warns_when_the_store_is_older_than_the_last_build(tmp_path):
    out = write_output(tmp_path / "output")
    store = tmp_path / "store"
    r = CliRunner().invoke(cli, ["load", "--store", str(store), "--input", str(out), "--quiet"])
    assert r.exit_code == 0, r.output
    args = ["query", "graph-counts", "--store", str(store), "--format", "csv"]
    assert "older build" not in CliRunner().invoke(cli, args).stderr
    rebuild(out, None, "second build")
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0 and "older build" in r.stderr and "diplograph load" in r.stderr
    CliRunner().invoke(cli, ["load", "--store", str(store), "--input", str(out), "--quiet"])
    assert "older build" not in CliRunner().invoke(cli, args).stderr


class Serving:
    def __init__(self, out: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "diplograph", "serve", "--port", str(self.port), "--input",
                                      str(out), "--ontology", str(out.parent / "ontology.ttl"), *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, self.proc.stdout.read()
            try:
                httpx.get(self.url + "/", timeout=1)
                return
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)

    def wait_for(self, path: str, text: str, seconds: float = 20) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in httpx.get(self.url + path, timeout=5).text:
                return True
            time.sleep(0.25)
        return False

    def stop(self) -> str:
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate(timeout=10)
        return out


@pytest.mark.server
def test_serve_reload_picks_up_a_rebuild_without_a_restart(tmp_path):
    out = write_fixture(tmp_path / "output")
    live = Serving(out, "--reload")
    try:
        assert "Bob Sample" in httpx.get(live.url + "/id/person/bob-sample").text
        rebuild(out, "Bob Sample", "Bob Rebuilt")
        assert live.wait_for("/id/person/bob-sample", "Bob Rebuilt"), "the rebuild was not picked up"
        assert "Bob Rebuilt" in httpx.get(live.url + "/", params={"q": "rebuilt"}).text  # search too
        sparql = httpx.get(live.url + "/sparql", params={"query": "ASK { ?s ?p \"Bob Rebuilt\" }"},
                           headers={"Accept": "application/sparql-results+json"})
        assert sparql.json()["boolean"] is True
    finally:
        log = live.stop()
    assert "reloaded" in log


@pytest.mark.server
def test_serve_without_reload_warns_that_answers_are_stale(tmp_path):
    out = write_fixture(tmp_path / "output")
    live = Serving(out)
    try:
        rebuild(out, "Bob Sample", "Bob Rebuilt")
        time.sleep(5)  # the manifest is looked at every 2 s
        assert "Bob Sample" in httpx.get(live.url + "/id/person/bob-sample").text  # still the old build
    finally:
        log = live.stop()
    assert "answers are stale" in log and "--reload" in log
