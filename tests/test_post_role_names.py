"""Regression: one post written with different capitals in two documents ("Minister of Fisheries",
"the minister of fisheries") is one post node (rdfize.post_slug); it got two schema:roleName, which
dipsh:PostShape refuses, and the whole build failed. Role names are now unified across documents
with the entities (linkstage.unify_entities), and a cached graph follows a change in another
document. Invented documents."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from rdflib import Graph

from diplograph.cli import cli
from diplograph.ns import SDO

TEXTS = {
    "500_fisheries_talks": "Talks on fisheries\n\nOn 3 May 2024, the Minister of Fisheries of Norway, Ingrid "
                           "Solberg-Vik, met the Minister of Fisheries of Chile, Tomás Larraín, in Oslo.\n",
    "501_fisheries_north": "Fisheries in the north\n\nOn 3 May 2024, Ingrid Solberg-Vik, the minister of "
                           "fisheries of Norway, met the Minister of Fisheries of Chile, Tomás Larraín, in Oslo.\n",
}


def _write(seeds, stem, text):
    (seeds / f"{stem}.txt").write_text(text, encoding="utf-8")
    (seeds / f"{stem}.meta.yaml").write_text(yaml.safe_dump(
        {"genre": "joint-statement", "title": text.split("\n", 1)[0], "date_published": "2024-05-03",
         "language": "en"}), encoding="utf-8")


def _role_names(out):
    g = Graph().parse(out / "dataset.ttl")
    return {str(o) for s, o in g.subject_objects(SDO.roleName) if "ingrid-solberg-vik" in str(s)}


def test_post_written_with_different_capitals_in_two_documents_is_one_post(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    for stem, text in TEXTS.items():
        _write(seeds, stem, text)
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert _role_names(out) == {"Minister of Fisheries"}  # as the first document writes it

    # The first document now writes it otherwise: the second document's cached graph follows.
    _write(seeds, "500_fisheries_talks", TEXTS["500_fisheries_talks"].replace("Minister of Fisheries of Norway",
                                                                             "Minister of fisheries of Norway"))
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert _role_names(out) == {"Minister of fisheries"}
    second = Graph().parse(out / "graphs" / "501_fisheries_north.ttl")
    assert {str(o) for s, o in second.subject_objects(SDO.roleName) if "ingrid-solberg-vik" in str(s)} \
        == {"Minister of fisheries"}
