"""seeds → mapping modules → Wikidata linking → SHACL gate → deterministic export.

`build()` is the library entry point; the CLI only parses options and prints what it returns.
"""

from __future__ import annotations

import bisect
import pickle
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from diplograph import __version__
from diplograph.dumps import void_dump_triples
from diplograph.errors import DiplographError, InputError, MappingError, NotConformant
from diplograph.export import GraphFile, sorted_triples, write_streamed_publication, write_text_atomic
from diplograph.extract.context import DocContext, Tables
from diplograph.mapped import MappedDocument, apply_entity_state, entity_state, linked_state, summarize
from diplograph.model import Extraction
from diplograph.ns import DEFAULT_BASE, DIP, ONTOLOGY_IRI, SDO
from diplograph.outputdir import check_output_dir
from diplograph.project import Project
from diplograph.rdfize import Rdfizer
from diplograph.registry import get as get_mapping
from diplograph.seeds import SeedPair, discover, read_document, unread_files

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class BuildResult:
    output: Path
    documents: list[str]
    triples: int
    skipped: list[str] = field(default_factory=list)  # "file: reason"
    warnings: list[str] = field(default_factory=list)
    link_summary: list[str] = field(default_factory=list)
    link_warning: str | None = None  # one line, printed even with --quiet (LinkReport.warning_line)
    validation_warnings: int = 0
    manifest: dict = field(default_factory=dict)
    # Seconds per stage: map (read + map, or load from the cache), link (cross-document unification,
    # Wikidata linking and RDF generation), validate (SHACL), export (VoID + writing the files).
    stage_s: dict = field(default_factory=dict)
    # Counts: documents mapped / taken from the cache, graphs validated / taken from the cache.
    stats: dict = field(default_factory=dict)


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


def default_cache_dir(project: Project, output: Path) -> Path:
    """`.cache/build/` under the project root for the project's own output, else beside the output."""
    out = output.resolve()
    if out == project.output.resolve():
        return project.root / ".cache" / "build"
    return out.parent / f".{out.name}.cache"


def build(*, seeds: Path | None = None, output: Path | None = None, base_uri: str = DEFAULT_BASE,
          keep_going: bool = False, project: Project | None = None, license_iri: str = DEFAULT_LICENSE,
          progress: Callable[[str], None] = lambda m: None, validate: bool = True, workers: int = 1,
          cache_dir: Path | None = None, use_cache: bool = True, validator: str = "auto") -> BuildResult:
    """Map, link, validate and publish. `workers` > 1 maps and validates in that many processes;
    per-document results are cached in `cache_dir` (default: see `default_cache_dir`) unless
    `use_cache` is False. The output is the same bytes whatever the workers and cache state.
    `validator`: "pyshacl" (the reference), "fast" (diplograph.fastshacl, same results, for
    archives) or "auto" (pySHACL up to FAST_VALIDATION_TRIPLES triples, the fast evaluator above)."""
    from diplograph.cache import BuildCache

    project = project or Project.discover()
    seeds = seeds or project.seeds
    output = output or project.output
    check_output_dir(output, seeds=seeds, project_root=project.root)  # never replace what is not ours
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base_uri):
        raise InputError(f"--base-uri {base_uri!r} is not an http(s) IRI")
    base = base_uri.rstrip("/")
    workers = max(1, int(workers or 1))
    cache = BuildCache((cache_dir or default_cache_dir(project, output)) if use_cache else None)
    stage: dict[str, float] = {}
    t0 = time.perf_counter()
    pairs = discover(seeds)
    notes = unread_files(seeds)  # reported, never silently ignored
    _announce_big(pairs, progress)
    if not pairs:
        raise InputError("no *.txt documents in the seeds folder", path=str(seeds))
    stats = {"documents": len(pairs), "mapped": 0, "map_cached": 0, "validated": 0, "validation_cached": 0}
    pool = make_pool(workers, project) if workers > 1 and len(pairs) > 1 else None
    try:
        return _build(pairs, project, base, cache, workers, pool, stats, stage, t0, output, keep_going,
                      license_iri, progress, validate, validator=validator, notes=notes)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _announce_big(pairs: list[SeedPair], progress, at: int = 1 << 20) -> None:
    """A line before mapping starts for each big document, which takes seconds on its own."""
    for p in pairs:
        try:
            size = p.text_path.stat().st_size
        except OSError:
            continue
        if size >= at:
            progress(f"mapping {p.text_path.name} ({size / 1e6:.1f} MB) …")


def _build(pairs, project, base, cache, workers, pool, stats, stage, t0, output, keep_going, license_iri,
           progress, validate, validator="auto", notes=()) -> BuildResult:
    errors: list[DiplographError] = []
    notes = list(notes)
    mapped: list[MappedDocument] = []
    for pair, outcome, cached in _map_all(pairs, project, base, cache, workers, pool):
        if outcome[0] == "error":
            exc = _rebuild_error(outcome)
            if not keep_going or not isinstance(exc, (InputError, MappingError)):
                raise exc
            errors.append(exc)
            progress(f"skipped: {exc}")
            continue
        m = outcome[1]
        doc = m.doc
        mapped.append(m)
        notes += getattr(doc, "warnings", ())
        stats["map_cached" if cached else "mapped"] += 1
        n_ent, n_posts, n_events, n_quotes = m.counts
        progress(f"mapped {pair.text_path.name} ({doc.genre}{', detected' if doc.genre_detected else ''}): "
                 f"{n_ent} entities, {n_posts} posts, {n_events} events, "
                 f"{n_quotes} quotations{' (cached)' if cached else ''}")
    if not mapped:
        raise InputError("no document could be published:\n  " + "\n  ".join(str(e) for e in errors))
    t1 = time.perf_counter()
    stage["map"] = t1 - t0
    extractions = mapped
    unify_entities(extractions)
    link_report = _link(extractions, project, cache)
    rdf = Rdfizer(base)
    scratch = None if cache.enabled else Path(tempfile.mkdtemp(prefix="diplograph-build-"))
    try:
        docs = _docgraphs(mapped, rdf, cache, project, base, stats, pool, workers, scratch)
        t2 = time.perf_counter()
        stage["link"] = t2 - t1
        result = BuildResult(output=output, documents=[x.doc.stem for x in extractions], triples=0,
                             skipped=[str(e) for e in errors], warnings=notes)
        if link_report is not None:
            result.link_summary = list(link_report.summary_lines())
            result.link_warning = link_report.warning_line()
        if validate:
            report, shared = _validate_all(docs, rdf, project, cache, workers, stats, pool, validator)
            if not report.conforms:
                if keep_going:
                    keep = _drop_nonconforming(docs, mapped, project, result, cache, workers, stats, pool)
                    docs = [docs[i] for i in keep]
                    mapped = [mapped[i] for i in keep]
                    extractions = mapped
                    report = _validate_docs([d.graph_file() for d in docs], project, cache, workers, stats, pool)
                    shared = _merge_shared(docs, cache, project, pool=pool)
                if not report.conforms:
                    full = output.parent / f"{output.name}.validation-report.ttl"
                    write_text_atomic(full, report.to_turtle())
                    raise NotConformant(
                        f"the mapped data violates the shapes ({len(report.violations)} violations); "
                        f"nothing was published, {output} is unchanged. Full report: {full}\n" + report.render(20),
                        report)
            result.validation_warnings = len(report.warnings)
        else:
            shared = _merge_shared(docs, cache, project, pool=pool)
        t3 = time.perf_counter()
        stage["validate"] = t3 - t2
        merged_count = shared.count + sum(d.own_triples for d in docs)
        class_counts: dict[str, int] = dict(shared.classes)
        for d in docs:
            for cls, n in d.own_classes.items():
                class_counts[cls] = class_counts.get(cls, 0) + n
        version = _ontology_version(project)
        void = GraphFile("void", f"{base}/graph/void",
                         sorted_triples(void_triples(base, rdf, extractions, docs, merged_count, class_counts,
                                                     license_iri, version)))
        extra = {"link-report.json": link_report.to_dict() if link_report is not None else {}}
        result.manifest = write_streamed_publication(base, docs, shared, void, version, extra, output)
        if cache.enabled:
            stats["doc_folders_pruned"] = _prune_doc_folders(cache.root / "doc", {d.folder for d in docs})
        result.triples = result.manifest["triples"]
        stage["export"] = time.perf_counter() - t3
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    result.stage_s = stage
    result.stats = stats
    progress(f"published {len(docs)} documents, {result.triples} triples to {output}")
    return result


# ----------------------------------------------------------------------------- document graphs (cached, parallel)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _prune_doc_folders(root: Path, used: set[Path]) -> int:
    """Remove the document-graph folders this build did not use (earlier versions of edited
    documents): the cache keeps one generation, a little more than the output's size."""
    pruned = 0
    for folder in root.glob("*/*"):
        if folder.name.startswith(".tmp-") or folder in used:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        pruned += 1
    return pruned


def _docgraphs(mapped: list[MappedDocument], rdf: Rdfizer, cache, project: Project, base: str, stats: dict,
               pool=None, workers: int = 1, scratch: Path | None = None) -> list:
    """Each document's graph folder (diplograph.docgraph): from the cache when its linked entities
    are unchanged, else made (in the worker processes when there are several) from its pickled
    Extraction with the unified, linked entity state applied."""
    from diplograph.cache import docgraph_env_hash, mapping_env_hash, sha256
    from diplograph.docgraph import read_docgraph

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
    cache_root = str(cache.root) if cache.enabled else None
    args = [(base, str(folders[i]), cache_root, mapped[i]._map_key, mapped[i].blob,
             (mapped[i].doc.path, mapped[i].doc.sidecar_path), entity_state(mapped[i])) for i in todo]
    if pool is not None and len(todo) > 1:
        made = pool.map(_docgraph_task, args, chunksize=chunksize(len(todo), workers))
    else:
        _worker_init(str(project.root))
        made = (_docgraph_task(a) for a in args)
    for i, d in zip(todo, made):
        docs[i] = d
        mapped[i].blob = None  # in its folder now
    return docs


def _docgraph_task(args):
    from diplograph.cache import BuildCache
    from diplograph.docgraph import write_docgraph

    base, folder, cache_root, map_key, blob, (path, sidecar_path), state = args
    if blob is None:
        blob = BuildCache(Path(cache_root)).get_bytes("map", map_key)
        if blob is None:
            raise MappingError("the build cache lost a mapped document while building; run the build again",
                               path=path)
    x, sentences = pickle.loads(blob)
    x.doc.path, x.doc.sidecar_path = path, sidecar_path
    apply_entity_state(x, state)
    return write_docgraph(Rdfizer(base), x, SentenceIndex(sentences), Path(folder),
                          validate_with=_fast_validator(), entail=_WORKER.get("entail") or _entailment())


def _entailment():
    """docgraph's `entail`: from the fast shapes' sh:class classes (None if unavailable)."""
    from functools import lru_cache

    from diplograph.fastshacl import Unsupported
    from diplograph.validate import fast_shapes

    try:
        shapes = fast_shapes(_WORKER["project"])
    except Unsupported:
        return None
    wanted = shapes.value_classes()
    if wanted is None:
        return None

    @lru_cache(maxsize=None)
    def entail(types: frozenset) -> tuple:
        return tuple(sorted(c for c in wanted if any(c in shapes.closure(t) for t in types)))
    _WORKER["entail"] = entail
    return entail


def _fast_validator():
    """The fast evaluator on a document graph, results on its own nodes; None when the shapes use
    a feature it lacks (pySHACL validates then)."""
    from diplograph.fastshacl import Unsupported
    from diplograph.validate import fast_results, fast_shapes

    project = _WORKER["project"]
    try:
        fast_shapes(project)
    except Unsupported:
        return None

    def run(triples, only):
        try:
            return fast_results(triples, project, only=only)
        except Unsupported:
            return None
    return run


def _merge_shared(docs, cache, project: Project, shapes=None, pool=None):
    """diplograph.shared.merge_shared, its batches in the worker processes when there is a pool."""
    from diplograph.cache import docgraph_env_hash, mapping_env_hash
    from diplograph.shared import merge_shared

    env = docgraph_env_hash(mapping_env_hash(project.mappings_dir, ""), project) if cache.enabled else ""

    def run(batches):
        if pool is not None and len(batches) > 1:
            return list(pool.map(_shared_batch_task, [(b, shapes is not None) for b in batches]))
        return [_process(b, shapes) for b in batches]

    return merge_shared(docs, cache=cache, env=env, shapes=shapes, run_batches=run)


def _process(batch, shapes):
    from diplograph.shared import process_batch
    return process_batch(batch, shapes)


def _shared_batch_task(args) -> tuple:
    from diplograph.validate import fast_shapes

    batch, validate = args
    return _process(batch, fast_shapes(_WORKER["project"]) if validate else None)


def _validate_all(docs, rdf: Rdfizer, project: Project, cache, workers, stats, pool, validator: str):
    """(SHACL report of the merged graph, the merged shared triples). pySHACL (per document graph,
    diplograph.docvalidate) for small builds or on request; else the fast evaluator's results on each
    document's own nodes (made with its graph) and on the shared nodes (diplograph.shared)."""
    from diplograph.docvalidate import shapes_are_local

    if validator not in ("auto", "pyshacl", "fast"):
        raise InputError(f"unknown validator {validator!r}; allowed: auto, pyshacl, fast")
    total = sum(d.triples for d in docs)
    use_fast = validator == "fast" or (validator == "auto" and total > FAST_VALIDATION_TRIPLES)
    # The split (own nodes per document, shared nodes per block) is exact only for local shapes.
    if use_fast and all(d.results is not None for d in docs) and shapes_are_local(project):
        from diplograph import fastshacl
        from diplograph.validate import fast_shapes

        try:
            shared = _merge_shared(docs, cache, project, shapes=fast_shapes(project), pool=pool)
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
    report = _validate_docs([d.graph_file() for d in docs], project, cache, workers, stats, pool)
    return report, _merge_shared(docs, cache, project, pool=pool)


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


_WORKER: dict = {}


def _worker_init(root: str) -> None:
    project = Project(Path(root))
    _WORKER["root"] = root
    _WORKER["project"] = project
    _WORKER["tables"] = Tables.load(project.data_dir)


def _map_task(args) -> tuple:
    """Map one document; returns ("ok", pickled (Extraction, sentences), pickled MappedDocument)
    or ("error", …)."""
    text_path, sidecar_path = args
    project, tables = _WORKER["project"], _WORKER["tables"]
    try:
        doc = read_document(SeedPair(Path(text_path), Path(sidecar_path)))
        x, ctx = map_document(doc, tables, project)
    except DiplographError as exc:
        return ("error", type(exc).__name__, exc.message, exc.path, exc.line)
    return ("ok", pickle.dumps((x, list(ctx.sentences)), protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(summarize(x), protocol=pickle.HIGHEST_PROTOCOL))


def _rebuild_error(outcome) -> DiplographError:
    from diplograph import errors as E

    _, cls_name, message, path, line = outcome
    cls = getattr(E, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, DiplographError)) or cls is NotConformant:
        cls = MappingError
    return cls(message, path=path, line=line)


def _map_key(env: str, pair: SeedPair) -> str:
    from diplograph.cache import sha256

    # Only plain files are read (a FIFO would block); read_document refuses the others.
    try:
        text = pair.text_path.read_bytes() if pair.text_path.is_file() else b"<not a file>"
    except OSError:
        text = b"<unreadable>"
    try:
        side = pair.sidecar_path.read_bytes() if pair.sidecar_path.is_file() else b"<missing>"
    except OSError:
        side = b"<missing>"
    return sha256(env, pair.text_path.name, pair.sidecar_path.name, text, side)


def make_pool(workers: int, project: Project):
    """The worker processes of a build, started once at its beginning (while this process is still
    small, so forked workers do not inherit the whole corpus) and used for mapping and validation."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                               initargs=(str(project.root),))


def chunksize(n_tasks: int, workers: int, most: int = 16) -> int:
    return max(1, min(most, n_tasks // (4 * workers)))


def _map_all(pairs: list[SeedPair], project: Project, base: str, cache, workers: int, pool=None):
    """Yield (pair, outcome, from_cache) in document order; outcome ("ok", MappedDocument). A cached
    document is read as its small record only; its Extraction stays in the cache."""
    from diplograph.cache import mapping_env_hash

    env = mapping_env_hash(project.mappings_dir, base) if cache.enabled else ""
    keys = [_map_key(env, p) if cache.enabled else "" for p in pairs]
    records: list = [None] * len(pairs)
    if cache.enabled:
        for i, k in enumerate(keys):
            blob = cache.get_bytes("summary", k)
            if blob is not None and cache.has("map", k):
                records[i] = blob
    todo = [i for i, r in enumerate(records) if r is None]
    outcomes: dict[int, tuple] = {}
    args = [(str(pairs[i].text_path), str(pairs[i].sidecar_path)) for i in todo]
    if todo and pool is not None and len(todo) > 1:
        for i, out in zip(todo, pool.map(_map_task, args, chunksize=chunksize(len(todo), workers))):
            outcomes[i] = out
    elif todo:
        _worker_init(str(project.root))
        for i, a in zip(todo, args):
            outcomes[i] = _map_task(a)
    for i, pair in enumerate(pairs):
        cached = records[i] is not None
        if cached:
            m = pickle.loads(records[i])
        else:
            out = outcomes.pop(i)
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


def _link(extractions: list[Extraction], project: Project, cache=None):
    """Wikidata linking; with a cache, the linker's answers (candidates and decision for a set of
    names, a kind and a context: pure functions of the slice, the gazetteer and the linking code)
    are kept between builds, so a rebuild scores only entities whose names or context changed."""
    from diplograph.linking import gazetteer_path, link_extractions, load_linker, slice_path

    if cache is None or not cache.enabled:
        return link_extractions(extractions, project)
    from diplograph.cache import _PKG, files_hash, sha256

    linker = load_linker(project)
    key = sha256("link-memo-1", str(linker.threshold), files_hash([slice_path(project), gazetteer_path(project)]),
                 files_hash(sorted((_PKG / "linking").glob("*.py"))))
    old = cache.get("link", key) or {}
    used: dict = {}

    def memo(kind_of_call, method):
        def call(names, kind, ctx):
            k = (kind_of_call, tuple(names), kind, ctx.country_qid, ctx.sentence, ctx.key)
            if k not in used:
                used[k] = old[k] if k in old else method(names, kind, ctx)
            return used[k]
        return call

    linker.decide = memo("decide", linker.decide)
    linker.candidates = memo("candidates", linker.candidates)
    report = link_extractions(extractions, project, linker=linker)
    if set(used) != set(old):
        cache.put("link", key, used)
    return report


def _validate(graphs: list[GraphFile], project: Project):
    """Whole-graph validation (with the ontology mixed in): the reference the per-document
    validation in `diplograph.docvalidate` must agree with."""
    from diplograph.validate import validate_graph
    g = Graph()
    for gf in graphs:
        _add_ox(g, gf.triples)
    return validate_graph(g, project=project)


FAST_VALIDATION_TRIPLES = 200_000


def _validate_docs(graphs: list[GraphFile], project: Project, cache, workers: int, stats: dict, pool=None):
    from diplograph.docvalidate import validate_documents
    return validate_documents(graphs, project, cache=cache, workers=workers, stats=stats, pool=pool)


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


def _drop_nonconforming(docs, mapped, project, result: BuildResult, cache=None, workers: int = 1,
                        stats: dict | None = None, pool=None) -> list[int]:
    """Indices of the documents whose graph conforms alone (pySHACL); the others are reported skipped."""
    from diplograph.docvalidate import validate_documents
    keep = []
    reports = validate_documents([d.graph_file() for d in docs], project, cache=cache, workers=workers,
                                 stats=stats, per_document=True, pool=pool)
    for i, (m, report) in enumerate(zip(mapped, reports)):
        if report.conforms:
            keep.append(i)
        else:
            first = report.violations[0]
            result.skipped.append(f"{m.doc.path}: violates the shapes ({len(report.violations)} violations; "
                                  f"first: {first.message} on {first.focus})")
    if not keep:
        raise NotConformant("no document conforms to the shapes; nothing was published")
    return keep
