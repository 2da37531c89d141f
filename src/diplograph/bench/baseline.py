"""The naive baseline: the same mapping, one rdflib Graph, whole-graph pySHACL, rdflib's Turtle writer.

This is how a first version of a publisher is usually written: map every document, add every
triple to one in-memory rdflib Graph, validate that graph with pySHACL (shapes + ontology, the same
options as the build) and serialize it with `Graph.serialize(format="turtle")`. No cache, one
process. `run_baseline` times it on the given documents.
"""

from __future__ import annotations

import time
from pathlib import Path

from rdflib import Graph


def run_baseline(seeds: Path, output_file: Path, project=None, base: str | None = None) -> dict:
    from diplograph.linkstage import link, unify_entities
    from diplograph.mapstage import map_document
    from diplograph.extract.context import Tables
    from diplograph.ns import DEFAULT_BASE
    from diplograph.project import Project
    from diplograph.rdfize import Rdfizer
    from diplograph.seeds import discover, read_document
    from diplograph.validate import validate_graph

    project = project or Project.discover()
    t0 = time.perf_counter()
    tables = Tables.load(project.data_dir)
    mapped = []
    for pair in discover(seeds):
        doc = read_document(pair)
        mapped.append(map_document(doc, tables, project))
    extractions = [x for x, _ in mapped]
    unify_entities(extractions)
    link(extractions, project)
    rdf = Rdfizer((base or DEFAULT_BASE).rstrip("/"), rdflib_terms=True)
    g = Graph()
    for x, ctx in mapped:
        for t in rdf.triples(x, ctx.sentence_of):
            g.add(t)
    t1 = time.perf_counter()
    report = validate_graph(g, project=project)
    t2 = time.perf_counter()
    output_file.parent.mkdir(parents=True, exist_ok=True)
    output_file.write_text(g.serialize(format="turtle"), encoding="utf-8")
    t3 = time.perf_counter()
    return {"docs": len(mapped), "triples": len(g), "wall_s": t3 - t0, "map_s": t1 - t0,
            "validate_s": t2 - t1, "export_s": t3 - t2, "conforms": report.conforms}
