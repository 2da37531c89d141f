"""Link coverage of a build: how many of the entities a build's documents mention carry a
verified or likely Wikidata id, per kind, and which are left unlinked, most frequent first.

Read from the build's link-report.json (one decision per entity, with the documents naming it)
and the slice (the status of each linked id), so it works on a build of any documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diplograph.linking.report import LinkDecision, LinkReport
from diplograph.linking.slice import WikidataSlice

# The kinds users join on first; the others are summed up in one line.
MAIN_KINDS = ("country", "organization", "person")


@dataclass
class KindCoverage:
    kind: str
    total: int = 0
    verified: int = 0
    likely: int = 0
    other: int = 0  # linked by a reviewed decision to an id outside the slice's verified/likely items
    unlinked: list[LinkDecision] = field(default_factory=list)

    @property
    def linked(self) -> int:
        return self.verified + self.likely + self.other

    @property
    def share(self) -> float:
        return self.linked / self.total if self.total else 1.0


@dataclass
class Coverage:
    kinds: dict[str, KindCoverage] = field(default_factory=dict)
    documents: int = 0

    def lines(self, top: int = 20) -> list[str]:
        out = [f"link coverage of {self.documents} documents (entities with a verified or likely Wikidata id):"]
        rest = [k for k in sorted(self.kinds) if k not in MAIN_KINDS]
        for kind in (*MAIN_KINDS, *rest):
            c = self.kinds.get(kind) or KindCoverage(kind)
            extra = f", by reviewed decision {c.other}" if c.other else ""
            out.append(f"  {kind:<13} {c.linked:>4}/{c.total:<4} {100 * c.share:5.1f} %  (verified {c.verified}, "
                       f"likely {c.likely}{extra})")
        for kind in (*MAIN_KINDS, *rest):
            c = self.kinds.get(kind)
            if not c or not c.unlinked:
                continue
            out.append(f"unlinked {kind} entities, by the number of documents naming them"
                       + (f" (first {top} of {len(c.unlinked)})" if len(c.unlinked) > top else "") + ":")
            for d in c.unlinked[:top]:
                why = _why(d) if d.status == "unlinked" else d.status + _reason(d)
                out.append(f"  {len(d.documents):>4}  {d.key}  \"{d.mention}\"  ({why})")
        return out


def _reason(d: LinkDecision) -> str:
    """Where the gazetteer looked a no-verified-id entity up: "…: sources disagree: …"."""
    m = re.match(r"gazetteer\.csv:\d+: [\w-]+ \((.*)\)$", d.evidence)
    return f": {m.group(1)}" if m else ""


def _why(d: LinkDecision) -> str:
    if d.alternatives:
        a = d.alternatives[0]
        return f"unlinked; best {a.get('qid')} {a.get('label') or ''} {float(a.get('score', 0)):.2f}".rstrip()
    return "unlinked; no candidate in the slice"


def coverage(report: LinkReport, data: WikidataSlice) -> Coverage:
    cov = Coverage()
    docs: set[str] = set()
    for d in report.decisions:
        docs.update(d.documents)
        c = cov.kinds.setdefault(d.kind, KindCoverage(d.kind))
        c.total += 1
        item = data.get(d.qid) if d.qid else None
        if d.status == "linked" and d.qid:
            if item is not None and item.status == "verified":
                c.verified += 1
            elif item is not None and item.status == "likely":
                c.likely += 1
            else:
                c.other += 1
        else:
            c.unlinked.append(d)
    for c in cov.kinds.values():
        c.unlinked.sort(key=lambda d: (-len(d.documents), d.key))
    cov.documents = len(docs)
    return cov

