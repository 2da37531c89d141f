"""seeds → mapping modules → Wikidata linking → SHACL gate → deterministic export.

`build()` is the library entry point; the CLI only parses options and prints what it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from diplograph import __version__
from diplograph.errors import DiplographError, InputError, MappingError, NotConformant
from diplograph.export import GraphFile, Publication, sorted_triples, write_publication, write_text_atomic
from diplograph.extract.context import DocContext, Tables
from diplograph.model import Extraction
from diplograph.ns import DEFAULT_BASE, DIP, ONTOLOGY_IRI, SDO
from diplograph.project import Project
from diplograph.rdfize import Rdfizer
from diplograph.registry import get as get_mapping
from diplograph.seeds import discover, read_document

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class BuildResult:
    output: Path
    documents: list[str]
    triples: int
    skipped: list[str] = field(default_factory=list)  # "file: reason"
    warnings: list[str] = field(default_factory=list)
    link_summary: list[str] = field(default_factory=list)
    validation_warnings: int = 0
    manifest: dict = field(default_factory=dict)


def map_document(doc, tables: Tables, project: Project) -> tuple[Extraction, DocContext]:
    module = get_mapping(doc.genre, project.mappings_dir)
    ctx = DocContext(doc, tables)
    try:
        module.func(ctx)
    except DiplographError:
        raise
    except Exception as exc:  # a bug in a mapping module: name the document and module
        raise MappingError(f"mapping module {module.version} failed: {type(exc).__name__}: {exc}",
                           path=doc.path) from exc
    x = ctx.extraction
    persons_or_orgs = [e for e in x.entities.values() if e.kind in ("person", "organization", "country") and not e.from_sidecar]
    if not persons_or_orgs and not x.events and not x.quotations:
        raise MappingError("nothing found: no person, organisation, country, event or quotation "
                           "(is this a document of the declared genre?)", path=doc.path)
    return x, ctx


def unify_entities(extractions: list[Extraction]) -> None:
    """One node per real-world entity across documents: same name and aliases everywhere."""
    groups: dict[tuple[str, str], list] = {}
    for x in extractions:
        for e in x.entities.values():
            groups.setdefault((e.kind, e.key), []).append(e)
    for items in groups.values():
        if len(items) < 2:
            continue
        name = items[0].name
        aliases = set().union(*(e.aliases for e in items)) | {e.name for e in items}
        subtypes = set().union(*(e.subtypes for e in items))
        country = next((e.country for e in items if e.country), None)
        description = next((e.description for e in items if e.description), None)
        for e in items:
            e.name, e.aliases, e.subtypes = name, set(aliases) - {name}, set(subtypes)
            e.country, e.description = country, description


def _ontology_version(project: Project) -> str:
    path = project.ontology_file
    if path.exists():
        m = re.search(r"owl:versionInfo\s+\"([^\"]+)\"", path.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return "unknown"


def void_triples(base: str, rdf: Rdfizer, extractions: list[Extraction], graphs: list[GraphFile],
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
        (ds, VOID.dataDump, URIRef(f"{base.rstrip('/')}/dump/dataset.ttl")),
    ]
    for fmt, media in (("ttl", "text/turtle"), ("nq", "application/n-quads")):
        dist = URIRef(f"{base.rstrip('/')}/dump/dataset.{fmt}")
        out += [(ds, DCAT.distribution, dist), (dist, RDF.type, DCAT.Distribution),
                (dist, DCAT.downloadURL, dist), (dist, DCAT.mediaType, Literal(media))]
    entities = 0
    for cls, n in sorted(class_counts.items()):
        part = URIRef(f"{base.rstrip('/')}/dataset/class/{re.sub(r'[^A-Za-z0-9]+', '-', cls).strip('-')}")
        out += [(ds, VOID.classPartition, part), (part, VOID["class"], URIRef(cls)),
                (part, VOID.entities, Literal(n, datatype=XSD.integer))]
        if cls.startswith(str(DIP)) and cls.rsplit("#", 1)[1] in ("Person", "Country", "City", "Region", "Organization",
                                                                   "Agreement", "Initiative", "Topic"):
            entities += n
    out.append((ds, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for x, g in zip(extractions, graphs):
        sub = URIRef(g.graph)
        doc = rdf.doc_iri(x)
        out += [(ds, VOID.subset, sub), (sub, RDF.type, VOID.Dataset),
                (sub, VOID.triples, Literal(len(g.triples), datatype=XSD.integer)),
                (sub, DCTERMS.source, doc), (sub, VOID.rootResource, doc)]
        if x.doc.source_url:
            out.append((ds, DCTERMS.source, URIRef(x.doc.source_url)))
            out.append((sub, DCTERMS.source, URIRef(x.doc.source_url)))
        if x.doc.title:
            out.append((sub, DCTERMS.title, Literal(x.doc.title)))
    return out


def build(*, seeds: Path | None = None, output: Path | None = None, base_uri: str = DEFAULT_BASE,
          keep_going: bool = False, project: Project | None = None, license_iri: str = DEFAULT_LICENSE,
          progress: Callable[[str], None] = lambda m: None, validate: bool = True) -> BuildResult:
    project = project or Project.discover()
    seeds = seeds or project.seeds
    output = output or project.output
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base_uri):
        raise InputError(f"--base-uri {base_uri!r} is not an http(s) IRI")
    base = base_uri.rstrip("/")
    tables = Tables.load(project.data_dir)
    pairs = discover(seeds)
    if not pairs:
        raise InputError("no *.txt documents in the seeds folder", path=str(seeds))
    errors: list[DiplographError] = []
    mapped: list[tuple[Extraction, DocContext]] = []
    for pair in pairs:
        try:
            doc = read_document(pair)
            x, ctx = map_document(doc, tables, project)
            mapped.append((x, ctx))
            progress(f"mapped {pair.text_path.name} ({doc.genre}{', detected' if doc.genre_detected else ''}): "
                     f"{len(x.entities)} entities, {len(x.posts)} posts, {len(x.events)} events, "
                     f"{len(x.quotations)} quotations")
        except (InputError, MappingError) as exc:
            if not keep_going:
                raise
            errors.append(exc)
            progress(f"skipped: {exc}")
    if not mapped:
        raise InputError("no document could be published:\n  " + "\n  ".join(str(e) for e in errors))
    extractions = [x for x, _ in mapped]
    unify_entities(extractions)
    link_report = _link(extractions, project)
    rdf = Rdfizer(base)
    graphs = [GraphFile(x.doc.stem, str(rdf.graph_iri(x.doc.stem)),
                        sorted_triples(rdf.triples(x, ctx.sentence_of))) for x, ctx in mapped]
    result = BuildResult(output=output, documents=[x.doc.stem for x in extractions], triples=0,
                         skipped=[str(e) for e in errors])
    if link_report is not None:
        result.link_summary = list(link_report.summary_lines())
    if validate:
        report = _validate(graphs, project)
        if not report.conforms:
            if keep_going:
                graphs, extractions, mapped = _drop_nonconforming(graphs, mapped, project, result)
                report = _validate(graphs, project)
            if not report.conforms:
                full = output.parent / f"{output.name}.validation-report.ttl"
                write_text_atomic(full, report.to_turtle())
                raise NotConformant(
                    f"the mapped data violates the shapes ({len(report.violations)} violations); "
                    f"nothing was published, {output} is unchanged. Full report: {full}\n" + report.render(20),
                    report)
        result.validation_warnings = len(report.warnings)
    merged = {str(t) for g in graphs for t in g.triples}
    class_counts: dict[str, int] = {}
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    seen_typed = set()
    for g in graphs:
        for t in g.triples:
            if str(t.predicate) == rdf_type and (str(t.subject), str(t.object)) not in seen_typed:
                seen_typed.add((str(t.subject), str(t.object)))
                cls = t.object.value
                class_counts[cls] = class_counts.get(cls, 0) + 1
    version = _ontology_version(project)
    void = GraphFile("void", f"{base}/graph/void",
                     sorted_triples(void_triples(base, rdf, extractions, graphs, len(merged), class_counts,
                                                 license_iri, version)))
    extra = {"link-report.json": link_report.to_dict() if link_report is not None else {}}
    pub = Publication(base=base, graphs=graphs, void=void, ontology_version=version, extra_json=extra)
    result.manifest = write_publication(pub, output)
    result.triples = result.manifest["triples"]
    progress(f"published {len(graphs)} documents, {result.triples} triples to {output}")
    return result


def _link(extractions: list[Extraction], project: Project):
    from diplograph.linking import link_extractions
    return link_extractions(extractions, project)


def _validate(graphs: list[GraphFile], project: Project):
    from diplograph.validate import validate_graph
    g = Graph()
    for gf in graphs:
        _add_ox(g, gf.triples)
    return validate_graph(g, project=project)


def _add_ox(g: Graph, triples) -> None:
    from rdflib import Literal as L, URIRef as U
    for t in triples:
        o = t.object
        if hasattr(o, "datatype"):
            if o.language:
                obj = L(o.value, lang=o.language)
            elif o.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                obj = L(o.value)
            else:
                obj = L(o.value, datatype=U(o.datatype.value))
        else:
            obj = U(o.value)
        g.add((U(t.subject.value), U(t.predicate.value), obj))


def _drop_nonconforming(graphs, mapped, project, result: BuildResult):
    keep_g, keep_m = [], []
    for g, m in zip(graphs, mapped):
        report = _validate([g], project)
        if report.conforms:
            keep_g.append(g); keep_m.append(m)
        else:
            first = report.violations[0]
            result.skipped.append(f"{m[0].doc.path}: violates the shapes ({len(report.violations)} violations; "
                                  f"first: {first.message} on {first.focus})")
    if not keep_g:
        raise NotConformant("no document conforms to the shapes; nothing was published")
    return keep_g, [m[0] for m in keep_m], keep_m
