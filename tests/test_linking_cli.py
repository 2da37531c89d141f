"""`diplograph links …` review commands and `diplograph wikidata-export`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.linking import link_extractions
from diplograph.model import Document, Entity, Extraction, Span
from diplograph.project import Project

DATA = Path(__file__).parent / "data" / "linking"


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A project whose output/link-report.json came from link_extractions."""
    for d in ("ontology", "shapes", "mappings/data", "output"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "test-slice.ttl", tmp_path / "mappings/data/wikidata-slice.ttl")
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(tmp_path))
    text = "Enrique Ochoa met Maria Lope in Mexico."

    def build():
        ex = Extraction(Document("d", "d.txt", text, "0" * 64, "opinion"))
        for kind, name, key in (("person", "Enrique Ochoa", "enrique-ochoa"), ("person", "Maria Lope", "maria-lope"),
                                ("country", "Mexico", "mexico")):
            s = text.find(name)
            ex.entities[key] = Entity(kind, name, key, [Span(s, s + len(name))])
        report = link_extractions([ex], Project(tmp_path))
        (tmp_path / "output/link-report.json").write_text(json.dumps(report.to_dict()), encoding="utf-8")
        return ex, report

    return tmp_path, build


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_list_filters(built):
    root, build = built
    build()
    res = run("links")
    assert res.exit_code == 0, res.output
    assert "Enrique Ochoa" in res.output and "sentence: Enrique Ochoa met Maria Lope in Mexico." in res.output
    assert "alternative: Q90000001 Enrique Ochoa Reza" in res.output
    res = run("links", "--unlinked")
    assert "mexico" not in res.output.split("decisions shown")[0].lower().replace("in mexico", "")
    res = run("links", "list", "--below", "0.9", "--input", str(root / "output"))
    assert res.exit_code == 0 and "Q96" not in res.output


def test_accept_reject_set_are_recorded_and_honoured(built):
    root, build = built
    build()
    dec = root / "mappings/data/link-decisions.csv"
    assert run("links", "accept", "maria-lope", "Q90000002").exit_code == 0
    assert run("links", "reject", "Mexico").exit_code == 0
    res = run("links", "set", "enrique-ochoa", "Q90000001")
    assert res.exit_code == 0, res.output
    lines = dec.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "key_or_mention,kind,decision,qid,note"
    assert "maria-lope,person,accept,Q90000002," in lines and "mexico,country,reject,," in lines
    ex, report = build()
    assert ex.entities["maria-lope"].wikidata == "Q90000002"
    assert ex.entities["mexico"].link_status == "rejected"
    assert ex.entities["enrique-ochoa"].wikidata == "Q90000001" and report.problems == []
    # replacing a decision keeps one line per entity
    assert run("links", "reject", "enrique-ochoa").exit_code == 0
    assert sum(line.startswith("enrique-ochoa,") for line in dec.read_text().splitlines()) == 1


def test_set_only_allows_linkable_slice_items_unless_forced(built):
    root, build = built
    build()
    res = run("links", "set", "maria-lope", "Q90000005")
    assert res.exit_code == 2 and "status candidate" in res.output
    res = run("links", "set", "maria-lope", "Q424242")
    assert res.exit_code == 2 and "not in the slice" in res.output
    res = run("links", "set", "maria-lope", "nonsense")
    assert res.exit_code == 2
    res = run("links", "set", "maria-lope", "Q424242", "--force", "--note", "checked by hand")
    assert res.exit_code == 0, res.output
    assert "maria-lope,person,reviewed,Q424242,checked by hand" in (
        root / "mappings/data/link-decisions.csv").read_text()
    ex, _ = build()
    assert ex.entities["maria-lope"].wikidata == "Q424242"


def test_unknown_mention_and_missing_report(built, tmp_path):
    root, build = built
    res = run("links")
    assert res.exit_code == 3 and "link-report.json" in res.output
    build()
    res = run("links", "accept", "Nobody At All")
    assert res.exit_code == 3 and "no entity" in res.output


def test_malformed_decisions_file_is_exit_3_with_line(built):
    root, build = built
    build()
    (root / "mappings/data/link-decisions.csv").write_text(
        "key_or_mention,kind,decision,qid,note\nmexico,country,perhaps,,\n", encoding="utf-8")
    res = run("links", "reject", "mexico")
    assert res.exit_code == 3 and "link-decisions.csv:2:" in res.output


def test_evaluate_prints_precision_and_recall():
    res = run("links", "evaluate")
    assert res.exit_code == 0, res.output
    assert "precision" in res.output and "recall" in res.output and "calibration" in res.output


def test_evaluate_input_reports_coverage_of_a_build(fresh_output):
    """`links evaluate --input DIR`: per kind how many entities carry a verified/likely id, then the
    unlinked ones by the number of documents naming them (issue 14)."""
    res = run("links", "evaluate", "--input", str(fresh_output), "--top", "3")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "link coverage of 3 documents (entities with a verified or likely Wikidata id):"
    kinds = [ln.split()[0] for ln in lines[1:4]]
    assert kinds == ["country", "organization", "person"]
    linked, total = lines[1].split()[1].split("/")
    assert int(linked) == int(total) > 0  # every country the seeds name carries its id
    assert any(ln.startswith("unlinked person entities") for ln in lines)
    unlinked = [ln for ln in lines if ln.startswith("  ") and "(" in ln and "%" not in ln]
    counts = [int(ln.split()[0]) for ln in unlinked]
    assert counts and all(c >= 1 for c in counts)
    assert run("links", "evaluate", "--input", str(fresh_output / "nope")).exit_code == 3


def test_wikidata_export_quickstatements_and_csv(tmp_path, monkeypatch):
    for d in ("ontology", "shapes", "mappings/data", "output"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "test-slice.ttl", tmp_path / "mappings/data/wikidata-slice.ttl")
    shutil.copy(DATA / "dataset-fixture.ttl", tmp_path / "output/dataset.ttl")
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(tmp_path))
    res = CliRunner().invoke(cli, ["wikidata-export", "--retrieved", "2026-11-25", "-q"])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.output.splitlines() if not line.startswith("# QuickStatements")
             and not line.startswith("# One") and not line.startswith("# so") and not line.startswith("# Several")]
    # each term is its own statement with its own P580/P582; the two terms of one position are flagged,
    # because QuickStatements would add the second term's qualifiers to the first statement
    assert ("# Several terms in one position (QuickStatements adds them to one statement; enter them by hand): "
            "Q90000002 P39 Q90000006 x2") in res.output.splitlines()
    src = '\tS854\t"https://example.org/op-ed"\tS813\t+2026-11-25T00:00:00Z/11'
    assert ("Q90000002\tP39\tQ90000006\tP580\t+2019-00-00T00:00:00Z/9\tP582\t+2020-05-00T00:00:00Z/10" + src) in lines
    assert ("Q90000002\tP39\tQ90000006\tP580\t+2023-01-15T00:00:00Z/11" + src) in lines
    assert ("Q90000030\tP710\tQ90000002" + src) in lines
    assert any(line.startswith("# Q90000002\tP39\t?") and "Special Envoy" in line for line in lines)
    assert len(lines) == 4  # nothing for the unlinked person, nothing for the event without a QID
    res = CliRunner().invoke(cli, ["wikidata-export", "--format", "csv", "--retrieved", "2026-11-25", "-q"])
    assert res.output.splitlines()[0] == "subject,property,value,qualifiers,reference_url,retrieved,comment"
    assert len(res.output.splitlines()) == 5
    again = CliRunner().invoke(cli, ["wikidata-export", "--retrieved", "2026-11-25", "-q"])
    assert again.output == CliRunner().invoke(cli, ["wikidata-export", "--retrieved", "2026-11-25", "-q"]).output


def test_wikidata_export_without_dataset_is_exit_3(tmp_path, monkeypatch):
    for d in ("ontology", "shapes", "mappings/data", "output"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(tmp_path))
    res = CliRunner().invoke(cli, ["wikidata-export"])
    assert res.exit_code == 3 and "dataset.ttl" in res.output


def test_set_and_accept_refuse_an_item_of_the_wrong_type(built):
    root, build = built
    build()
    res = run("links", "set", "maria-lope", "Q96")  # a country item for a person
    assert res.exit_code == 2 and "cannot stand for a person" in res.output
    res = run("links", "accept", "maria-lope", "Q96")
    assert res.exit_code == 2 and "cannot stand for a person" in res.output
    assert not (root / "mappings/data/link-decisions.csv").exists()
    res = run("links", "set", "maria-lope", "Q96", "--force")
    assert res.exit_code == 0, res.output
    assert "maria-lope,person,reviewed,Q96," in (root / "mappings/data/link-decisions.csv").read_text()


@pytest.fixture
def seed_project(tmp_path, monkeypatch):
    """A project with one seed document and a published output/ to protect."""
    from tests.conftest import make_project
    from tests.test_bad_input import GOOD_META, GOOD_TEXT

    proj = make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, GOOD_META)})
    monkeypatch.setenv("DIPLOGRAPH_PROJECT", str(proj.root))
    out = proj.root / "output"
    res = run("build", "--seeds", str(proj.seeds), "--output", str(out), "-q")
    assert res.exit_code == 0, res.output
    return proj, out


def _snapshot(out: Path) -> dict:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("bad_line", ["chile,country,set,X123,typo", "chile,country,set,Q12a,", "chile,country,perhaps,,"])
def test_build_stops_on_a_malformed_decisions_line_and_keeps_output(seed_project, bad_line):
    proj, out = seed_project
    before = _snapshot(out)
    (proj.data_dir / "link-decisions.csv").write_text(
        f"key_or_mention,kind,decision,qid,note\nghana,country,reject,,\n{bad_line}\n", encoding="utf-8")
    for quiet in ([], ["-q"]):
        res = run("build", "--seeds", str(proj.seeds), "--output", str(out), "--no-cache", *quiet)
        assert res.exit_code == 3, res.output
        assert "link-decisions.csv:3:" in res.output and "Error:" in res.output
        assert _snapshot(out) == before


def test_stale_decision_is_a_warning_visible_with_quiet(seed_project):
    proj, out = seed_project
    (proj.data_dir / "link-decisions.csv").write_text(
        "key_or_mention,kind,decision,qid,note\nchile,country,reject,,\n"
        "Ernesto Zedillo,person,reject,,no longer in the documents\n", encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["build", "--seeds", str(proj.seeds), "--output", str(out), "--no-cache", "-q"])
    assert res.exit_code == 0, res.output + res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr  # quiet: only the one-line summary
    assert lines[0].startswith("warning: 1 link problem (1 decision matching no entity)")
    assert "mappings/data/link-decisions.csv:3: Ernesto Zedillo" in lines[0]
    report = json.loads((out / "link-report.json").read_text(encoding="utf-8"))
    assert any("link-decisions.csv:3" in p and "matches no entity" in p for p in report["problems"])
    assert next(d for d in report["decisions"] if d["key"] == "chile")["status"] == "rejected"
    # a clean decisions file: nothing at all on stderr with --quiet
    (proj.data_dir / "link-decisions.csv").write_text("key_or_mention,kind,decision,qid,note\n", encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["build", "--seeds", str(proj.seeds), "--output", str(out), "-q"])
    assert res.exit_code == 0 and res.stderr == ""
