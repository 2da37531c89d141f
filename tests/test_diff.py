"""`diplograph diff`: what changed between two builds."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.diff import diff_outputs
from tests.oxigraph_server import BASE, DOCS, output_dir, write_output  # noqa: F401
from tests.test_store import changed_docs


def test_same_build_has_no_differences(tmp_path, output_dir):
    copy = tmp_path / "copy"
    shutil.copytree(output_dir, copy)
    d = diff_outputs(output_dir, copy)
    assert d.graphs == [] and d.unchanged == len(DOCS) + 1


def test_changed_added_and_removed_graphs(tmp_path, output_dir):
    new_docs = changed_docs()
    del new_docs["doc_c"]
    new_docs["doc_d"] = DOCS["doc_c"].replace("doc_c", "doc_d")
    new = write_output(tmp_path / "new", new_docs)
    d = diff_outputs(output_dir, new)
    status = {g.graph.rsplit("/", 1)[1]: g.status for g in d.graphs}
    assert status == {"doc_b": "changed", "doc_c": "removed", "doc_d": "added", "void": "changed"}
    doc_b = next(g for g in d.graphs if g.graph == f"{BASE}/graph/doc_b")
    assert any('"Leaders at the UN, changed"' in t for t in doc_b.added)
    assert any('"Leaders at the UN"' in t for t in doc_b.removed)
    assert not set(doc_b.added) & set(doc_b.removed)


def test_cli_text_json_and_stat(tmp_path, output_dir):
    new = write_output(tmp_path / "new", changed_docs())
    runner = CliRunner()
    text = runner.invoke(cli, ["diff", str(output_dir), str(new)])
    assert text.exit_code == 0, text.output
    assert f"@@ changed <{BASE}/graph/doc_b>" in text.stdout
    assert any(line.startswith("+ ") and "changed" in line for line in text.stdout.splitlines())
    assert "2 graph(s) changed, 0 added, 0 removed, 2 unchanged" in text.stderr  # doc_b and the VoID counts
    data = json.loads(runner.invoke(cli, ["diff", str(output_dir), str(new), "--format", "json"]).stdout)
    assert {g["graph"] for g in data["graphs"]} >= {f"{BASE}/graph/doc_b"}
    stat = runner.invoke(cli, ["diff", str(output_dir), str(new), "--stat"])
    assert stat.stdout.startswith("2 graph(s) changed") and "@@" not in stat.stdout


def test_a_missing_or_tampered_output_is_bad_input(tmp_path, output_dir):
    result = CliRunner().invoke(cli, ["diff", str(output_dir), str(tmp_path / "nope")])
    assert result.exit_code == 3 and "nope" in result.stderr
    new = write_output(tmp_path / "new", changed_docs())
    (new / "graphs" / "doc_b.ttl").write_bytes(b"<urn:a> <urn:b> .")
    result = CliRunner().invoke(cli, ["diff", str(output_dir), str(new)])
    assert result.exit_code == 3 and "doc_b.ttl" in result.stderr
