"""`diplograph bench` and its synthetic corpus."""

from __future__ import annotations

import csv
import json
import re

from click.testing import CliRunner

from diplograph.bench.corpus import generate
from diplograph.cli import cli
from diplograph.seeds import discover, read_document

KEYS = {"docs", "triples", "wall_s", "docs_per_s", "peak_rss_mb", "stage_s", "baseline_wall_s",
        "speedup_vs_baseline", "incremental_s", "parse_alone_s", "parse_tokens_per_s", "rest_s", "build_vs_parse_alone"}


def test_corpus_is_reproducible_and_realistic(tmp_path, repo):
    a = generate(tmp_path / "a", 30, seed=3)
    b = generate(tmp_path / "b", 30, seed=3)
    c = generate(tmp_path / "c", 30, seed=4)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(p.read_bytes() == q.read_bytes() for p, q in zip(a, b))
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    docs = [read_document(pair) for pair in discover(tmp_path / "a")]
    genres = {d.genre for d in docs}
    assert genres == {"joint-statement", "opinion", "news-profile"}
    js = next(d.text for d in docs if d.genre == "joint-statement")
    assert re.search(r", and .+ met on \d+ [A-Z][a-z]+ \d{4}, in .+, for consultations on ", js)
    np_ = next(d.text for d in docs if d.genre == "news-profile")
    for cue in ("Ambassador to the UN:", "Since:", "Languages:", "Years in the Security Council:",
                "Memberships in Regional Groups:", "told ", "We would love your thoughts"):
        assert cue in np_
    op = next(d.text for d in docs if d.genre == "opinion")
    assert "Photo by " in op and "This article is part of the series" in op and "min read" in op
    # Gazetteer persons with a Wikidata id recur, but most persons are invented.
    rows = list(csv.DictReader((repo / "mappings" / "data" / "gazetteer.csv").open(encoding="utf-8")))
    known = {r["label"] for r in rows if r["kind"] == "person" and r["wikidata_id"]}
    authors = [d.author for d in docs if d.author]
    assert authors and sum(a in known for a in authors) < len(authors)
    # Officials recur across documents.
    text = " ".join(d.text for d in docs)
    names = re.findall(r"[A-Z][a-z]+ [A-Z][a-zö]+(?=, (?:Under-Secretary|Minister|Deputy|State Secretary))", text)
    assert names


def test_bench_json_has_the_keys(tmp_path):
    # The baseline on an evenly spread sample of 5 documents (scaled up, with a note) keeps this fast.
    result = CliRunner().invoke(cli, ["bench", "--docs", "20", "--json", "--workers", "2", "--quiet",
                                      "--baseline-max-docs", "5", "--keep", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS | {"baseline_note", "query_ms", "query_load_s", "query_params"}
    from diplograph.queries import list_queries
    assert set(data["query_ms"]) == {q.name for q in list_queries()} - {"wikidata-federated"}
    assert all(ms is not None and ms >= 0 for ms in data["query_ms"].values())
    assert "sample of 5 of 20" in data["baseline_note"]
    assert data["docs"] == 20 and data["triples"] > 0
    assert set(data["stage_s"]) == {"map", "link", "validate", "export"}
    # The parse alone on the same texts, printed beside the build.
    assert data["parse_alone_s"] > 0 and data["build_vs_parse_alone"] > 0
    assert abs(data["rest_s"] - max(0.0, data["wall_s"] - data["parse_alone_s"])) < 0.02
    assert data["baseline_wall_s"] > 0 and data["speedup_vs_baseline"] > 0
    assert data["incremental_s"] > 0 and data["peak_rss_mb"] > 0
    assert (tmp_path / "work" / "output" / "dataset.nq").exists()
