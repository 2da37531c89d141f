"""The build: read seeds → map → link → document graphs → shared graph → validate → publish.

`build()` is the library entry point and reads as that pipeline; each stage is a module:
diplograph.seeds (read), diplograph.mapstage (parse and map each document), diplograph.linkstage
(cross-document unification, Wikidata linking), diplograph.graphstage (each document's graph,
validated on its own nodes), diplograph.shared (the triples about shared entities, merged),
diplograph.gate (the SHACL gate), diplograph.publish (VoID and the published folder). The
per-document work runs on a diplograph.executor (this process, local processes or Dask). The CLI
only parses options and prints what `build` returns.
"""

from __future__ import annotations

import gc
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from diplograph.cache import BuildCache
from diplograph.errors import DiplographError, InputError, MappingError, NotConformant
from diplograph.executor import Executor, InProcess, LocalPool, default_workers
from diplograph.export import write_text_atomic
from diplograph.gate import FAST_VALIDATION_TRIPLES, drop_nonconforming, validate_all, validate_docs
from diplograph.graphstage import docgraphs, prune_doc_folders, scratch_dir
from diplograph.linkstage import link, unify_entities
from diplograph.mapped import MappedDocument
from diplograph.mapstage import map_all, map_document, rebuild_error
from diplograph.ns import DEFAULT_BASE
from diplograph.project import Project
from diplograph.publish import DEFAULT_LICENSE, publish
from diplograph.rdfize import Rdfizer
from diplograph.outputdir import check_output_dir
from diplograph.seeds import SeedPair, discover, unread_files
from diplograph.shared import merge_shared_blocks

__all__ = ["BuildResult", "build", "default_cache_dir", "map_document", "unify_entities", "link",
           "FAST_VALIDATION_TRIPLES"]


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


def default_cache_dir(project: Project, output: Path) -> Path:
    """`.cache/build/` under the project root for the project's own output, else beside the output."""
    out = output.resolve()
    if out == project.output.resolve():
        return project.root / ".cache" / "build"
    return out.parent / f".{out.name}.cache"


def build(*, seeds: Path | None = None, output: Path | None = None, base_uri: str = DEFAULT_BASE,
          keep_going: bool = False, project: Project | None = None, license_iri: str = DEFAULT_LICENSE,
          progress: Callable[[str], None] = lambda m: None, validate: bool = True, workers: int | None = 1,
          scheduler: str | None = None, cache_dir: Path | None = None, use_cache: bool = True,
          validator: str = "auto", dump_parts: int | None = None) -> BuildResult:
    """Map, link, validate and publish. The per-document work runs in `workers` local processes
    (None: one per core), or on the Dask cluster `scheduler` (tcp://HOST:PORT, or local:N for a
    LocalCluster of N processes); per-document results are cached in `cache_dir` (default: see
    `default_cache_dir`) unless `use_cache` is False. The output is the same bytes whatever runs it
    and whatever the cache holds. `validator`: "pyshacl" (the reference), "fast"
    (diplograph.fastshacl, same results, for archives) or "auto" (pySHACL up to
    FAST_VALIDATION_TRIPLES triples, the fast evaluator above). `dump_parts`: publish the dumps in
    this many parts (1: whole files; None: whole up to dumpfiles.WHOLE_MAX_DOCS documents)."""
    with _fewer_collections():
        return _build(seeds=seeds, output=output, base_uri=base_uri, keep_going=keep_going, project=project,
                      license_iri=license_iri, progress=progress, validate=validate, workers=workers,
                      scheduler=scheduler, cache_dir=cache_dir, use_cache=use_cache, validator=validator,
                      dump_parts=dump_parts)


@contextmanager
def _fewer_collections(thresholds: tuple[int, int, int] = (20_000, 50, 100)):
    """Python's cycle collector runs every 700 new objects by default; a build makes millions of
    small lists and tuples that live for a document and die without cycles, and the collector's
    passes over them and over the model, the tables and the records took an eighth of a 1,000-
    document build. Less often while building (the forked workers inherit it); restored after."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(thresholds, before)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(*, seeds, output, base_uri, keep_going, project, license_iri, progress, validate, workers,
           scheduler, cache_dir, use_cache, validator, dump_parts) -> BuildResult:
    project = project or Project.discover()
    seeds = seeds or project.seeds
    output = output or project.output
    check_output_dir(output, seeds=seeds, project_root=project.root)  # never replace what is not ours
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base_uri):
        raise InputError(f"--base-uri {base_uri!r} is not an http(s) IRI")
    cache = BuildCache((cache_dir or default_cache_dir(project, output)) if use_cache else None)
    t0 = time.perf_counter()
    pairs = discover(seeds)
    notes = unread_files(seeds)  # reported, never silently ignored
    _announce_big(pairs, progress)
    if not pairs:
        raise InputError("no *.txt documents in the seeds folder", path=str(seeds))
    run = _Run(project=project, base=base_uri.rstrip("/"), cache=cache, progress=progress, t0=t0,
               stats={"documents": len(pairs), "mapped": 0, "map_cached": 0, "validated": 0,
                      "validation_cached": 0})
    with make_executor(project, workers, scheduler, n_items=len(pairs)) as executor:
        run.executor = executor
        progress(f"building {len(pairs)} documents on {executor.name}")
        mapped, errors = run.map(pairs, keep_going)
        notes += [w for m in mapped for w in getattr(m.doc, "warnings", ())]
        unify_entities(mapped)
        link_report = link(mapped, project, cache)
        scratch = None if cache.enabled else scratch_dir()
        try:
            docs = docgraphs(mapped, cache, project, run.base, run.stats, executor, scratch)
            run.lap("link")
            skipped = [str(e) for e in errors]
            report, shared, docs, mapped = run.validate(docs, mapped, skipped, validate, keep_going, validator,
                                                        output)
            run.lap("validate")
            manifest = publish(output, base=run.base, docs=docs, shared=shared, documents=mapped,
                               link_report=link_report, license_iri=license_iri, project=project,
                               dump_parts=dump_parts)
            if cache.enabled:
                run.stats["doc_folders_pruned"] = prune_doc_folders(cache.root / "doc", {d.folder for d in docs})
            run.lap("export")
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
    result = BuildResult(output=output, documents=[m.doc.stem for m in mapped], triples=manifest["triples"],
                         skipped=skipped, warnings=notes, manifest=manifest, stage_s=run.stage, stats=run.stats)
    if link_report is not None:
        result.link_summary = list(link_report.summary_lines())
        result.link_warning = link_report.warning_line()
    result.validation_warnings = len(report.warnings) if report is not None else 0
    progress(f"published {len(docs)} documents, {result.triples} triples to {output}")
    return result


def _announce_big(pairs: list[SeedPair], progress, at: int = 1 << 20) -> None:
    """A line before mapping starts for each big document, which takes seconds on its own."""
    for p in pairs:
        try:
            size = p.text_path.stat().st_size
        except OSError:
            continue
        if size >= at:
            progress(f"mapping {p.text_path.name} ({size / 1e6:.1f} MB) …")


def make_executor(project: Project, workers: int | None = 1, scheduler: str | None = None,
                  n_items: int = 2) -> Executor:
    """`scheduler`: a Dask scheduler address (tcp://HOST:PORT) or local:N; else `workers` local
    processes (in this process when 1 or when there is a single item)."""
    if scheduler:
        from diplograph.dask_executor import DaskExecutor  # only when asked: dask is heavy to import

        return DaskExecutor(scheduler, project)
    workers = default_workers() if workers is None else int(workers)
    if workers < 1:
        raise InputError(f"--workers {workers}: must be at least 1")
    if workers > 1 and n_items > 1:
        return LocalPool(workers, project)
    return InProcess(project)


@dataclass
class _Run:
    """What the stages of one build share."""
    project: Project
    base: str
    cache: BuildCache
    progress: Callable[[str], None]
    t0: float
    stats: dict
    executor: Executor | None = None
    stage: dict = field(default_factory=dict)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stage[name] = now - self.t0 - sum(self.stage.values())

    def map(self, pairs, keep_going: bool) -> tuple[list[MappedDocument], list[DiplographError]]:
        errors: list[DiplographError] = []
        mapped: list[MappedDocument] = []
        for pair, outcome, cached in map_all(pairs, self.project, self.base, self.cache, self.executor):
            if outcome[0] == "error":
                exc = rebuild_error(outcome)
                if not keep_going or not isinstance(exc, (InputError, MappingError)):
                    raise exc
                errors.append(exc)
                self.progress(f"skipped: {exc}")
                continue
            m = outcome[1]
            mapped.append(m)
            self.stats["map_cached" if cached else "mapped"] += 1
            n_ent, n_posts, n_events, n_quotes = m.counts
            self.progress(f"mapped {pair.text_path.name} ({m.doc.genre}{', detected' if m.doc.genre_detected else ''}): "
                          f"{n_ent} entities, {n_posts} posts, {n_events} events, "
                          f"{n_quotes} quotations{' (cached)' if cached else ''}")
        if not mapped:
            raise InputError("no document could be published:\n  " + "\n  ".join(str(e) for e in errors))
        self.lap("map")
        return mapped, errors

    def validate(self, docs, mapped, skipped: list[str], validate: bool, keep_going: bool, validator: str,
                 output: Path):
        """(report or None, shared blocks, document graphs, records); with `keep_going`, a
        non-conforming build drops the documents that do not conform alone."""
        if not validate:
            return None, merge_shared_blocks(docs, self.cache, self.project, executor=self.executor), docs, mapped
        report, shared = validate_all(docs, Rdfizer(self.base), self.project, self.cache, self.stats,
                                      self.executor, validator)
        if not report.conforms and keep_going:
            keep = drop_nonconforming(docs, mapped, self.project, skipped, self.cache, self.stats, self.executor)
            docs, mapped = [docs[i] for i in keep], [mapped[i] for i in keep]
            report = validate_docs([d.graph_file() for d in docs], self.project, self.cache, self.stats,
                                   self.executor)
            shared = merge_shared_blocks(docs, self.cache, self.project, executor=self.executor)
        if not report.conforms:
            full = output.parent / f"{output.name}.validation-report.ttl"
            write_text_atomic(full, report.to_turtle())
            raise NotConformant(
                f"the mapped data violates the shapes ({len(report.violations)} violations); "
                f"nothing was published, {output} is unchanged. Full report: {full}\n" + report.render(20),
                report)
        return report, shared, docs, mapped
