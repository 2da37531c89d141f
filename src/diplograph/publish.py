"""Publish: the VoID description and the published folder, made from the document-graph folders
and the shared blocks (diplograph.export concatenates them and swaps the folder in atomically)."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from diplograph import __version__
from diplograph.dumps import void_dump_triples
from diplograph.export import write_streamed_publication
from diplograph.ns import DIP, ONTOLOGY_IRI, SDO
from diplograph.project import Project
from diplograph.rdfize import Rdfizer
from diplograph.rdfterms import GraphFile, sorted_triples

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def publish(output: Path, *, base: str, docs: list, shared, documents: list, link_report, license_iri: str,
            project: Project, dump_parts: int | None = None) -> dict:
    """Write `output/` (VoID, dataset files, graphs, manifest, link report) from the document graphs
    `docs` of the mapped `documents` and the shared blocks; returns the manifest. Nothing is
    touched until the whole new folder is complete. `dump_parts`: the number of parts of the dumps
    (diplograph.dumpfiles; None: by the number of documents)."""
    rdf = Rdfizer(base)
    merged_count = shared.count + sum(d.own_triples for d in docs)
    class_counts: dict[str, int] = dict(shared.classes)
    for d in docs:
        for cls, n in d.own_classes.items():
            class_counts[cls] = class_counts.get(cls, 0) + n
    version = ontology_version(project)
    void = GraphFile("void", f"{base}/graph/void",
                     sorted_triples(void_triples(base, rdf, documents, docs, merged_count, class_counts,
                                                 license_iri, version)))
    extra = {"link-report.json": link_report.to_dict() if link_report is not None else {}}
    return write_streamed_publication(base, docs, shared, void, version, extra, output, parts=dump_parts)


def ontology_version(project: Project) -> str:
    path = project.ontology_file
    if path.exists():
        m = re.search(r"owl:versionInfo\s+\"([^\"]+)\"", path.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return "unknown"


def void_triples(base: str, rdf: Rdfizer, extractions: list[Extraction], graphs: list,
                 merged_count: int, class_counts: dict[str, int], license_iri: str, version: str) -> list:
    ds = URIRef(f"{base.rstrip('/')}/dataset")
    out = [
        (ds, RDF.type, VOID.Dataset), (ds, RDF.type, DCAT.Dataset),
        (ds, DCTERMS.title, Literal("diplograph: diplomatic documents as linked data")),
        (ds, DCTERMS.description, Literal("People, posts, meetings, quotations, stances and sources extracted "
                                          "from diplomatic documents, each fact with its source span.")),
        (ds, DCTERMS.license, URIRef(license_iri)),
        (ds, VOID.triples, Literal(merged_count, datatype=XSD.integer)),
        (ds, VOID.documents, Literal(len(extractions), datatype=XSD.integer)),
        (ds, VOID.uriSpace, Literal(base.rstrip("/") + "/")),
        (ds, VOID.vocabulary, URIRef(str(DIP))), (ds, VOID.vocabulary, URIRef(str(SDO))),
        (ds, DCTERMS.conformsTo, URIRef(f"{ONTOLOGY_IRI}/{version}")),
        (ds, DIP.ontologyVersion, Literal(version)),
        (ds, DCTERMS.creator, Literal(f"diplograph {__version__}")),
        *void_dump_triples(base),  # the downloads, their distributions and the SPARQL endpoint
    ]
    entities = 0
    for cls, n in sorted(class_counts.items()):
        part = URIRef(f"{base.rstrip('/')}/dataset/class/{re.sub(r'[^A-Za-z0-9]+', '-', cls).strip('-')}")
        out += [(ds, VOID.classPartition, part), (part, VOID["class"], URIRef(cls)),
                (part, VOID.entities, Literal(n, datatype=XSD.integer))]
        if cls.startswith(str(DIP)) and cls.rsplit("#", 1)[1] in ("Person", "Country", "City", "Region", "AdministrativeArea", "Venue", "Organization",
                                                                   "Agreement", "Initiative", "Topic"):
            entities += n
    out.append((ds, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for x, g in zip(extractions, graphs):
        sub = URIRef(g.graph)
        doc = rdf.doc_iri(x)
        out += [(ds, VOID.subset, sub), (sub, RDF.type, VOID.Dataset),
                (sub, VOID.triples, Literal(g.triples if isinstance(g.triples, int) else len(g.triples),
                                            datatype=XSD.integer)),
                (sub, DCTERMS.source, doc), (sub, VOID.rootResource, doc)]
        if x.doc.source_url:
            out.append((ds, DCTERMS.source, URIRef(x.doc.source_url)))
            out.append((sub, DCTERMS.source, URIRef(x.doc.source_url)))
        if x.doc.title:
            out.append((sub, DCTERMS.title, Literal(x.doc.title)))
    return out


