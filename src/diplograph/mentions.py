"""Which entities a phrase as written in the documents stands for, read from the published graph.

`diplograph links accept "Under-Secretary Lind"` names an entity the way the text does, with a
title or a partial name. The published graph has every source span (character offsets into the
document text) and what was derived from it: the phrase is looked up in the document texts
(case- and accent-insensitively), and the entities derived from a span inside an occurrence are
the answer.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pyoxigraph as ox

SPANS = """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?x ?ctx ?b ?e WHERE {
  ?x prov:wasDerivedFrom ?span . ?span nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e .
}"""
TEXTS = """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?ctx ?t WHERE { ?ctx a nif:Context ; nif:isString ?t }"""


def _fold_chars(text: str) -> list[str]:
    """One folded string per character, so that offsets stay those of the text."""
    out = []
    for c in text:
        d = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
        out.append(d.casefold())
    return out


def written_as(output: Path, phrase: str, base: str) -> list[tuple[str, str]]:
    """(kind, key) of the entities under `base` derived from a span inside an occurrence of
    `phrase` in a document text, sorted; [] when the phrase is not in any text."""
    from diplograph.dumpfiles import bulk_load_dump

    store = ox.Store()
    bulk_load_dump(store, output, "dataset.ttl")
    want = "".join(_fold_chars(" ".join(phrase.split())))
    if not want:
        return []
    occurrences: dict[str, list[tuple[int, int]]] = {}
    for row in store.query(TEXTS):
        chars = _fold_chars(row["t"].value)
        folded, starts = "", []
        for i, c in enumerate(chars):
            starts.extend([i] * len(c))
            folded += c
        at = folded.find(want)
        while at >= 0:
            end = starts[at + len(want) - 1] + 1
            occurrences.setdefault(row["ctx"].value, []).append((starts[at], end))
            at = folded.find(want, at + 1)
    found = set()
    prefix = base.rstrip("/") + "/"
    for row in store.query(SPANS):
        spots = occurrences.get(row["ctx"].value)
        x = row["x"].value
        if not spots or not x.startswith(prefix) or "#" in x:
            continue
        b, e = int(row["b"].value), int(row["e"].value)
        if any(lo <= b and e <= hi for lo, hi in spots):
            kind, _, key = x[len(prefix):].partition("/")
            if key and "/" not in key:
                found.add((kind, key))
    return sorted(found)


__all__ = ["written_as"]
