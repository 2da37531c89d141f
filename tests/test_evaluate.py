"""`diplograph evaluate`: exact figures on a build written by hand, the build path, bad gold files,
and agreement with the development set's own scorer (when ../shared/devset is there)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplograph.build import build
from diplograph.cli import cli
from diplograph.evaluate import evaluate
from diplograph.scoring import CATEGORIES, dates_agree, same_person, same_post
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "evaluate"
DOCS, GOLD, SCORED = DATA / "docs", DATA / "gold", DATA / "scored-build"
DEVSET = REPO.parent / "shared" / "devset"
TALKS, LETTER = "01_valdoria-meridia-talks", "02_ferry-links-letter"

# [found, gold, right, output] per category, worked out by hand from the gold file and the graph
EXPECTED = {
    TALKS: {"persons": [2, 2, 3, 4], "posts": [2, 3, 2, 3], "dated posts": [1, 2, 0, 0], "events": [1, 2, 1, 2],
            "quotations": [1, 1, 1, 2], "metadata": [2, 2, 2, 2]},
    LETTER: {"persons": [0, 1, 0, 0], "posts": [0, 0, 0, 0], "dated posts": [0, 0, 0, 0], "events": [0, 0, 0, 0],
             "quotations": [0, 0, 0, 0], "metadata": [0, 3, 0, 3]},
}


def run(*args):
    return CliRunner().invoke(cli, ["evaluate", *map(str, args)])


def test_hand_written_build_scores_exactly():
    ev = evaluate(DOCS, output=SCORED)
    assert [d.stem for d in ev.documents] == [TALKS, LETTER]
    for d in ev.documents:
        assert {c: d.tallies[c].as_list() for c in CATEGORIES} == EXPECTED[d.stem], d.stem
    assert [d.has_graph for d in ev.documents] == [True, False]
    totals = ev.totals()
    assert totals["all"].as_list() == [9, 16, 9, 16]  # precision leaves dated posts out
    assert totals["persons"].as_list() == [2, 3, 3, 4]


def test_gold_folder_defaults_to_the_sibling_of_docs():
    assert run(DOCS, "--output", SCORED, "--json").exit_code == 0
    assert run(DOCS, "--output", SCORED, "--gold", GOLD, "--json").output == \
        run(DOCS, "--output", SCORED, "--json").output


def test_json_figures():
    result = run(DOCS, "--output", SCORED, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["categories"]["all"] == {"found": 9, "gold": 16, "right": 9, "output": 16,
                                         "recall": 0.5625, "precision": 0.5625}
    assert data["categories"]["quotations"]["precision"] == 0.5
    assert data["categories"]["dated posts"]["precision"] is None
    assert [d["stem"] for d in data["documents"]] == [TALKS, LETTER]
    assert data["documents"][1]["has_graph"] is False
    assert "details" not in data


def test_text_table_and_summary():
    result = run(DOCS, "--output", SCORED, "--per-doc")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    talks = next(line for line in lines if line.startswith(TALKS)).split()
    assert talks[1:] == ["2/2", "2/3", "1/2", "1/2", "1/1", "2/2", "9/13"]
    assert re.search(r"^all\s+9/16 \(56%\)\s+9/16 \(56%\)$", result.output, re.M)
    assert re.search(r"^dated posts\s+1/2 \(50%\)\s+–$", result.output, re.M)
    assert f"no graph for 1: {LETTER}" in result.output
    assert TALKS not in run(DOCS, "--output", SCORED).output  # the table only with --per-doc


def test_doc_lists_missed_and_wrong_with_the_source_sentence():
    result = run(DOCS, "--output", SCORED, "--doc", TALKS)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "missed  Tobias Renwick: Ambassador of Meridia to Valdoria\n" in out
    assert "missed  Tobias Renwick: Ambassador of Meridia to Valdoria, from 2015 (post not found)" in out
    assert "missed  --06-04: Next meeting of the ministers" in out
    assert "wrong   Port Selva\n          in: \u201cForeign Minister Amara Quellin of Valdoria met" in out
    assert "wrong   Amara Quellin: Secretary of Rivers" in out
    assert "wrong   2024-06-05: Next meeting\n          in: \u201cThe ministers agreed to meet again on 4 June" in out
    assert "wrong   Tobias Renwick: \u201cThe ministers agreed to meet again\u201d" in out
    assert "Lena Marsh" not in out  # an optional gold person: found, and no error
    assert re.search(r"^all\s+9/12 \(75%\)\s+9/13 \(69%\)$", out, re.M)  # this document only
    data = json.loads(run(DOCS, "--output", SCORED, "--doc", TALKS, "--json").stdout)
    assert len(data["documents"]) == 1
    assert {"category": "posts", "item": "Tobias Renwick: Ambassador of Meridia to Valdoria"} in data["details"]["missed"]
    wrong = {i["item"]: i["sentence"] for i in data["details"]["wrong"]}
    assert wrong["Port Selva"].startswith("Foreign Minister Amara Quellin")
    assert wrong["Amara Quellin: Secretary of Rivers"].startswith("Ms. Quellin")


def test_doc_without_a_graph_lists_what_it_lacks():
    out = run(DOCS, "--output", SCORED, "--doc", LETTER).output
    assert "missed  Corin Vale" in out
    assert "missed  author: Corin Vale" in out and "wrong   author: none in the output" in out


def test_evaluate_builds_docs_dir_when_no_output_is_given(tmp_path):
    """Whatever the mappings find today: the temporary build scores as the same build made apart."""
    built = run(DOCS, "--json", "--quiet", "--no-cache")
    assert built.exit_code == 0, built.output
    out = tmp_path / "out"
    build(seeds=DOCS, output=out, keep_going=True, use_cache=False)
    apart = run(DOCS, "--output", out, "--json")
    assert json.loads(built.stdout)["categories"] == json.loads(apart.stdout)["categories"]
    assert json.loads(built.stdout)["categories"]["all"]["gold"] == 16


def test_matching_rules():
    assert same_person({"name": "Amara Quellin"}, "Foreign Minister Amara Quellin")
    assert not same_person({"name": "Amara Quellin"}, "Quellin")
    assert same_person({"name": "Amara Quellin", "aliases": ["Ms. Quellin"]}, "Quellin")
    assert same_post("Minister of Trade", "Minister for Trade")
    assert not same_post("Minister of Trade", "Secretary of Rivers")
    assert dates_agree("--06-04", "2024-06-04") and not dates_agree("--06-04", "2024-06-05")
    assert dates_agree("2024", "2024-03-12") and dates_agree("2024-03-12", "2024")


# --- bad input ---------------------------------------------------------------------------------

BAD_GOLD = {
    "malformed-yaml": ('doc: x\ndocument_metadata:\n  title: "unclosed\n  date: "2024-01-01"\n', 3, "malformed YAML"),
    "unknown-key": ("doc: x\nentites: []\n", 2, "unknown key 'entites'"),
    "no-starts": ("quotations:\n  - speaker: Amara Quellin\n", 2, "quotations[0] has no starts"),
    "not-a-list": ("entities:\n  name: Amara Quellin\n", 2, "entities must be a list"),
    "role-not-text": ("entities:\n  - name: Amara Quellin\n    type: Person\n    positions:\n      - role: [a, b]\n",
                      5, "role must be a string"),
    "no-name": ("entities:\n  - type: Person\n", 2, "entities[0] has no name"),
    "not-a-mapping": ("- just\n- a list\n", 1, "the gold file must be a mapping"),
    "not-utf8": (b"doc: x\nnotes: caf\xe9\n", 2, "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_GOLD))
def test_bad_gold_file_exits_3_naming_file_and_line(tmp_path, case):
    text, line, message = BAD_GOLD[case]
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    bad = gold / f"{TALKS}.gold.yaml"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = run(DOCS, "--output", SCORED, "--gold", gold)
    assert result.exit_code == 3, result.output
    assert f"{bad}:{line}: " in result.output and message in result.output
    assert "Traceback" not in result.output


def test_bad_gold_is_reported_before_building(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{TALKS}.gold.yaml").write_text("events: {}\n", encoding="utf-8")
    result = run(DOCS, "--gold", gold)
    assert result.exit_code == 3 and "events must be a list" in result.output


def test_malformed_sidecar_exits_3_naming_file_and_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    (docs / f"{TALKS}.meta.yaml").write_text('genre: joint-statement\ntitle: "unclosed\n', encoding="utf-8")
    result = run(docs, "--output", SCORED, "--gold", GOLD)
    assert result.exit_code == 3, result.output
    assert f"{TALKS}.meta.yaml:2: malformed YAML" in result.output


def test_bad_rdf_in_the_build_exits_3(tmp_path):
    out = tmp_path / "out"
    (out / "graphs").mkdir(parents=True)
    (out / "graphs" / f"{TALKS}.ttl").write_text("@prefix s: <https://schema.org/> .\ns:a s:b s:c .\ns:a = s:c .\n")
    result = run(DOCS, "--output", out)
    assert result.exit_code == 3, result.output
    assert f"{TALKS}.ttl:3: not valid RDF" in result.output


def test_missing_gold_folder_or_document_is_a_bad_invocation(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    result = run(docs, "--output", SCORED)
    assert result.exit_code == 2 and "no gold folder" in result.output
    result = run(DOCS, "--output", SCORED, "--doc", "03_nothing")
    assert result.exit_code == 2 and f"no gold file for document '03_nothing'; there are: {TALKS}" in result.output


def test_empty_build_folder_has_nothing_to_score(tmp_path):
    result = run(DOCS, "--output", tmp_path)
    assert result.exit_code == 3 and "nothing to score" in result.output


# --- agreement with the development set's scorer ------------------------------------------------

def _score_py(out_dir: Path, gold_dir: Path) -> tuple[dict, dict]:
    """Per-document recall cells and the category totals printed by ../shared/devset/score.py."""
    proc = subprocess.run([sys.executable, str(DEVSET / "score.py"), str(out_dir), str(gold_dir), "--per-doc"],
                          capture_output=True, text=True, check=True)
    rows, totals = {}, {}
    for line in proc.stdout.splitlines():
        if m := re.match(r"^(dated posts|[a-z]+): recall (\d+)/(\d+) .*, precision (\d+)/(\d+)", line):
            totals[m.group(1)] = [int(x) for x in m.groups()[1:]]
        elif m := re.match(r"^score: recall \S+ \((\d+)/(\d+)\), precision \S+ \((\d+)/(\d+)\)", line):
            totals["all"] = [int(x) for x in m.groups()]
        elif re.search(r"\d+/\d+\s*$", line):
            cells = re.findall(r"(\d+)/(\d+)", line)
            rows[line[:44].rstrip()] = [[int(a), int(b)] for a, b in cells]
    return rows, totals


def _assert_agrees(docs: Path, gold: Path, out: Path) -> None:
    rows, totals = _score_py(out, gold)
    data = json.loads(run(docs, "--output", out, "--gold", gold, "--json").stdout)
    ours = {c: [v["found"], v["gold"], v["right"], v["output"]] for c, v in data["categories"].items()}
    assert ours == totals
    assert {d["stem"][:44]: [[d["categories"][c]["found"], d["categories"][c]["gold"]] for c in CATEGORIES]
            for d in data["documents"]} == rows


needs_devset = pytest.mark.skipif(not (DEVSET / "score.py").is_file(), reason="../shared/devset is not here")


@needs_devset
def test_agrees_with_score_py_on_the_hand_written_build():
    _assert_agrees(DOCS, GOLD, SCORED)


@needs_devset
def test_agrees_with_score_py_on_the_devset(tmp_path):
    out = tmp_path / "out"
    build(seeds=DEVSET / "docs", output=out, keep_going=True, cache_dir=tmp_path / "cache")
    _assert_agrees(DEVSET / "docs", DEVSET / "gold", out)
