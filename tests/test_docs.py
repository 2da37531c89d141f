"""README and --help stay in sync: every command is documented and its documented options exist."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert "make build" in head and "make test" in head


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_and_has_help(name):
    assert f"diplograph {name}" in README, f"`diplograph {name}` is not documented in README.md"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert cli.commands[name].help, f"{name} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_options_named_in_the_readme_exist(name):
    help_text = CliRunner().invoke(cli, [name, "--help"]).output
    for line in README.splitlines():
        m = re.match(rf"^\| `diplograph {re.escape(name)}( [^`]*)?`", line)
        if not m:
            continue
        for option in re.findall(r"(--[a-z][a-z-]+)", m.group(0)):
            assert option in help_text, f"README documents {option} for `{name}`, but --help does not list it"


def test_exit_codes_documented_in_cli_help():
    top = " ".join(CliRunner().invoke(cli, ["--help"]).output.split())
    for code in ["0 ok", "1 data does not conform", "3 bad", "4 a remote"]:
        assert code in top
        assert code.split(" ", 1)[0] in README


def test_documented_docs_exist():
    for link in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (REPO / link).exists(), link
