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


def test_parallel_build_after_a_serial_one_uses_its_own_shapes(tmp_path):
    """Regression (surfaced when --workers began to default to the cores): a serial build kept its
    shapes in the process, and the workers a later parallel build forked validated with them."""
    from tests.conftest import make_project
    from tests.test_bad_input import GOOD_META, GOOD_TEXT
    from tests.test_gate import ONLY_ACCRA

    other = GOOD_TEXT.replace("Ghana", "Peru").replace("Kofi Boateng", "Ana Quispe").replace("Accra", "Lima")
    seeds = {"001_accra": (GOOD_TEXT, GOOD_META), "002_lima": (other, GOOD_META.replace("Ghana", "Peru"))}
    first = make_project(tmp_path / "first", seeds)
    strict = make_project(tmp_path / "strict", seeds, shapes_extra=ONLY_ACCRA)
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", "-j", "1", "--no-cache", "--quiet", "--output", str(tmp_path / "o1")],
                       env={"DIPLOGRAPH_PROJECT": str(first.root)})
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["build", "-j", "2", "--no-cache", "--quiet", "--output", str(tmp_path / "o2")],
                        env={"DIPLOGRAPH_PROJECT": str(strict.root)})
    assert bad.exit_code == 1 and "not in Accra" in bad.output
