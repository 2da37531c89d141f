"""Bad input: a clear message naming the file (and line), a non-zero exit, nothing lost."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from diplograph.build import build
from diplograph.cli import cli
from diplograph.errors import InputError, MappingError, SidecarError
from diplograph.seeds import MAX_DOCUMENT_BYTES, detect_genre

from tests.conftest import REPO, make_project

GOOD_META = """genre: joint-statement
title: "Chile and Ghana: consultations"
source_url: "https://example.org/chile-ghana"
publisher: "Ministry of Foreign Affairs of Chile"
date_published: "2023-05-02"
language: en
"""
GOOD_TEXT = """Joint statement

Chile and Ghana: consultations

Rosa Fuentes, Under-Secretary for Foreign Affairs of Chile, and Kofi Boateng, Deputy Minister of Foreign Affairs of Ghana met on 2 May 2023, in Accra, for consultations on multilateral issues.

Chile and Ghana support the Pact for the Future.
"""


def run(args):
    return CliRunner().invoke(cli, args)


@pytest.fixture()
def published(tmp_path):
    """A project with one good document and a published output/ to protect."""
    proj = make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, GOOD_META)})
    out = tmp_path / "output"
    build(seeds=proj.seeds, output=out, project=proj)
    return proj, out, {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _unchanged(out, before):
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return after == before


CASES = {
    "empty": (b"", GOOD_META, "document is empty", None),
    "not-utf8": (GOOD_TEXT.encode() + b"\n\xff\xfe bad bytes\n", GOOD_META, "not UTF-8", 9),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), GOOD_META, "binary file", None),
    "bad-yaml": (GOOD_TEXT, "genre: joint-statement\ntitle: \"unclosed\nlanguage: en\n", "malformed YAML", 2),
    "unknown-genre": (GOOD_TEXT, GOOD_META.replace("joint-statement", "press-release"), "unknown genre 'press-release'", 1),
    "bad-date": (GOOD_TEXT, GOOD_META.replace("2023-05-02", "2021-13-45"), "not a valid YYYY-MM-DD date", 5),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_document_fails_cleanly_and_keeps_output(case, published):
    proj, out, before = published
    text, meta, message, line = CASES[case]
    (proj.seeds / "002_bad.txt").write_bytes(text if isinstance(text, bytes) else text.encode())
    (proj.seeds / "002_bad.meta.yaml").write_text(meta, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 3, result.output
    assert message in result.output
    assert "002_bad" in result.output
    if line:
        assert f":{line}:" in result.output
    assert _unchanged(out, before)


def test_missing_sidecar(published):
    proj, out, before = published
    (proj.seeds / "002_bad.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out)])
    assert result.exit_code == 3 and "002_bad.meta.yaml" in result.output and "sidecar missing" in result.output
    assert _unchanged(out, before)


def test_keep_going_publishes_the_valid_documents(published):
    proj, out, before = published
    (proj.seeds / "002_bad.txt").write_bytes(b"")
    (proj.seeds / "002_bad.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out), "--keep-going", "--quiet"])
    assert result.exit_code == 3
    assert "skipped" in result.output and "002_bad.txt" in result.output
    assert (out / "graphs" / "001_good.ttl").exists() and not (out / "graphs" / "002_bad.ttl").exists()


def test_document_where_nothing_is_found_is_reported(published):
    proj, out, before = published
    (proj.seeds / "002_bad.txt").write_text("lorem ipsum dolor sit amet.\n\nconsectetur adipiscing elit.\n")
    (proj.seeds / "002_bad.meta.yaml").write_text(GOOD_META.replace("joint-statement", "opinion"), encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out)])
    assert result.exit_code == 3 and "nothing found" in result.output
    assert _unchanged(out, before)


def test_oversized_document_is_refused_with_the_limit(published):
    proj, out, before = published
    big = proj.seeds / "002_big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no 5 MB written
    (proj.seeds / "002_big.meta.yaml").write_text(GOOD_META, encoding="utf-8")
    result = run(["build", "--seeds", str(proj.seeds), "--output", str(out)])
    assert result.exit_code == 3 and "the limit is 5 MiB" in result.output
    assert _unchanged(out, before)


def test_missing_seeds_folder(tmp_path):
    result = run(["build", "--seeds", str(tmp_path / "nope"), "--output", str(tmp_path / "out")])
    assert result.exit_code == 3 and "seeds folder not found" in result.output


def test_genre_is_detected_when_the_sidecar_has_none(tmp_path):
    meta = GOOD_META.replace("genre: joint-statement\n", "")
    proj = make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, meta)})
    build(seeds=proj.seeds, output=tmp_path / "out", project=proj)
    ttl = (tmp_path / "out" / "graphs" / "001_good.ttl").read_text()
    assert "dip:JointStatement" in ttl and "dip:genreDetected true" in ttl


@pytest.mark.parametrize("stem, genre", [("000_c81985d7a3c5dfa9", "joint-statement"),
                                         ("001_4eb110c50f2f1499", "opinion"),
                                         ("002_98be1e25d0a3ede2", "news-profile")])
def test_detect_genre_on_the_seeds(stem, genre):
    assert detect_genre((REPO / "seeds" / f"{stem}.txt").read_text(encoding="utf-8"))[0] == genre


def test_library_errors_carry_path_and_line(tmp_path):
    proj = make_project(tmp_path / "proj", {"001_x": (GOOD_TEXT, "genre: [unclosed\n")})
    with pytest.raises(SidecarError) as err:
        build(seeds=proj.seeds, output=tmp_path / "out", project=proj)
    assert err.value.path.endswith("001_x.meta.yaml") and err.value.line == 1
    assert isinstance(err.value, InputError) and not isinstance(err.value, MappingError)
