"""`diplograph evaluate`: how much of what a careful reader records the mappings find.

Builds a folder of documents (or takes a build already made) and scores each document's graph
against its gold file (diplograph.gold, diplograph.scoring): recall and precision per category, per
document, and for one document the items missed and wrong. The rules and the gold format are in
docs/evaluate.md.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from diplograph.errors import DiplographError, InputError
from diplograph.gold import gold_files, read_gold, read_meta, stem_of
from diplograph.scoring import CATEGORIES, DocScore, Tally, doc_graph, score_document, whole_dataset

ALL = "all"


class UsageError(DiplographError):
    """The command was asked for something that is not there (a gold folder, a document)."""

    exit_code = 2


@dataclass
class Evaluation:
    documents: list[DocScore]
    skipped: list[str] = field(default_factory=list)  # documents the build refused: "file: reason"
    built: bool = False  # True when DOCS_DIR was built for this evaluation

    def totals(self) -> dict[str, Tally]:
        """Per category and `all`: recall over every gold item; precision over the output items of
        every category but dated posts (a dated post is a post, already counted)."""
        total = {c: Tally() for c in CATEGORIES}
        for d in self.documents:
            for c in CATEGORIES:
                total[c].add(d.tallies[c])
        total[ALL] = Tally(sum(total[c].found for c in CATEGORIES), sum(total[c].gold for c in CATEGORIES),
                           sum(total[c].right for c in CATEGORIES if c != "dated posts"),
                           sum(total[c].output for c in CATEGORIES if c != "dated posts"))
        return total

    def doc(self, stem: str) -> DocScore:
        return next(d for d in self.documents if d.stem == stem)


def evaluate(docs_dir: Path, *, gold_dir: Path | None = None, output: Path | None = None, doc: str | None = None,
             workers: int = 1, use_cache: bool = True, progress: Callable[[str], None] = lambda m: None,
             project=None) -> Evaluation:
    """Score the build of `docs_dir` (made now in a temporary folder, or the one in `output`) against
    the gold files of `gold_dir` (default: `docs_dir/../gold`). `doc` scores that document only."""
    docs_dir = Path(docs_dir)
    gold_dir = Path(gold_dir) if gold_dir is not None else docs_dir.resolve().parent / "gold"
    if not gold_dir.is_dir():
        raise UsageError("no gold folder (give one with --gold)", path=str(gold_dir))
    files = gold_files(gold_dir)
    if not files:
        raise UsageError("no *.gold.yaml files in the gold folder", path=str(gold_dir))
    if doc is not None:
        chosen = [f for f in files if stem_of(f) == doc]
        if not chosen:
            raise UsageError(f"no gold file for document {doc!r}; there are: "
                             f"{', '.join(stem_of(f) for f in files[:12])}{' …' if len(files) > 12 else ''}",
                             path=str(gold_dir))
        files = chosen
    golds = [(stem_of(f), read_gold(f)) for f in files]  # every gold file is checked before building
    if output is not None:
        if not Path(output).is_dir():
            raise UsageError("no build in this folder", path=str(output))
        return Evaluation(_score(golds, docs_dir, Path(output)))
    from diplograph.build import build, default_cache_dir
    from diplograph.project import Project

    project = project or Project.discover()
    with tempfile.TemporaryDirectory(prefix="diplograph-evaluate-") as tmp:
        out = Path(tmp) / "output"
        # A document the build refuses scores nothing; it is reported, and the others still count.
        result = build(seeds=docs_dir, output=out, project=project, keep_going=True, progress=progress,
                       workers=workers, use_cache=use_cache, cache_dir=default_cache_dir(project, project.output))
        return Evaluation(_score(golds, docs_dir, out), skipped=list(result.skipped), built=True)


def _score(golds: list[tuple[str, dict]], docs_dir: Path, out_dir: Path) -> list[DocScore]:
    has_graphs = (out_dir / "graphs").is_dir()
    whole = None
    scores = []
    for stem, gold in golds:
        meta = read_meta(docs_dir / f"{stem}.meta.yaml")
        store = doc_graph(out_dir, stem)
        missing = store is None
        if store is None and has_graphs:
            from pyoxigraph import Store

            store = Store()  # the build published no graph for this document: nothing found
        if store is None:
            whole = whole if whole is not None else whole_dataset(out_dir)
            if whole is None:
                raise InputError("nothing to score: no graphs/ folder and no dataset.nq or dataset.ttl",
                                 path=str(out_dir))
            store, missing = whole, False
        score = score_document(store, gold, meta, stem)
        score.has_graph = not missing
        scores.append(score)
    return scores


# --- reports -----------------------------------------------------------------------------------

def pct(a: int, b: int) -> str:
    return f"{a / b:.0%}" if b else "-"


def f1(t: Tally) -> float:
    r = t.found / t.gold if t.gold else 0.0
    p = t.right / t.output if t.output else 0.0
    return 2 * r * p / (r + p) if r + p else 0.0


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({pct(a, b)})"


def render_summary(ev: Evaluation, totals: dict[str, Tally] | None = None) -> list[str]:
    totals = totals or ev.totals()
    lines = [f"{'category':12} {'found (recall)':>18}   {'right (precision)':>18}"]
    for c in (*CATEGORIES, ALL):
        t = totals[c]
        right = "–" if c == "dated posts" else _ratio(t.right, t.output)
        lines.append(f"{c:12} {_ratio(t.found, t.gold):>18}   {right:>18}")
    t = totals[ALL]
    no_graph = [d.stem for d in ev.documents if not d.has_graph]
    tail = f"; no graph for {len(no_graph)}: {', '.join(no_graph)}" if no_graph else ""
    n = len(ev.documents)
    lines.append(f"F1 {f1(t):.0%}; {n} document{'' if n == 1 else 's'}{tail}")
    return lines


def render_table(ev: Evaluation) -> list[str]:
    """One line per document: found/gold of each category, then right/output of all categories."""
    heads = ("persons", "posts", "dated", "events", "quotes", "metadata")
    lines = [f"{'document':40} " + " ".join(f"{h:>9}" for h in heads) + f" {'precision':>9}"]
    for d in ev.documents:
        cells = [f"{d.tallies[c].found}/{d.tallies[c].gold}" for c in CATEGORIES]
        right = sum(d.tallies[c].right for c in CATEGORIES if c != "dated posts")
        out = sum(d.tallies[c].output for c in CATEGORIES if c != "dated posts")
        lines.append(f"{d.stem[:40]:40} " + " ".join(f"{c:>9}" for c in cells) + f" {f'{right}/{out}':>9}")
    return lines


def render_details(d: DocScore) -> list[str]:
    """What one document's graph missed and what it has that no gold item is."""
    lines = []
    for c in CATEGORIES:
        missed = [i for i in d.missed if i.category == c]
        wrong = [i for i in d.wrong if i.category == c]
        if not missed and not wrong:
            continue
        lines.append(f"{c}:")
        lines += [f"  missed  {i.text}" for i in missed]
        for i in wrong:
            lines.append(f"  wrong   {i.text}")
            if i.sentence:
                lines.append(f"          in: \u201c{' '.join(i.sentence.split())}\u201d")
    return lines or ["nothing missed, nothing wrong"]


def render_text(ev: Evaluation, per_doc: bool = False, doc: str | None = None) -> str:
    lines: list[str] = []
    if per_doc or doc:
        lines += render_table(ev) + [""]
    lines += render_summary(ev)
    if doc:
        lines += ["", f"{doc}:"] + render_details(ev.doc(doc))
    return "\n".join(lines) + "\n"


def _tally_json(t: Tally) -> dict:
    return {"found": t.found, "gold": t.gold, "right": t.right, "output": t.output,
            "recall": round(t.found / t.gold, 4) if t.gold else None,
            "precision": round(t.right / t.output, 4) if t.output else None}


def to_json(ev: Evaluation, doc: str | None = None) -> dict:
    totals = ev.totals()
    data = {
        "categories": {c: _tally_json(totals[c]) for c in (*CATEGORIES, ALL)},
        "f1": round(f1(totals[ALL]), 4),
        "documents": [{"stem": d.stem, "has_graph": d.has_graph,
                       "categories": {c: _tally_json(d.tallies[c]) for c in CATEGORIES}} for d in ev.documents],
        "skipped": ev.skipped,
    }
    if doc:
        d = ev.doc(doc)
        data["details"] = {"stem": d.stem,
                           "missed": [{"category": i.category, "item": i.text} for i in d.missed],
                           "wrong": [{"category": i.category, "item": i.text, "sentence": i.sentence}
                                     for i in d.wrong]}
    return data


def render_json(ev: Evaluation, doc: str | None = None) -> str:
    return json.dumps(to_json(ev, doc), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
