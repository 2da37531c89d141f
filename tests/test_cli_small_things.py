"""Small things users hit: validate --warnings, the build's link digest, --workers' default,
shell completion of query names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.cli.build import link_digest


def test_validate_lists_the_warnings_build_only_counts(repo):
    r = CliRunner().invoke(cli, ["validate", str(repo / "output" / "dataset.ttl"), "--warnings", "--limit", "3"])
    assert r.exit_code == 0, r.output
    head = r.stdout.splitlines()[0]
    total = int(head.split()[0])
    assert head.endswith("warning(s):") and total > 0
    focus = [line for line in r.stdout.splitlines() if line.strip().startswith("<")]
    assert len(focus) == min(3, total) and all(f.strip().startswith("<https://") for f in focus)
    assert f"conforms ({total} warnings)" in r.stderr


def test_build_digest_counts_unlinked_entities_instead_of_listing_them():
    lines = ["linked 3, unlinked 40, ambiguous 1"] + [f'  unlinked: topic t{i} "T{i}"' for i in range(30)] \
        + [f'  unlinked: person p{i} "P{i}"' for i in range(10)] + ['  ambiguous: person a "A"', "  problem: x"]
    out = link_digest(lines)
    assert len(out) == 4 and out[0] == lines[0]
    assert "unlinked by kind: topic 30, person 10" in out[1] and "35 more" in out[1] and "links --unlinked" in out[1]
    assert out[2:] == ['  ambiguous: person a "A"', "  problem: x"]


def test_workers_default_to_the_machines_cores():
    r = CliRunner().invoke(cli, ["build", "--help"])
    assert "default: the machine's cores" in " ".join(r.output.split())


def test_shell_completion_offers_query_names(tmp_path):
    env = {**os.environ, "COMP_WORDS": "diplograph query cq0", "COMP_CWORD": "2",
           "_DIPLOGRAPH_COMPLETE": "bash_complete"}
    script = Path(sys.executable).parent / "diplograph"  # the installed command: completion keys on its name
    if not script.is_file():
        pytest.skip("the diplograph script is not installed beside this Python")
    r = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    names = [line.split(",", 1)[1] for line in r.stdout.splitlines()]
    assert "cq01-meeting" in names and all(n.startswith("cq0") for n in names)
