"""Name parameters match case- and accent-insensitively, like the web search, with a "did you
mean" on 0 rows: `diplograph query` and the question pages. Names are taken from the published
output (whichever person has an accented name), not written here."""

from __future__ import annotations

import unicodedata
import warnings

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from diplograph import names
from diplograph.cli import cli
from diplograph.queries import load_named
from diplograph.store import OxigraphStore, load_output
from diplograph.web import create_app


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def store(repo, tmp_path_factory):
    path = tmp_path_factory.mktemp("names") / "store"
    with OxigraphStore(path) as target:
        load_output(repo / "output", target, log=lambda m: None)
    return path


@pytest.fixture(scope="module")
def accented(store) -> str:
    """A person's schema:name with an accent in it."""
    s = OxigraphStore(store, read_only=True)
    rows = s.query("SELECT ?n WHERE { ?p a <https://w3id.org/diplograph/ontology#Person> ; "
                   "<https://schema.org/name> ?n } ORDER BY ?n").bindings
    found = [r["n"]["value"] for r in rows if plain(r["n"]["value"]) != r["n"]["value"]]
    if not found:
        pytest.skip("no accented person name in the published output")
    return found[0]


def query(store, name: str):
    return CliRunner().invoke(cli, ["query", "cq03-person-posts", "--store", str(store), "--format", "csv",
                                    "--param", f"name={name}"])


def test_name_parameters_match_without_accents_or_case(store, accented):
    exact = query(store, accented)
    assert exact.exit_code == 0 and len(exact.stdout.splitlines()) > 1
    folded = query(store, plain(accented).upper())
    assert folded.exit_code == 0, folded.output
    assert folded.stdout == exact.stdout
    assert f"matched {accented!r}" in folded.stderr


def test_no_rows_says_did_you_mean(store, accented):
    words = plain(accented).split()
    r = query(store, " ".join(words[:1] + words[-1:]) + "x")  # a near miss
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1  # the header only
    assert "did you mean name=" in r.stderr and repr(accented) in r.stderr


def test_only_name_comparisons_are_resolved():
    assert names.name_params(load_named("cq03-person-posts")) == ["name"]
    assert names.name_params(load_named("cq06-council-meetings")) == ["country"]  # month is a prefix
    assert names.name_params(load_named("graph-counts")) == []


def test_question_pages_match_names_the_same_way(repo, accented):
    app = create_app(repo / "output", ontology_path=repo / "ontology" / "diplograph.ttl")
    with TestClient(app) as c:
        page = BeautifulSoup(c.get("/queries/cq03-person-posts",
                                   params={"name": plain(accented).lower(), "run": "1"}).text, "html.parser")
        assert page.select("section.query-result tbody tr")
        miss = BeautifulSoup(c.get("/queries/cq03-person-posts",
                                   params={"name": plain(accented) + "x", "run": "1"}).text, "html.parser")
        suggestion = miss.select_one("p.suggest a")
        assert suggestion.get_text() == accented and "run=1" in suggestion["href"]


def test_documents_by_topic_returns_each_topic_once(store):
    """Regression: a topic labelled both "x" and "x"@en came back as two rows."""
    r = CliRunner().invoke(cli, ["query", "documents-by-topic", "--store", str(store), "--format", "csv"])
    assert r.exit_code == 0, r.output
    topics = [line.split(",")[0] for line in r.stdout.splitlines()[1:]]
    assert topics and len(topics) == len(set(topics))
