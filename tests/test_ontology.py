"""The OWL ontology (ontology/diplograph.ttl) and its offline schema.org subset."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from diplograph.ns import DIP, ONTOLOGY_IRI, SDO, WD, WDT
from diplograph.project import Project
from diplograph.validate import load_ontology, load_shapes

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Project(ROOT)
ONTOLOGY = ROOT / "ontology" / "diplograph.ttl"
SCHEMA_SUBSET = ROOT / "ontology" / "imports" / "schema-subset.ttl"
CONTRACT = ROOT / "docs" / "rdf-contract.md"
# CI: a fresh clone with shared/ beside the repository.
PINNED = Path(__file__).resolve().parents[2] / "shared" / "wikidata" / "pinned-qids.csv"

# Named in the contract only to say they are not (yet) used.
CONTRACT_UNUSED = {"Education", "Study"}

REQUIRED_CLASSES = """
Document JointStatement OpinionArticle NewsProfile Person Country City Region Organization
GovernmentBody InternationalOrganization UNOrgan DiplomaticMission Post Event Meeting Consultation
Debate CouncilMeeting CouncilPresidency AcademicDiscussion Visit Topic Agreement Initiative Series
Quotation Stance Support Commitment AgreementStance Expectation Photo Footnote
""".split()

ALIGNMENT_PREDICATES = [RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
                        SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def full() -> Graph:
    return load_ontology(PROJECT)


def _dip_terms(g: Graph, kinds) -> set[URIRef]:
    return {s for k in kinds for s in g.subjects(RDF.type, k)
            if isinstance(s, URIRef) and str(s).startswith(str(DIP))}


def _classes(g):
    return _dip_terms(g, [OWL.Class])


def _properties(g):
    return _dip_terms(g, [OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property])


def test_parses_with_rdflib_and_pyoxigraph(onto):
    assert len(onto) > 200
    for path in (ONTOLOGY, SCHEMA_SUBSET):
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
        assert len(quads) == len(Graph().parse(path, format="turtle")), path


def test_ontology_header(onto):
    o = URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionIRI) == URIRef("https://w3id.org/diplograph/ontology/0.1.0")
    assert onto.value(o, OWL.versionInfo) == Literal("0.1.0")
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert onto.value(o, p) is not None, p


def test_required_classes(onto):
    declared = {str(c)[len(str(DIP)):] for c in _classes(onto)}
    assert set(REQUIRED_CLASSES) <= declared, sorted(set(REQUIRED_CLASSES) - declared)


def test_contract_terms_are_declared(onto):
    text = CONTRACT.read_text(encoding="utf-8")
    used = set(re.findall(r"\bdip:([A-Za-z][A-Za-z0-9]*)", text)) - CONTRACT_UNUSED
    declared = {str(t)[len(str(DIP)):] for t in _classes(onto) | _properties(onto)}
    assert used <= declared, sorted(used - declared)
    for name in ("holder", "attestedOn", "former", "forum", "chairedBy", "purpose", "status", "launchedBy",
                 "genre", "text", "sourceFile", "sha256", "footnoteNumber"):
        assert name in declared


def test_shape_terms_are_declared(onto):
    declared = _classes(onto) | _properties(onto)
    shapes = load_shapes(PROJECT)
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and str(t).startswith(str(DIP))}
    assert used <= declared, sorted(used - declared)


def test_every_term_has_label_definition_and_schema_alignment(onto):
    terms = _classes(onto) | _properties(onto)
    assert len(terms) > 40
    for term in sorted(terms):
        assert onto.value(term, RDFS.label) is not None, f"{term}: no rdfs:label"
        assert (onto.value(term, SKOS.definition) or onto.value(term, RDFS.comment)) is not None, (
            f"{term}: no skos:definition / rdfs:comment")
        targets = {o for p in ALIGNMENT_PREDICATES for o in onto.objects(term, p)}
        assert any(str(t).startswith(str(SDO)) for t in targets), f"{term}: no schema.org alignment"


def test_class_hierarchy_is_sound(full):
    def ancestors(c):
        return set(full.transitive_objects(c, RDFS.subClassOf))
    assert SDO.CreativeWork in ancestors(DIP.OpinionArticle)
    assert {SDO.OpinionNewsArticle, SDO.NewsArticle, SDO.Article} <= ancestors(DIP.OpinionArticle)
    assert SDO.Place in ancestors(DIP.Country) and SDO.Place in ancestors(DIP.City)
    assert SDO.OrganizationRole in ancestors(DIP.Post)
    for stance in (DIP.Support, DIP.Commitment, DIP.AgreementStance, DIP.Expectation):
        assert {DIP.Stance, SDO.Action} <= ancestors(stance)
    for event in (DIP.Meeting, DIP.Consultation, DIP.Debate, DIP.CouncilMeeting, DIP.CouncilPresidency,
                  DIP.AcademicDiscussion, DIP.Visit):
        assert {DIP.Event, SDO.Event} <= ancestors(event)


def test_schema_terms_are_declared_offline(full, onto):
    subset = Graph().parse(SCHEMA_SUBSET, format="turtle")
    declared = {s for s in subset.subjects(RDF.type, RDFS.Class)} | {s for s in subset.subjects(RDF.type, RDF.Property)}
    for s in declared:
        assert subset.value(s, RDFS.label) is not None, s
    used = {t for t in onto.all_nodes() if isinstance(t, URIRef) and str(t).startswith(str(SDO))}
    contract = set(re.findall(r"\bschema:([A-Za-z][A-Za-z0-9]*)", CONTRACT.read_text(encoding="utf-8")))
    used |= {SDO[name] for name in contract if name != "EducationalOccupationalCredential"}  # "NOT used"
    shapes = load_shapes(PROJECT)
    used |= {t for t in shapes.all_nodes() if isinstance(t, URIRef) and str(t).startswith(str(SDO))}
    assert used <= declared, sorted(used - declared)
    assert (SDO.Country, RDFS.subClassOf, None) in full


def _wikidata_ids(g: Graph) -> set[str]:
    ids = set()
    for t in g.all_nodes():
        if isinstance(t, URIRef):
            for ns in (str(WD), str(WDT)):
                if str(t).startswith(ns):
                    ids.add(str(t)[len(ns):])
    return ids


def test_wikidata_ids_are_well_formed(onto):
    ids = _wikidata_ids(onto)
    assert {"Q5", "Q6256", "Q484652", "Q2761147", "P39", "P585", "P710"} <= ids
    for i in ids:
        assert re.fullmatch(r"[QP][1-9][0-9]*", i), i


@pytest.mark.skipif(not PINNED.is_file(), reason=f"{PINNED} not present")
def test_wikidata_ids_are_pinned(onto):
    with PINNED.open(encoding="utf-8", newline="") as f:
        pinned = {row["wikidata_id"] for row in csv.DictReader(f)
                  if row["wikidata_id"] and row["status"] in {"verified", "likely"}}
    used = _wikidata_ids(onto)
    assert used <= pinned, f"Wikidata ids not pinned as verified/likely: {sorted(used - pinned)}"
