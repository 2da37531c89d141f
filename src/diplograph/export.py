"""Deterministic, atomic export of the published dataset.

Triples are converted to pyoxigraph terms, de-duplicated and sorted by their N-Triples form, then
written with pyoxigraph's serializers (rdflib's writer is far too slow at archive scale). The whole
output folder is written beside the target and swapped in only when complete, so a failed build
never leaves a half-written or missing `output/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from diplograph.ns import PREFIXES

FILES = ("dataset.ttl", "dataset.nq", "void.ttl", "manifest.json", "link-report.json")


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):  # not produced by us; kept for robustness
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r}")


class TripleList(list):
    """Triples sorted by their N-Triples form, which is kept (`nt`) so it is computed only once."""

    nt: list[str]


def sorted_triples(triples) -> TripleList:
    unique = {}
    for s, p, o in triples:
        t = ox.Triple(to_ox(s), to_ox(p), to_ox(o))
        unique[str(t)] = t
    keys = sorted(unique)
    out = TripleList(unique[k] for k in keys)
    out.nt = keys
    return out


def nt_keys(triples: list[ox.Triple]) -> list[str]:
    """The N-Triples form (without the final ' .') of each triple, in order."""
    keys = getattr(triples, "nt", None)
    if keys is None or len(keys) != len(triples):
        keys = [str(t) for t in triples]
    return keys


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    used = {k: v for k, v in PREFIXES.items()}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)


@dataclass
class GraphFile:
    stem: str
    graph: str
    triples: list[ox.Triple]

    def keys(self) -> list[str]:
        return nt_keys(self.triples)


@dataclass
class Publication:
    base: str
    graphs: list[GraphFile]
    void: GraphFile
    ontology_version: str
    extra_json: dict[str, object] = field(default_factory=dict)  # file name -> JSON-ready object


def write_publication(pub: Publication, output: Path) -> dict:
    """Write everything into a fresh folder beside `output`, then swap it in."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
    try:
        manifest = _write_all(pub, tmp)
        _swap(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _write_all(pub: Publication, out: Path) -> dict:
    (out / "graphs").mkdir()
    entries = []
    all_triples: dict[str, ox.Triple] = {}
    quads: list[str] = []
    # The N-Triples form of each triple is computed once (sorted_triples keeps it): a quad's N-Quads
    # form is its triple's plus the graph IRI, so no term is converted to text twice.
    for g in sorted(pub.graphs, key=lambda g: g.stem):
        data = turtle_bytes(g.triples)
        path = out / "graphs" / f"{g.stem}.ttl"
        path.write_bytes(data)
        entries.append({"stem": g.stem, "graph": g.graph, "file": f"graphs/{g.stem}.ttl",
                        "triples": len(g.triples), "sha256": hashlib.sha256(data).hexdigest()})
        suffix = f" <{g.graph}> .\n"
        keys = g.keys()
        all_triples.update(zip(keys, g.triples))
        quads.extend(k + suffix for k in keys)
    void_data = turtle_bytes(pub.void.triples)
    (out / "void.ttl").write_bytes(void_data)
    suffix = f" <{pub.void.graph}> .\n"
    quads.extend(k + suffix for k in pub.void.keys())
    merged_keys = sorted(all_triples)
    merged = [all_triples[k] for k in merged_keys]
    del merged_keys, all_triples
    (out / "dataset.ttl").write_bytes(turtle_bytes(merged))
    merged_count = len(merged)
    del merged
    quads.sort()
    with (out / "dataset.nq").open("w", encoding="utf-8") as fh:
        fh.writelines(quads)
    del quads
    manifest = {
        "base": pub.base,
        "ontology_version": pub.ontology_version,
        "triples": merged_count,
        "graphs": entries,
        "void": {"graph": pub.void.graph, "file": "void.ttl", "triples": len(pub.void.triples),
                 "sha256": hashlib.sha256(void_data).hexdigest()},
    }
    for name, obj in sorted(pub.extra_json.items()):
        (out / name).write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _swap(new: Path, output: Path) -> None:
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.rmdir(old)
        os.replace(output, old)
    try:
        os.replace(new, output)
    except BaseException:
        if old is not None:
            os.replace(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
