"""Quotations whose speaker is a text (diplograph.extract.cited_works): an instrument or a communiqué that
"states" the words, an outlet "in a recent X column", a piece a letter cites right after the words.
Invented documents; the RDF is checked through rdfize and the shapes."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from rdflib import RDF, Graph

from diplograph.cli import cli
from diplograph.ns import DIP, SDO
from diplograph.rdfize import Rdfizer
from tests.conftest import map_text

STATEMENT = (
    "Joint statement on Pacific fisheries\n\n"
    "The Minister of Foreign Affairs of Portugal, Helena Varzim, and the Minister of Foreign Affairs of Fiji, "
    "Josaia Naulivou, met in Suva on 4 March 2025.\n\n"
    "They recalled that the 2019 Suva Ministerial Communiqué stated that 'the partners would review the "
    "shared catch limits every two years'. They also noted that the Convention on Pacific Fisheries, which "
    "declares \"the duty of every coastal state to conserve its stocks\", binds both governments.\n\n"
    "The annual report said \"catches fell again in every zone of the region\", and the ministers took 'a "
    "hard look' at the figures.\n")

OPED = (
    "A bridge between two continents\n\n"
    "By Amara Okafor\n\n"
    "In a recent Lagos Herald editorial, our foreign minister was described as \"a bridge between Africa and "
    "the Gulf\". That is flattering, and only half true.\n")

LETTERS = (
    "Letters\n\n"
    "Sir: Your correspondent calls the fisheries treaty \"a paper tiger with real teeth\" (\"Ink and Iron\", "
    "4 March). It is neither.\n\n"
    "Tomás Ferreira\nLisbon\n")


def _map(tmp_path, stem, text, genre, **side):
    return map_text(tmp_path, stem, text, genre, **{"date_published": "2025-03-10", **side})


def _speakers(x) -> dict[str, tuple[str, str]]:
    return {q.text.split()[0] + " " + q.text.split()[1]: (q.speaker.kind, q.speaker.name) for q in x.quotations}


def test_a_communique_and_a_convention_that_state_the_words_are_their_speakers(tmp_path):
    x = _map(tmp_path, "400_statement", STATEMENT, "joint-statement")
    said = _speakers(x)
    assert said["the partners"] == ("work", "2019 Suva Ministerial Communiqué")
    assert said["the duty"] == ("agreement", "Convention on Pacific Fisheries")


def test_a_bare_noun_never_speaks_and_short_single_quotes_are_no_quotation(tmp_path):
    x = _map(tmp_path, "401_statement", STATEMENT, "joint-statement")
    said = _speakers(x)
    assert "catches fell" not in said  # "The annual report said": no title, no speaker
    assert "a hard" not in said  # 'a hard look': scare quotes


def test_an_outlet_whose_piece_is_quoted_is_the_speaker(tmp_path):
    x = _map(tmp_path, "402_oped", OPED, "opinion", author="Amara Okafor")
    kind, name = _speakers(x)["a bridge"]
    assert name == "Lagos Herald" and kind in ("work", "organization")  # the parse may know it as an organisation


def test_a_letter_quoting_the_papers_own_piece_names_it_with_the_publisher(tmp_path):
    x = _map(tmp_path, "403_letters", LETTERS, "opinion", publisher="The Weekly Sample")
    q = next(q for q in x.quotations if q.text.startswith("a paper tiger"))
    assert q.speaker.kind == "work"
    assert q.speaker.name == "The Weekly Sample (“Ink and Iron”, 4 March)"
    assert q.speaker.publisher is x.publisher
    assert not any(q.text == "Ink and Iron" for q in x.quotations)  # the cited title is not a quotation


def test_a_work_is_published_as_a_creative_work_with_its_publisher(tmp_path):
    x = _map(tmp_path, "404_letters", LETTERS, "opinion", publisher="The Weekly Sample")
    g = Graph()
    for t in Rdfizer("https://example.org/d", rdflib_terms=True).triples(x, lambda s: None):
        g.add(t)
    works = set(g.subjects(RDF.type, DIP.Work))
    assert len(works) == 1
    work = works.pop()
    assert (work, RDF.type, SDO.CreativeWork) in g
    assert (work, SDO.publisher, None) in g
    assert any(g.triples((None, SDO.creator, work)))


def test_documents_quoting_texts_build_and_conform(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for stem, text, genre, side in (("405_statement", STATEMENT, "joint-statement", {}),
                                     ("406_letters", LETTERS, "opinion", {"publisher": "The Weekly Sample"})):
        (seeds / f"{stem}.txt").write_text(text, encoding="utf-8")
        (seeds / f"{stem}.meta.yaml").write_text(yaml.safe_dump(
            {"genre": genre, "title": text.split("\n", 1)[0], "date_published": "2025-03-10", "language": "en", **side}),
            encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(tmp_path / "out" / "graphs" / "406_letters.ttl")
    assert set(g.subjects(RDF.type, DIP.Work))
