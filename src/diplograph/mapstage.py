"""Read the seeds and map each document (in the executor's workers), through the build cache.

`map_document` is the whole per-document map step: the genre's mapping module on a DocContext.
What comes back to the build's main process is the pickled (Extraction, sentences) and the small
entity record of the document (diplograph.mapped); a cached document is read as its record only.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from diplograph.errors import DiplographError, InputError, MappingError, NotConformant
from diplograph.executor import Executor, run_all, worker_project, worker_tables
from diplograph.extract.context import DocContext, Tables
from diplograph.mapped import summarize
from diplograph.model import Extraction
from diplograph.project import Project
from diplograph.registry import get as get_mapping
from diplograph.extract.readby import claim_rest, find_bases
from diplograph.seeds import SeedPair, read_document
from diplograph.text.parse import set_cache_dir as set_parse_cache


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
    claim_rest(x, f"mapping:{doc.genre}")
    find_bases(ctx)
    persons_or_orgs = [e for e in x.entities.values() if e.kind in ("person", "organization", "country") and not e.from_sidecar]
    if not persons_or_orgs and not x.events and not x.quotations:
        raise MappingError("nothing found: no person, organisation, country, event or quotation "
                           "(is this a document of the declared genre?)", path=doc.path)
    return x, ctx


def map_task(args) -> tuple:
    """Map one document from its bytes (the worker need not see the seeds folder); returns
    ("ok", pickled (Extraction, sentences), pickled MappedDocument) or ("error", …)."""
    text_path, sidecar_path, text, sidecar, *rest = args
    # The statistical parse is kept under the build cache (a worker on another machine without that
    # folder simply parses: diplograph.text.parse never fails on its cache).
    set_parse_cache(Path(rest[0]) if rest and rest[0] else None)
    try:
        doc = read_document(SeedPair(Path(text_path), Path(sidecar_path)), text=text, sidecar=sidecar)
        x, ctx = map_document(doc, worker_tables(), worker_project())
    except DiplographError as exc:
        return ("error", type(exc).__name__, exc.message, exc.path, exc.line)
    return ("ok", pickle.dumps((x, list(ctx.sentences)), protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(summarize(x), protocol=pickle.HIGHEST_PROTOCOL))


def rebuild_error(outcome) -> DiplographError:
    """The error a task reported, as the same DiplographError class."""
    from diplograph import errors as E

    _, cls_name, message, path, line = outcome
    cls = getattr(E, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, DiplographError)) or cls is NotConformant:
        cls = MappingError
    return cls(message, path=path, line=line)


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None for what the reader refuses or cannot read (a FIFO would block,
    a link out of the seeds folder is not published): the task then reports it as the reader does."""
    from diplograph.errors import InputError
    from diplograph.seeds import check_inside, check_regular

    try:
        check_inside(path, "file")
        check_regular(path, "file")
        return path.read_bytes()
    except (OSError, InputError):
        return None


def map_key(env: str, pair: SeedPair, text: bytes | None, sidecar: bytes | None) -> str:
    from diplograph.cache import sha256

    return sha256(env, pair.text_path.name, pair.sidecar_path.name,
                  b"<unreadable>" if text is None else text, b"<missing>" if sidecar is None else sidecar)


def map_all(pairs: list[SeedPair], project: Project, base: str, cache, executor: Executor | None = None):
    """Yield (pair, outcome, from_cache) in document order; outcome ("ok", MappedDocument) or an
    error outcome (see `rebuild_error`). A cached document is read as its small record only; its
    Extraction stays in the cache (or, without a cache, travels as bytes on the record)."""
    from diplograph.cache import mapping_env_hash

    env = mapping_env_hash(project.mappings_dir, base) if cache.enabled else ""
    data = [(_read(p.text_path), _read(p.sidecar_path)) for p in pairs]
    keys = [map_key(env, p, *d) if cache.enabled else "" for p, d in zip(pairs, data)]
    records: list = [None] * len(pairs)
    if cache.enabled:
        for i, k in enumerate(keys):
            blob = cache.get_bytes("summary", k)
            if blob is not None and cache.has("map", k):
                records[i] = blob
    todo = [i for i, r in enumerate(records) if r is None]
    parse_dir = str(cache.root / "parse") if cache.enabled else None
    args = [(str(pairs[i].text_path), str(pairs[i].sidecar_path), *data[i], parse_dir) for i in todo]
    del data
    # Small chunks: a chunk is a few seconds of parsing, and the last one leaves the other workers idle.
    made = run_all(executor, project, map_task, args, most=4)  # results in document order, as they come
    for i, pair in enumerate(pairs):
        cached = records[i] is not None
        if cached:
            m = pickle.loads(records[i])
        else:
            out = next(made)
            if out[0] == "error":
                yield pair, out, False
                continue
            m = pickle.loads(out[2])
            if cache.enabled:
                cache.put_bytes("map", keys[i], out[1])
                cache.put_bytes("summary", keys[i], out[2])
            if not cache.enabled or not cache.has("map", keys[i]):
                m.blob = out[1]  # no cache (or it cannot be written): keep the Extraction's bytes
        # The same content under another folder: point the document at where it is now.
        m.doc.path, m.doc.sidecar_path = str(pair.text_path), str(pair.sidecar_path)
        m._map_key = keys[i] or f"nocache-{i}"
        yield pair, ("ok", m), cached
