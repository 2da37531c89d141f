"""Document graphs: each linked document turned into its graph folder (diplograph.docgraph) in the
executor's workers, validated there on its own nodes, and kept in the build cache."""

from __future__ import annotations

import bisect

import pickle
import shutil
import tempfile
from pathlib import Path

from diplograph.errors import MappingError
from diplograph.executor import Executor, run_all, worker_project
from diplograph.mapped import MappedDocument, apply_entity_state, entity_state, linked_state
from diplograph.project import Project
from diplograph.rdfize import Rdfizer


def prune_doc_folders(root: Path, used: set[Path]) -> int:
    """Remove the document-graph folders this build did not use (earlier versions of edited
    documents): the cache keeps one generation, a little more than the output's size."""
    pruned = 0
    for folder in root.glob("*/*"):
        if folder.name.startswith(".tmp-") or folder in used:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        pruned += 1
    return pruned


def docgraphs(mapped: list[MappedDocument], cache, project: Project, base: str, stats: dict,
              executor: Executor | None = None, scratch: Path | None = None) -> list:
    """Each document's graph folder: from the cache when its linked entities are unchanged, else
    made by a worker from its pickled Extraction with the unified, linked entity state applied.
    When the workers do not share this machine's files, they get the Extraction in the task and
    send the folder's files back, and this process writes them."""
    from diplograph.cache import docgraph_env_hash, mapping_env_hash, sha256
    from diplograph.docgraph import put_folder, read_docgraph

    env = docgraph_env_hash(mapping_env_hash(project.mappings_dir, base), project)
    root = cache.root / "doc" if cache.enabled else scratch
    docs: list = [None] * len(mapped)
    folders: list[Path] = []
    todo = []
    for i, m in enumerate(mapped):
        key = sha256(env, m._map_key, linked_state(m))
        folders.append(root / key[:2] / key)
        if cache.enabled:
            docs[i] = read_docgraph(folders[i])
            if docs[i] is not None:
                continue
        todo.append(i)
    stats["rdf_cached"] = len(mapped) - len(todo)
    stats["rdf_made"] = len(todo)
    ship = executor is not None and not executor.shared_fs
    cache_root = str(cache.root) if cache.enabled and not ship else None

    def args(i):
        m = mapped[i]
        blob = m.blob
        if blob is None and ship:  # the worker cannot read the cache: send the Extraction
            blob = cache.get_bytes("map", m._map_key)
        return (base, None if ship else str(folders[i]), cache_root, m._map_key, blob,
                (m.doc.path, m.doc.sidecar_path), entity_state(m), env)

    made = run_all(executor, project, docgraph_task, (args(i) for i in todo), n=len(todo))
    for i, d in zip(todo, made):
        if ship:
            meta, files = d
            d = put_folder(meta, files, folders[i])
        docs[i] = d
        mapped[i].blob = None  # in its folder now
    return docs


def docgraph_task(args):
    """One document's graph folder (written at `folder`; with no folder, returned as
    (DocGraph, files) for the caller to write)."""
    from diplograph.cache import BuildCache
    from diplograph.docgraph import make_docgraph, put_folder

    base, folder, cache_root, map_key, blob, (path, sidecar_path), state, env = args
    if blob is None:
        blob = BuildCache(Path(cache_root)).get_bytes("map", map_key) if cache_root else None
        if blob is None:
            raise MappingError("the build cache lost a mapped document while building; run the build again",
                               path=path)
    x, sentences = pickle.loads(blob)
    x.doc.path, x.doc.sidecar_path = path, sidecar_path
    apply_entity_state(x, state)
    validate_with, entail = _checkers(env)
    meta, files = make_docgraph(Rdfizer(base), x, SentenceIndex(sentences), validate_with=validate_with,
                                entail=entail)
    if folder is None:
        return meta, files
    return put_folder(meta, files, Path(folder))


_MEMO: dict = {}


def _checkers(env: str) -> tuple:
    """(fast_validator(), entailment()) once per process and document-graph environment: `env`
    hashes the shapes, the ontology and this code, so the same env means the same answers (asking
    the files each time cost a document a millisecond of stat calls)."""
    key = (str(worker_project().root), env)
    if _MEMO.get("checkers_key") != key:
        _MEMO["checkers"] = (fast_validator(), entailment())
        _MEMO["checkers_key"] = key
    return _MEMO["checkers"]


def entailment():
    """docgraph's `entail`: from the fast shapes' sh:class classes (None if unavailable); one per
    process and project."""
    from functools import lru_cache

    from diplograph.fastshacl import Unsupported
    from diplograph.validate import fast_shapes

    try:
        shapes = fast_shapes(worker_project())
    except Unsupported:
        return None
    if _MEMO.get("shapes") is shapes:  # the same compiled shapes: the same answers
        return _MEMO["entail"]
    wanted = shapes.value_classes()
    entail = None
    if wanted is not None:
        @lru_cache(maxsize=None)
        def entail(types: frozenset) -> tuple:
            return tuple(sorted(c for c in wanted if any(c in shapes.closure(t) for t in types)))
    _MEMO.update(shapes=shapes, entail=entail)
    return entail


def fast_validator():
    """The fast evaluator on a document graph, results on its own nodes; None when the shapes use
    a feature it lacks (pySHACL validates then)."""
    from diplograph.fastshacl import Unsupported
    from diplograph.validate import fast_results, fast_shapes

    project = worker_project()
    try:
        shapes = fast_shapes(project)
    except Unsupported:
        return None

    def run(triples, only):
        try:
            return fast_results(triples, project, only=only, shapes=shapes)
        except Unsupported:
            return None
    return run


class SentenceIndex:
    """`sentence_of(span)` of a mapped document, from its sentence spans (same answer as DocContext's)."""

    def __init__(self, sentences):
        self.sentences = list(sentences)
        # Sentences are disjoint and in text order: a binary search (a scan per span made the
        # document graph quadratic in the document's size).
        self.starts = [s.start for s in self.sentences]
        self.ordered = all(a.end <= b.start for a, b in zip(self.sentences, self.sentences[1:]))

    def __call__(self, span):
        if not self.ordered:  # never seen; kept exact
            return next((s for s in self.sentences if s.start <= span.start < s.end), span)
        i = bisect.bisect_right(self.starts, span.start) - 1
        if i >= 0 and span.start < self.sentences[i].end:
            return self.sentences[i]
        return span


def scratch_dir() -> Path:
    """Where the document folders go in a build without a cache (removed at its end)."""
    return Path(tempfile.mkdtemp(prefix="diplograph-build-"))
