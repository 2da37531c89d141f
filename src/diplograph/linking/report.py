"""LinkDecision / LinkReport: what the linker decided, for the build log, output/link-report.json
and the review commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("linked", "unlinked", "ambiguous", "no-verified-id", "do-not-link", "rejected")


@dataclass
class LinkDecision:
    mention: str
    kind: str
    key: str
    qid: str | None
    score: float
    status: str
    evidence: str
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # {qid, label, score, evidence}
    sentence: str | None = None
    label: str | None = None  # the slice label of qid
    documents: list[str] = field(default_factory=list)
    source: str = "linker"  # linker | decision | gazetteer

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention": self.mention, "kind": self.kind, "key": self.key, "qid": self.qid,
            "label": self.label, "score": round(self.score, 3), "status": self.status,
            "source": self.source, "evidence": self.evidence,
            "alternatives": [dict(sorted(a.items())) for a in self.alternatives],
            "sentence": self.sentence, "documents": sorted(self.documents),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LinkDecision":
        return cls(mention=d.get("mention", ""), kind=d.get("kind", ""), key=d.get("key", ""),
                   qid=d.get("qid"), score=float(d.get("score") or 0.0), status=d.get("status", ""),
                   evidence=d.get("evidence", ""), alternatives=list(d.get("alternatives") or []),
                   sentence=d.get("sentence"), label=d.get("label"), documents=list(d.get("documents") or []),
                   source=d.get("source", "linker"))


@dataclass
class LinkReport:
    decisions: list[LinkDecision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # decisions-file lines that were not applied, …
    threshold: float = 0.8
    slice_path: str | None = None
    slice_items: int = 0

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for d in self.decisions:
            counts[d.status] = counts.get(d.status, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "slice": {"path": self.slice_path, "items": self.slice_items},
            "counts": self.counts(),
            "problems": list(self.problems),
            "decisions": [d.to_dict() for d in sorted(self.decisions, key=lambda d: (d.kind, d.key))],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LinkReport":
        sl = data.get("slice") or {}
        return cls(decisions=[LinkDecision.from_dict(d) for d in data.get("decisions", [])],
                   problems=list(data.get("problems") or []), threshold=float(data.get("threshold", 0.8)),
                   slice_path=sl.get("path"), slice_items=int(sl.get("items") or 0))

    def warning_line(self) -> str | None:
        """One line for stderr, printed even with --quiet, when some reviewed decisions were not
        applied (a stale mention or key, a QID that cannot stand for the entity…); None when all is well."""
        if not self.problems:
            return None
        n = len(self.problems)
        stale = sum(1 for p in self.problems if "matches no entity" in p)
        what = f"{n} link problem{'s' if n != 1 else ''}"
        if stale:
            what += f" ({stale} decision{'s' if stale != 1 else ''} matching no entity)"
        shown = "; ".join(p if len(p) <= 120 else p[:117] + "..." for p in self.problems[:2])
        more = f"; and {n - 2} more" if n > 2 else ""
        return f"warning: {what}: {shown}{more} (all in link-report.json; `diplograph links` lists them)"

    def summary_lines(self) -> list[str]:
        c = self.counts()
        first = f"linked {c['linked']}, unlinked {c['unlinked']}, ambiguous {c['ambiguous']}"
        extra = [f"{s} {c[s]}" for s in ("no-verified-id", "do-not-link", "rejected") if c.get(s)]
        if extra:
            first += "; " + ", ".join(extra)
        lines = [first]
        for d in sorted(self.decisions, key=lambda d: (d.kind, d.key)):
            if d.status in ("unlinked", "ambiguous"):
                best = ""
                if d.alternatives:
                    a = d.alternatives[0]
                    best = f" (best {a['qid']} {a.get('label') or ''} {a['score']:.2f})"
                lines.append(f"  {d.status}: {d.kind} {d.key} \"{d.mention}\"{best}")
        for p in self.problems:
            lines.append(f"  problem: {p}")
        return lines
