"""A CLI that works anywhere: `diplograph init DIR`, the global --project option and
DIPLOGRAPH_PROJECT, and what a command says outside any project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_PROJECT"}


def diplograph(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command in a subprocess, run from `cwd` (outside the checkout)."""
    return subprocess.run([sys.executable, "-m", "diplograph", *args], cwd=cwd, env={**ENV, **(env or {})},
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("args", [["build", "--seeds", "SEEDS", "--output", "out"], ["serve"], ["links"],
                                  ["load"], ["query", "cq03-person-posts"]])
def test_outside_a_project_commands_say_how_to_make_or_name_one(tmp_path, repo, args):
    args = [str(repo / "seeds") if a == "SEEDS" else a for a in args]
    r = diplograph(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "not in a diplograph project" in r.stderr and "diplograph init DIR" in r.stderr
    assert "--project DIR" in r.stderr and "DIPLOGRAPH_PROJECT" in r.stderr
    assert "Traceback" not in r.stderr and "role table missing" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_naming_a_folder_that_is_not_a_project(tmp_path):
    r = diplograph("--project", str(tmp_path), "links", cwd=tmp_path)
    assert r.returncode == 2 and "is not a diplograph project" in r.stderr
    r = diplograph("links", cwd=tmp_path, env={"DIPLOGRAPH_PROJECT": str(tmp_path)})
    assert r.returncode == 2 and "DIPLOGRAPH_PROJECT=" in r.stderr


def test_init_makes_a_project_that_builds_from_anywhere(tmp_path, repo):
    target = tmp_path / "archive"
    r = diplograph("init", str(target), "--with-seeds", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for name in ("seeds", "mappings/data/roles.csv", "mappings/joint_statement.py", "ontology/diplograph.ttl",
                 "shapes/diplograph.shapes.ttl", "README.md"):
        assert (target / name).exists(), name
    assert not list(target.rglob("__pycache__"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = diplograph("--project", str(target), "build", "--quiet", cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    # the same seeds, mappings and tables: the same publication as the checkout's
    ours = json.loads((repo / "output" / "manifest.json").read_text())
    theirs = json.loads((target / "output" / "manifest.json").read_text())
    assert theirs["graphs"] == ours["graphs"] and theirs["triples"] == ours["triples"]
    # DIPLOGRAPH_PROJECT names it too
    r = diplograph("links", "--unlinked", cwd=elsewhere, env={"DIPLOGRAPH_PROJECT": str(target)})
    assert r.returncode == 0, r.stderr
    # and init refuses a folder with something in it
    r = diplograph("init", str(target), cwd=elsewhere)
    assert r.returncode == 2 and "not an empty folder" in r.stderr


def test_an_empty_project_says_what_to_put_in_seeds(tmp_path):
    target = tmp_path / "new"
    assert diplograph("init", str(target), "--quiet", cwd=tmp_path).returncode == 0
    r = diplograph("build", cwd=target)
    assert r.returncode == 3 and "no *.txt documents" in r.stderr
