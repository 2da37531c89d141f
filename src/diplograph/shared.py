"""The triples about shared nodes, merged over all documents, in blocks of one subject each.

Entities and posts are described by every document that mentions them (diplograph.docgraph calls
those triples *shared*). Their union, de-duplicated and sorted, is a small part of an archive; it is
cut into one block per subject, and each block is serialized to Turtle and validated on its own:
a node's SHACL results depend only on its own triples and the rdf:type of the nodes it points to
(docvalidate explains why), so a block's results are cached under the hash of its lines and of those
types, and its Turtle under the hash of its lines. A rebuild after editing one document redoes the
few blocks whose triples changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

RDF_TYPE_NT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DERIVED_NT = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


@dataclass
class SharedBlocks:
    count: int = 0  # distinct shared triples
    classes: dict[str, int] = field(default_factory=dict)  # class IRI → shared nodes typed with it
    turtle: list[bytes] = field(default_factory=list)  # one Turtle body per subject, in subject order
    results: list | None = None  # fastshacl.Result on shared nodes; None when not validated
    lines_of: dict[str, list[str]] = field(default_factory=dict)  # subject IRI → its lines (for messages)
    stats: dict = field(default_factory=dict)

    def derived_spans(self, subject: str) -> list[str]:
        return sorted(line.split(" ", 2)[2][1:].split(">", 1)[0] for line in self.lines_of.get(subject, ())
                      if line.split(" ", 2)[1] == DERIVED_NT)


def _parse(lines, quads: bool = False) -> list:
    """Triples of N-Triples lines (or the parser's quads, which have the same subject, predicate
    and object and cost less to make: enough for the fast evaluator)."""
    blob = "".join(k + " .\n" for k in lines).encode("utf-8")
    parsed = ox.parse(blob, format=ox.RdfFormat.N_TRIPLES)
    return list(parsed) if quads else [q.triple for q in parsed]


def validate_lines(lines: list[str], wanted: set[str], shapes) -> list:
    """The fast evaluator's results on the `wanted` subjects of these N-Triples lines."""
    from diplograph import fastshacl

    return fastshacl.validate(_parse(lines, quads=True), shapes, only=wanted.__contains__)


def merge_shared(docs, *, cache=None, env: str = "", validate_batches=None, batches: int = 1) -> SharedBlocks:
    """Merge the shared triples of `docs` (DocGraph), serialize and validate them block by block,
    with the cache's earlier blocks. `validate_batches([(lines, wanted subjects), …])` returns the
    fastshacl results of each batch (the build runs the batches in its worker processes); the
    blocks to validate are cut into `batches` such batches."""
    from diplograph.cache import sha256
    from diplograph.docgraph import turtle_body

    lines: set[str] = set()
    context: set[str] = set()
    for d in docs:  # one document's lines at a time: the parent holds only the distinct ones
        shared_part, context_part = d.shared_and_context()
        lines.update(shared_part)
        context.update(context_part)
        del shared_part, context_part
    keys = sorted(lines)
    del lines
    out = SharedBlocks(count=len(keys))
    # Blocks: runs of lines with the same subject (sorted lines keep a subject's lines together).
    blocks: list[tuple[str, int, int]] = []
    types: dict[str, list[str]] = {}
    start = 0
    for i, line in enumerate(keys):
        subject, predicate, obj = line.split(" ", 2)
        if predicate == RDF_TYPE_NT:
            types.setdefault(subject, []).append(line)
            cls = obj[1:-1]
            out.classes[cls] = out.classes.get(cls, 0) + 1
        if i + 1 == len(keys) or not keys[i + 1].startswith(subject + " "):
            blocks.append((subject, start, i + 1))
            start = i + 1
    for line in sorted(context):
        types.setdefault(line.split(" ", 1)[0], []).append(line)

    old = (cache.get("shared", env) if cache is not None and cache.enabled else None) or {}
    old_ttl, old_val = old.get("turtle", {}), old.get("results", {})
    new_ttl: dict[str, bytes] = {}
    new_val: dict[str, list] = {}
    tkeys, vkeys, ttl_todo, val_todo = [], [], [], []
    for b, (subject, s, e) in enumerate(blocks):
        block = keys[s:e]
        tkey = sha256(*block)
        tkeys.append(tkey)
        if tkey not in old_ttl:
            ttl_todo.append(b)
        if validate_batches is not None:
            objects = sorted({line.split(" ", 2)[2] for line in block} & types.keys())
            vkey = sha256(tkey, *(t for o in objects for t in types[o]))
            vkeys.append(vkey)
            if vkey not in old_val:
                val_todo.append((b, objects))
    out.stats = {"blocks": len(blocks), "serialized": len(ttl_todo), "validated": len(val_todo)}

    if ttl_todo:
        triples = _parse(line for b in ttl_todo for line in keys[blocks[b][1]:blocks[b][2]])
        pos = 0
        for b in ttl_todo:
            n = blocks[b][2] - blocks[b][1]
            new_ttl[tkeys[b]] = turtle_body(triples[pos:pos + n])[1]
            pos += n
        del triples
    if val_todo:
        size = -(-len(val_todo) // max(1, batches))
        work = []
        for part in (val_todo[i:i + size] for i in range(0, len(val_todo), size)):
            wanted = {blocks[b][0][1:-1] for b, _ in part}
            given = [line for b, _ in part for line in keys[blocks[b][1]:blocks[b][2]]]
            given += sorted({t for _, objects in part for o in objects for t in types[o]} - set(given))
            work.append((given, wanted))
        found: dict[str, list] = {}
        for results in validate_batches(work):
            for r in results:
                found.setdefault(r.focus, []).append(r)
        del work
        for b, _ in val_todo:
            new_val[vkeys[b]] = found.get(blocks[b][0][1:-1], [])

    out.turtle = [new_ttl.get(k) or old_ttl[k] for k in tkeys]
    if validate_batches is not None:
        out.results = [r for k in vkeys for r in (new_val[k] if k in new_val else old_val[k])]
        failing = {r.focus for r in out.results if r.severity == "Violation"}
        for subject, s, e in blocks if failing else ():
            if subject[1:-1] in failing:
                out.lines_of[subject[1:-1]] = keys[s:e]
    if cache is not None and cache.enabled and (ttl_todo or val_todo or len(old_ttl) != len(tkeys)):
        # keep what this build used, nothing older
        cache.put("shared", env, {
            "turtle": {k: out.turtle[i] for i, k in enumerate(tkeys)},
            "results": {k: (new_val[k] if k in new_val else old_val[k]) for k in vkeys} if validate_batches
            else old_val,
        })
    return out
