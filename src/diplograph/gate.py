"""Validate: the SHACL gate of a build, on the document graphs and the shared graph.

For archives the fast evaluator's results on each document's own nodes (made in the workers with
the graph) are joined with its results on the shared blocks (diplograph.shared); small builds, or
`--validator pyshacl`, use pySHACL per document graph (diplograph.docvalidate). Both give the
report the whole merged graph would get (docvalidate explains why).
"""

from __future__ import annotations

from rdflib import Graph

from diplograph.errors import InputError, NotConformant
from diplograph.project import Project
from diplograph.rdfize import Rdfizer
from diplograph.rdfterms import GraphFile, to_rdflib
from diplograph.shared import merge_shared_blocks

FAST_VALIDATION_TRIPLES = 200_000
VALIDATORS = ("auto", "pyshacl", "fast")


def validate_all(docs, rdf: Rdfizer, project: Project, cache, stats: dict, executor, validator: str):
    """(SHACL report of the merged graph, the merged shared triples). pySHACL (per document graph,
    diplograph.docvalidate) for small builds or on request; else the fast evaluator's results on each
    document's own nodes (made with its graph) and on the shared nodes (diplograph.shared)."""
    from diplograph.docvalidate import shapes_are_local

    if validator not in VALIDATORS:
        raise InputError(f"unknown validator {validator!r}; allowed: {', '.join(VALIDATORS)}")
    total = sum(d.triples for d in docs)
    use_fast = validator == "fast" or (validator == "auto" and total > FAST_VALIDATION_TRIPLES)
    # The split (own nodes per document, shared nodes per block) is exact only for local shapes.
    if use_fast and all(d.results is not None for d in docs) and shapes_are_local(project, cache):
        from diplograph import fastshacl
        from diplograph.validate import fast_shapes

        try:
            shared = merge_shared_blocks(docs, cache, project, shapes=fast_shapes(project), executor=executor)
            report = _fast_report(docs, shared, rdf)
            stats["validator"] = "fast"
            # each document's own nodes were validated with its graph (cached with it)
            stats["validated"] = stats.get("validated", 0) + stats.get("rdf_made", 0)
            stats["validation_cached"] = stats.get("validation_cached", 0) + stats.get("rdf_cached", 0)
            stats["shared_blocks_validated"] = shared.stats.get("validated", 0)
            stats["shared_reused"] = bool(shared.stats.get("reused"))
            return report, shared
        except fastshacl.Unsupported:
            pass
    stats["validator"] = "pyshacl"
    report = validate_docs([d.graph_file() for d in docs], project, cache, stats, executor)
    return report, merge_shared_blocks(docs, cache, project, executor=executor)


def _fast_report(docs, shared, rdf: Rdfizer):
    from diplograph.validate import fast_report, source_sentences

    pairs = [pair for d in docs for pair in d.results]
    # The source sentence of a failing shared node is in the graph of the document of its first span.
    sentences: dict[str, str] = {}
    by_stem = {d.stem: d for d in docs}
    doc_prefix = str(rdf.iri("document", ""))
    for focus in sorted({r.focus for r in shared.results if r.severity == "Violation"}):
        stems = [s[len(doc_prefix):].split("#", 1)[0] for s in shared.derived_spans(focus) if s.startswith(doc_prefix)]
        for stem in dict.fromkeys(stems):
            if stem in by_stem:
                found = source_sentences(by_stem[stem].graph_file().triples, {focus})
                if focus in found:
                    sentences[focus] = found[focus]
                    break
    pairs += [(r, sentences.get(r.focus) if r.severity == "Violation" else None) for r in shared.results]
    return fast_report(pairs)


def validate_whole(graphs: list[GraphFile], project: Project):
    """Whole-graph validation (with the ontology mixed in): the reference the per-document
    validation in `diplograph.docvalidate` must agree with."""
    from diplograph.validate import validate_graph

    g = Graph()
    for gf in graphs:
        to_rdflib(g, gf.triples)
    return validate_graph(g, project=project)


def validate_docs(graphs: list[GraphFile], project: Project, cache, stats: dict, executor=None):
    from diplograph.docvalidate import validate_documents

    return validate_documents(graphs, project, cache=cache, stats=stats, executor=executor)


def drop_nonconforming(docs, mapped, project, skipped: list[str], cache=None, stats: dict | None = None,
                       executor=None) -> list[int]:
    """Indices of the documents whose graph conforms alone (pySHACL); the others are added to
    `skipped` with the reason."""
    from diplograph.docvalidate import validate_documents

    keep = []
    reports = validate_documents([d.graph_file() for d in docs], project, cache=cache, stats=stats,
                                 per_document=True, executor=executor)
    for i, (m, report) in enumerate(zip(mapped, reports)):
        if report.conforms:
            keep.append(i)
        else:
            first = report.violations[0]
            skipped.append(f"{m.doc.path}: violates the shapes ({len(report.violations)} violations; "
                           f"first: {first.message} on {first.focus})")
    if not keep:
        raise NotConformant("no document conforms to the shapes; nothing was published")
    return keep
