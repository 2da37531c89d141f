"""`diplograph links …` (review and curate Wikidata links), `diplograph link --online` (refresh
the pinned slice from a SPARQL endpoint) and `diplograph wikidata-export` (facts back to Wikidata)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from diplograph.cli.common import Progress, echo, handle_errors, quiet_option
from diplograph.errors import InputError
from diplograph.model import ENTITY_KINDS
from diplograph.ns import DEFAULT_BASE
from diplograph.project import Project

REPORT_NAME = "link-report.json"


def _project() -> Project:
    return Project.require()


def _input_dir(project: Project, input_dir: str | None) -> Path:
    return Path(input_dir) if input_dir else project.output


def _load_report(project: Project, input_dir: str | None):
    from diplograph.linking import LinkReport

    path = _input_dir(project, input_dir) / REPORT_NAME
    if not path.is_file():
        raise InputError("no link report here: run `diplograph build` first (or pass --input)", path=str(path))
    try:
        return LinkReport.from_dict(json.loads(path.read_text(encoding="utf-8"))), path
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"not a link report: {exc}", path=str(path)) from exc


def _base(output: Path) -> str:
    try:
        return json.loads((output / "manifest.json").read_text(encoding="utf-8")).get("base") or DEFAULT_BASE
    except (OSError, ValueError):
        return DEFAULT_BASE


def _show(report, below: float | None, unlinked: bool, status: str | None) -> None:
    shown = 0
    for d in sorted(report.decisions, key=lambda d: (d.kind, d.key)):
        if unlinked and d.status == "linked":
            continue
        if status and d.status != status:
            continue
        if below is not None and not (d.score < below and (d.score > 0 or d.alternatives)):
            continue  # weak links and candidates, not the mentions that had none (0.00)
        shown += 1
        qid = f"{d.qid} {d.label or ''}".strip() if d.qid else "-"
        echo(f"{d.status:<15} {d.score:.2f}  {d.kind:<12} {d.key}  \"{d.mention}\" -> {qid}")
        if d.sentence:
            echo(f"    sentence: {d.sentence}")
        echo(f"    evidence: {d.evidence}")
        for a in d.alternatives:
            echo(f"    alternative: {a.get('qid')} {a.get('label') or ''} {float(a.get('score', 0)):.2f}"
                       f"  ({a.get('evidence', '')})")
    echo(f"{shown} of {len(report.decisions)} decisions shown; " + report.summary_lines()[0], err=True)
    for p in report.problems:
        echo(f"problem: {p}", err=True)


_list_options = [
    click.option("--below", type=float, default=None,
                 help="Only decisions with a candidate scoring below this (weak links; not the mentions with none)."),
    click.option("--unlinked", is_flag=True, help="Only decisions that are not linked."),
    click.option("--status", type=click.Choice(
        ["linked", "unlinked", "ambiguous", "no-verified-id", "do-not-link", "rejected"]), default=None),
    click.option("--input", "input_dir", type=click.Path(file_okay=False), default=None,
                 help="Build output folder holding link-report.json (default: output/)."),
]


def _with_list_options(func):
    for opt in reversed(_list_options):
        func = opt(func)
    return func


def _resolve(report, mention_or_key: str, kind: str | None, output: Path | None = None, base: str | None = None):
    """Decisions in the report matching a key, a mention (folded), or else a phrase as written in
    the documents ("Under-Secretary Lind": the entities read from inside it, diplograph.mentions)."""
    from diplograph.linking.normalize import fold

    want = fold(mention_or_key)
    hits = [d for d in report.decisions if d.key == mention_or_key and (kind is None or d.kind == kind)]
    if not hits:
        hits = [d for d in report.decisions if fold(d.mention) == want and (kind is None or d.kind == kind)]
    from diplograph.dumpfiles import has_dump

    if not hits and output is not None and has_dump(output, "dataset.ttl"):
        from diplograph.mentions import written_as

        entities = set(written_as(output, mention_or_key, base or DEFAULT_BASE))
        hits = [d for d in report.decisions if (d.kind, d.key) in entities and (kind is None or d.kind == kind)]
    return hits


def _record(project: Project, input_dir: str | None, mention_or_key: str, kind: str | None, decision: str,
            qid: str | None, note: str, force: bool = False) -> None:
    from diplograph.linking import decisions_path, slice_path
    from diplograph.linking.decisions import record_decision
    from diplograph.linking.linker import type_factor
    from diplograph.linking.slice import QID_RE, load_slice

    if qid and not QID_RE.match(qid):
        raise click.BadParameter(f"{qid!r} is not a Wikidata item id (Q followed by digits)", param_hint="QID")
    try:
        report, path = _load_report(project, input_dir)
        hits = _resolve(report, mention_or_key, kind, path.parent, _base(path.parent))
    except InputError:
        if kind is None:
            raise
        hits = []
    if len(hits) > 1:
        kinds = sorted({f"{h.kind}:{h.key}" for h in hits})
        raise click.UsageError(f"{mention_or_key!r} matches several entities ({', '.join(kinds)}): pass the "
                               f"key, or --kind")
    if not hits and kind is None:
        raise InputError(f"no entity {mention_or_key!r} in the link report (give its key, or --kind to "
                         f"record it anyway)")
    target = hits[0] if hits else None
    key = target.key if target else mention_or_key
    kind = target.kind if target else kind
    if decision == "accept" and not qid:
        if target is None or not (target.qid or target.alternatives):
            raise click.UsageError("nothing to accept: the linker proposed no candidate; use `links set`")
        qid = target.qid or target.alternatives[0]["qid"]
    if decision == "set":
        item = load_slice(slice_path(project)).get(qid)
        if item is None or not item.linkable:
            if not force:
                why = "is not in the slice" if item is None else f"has slice status {item.status}"
                raise click.UsageError(f"{qid} {why}; only verified/likely slice items can be set "
                                       f"(use --force to record it as a reviewed decision)")
            decision = "reviewed"
        elif kind and type_factor(kind, item) <= 0:
            if not force:
                raise click.UsageError(f"{qid} ({item.label}, {item.kind or 'untyped'}) cannot stand for a "
                                       f"{kind} (use --force to record it as a reviewed decision)")
            decision = "reviewed"
    if decision == "accept":
        item = load_slice(slice_path(project)).get(qid)
        if item is None or not item.linkable:
            raise click.UsageError(f"{qid} is not a verified/likely slice item; use `links set --force`")
        if kind and type_factor(kind, item) <= 0:
            raise click.UsageError(f"{qid} ({item.label}, {item.kind or 'untyped'}) cannot stand for a {kind}")
    action = record_decision(decisions_path(project), key, kind or "", decision, qid or "", note)
    echo(f"{action}: {key} ({kind}) {decision} {qid or ''} in {decisions_path(project)}; "
               f"the next build applies it")


def register(cli: click.Group) -> None:
    @cli.group("links", invoke_without_command=True)
    @_with_list_options
    @click.pass_context
    @handle_errors
    def links(ctx: click.Context, below, unlinked, status, input_dir) -> None:
        """Review Wikidata link decisions (default: list them from output/link-report.json).

        Reviewed decisions go to mappings/data/link-decisions.csv and beat the linker on every build.
        """
        if ctx.invoked_subcommand is None:
            report, _ = _load_report(_project(), input_dir)
            _show(report, below, unlinked, status)

    @links.command("list")
    @_with_list_options
    @handle_errors
    def list_cmd(below, unlinked, status, input_dir) -> None:
        """List decisions with mention, sentence, score and alternatives."""
        report, _ = _load_report(_project(), input_dir)
        _show(report, below, unlinked, status)

    kind_opt = click.option("--kind", type=click.Choice(ENTITY_KINDS), default=None,
                            help="Entity kind, when a mention names several.")
    note_opt = click.option("--note", default="", help="Why (kept in the decisions file).")
    input_opt = click.option("--input", "input_dir", type=click.Path(file_okay=False), default=None)

    @links.command("accept")
    @click.argument("mention_or_key")
    @click.argument("qid", required=False)
    @kind_opt
    @note_opt
    @input_opt
    @handle_errors
    def accept(mention_or_key, qid, kind, note, input_dir) -> None:
        """Accept the linker's proposal (or QID) for MENTION-OR-KEY."""
        _record(_project(), input_dir, mention_or_key, kind, "accept", qid, note)

    @links.command("reject")
    @click.argument("mention_or_key")
    @click.argument("qid", required=False)
    @kind_opt
    @note_opt
    @input_opt
    @handle_errors
    def reject(mention_or_key, qid, kind, note, input_dir) -> None:
        """Never link MENTION-OR-KEY (or never to QID)."""
        _record(_project(), input_dir, mention_or_key, kind, "reject", qid, note)

    @links.command("set")
    @click.argument("mention_or_key")
    @click.argument("qid")
    @kind_opt
    @note_opt
    @input_opt
    @click.option("--force", is_flag=True, help="Allow a QID that is not a verified/likely slice item "
                                                "(recorded as decision 'reviewed').")
    @handle_errors
    def set_cmd(mention_or_key, qid, kind, note, input_dir, force) -> None:
        """Link MENTION-OR-KEY to QID."""
        _record(_project(), input_dir, mention_or_key, kind, "set", qid, note, force=force)

    @links.command("evaluate")
    @click.option("--labelled", type=click.Path(dir_okay=False, exists=True), default=None,
                  help="Labelled mentions CSV (default: tests/data/linking/labelled-mentions.csv).")
    @click.option("--threshold", type=float, default=None)
    @click.option("--slice", "slice_file", type=click.Path(dir_okay=False, exists=True), default=None)
    @click.option("--verbose", "-v", is_flag=True, help="Show every mention, not only the errors.")
    @click.option("--input", "input_dir", type=click.Path(file_okay=False), default=None,
                  help="Report the link coverage of this build (its link-report.json) instead.")
    @click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
                  help="With --input: how many unlinked entities to list per kind.")
    @handle_errors
    def evaluate_cmd(labelled, threshold, slice_file, verbose, input_dir, top) -> None:
        """Precision, recall and score calibration of the linker on a labelled mention set; with
        --input, the coverage of a build: how many countries / organisations / persons carry a
        verified or likely id, and the unlinked ones by frequency."""
        from diplograph.linking import load_linker, slice_path
        from diplograph.linking.evaluate import evaluate, read_labelled
        from diplograph.linking.linker import DEFAULT_THRESHOLD
        from diplograph.linking.slice import load_slice

        project = _project()
        if input_dir is not None:
            from diplograph.linking.coverage import coverage

            report, _ = _load_report(project, input_dir)
            data = load_slice(Path(slice_file) if slice_file else slice_path(project))
            for line in coverage(report, data).lines(top=top):
                click.echo(line)
            return
        path = Path(labelled) if labelled else project.root / "tests" / "data" / "linking" / "labelled-mentions.csv"
        data = load_slice(Path(slice_file)) if slice_file else None
        linker = load_linker(project, threshold if threshold is not None else DEFAULT_THRESHOLD, data=data)
        for line in evaluate(linker, read_labelled(path)).lines(verbose=verbose):
            echo(line)

    @links.command("slice")
    @click.option("--rebuild", is_flag=True, help="Regenerate the slice from the pinned ids + gazetteer.")
    @click.option("--pinned", type=click.Path(dir_okay=False), default=None, envvar="DIPLOGRAPH_PINNED_QIDS",
                  help="Pinned ids CSV (label,wikidata_id,kind,status); default $DIPLOGRAPH_PINNED_QIDS or "
                       "../shared/wikidata/pinned-qids.csv next to the project.")
    @click.option("--date", "checked_on", default=None, help="dip:checkedOn date (default: today).")
    @quiet_option
    @handle_errors
    def slice_cmd(rebuild, pinned, checked_on, quiet) -> None:
        """Show (or --rebuild) the pinned Wikidata slice mappings/data/wikidata-slice.ttl."""
        from diplograph.linking import gazetteer_path, slice_path
        from diplograph.linking.gazetteer import read_gazetteer
        from diplograph.linking.slice import build_slice, load_slice, read_pinned, today, write_slice_atomic

        project = _project()
        log = Progress(quiet)
        path = slice_path(project)
        if rebuild:
            pinned_path = Path(pinned) if pinned else project.root.parent / "shared" / "wikidata" / "pinned-qids.csv"
            if not pinned_path.is_file():
                raise InputError("pinned ids not found (pass --pinned)", path=str(pinned_path))
            data, notes = build_slice(read_pinned(pinned_path), read_gazetteer(gazetteer_path(project)),
                                      checked_on or today(), pinned_source=pinned_path.name)
            for n in notes:
                log(f"note: {n}")
            write_slice_atomic(data, path)
            log(f"wrote {path}: {len(data.items)} items")
            return
        data = load_slice(path)
        by_status: dict[str, int] = {}
        for it in data.items.values():
            by_status[it.status] = by_status.get(it.status, 0) + 1
        echo(f"{path}: {len(data.items)} items " +
                   ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
        for it in data.sorted_items():
            echo(f"{it.qid:<11} {it.status:<9} {it.kind:<12} {it.label}"
                       + (f"  [{' | '.join(it.aliases)}]" if it.aliases else ""))

    @cli.command("link")
    @click.option("--online", is_flag=True, help="Query the endpoint (otherwise: print the last report).")
    @click.option("--endpoint", default=None, help="SPARQL endpoint (default https://query.wikidata.org/sparql).")
    @click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds per request, its whole answer included.")
    @click.option("--retries", type=int, default=4, show_default=True, help="Retries on 429/5xx/timeouts.")
    @click.option("--date", "checked_on", default=None, help="New dip:checkedOn (default: today).")
    @click.option("--dry-run", is_flag=True, help="Print findings, do not rewrite the slice.")
    @click.option("--input", "input_dir", type=click.Path(file_okay=False), default=None,
                  help="Build output folder whose link-report.json lists the unlinked entities.")
    @quiet_option
    @handle_errors
    def link(online, endpoint, timeout, retries, checked_on, dry_run, input_dir, quiet) -> None:
        """Refresh the pinned Wikidata slice online: re-check pinned ids, find candidates for unlinked
        entities. The slice is rewritten atomically; on any endpoint failure it is left unchanged
        (exit code 4)."""
        from diplograph.linking import slice_path
        from diplograph.linking.online import DEFAULT_ENDPOINT, refresh
        from diplograph.linking.slice import today

        project = _project()
        if not online:
            report, path = _load_report(project, input_dir)
            for line in report.summary_lines():
                echo(line)
            echo("(offline: pass --online to refresh the slice from Wikidata)", err=True)
            return
        unlinked = []
        try:
            report, _ = _load_report(project, input_dir)
            unlinked = [d for d in report.decisions if d.status in ("unlinked", "ambiguous")]
        except InputError as exc:
            Progress(quiet)(f"note: {exc}; only re-checking pinned ids")
        result = refresh(slice_path(project), endpoint or DEFAULT_ENDPOINT, unlinked,
                         checked_on=checked_on or today(), timeout=timeout, retries=retries,
                         write=not dry_run, log=Progress(quiet))
        for line in result.lines():
            echo(line)

    @cli.command("wikidata-export")
    @click.option("--input", "input_dir", type=click.Path(file_okay=False), default=None,
                  help="Build output folder holding dataset.ttl (default: output/).")
    @click.option("--format", "fmt", type=click.Choice(["quickstatements", "csv"]), default="quickstatements",
                  show_default=True)
    @click.option("--retrieved", default=None, help="S813 retrieved date (default: today).")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="File (default stdout).")
    @quiet_option
    @handle_errors
    def wikidata_export(input_dir, fmt, retrieved, output, quiet) -> None:
        """Facts of the published dataset that the slice lacks, as QuickStatements v1 (or CSV):
        positions held (P39 + P580/P582) and participants (P710), each referenced (S854 + S813)."""
        from diplograph.linking import slice_path
        from diplograph.linking.export import export_facts
        from diplograph.linking.slice import load_slice, today

        project = _project()
        dataset = _input_dir(project, input_dir)
        text, stats = export_facts(dataset, load_slice(slice_path(project)), fmt=fmt,
                                   retrieved=retrieved or today())
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)  # data: written as it is
        Progress(quiet)(stats)
