"""The SHACL gate: a violation stops the build, prints a readable report with the source sentence,
writes the full report beside the output and leaves the previous output untouched."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from diplograph.build import build
from diplograph.cli import cli
from tests.conftest import make_project
from tests.test_bad_input import GOOD_META, GOOD_TEXT

# A stricter project: every person must have a birth date (none does).
STRICT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dip: <https://w3id.org/diplograph/ontology#> .
@prefix schema: <https://schema.org/> .
<urn:test:PersonBirthShape> a sh:NodeShape ; sh:targetClass dip:Person ;
    sh:property [ sh:path schema:birthDate ; sh:minCount 1 ; sh:severity sh:Violation ;
                  sh:message "a person needs a birth date" ] .
"""


@pytest.mark.parametrize("validator", ["pyshacl", "fast"])
def test_violation_blocks_publication(tmp_path, validator):
    proj = make_project(tmp_path / "proj", {"001_good": (GOOD_TEXT, GOOD_META)})
    out = tmp_path / "output"
    build(seeds=proj.seeds, output=out, project=proj)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    strict = make_project(tmp_path / "proj", shapes_extra=STRICT)
    result = CliRunner().invoke(cli, ["build", "--seeds", str(strict.seeds), "--output", str(out),
                                      "--validator", validator, "--no-cache"],
                                env={"DIPLOGRAPH_PROJECT": str(strict.root)})
    assert result.exit_code == 1, result.output
    assert "a person needs a birth date" in result.output
    assert "person/rosa-fuentes" in result.output
    # The sentence the node was read from is shown.
    assert "Rosa Fuentes, Under-Secretary for Foreign Affairs of Chile" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    report = tmp_path / "output.validation-report.ttl"
    assert report.exists() and "birth date" in report.read_text()


def test_validate_command(tmp_path, fresh_output):
    ok = CliRunner().invoke(cli, ["validate", str(fresh_output / "dataset.ttl")])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix dip: <https://w3id.org/diplograph/ontology#> .
@prefix schema: <https://schema.org/> .
<https://example.org/p> a dip:Person, schema:Person .
""")
    res = CliRunner().invoke(cli, ["validate", str(bad)])
    assert res.exit_code == 1 and "example.org/p" in res.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <urn:x#> .\nx:a x:b .\nx:c x:d x:e x:f .\n")
    res = CliRunner().invoke(cli, ["validate", str(broken)])
    assert res.exit_code == 3 and "broken.ttl:2" in res.output


# Every located event must be in Accra: a document with a meeting in Lima violates this.
ONLY_ACCRA = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:test:NoLimaShape> a sh:NodeShape ; sh:targetSubjectsOf schema:location ;
    sh:property [ sh:path schema:location ; sh:pattern "accra$" ; sh:severity sh:Violation ;
                  sh:message "not in Accra" ] .
"""


@pytest.mark.parametrize("validator", ["pyshacl", "fast"])
def test_keep_going_skips_the_document_that_violates_the_shapes(tmp_path, validator):
    from tests.test_bad_input import GOOD_META, GOOD_TEXT

    other = GOOD_TEXT.replace("Ghana", "Peru").replace("Kofi Boateng", "Ana Quispe").replace("Accra", "Lima")
    proj = make_project(tmp_path / "proj", {"001_accra": (GOOD_TEXT, GOOD_META),
                                            "002_lima": (other, GOOD_META.replace("Ghana", "Peru"))},
                        shapes_extra=ONLY_ACCRA)
    out = tmp_path / "output"
    runner = CliRunner()
    args = ["build", "--seeds", str(proj.seeds), "--output", str(out), "--validator", validator, "--no-cache"]
    failed = runner.invoke(cli, args, env={"DIPLOGRAPH_PROJECT": str(proj.root)})
    assert failed.exit_code == 1 and "not in Accra" in failed.output and "city/lima" in failed.output
    result = runner.invoke(cli, args + ["--keep-going"], env={"DIPLOGRAPH_PROJECT": str(proj.root)})
    assert "002_lima.txt" in result.output and "violates the shapes" in result.output, result.output
    assert (out / "graphs" / "001_accra.ttl").exists() and not (out / "graphs" / "002_lima.ttl").exists()
