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

import hashlib

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


BATCH_LINES = 60_000  # lines per batch (whole blocks): bounds a worker's memory whatever the archive's size
MIN_BATCH_LINES = 5_000  # below this a batch costs more to send than to run
WAVE = 8  # batches made and sent to the workers at a time


def process_batch(batch, shapes=None) -> tuple[list[bytes], list]:
    """Serialize and validate one batch of blocks: (lines of the blocks, lines per block, which
    blocks to serialize, which to validate, rdf:type lines of the nodes they point to) →
    (Turtle bodies of the blocks to serialize, fastshacl results on the blocks to validate)."""
    from diplograph import fastshacl
    from diplograph.rdfterms import turtle_body

    lines, sizes, to_serialize, to_validate, type_lines = batch
    quads = _parse(lines, quads=True)
    bodies, pos = [], 0
    wanted: set[str] = set()
    given: list = []
    for n, ser, val in zip(sizes, to_serialize, to_validate):
        part = quads[pos:pos + n]
        if ser:
            bodies.append(turtle_body([q.triple for q in part])[1])
        if val:
            wanted.add(part[0].subject.value)
            given += part
        pos += n
    results = []
    if wanted:
        present = set(lines)
        extra = [t for t in type_lines if t not in present]
        given += _parse(extra, quads=True)
        results = fastshacl.validate(given, shapes, only=wanted.__contains__)
    return bodies, results


def merge_shared(docs, *, cache=None, env: str = "", shapes=None, run_batches=None) -> SharedBlocks:
    """Merge the shared triples of `docs` (DocGraph), serialize and (with fast `shapes`) validate
    them block by block, reusing the cache's blocks. `run_batches(batches)` runs `process_batch` on
    each batch and returns the outputs in order (the build uses its worker processes)."""
    from diplograph.cache import sha256

    validate = shapes is not None
    run_batches = run_batches or (lambda batches: [process_batch(b, shapes) for b in batches])
    # The whole result of the previous build is reused when no document's shared.nt changed (an edit
    # that does not move the entities' spans, or a rebuild of the same documents).
    use_cache = cache is not None and cache.enabled
    whole_key = sha256(env, str(validate), *(d.shared_sha256 for d in docs))
    if use_cache:
        last = cache.get("shared", f"last-{env}")
        if last is not None and last[0] == whole_key:
            out = last[1]
            out.stats = {"blocks": len(out.turtle), "serialized": 0, "validated": 0, "reused": True}
            return out
    out = _merge(docs, cache, env, validate, shapes, run_batches)
    if use_cache:
        cache.put("shared", f"last-{env}", (whole_key, out))
    return out


def _merge(docs, cache, env, validate, shapes, run_batches) -> SharedBlocks:
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
    del context

    old = (cache.get("shared", env) if cache is not None and cache.enabled else None) or {}
    old_ttl, old_val = old.get("turtle", {}), old.get("results", {})
    new_ttl: dict[str, bytes] = {}
    new_val: dict[str, list] = {}
    tkeys, vkeys, todo = [], [], []
    n_ser = n_val = 0
    for b, (subject, s, e) in enumerate(blocks):
        block = keys[s:e]
        tkey = _lines_key(block)
        tkeys.append(tkey)
        ser = tkey not in old_ttl
        objects: list[str] = []
        val = False
        if validate:
            objects = sorted({line.split(" ", 2)[2] for line in block} & types.keys())
            vkey = _lines_key([tkey, *(t for o in objects for t in types[o])])
            vkeys.append(vkey)
            val = vkey not in old_val
        if ser or val:
            todo.append((b, ser, val, objects))
            n_ser += ser
            n_val += val
    out.stats = {"blocks": len(blocks), "serialized": n_ser, "validated": n_val}

    # Batches of about BATCH_LINES lines (a country's block alone can have thousands), made and run
    # a few at a time so that neither this process nor a worker holds much of the archive.
    # At least about 8 batches when there is that much to do, so that the workers finish together.
    total = sum(blocks[item[0]][2] - blocks[item[0]][1] for item in todo)
    most = min(BATCH_LINES, max(MIN_BATCH_LINES, total // 8))
    parts, part, size = [], [], 0
    for item in todo:
        n = blocks[item[0]][2] - blocks[item[0]][1]
        if part and size + n > most:
            parts.append(part)
            part, size = [], 0
        part.append(item)
        size += n
    if part:
        parts.append(part)

    def batch(part):
        return ([line for b, _, _, _ in part for line in keys[blocks[b][1]:blocks[b][2]]],
                [blocks[b][2] - blocks[b][1] for b, _, _, _ in part],
                [ser for _, ser, _, _ in part], [val for _, _, val, _ in part],
                sorted({t for _, _, val, objects in part if val for o in objects for t in types[o]}))

    found: dict[str, list] = {}
    for w in range(0, len(parts), WAVE):
        wave = parts[w:w + WAVE]
        for part, (bodies, results) in zip(wave, run_batches([batch(p) for p in wave])):
            it = iter(bodies)
            for b, ser, _, _ in part:
                if ser:
                    new_ttl[tkeys[b]] = next(it)
            for r in results:
                found.setdefault(r.focus, []).append(r)
    for b, _, val, _ in todo:
        if val:
            new_val[vkeys[b]] = found.get(blocks[b][0][1:-1], [])

    out.turtle = [new_ttl.get(k) or old_ttl[k] for k in tkeys]
    if validate:
        out.results = [r for k in vkeys for r in (new_val[k] if k in new_val else old_val[k])]
        failing = {r.focus for r in out.results if r.severity == "Violation"}
        for subject, s, e in blocks if failing else ():
            if subject[1:-1] in failing:
                out.lines_of[subject[1:-1]] = keys[s:e]
    if cache is not None and cache.enabled and (todo or len(old_ttl) != len(tkeys)):
        # keep what this build used, nothing older
        cache.put("shared", env, {
            "turtle": {k: out.turtle[i] for i, k in enumerate(tkeys)},
            "results": {k: (new_val[k] if k in new_val else old_val[k]) for k in vkeys} if validate
            else old_val,
        })
    return out


def _lines_key(lines: list[str]) -> str:
    """A block's cache key: its lines hashed as one text (N-Triples lines hold no newline, so the
    joined text is the lines); one hash update instead of two a line."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def merge_shared_blocks(docs, cache, project, shapes=None, executor=None) -> SharedBlocks:
    """The shared graph stage of a build: `merge_shared` with its batches run by the executor."""
    from diplograph.cache import docgraph_env_hash, mapping_env_hash
    from diplograph.executor import run_all

    env = docgraph_env_hash(mapping_env_hash(project.mappings_dir, ""), project) if cache.enabled else ""

    def run(batches):
        if executor is None:
            return [process_batch(b, shapes) for b in batches]
        return list(run_all(executor, project, shared_batch_task, [(b, shapes is not None) for b in batches], most=1))

    return merge_shared(docs, cache=cache, env=env, shapes=shapes, run_batches=run)


def shared_batch_task(args) -> tuple:
    from diplograph.executor import worker_project
    from diplograph.validate import fast_shapes

    batch, validate = args
    return process_batch(batch, fast_shapes(worker_project()) if validate else None)
