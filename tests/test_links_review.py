"""`links accept` takes a name as written in the text; `links --below` lists weak links only."""

from __future__ import annotations

import json

from diplograph.ns import DEFAULT_BASE, PREFIXES
from test_linking_cli import built, run  # noqa: F401 - the fixture

PREFIX_TTL = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())


def write_dataset(root, text: str, phrase: str, key: str) -> None:
    """A published graph with one document text and one person read from `phrase` in it."""
    doc = f"{DEFAULT_BASE}/document/d"
    b = text.index(phrase)
    (root / "output" / "dataset.ttl").write_text(PREFIX_TTL + f"""
<{doc}#char=0,{len(text)}> a nif:Context ; nif:isString {json.dumps(text)} .
<{doc}#char={b},{b + len(phrase)}> nif:referenceContext <{doc}#char=0,{len(text)}> ;
    nif:beginIndex {b} ; nif:endIndex {b + len(phrase)} ; nif:anchorOf {json.dumps(phrase)} .
<{DEFAULT_BASE}/person/{key}> prov:wasDerivedFrom <{doc}#char={b},{b + len(phrase)}> .
""", encoding="utf-8")


def test_accept_a_name_as_written_in_the_text(built):  # noqa: F811
    root, build = built
    build()
    # the text calls the person by a title and the surname; the report knows the full name
    write_dataset(root, "Later, Under-Secretary Ochoa spoke.", "Ochoa", "enrique-ochoa")
    res = run("links", "accept", "under-secretary OCHOA")
    assert res.exit_code == 0, res.output
    lines = (root / "mappings/data/link-decisions.csv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("enrique-ochoa,person,accept,Q") for line in lines), lines
    # a phrase that is nowhere in the texts is still an error with the usual message
    res = run("links", "accept", "Deputy Nobody")
    assert res.exit_code == 3 and "no entity" in res.output


def test_below_lists_weak_links_not_mentions_without_candidates(built):  # noqa: F811
    root, build = built
    build()
    path = root / "output" / "link-report.json"
    data = json.loads(path.read_text())
    # a mention the linker found no candidate for (score 0.00), as most unlinked mentions are
    data["decisions"].append({**data["decisions"][0], "key": "no-candidate-here", "mention": "No Candidate",
                              "qid": None, "label": None, "score": 0.0, "status": "unlinked", "alternatives": []})
    path.write_text(json.dumps(data))
    from diplograph.linking import LinkReport

    report = LinkReport.from_dict(data)
    res = run("links", "--below", "1.01")
    shown = [line for line in res.output.splitlines() if line and not line.startswith(" ")][:-1]
    scores = [float(line.split()[1]) for line in shown]
    assert scores and all(s > 0 for s in scores)
    none = [d for d in report.decisions if d.score == 0 and not d.alternatives]
    assert none and all(f" {d.key} " not in res.output for d in none)
