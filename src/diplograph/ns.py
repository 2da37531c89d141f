"""Namespaces and the one prefix table used everywhere we write RDF."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, DCTERMS, PROV, VOID, DCAT

DIP = Namespace("https://w3id.org/diplograph/ontology#")
SDO = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_IRI = "https://w3id.org/diplograph/ontology"
DEFAULT_BASE = "https://w3id.org/diplograph/id"

PREFIXES: dict[str, str] = {
    "dip": str(DIP),
    "schema": str(SDO),
    "prov": str(PROV),
    "nif": str(NIF),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "void": str(VOID),
    "dcat": str(DCAT),
    "wd": str(WD),
    "wdt": str(WDT),
}

def name_key(name: str) -> str:
    """The `dip:nameKey` of a name: NFC, case-folded, whitespace collapsed. Written for every name
    and alias of an entity, and applied to a query's name parameter, so that a name lookup is an
    exact match the store's index answers (instead of a FILTER over every name)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


__all__ = [
    "DIP", "SDO", "NIF", "WD", "WDT", "SH", "OWL", "RDF", "RDFS", "SKOS", "XSD", "DCTERMS", "PROV",
    "VOID", "DCAT", "PREFIXES", "ONTOLOGY_IRI", "DEFAULT_BASE", "name_key",
]
