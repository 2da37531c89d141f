"""Precision / recall / calibration of the linker on a labelled mention set.

CSV columns: mention,kind,country,sentence,expected_qid,note — expected_qid empty means "must not
be linked" (no Wikidata item, or not in the slice, or too ambiguous to link)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from diplograph.errors import InputError
from diplograph.linking.linker import Context, Linker
from diplograph.linking.normalize import fold
from diplograph.linking.slice import QID_RE

BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


@dataclass
class Row:
    mention: str
    kind: str
    country: str
    sentence: str
    expected: str
    note: str
    line: int


@dataclass
class Result:
    row: Row
    status: str
    qid: str | None
    top_qid: str | None
    top_score: float
    close: tuple[str, ...] = ()  # for an ambiguous result: the candidates within the margin

    @property
    def correct(self) -> bool:
        return (self.qid or "") == self.row.expected


@dataclass
class Evaluation:
    results: list[Result] = field(default_factory=list)
    threshold: float = 0.8

    @property
    def tp(self) -> int:
        return sum(1 for r in self.results if r.qid and r.qid == r.row.expected)

    @property
    def fp(self) -> int:
        return sum(1 for r in self.results if r.qid and r.qid != r.row.expected)

    @property
    def positives(self) -> int:
        return sum(1 for r in self.results if r.row.expected)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if (self.tp + self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.positives if self.positives else 1.0

    def calibration(self) -> list[tuple[float, float, int, int]]:
        """(lo, hi, n, right): top candidate's score bin -> how often it is the expected item.
        Ambiguous results are left out (the linker claims neither candidate; see ambiguity())."""
        out = []
        for lo, hi in BINS:
            rs = [r for r in self.results if r.top_qid and r.status != "ambiguous" and lo <= r.top_score < hi]
            out.append((lo, min(hi, 1.0), len(rs), sum(1 for r in rs if r.top_qid == r.row.expected)))
        return out

    def ambiguity(self) -> tuple[int, int, int]:
        """(flagged ambiguous, of which an item was expected (a link left for review), of which the
        expected item was one of the two close candidates)."""
        amb = [r for r in self.results if r.status == "ambiguous"]
        with_item = [r for r in amb if r.row.expected]
        return len(amb), len(with_item), sum(1 for r in with_item if r.row.expected in r.close)

    def lines(self, verbose: bool = False) -> list[str]:
        n = len(self.results)
        negatives = n - self.positives
        tn = sum(1 for r in self.results if not r.row.expected and not r.qid)
        amb, amb_item, amb_close = self.ambiguity()
        lines = [
            f"mentions {n} (with an expected item {self.positives}, without {negatives}); threshold {self.threshold:.2f}",
            f"precision {self.precision:.3f} ({self.tp}/{self.tp + self.fp})  recall {self.recall:.3f} "
            f"({self.tp}/{self.positives})  correctly left unlinked {tn}/{negatives}",
            f"ambiguous {amb} (two candidates within the margin, not linked): {amb - amb_item} rightly (no single "
            f"item expected), {amb_item} left for review (expected item among the two: {amb_close})",
            "calibration (score of the top candidate -> how often it is the expected item; ambiguous ones apart):",
            "  score          n  right  observed",
        ]
        for lo, hi, cnt, right in self.calibration():
            if cnt:
                close = "]" if hi >= 1.0 else ")"
                lines.append(f"  [{lo:.2f}, {hi:.2f}{close} {cnt:>4} {right:>6}  {right / cnt:8.2f}")
        for r in self.results:
            if verbose or not r.correct:
                mark = "ok " if r.correct else "ERR"
                lines.append(f"  {mark} line {r.row.line}: {r.row.kind} \"{r.row.mention}\" -> {r.status} "
                             f"{r.qid or '-'} (top {r.top_qid or '-'} {r.top_score:.2f}; expected "
                             f"{r.row.expected or 'none'})")
        return lines


def read_labelled(path: Path) -> list[Row]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            need = {"mention", "kind", "country", "sentence", "expected_qid", "note"}
            if not need <= set(reader.fieldnames or []):
                raise InputError(f"columns must include {sorted(need)}", path=str(path), line=1)
            rows = []
            for rec in reader:
                if not (rec["mention"] or "").strip() or rec["mention"].startswith("#"):
                    continue
                exp = (rec["expected_qid"] or "").strip()
                if exp and not QID_RE.match(exp):
                    raise InputError(f"not a Wikidata item id: {exp!r}", path=str(path), line=reader.line_num)
                rows.append(Row(rec["mention"].strip(), rec["kind"].strip(), (rec["country"] or "").strip(),
                                (rec["sentence"] or "").strip(), exp, (rec["note"] or "").strip(),
                                reader.line_num))
            return rows
    except OSError as exc:
        raise InputError(f"cannot read labelled mentions: {exc}", path=str(path)) from exc


def country_qid(linker: Linker, country: str) -> str | None:
    if not country:
        return None
    if QID_RE.match(country):
        return country
    q = linker.gazetteer.country_qid(country)
    if q:
        return q
    want = fold(country.replace("-", " "))
    for it in linker.items:
        if it.kind == "country" and want in {fold(n) for n in it.names()}:
            return it.qid
    return None


def evaluate(linker: Linker, rows: list[Row]) -> Evaluation:
    ev = Evaluation(threshold=linker.threshold)
    for row in rows:
        ctx = Context(country_qid=country_qid(linker, row.country), sentence=row.sentence)
        status, best, cands = linker.decide([row.mention], row.kind, ctx)
        top = cands[0] if cands else None
        close = tuple(c.qid for c in cands if top and c.score >= top.score - linker.margin) if status == "ambiguous" else ()
        ev.results.append(Result(row, status, best.qid if best else None, top.qid if top else None,
                                 top.score if top else 0.0, close))
    return ev
