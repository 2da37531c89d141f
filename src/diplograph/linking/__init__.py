"""Wikidata linking you can trust.

`link_extractions(extractions, project)` decides, for every entity of every extraction (the same
key + kind across documents is one entity), its Wikidata id and link status, honouring the reviewed
decisions in mappings/data/link-decisions.csv, the gazetteer's statuses and the pinned slice
mappings/data/wikidata-slice.ttl. Only ids whose slice status is verified/likely are ever set
(or ids a person chose with `diplograph links set --force`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph.linking.decisions import Decision, read_decisions
from diplograph.linking.gazetteer import GazetteerIndex, read_gazetteer
from diplograph.linking.linker import DEFAULT_THRESHOLD, Candidate, Context, Linker, type_factor
from diplograph.linking.normalize import fold
from diplograph.linking.report import STATUSES, LinkDecision, LinkReport
from diplograph.linking.slice import WikidataSlice, load_slice

if TYPE_CHECKING:  # pragma: no cover
    from diplograph.model import Entity, Extraction
    from diplograph.project import Project

SLICE_FILE = "wikidata-slice.ttl"
DECISIONS_FILE = "link-decisions.csv"
GAZETTEER_FILE = "gazetteer.csv"

__all__ = [
    "link_extractions", "LinkReport", "LinkDecision", "Linker", "STATUSES", "slice_path",
    "decisions_path", "gazetteer_path", "load_linker",
]


def _project_relative(path: Path, project: "Project") -> str:
    """Paths in published files are relative to the project, so output/ is the same on every machine."""
    try:
        return Path(path).resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def slice_path(project: "Project") -> Path:
    return project.data_dir / SLICE_FILE


def decisions_path(project: "Project") -> Path:
    return project.data_dir / DECISIONS_FILE


def gazetteer_path(project: "Project") -> Path:
    return project.data_dir / GAZETTEER_FILE


def load_linker(project: "Project", threshold: float = DEFAULT_THRESHOLD,
                data: WikidataSlice | None = None) -> Linker:
    data = data if data is not None else load_slice(slice_path(project))
    return Linker(data, GazetteerIndex(read_gazetteer(gazetteer_path(project))), threshold=threshold)


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or line) holding text[start:end]."""
    if start < 0 or end > len(text) or start >= end:
        return ""
    lo = start
    while lo > 0 and lo > start - limit:
        c = text[lo - 1]
        if c == "\n" or (c in ".!?" and text[lo:lo + 1].isspace()):
            break
        lo -= 1
    hi = end
    while hi < len(text) and hi < end + limit:
        c = text[hi]
        if c == "\n":
            break
        hi += 1
        if c in ".!?" and (hi >= len(text) or text[hi].isspace()):
            break
    return " ".join(text[lo:hi].split())


def mention_sentence(ent, ex) -> str | None:
    """The sentence of an entity's first mention in the text (what linking reads as context); an
    entity record (diplograph.mapped) carries it already."""
    if not hasattr(ent, "spans"):
        return ent.mention_sentence
    for sp in sorted(ent.spans):
        if sp.start >= 0:
            return sentence_around(ex.doc.text, sp.start, sp.end) or None
    return None


def _match_decision(decisions: list[Decision], key: str, kind: str, names: list[str]) -> Decision | None:
    folded = {fold(n) for n in names}
    by_key = [d for d in decisions if d.key_or_mention == key and d.kind in ("", kind)]
    if by_key:
        return by_key[-1]
    by_name = [d for d in decisions if d.kind in ("", kind) and fold(d.key_or_mention) in folded]
    return by_name[-1] if by_name else None


def link_extractions(extractions: list["Extraction"], project: "Project", *,
                     threshold: float = DEFAULT_THRESHOLD, linker: Linker | None = None) -> LinkReport:
    """Set entity.wikidata / entity.link_status on every entity and say why (LinkReport)."""
    linker = linker or load_linker(project, threshold)
    dpath = decisions_path(project)
    decisions, problems = read_decisions(dpath)
    rel = _project_relative(dpath, project)  # published paths are project-relative
    decisions = [replace(d, path=rel) for d in decisions]
    report = LinkReport(threshold=linker.threshold, problems=list(problems),
                        slice_path=_project_relative(linker.slice.path, project) if linker.slice.path else None,
                        slice_items=len(linker.slice.items))

    groups: dict[tuple[str, str], list[tuple["Entity", "Extraction"]]] = {}
    for ex in extractions:
        for ent in ex.entities.values():
            groups.setdefault((ent.kind, ent.key), []).append((ent, ex))
        for extra in (ex.author, ex.publisher):
            if extra is not None and extra not in ex.entities.values():
                groups.setdefault((extra.kind, extra.key), []).append((extra, ex))

    used: set[int] = set()
    decided: list[tuple[LinkDecision, list]] = []
    for (kind, key) in sorted(groups):
        members = groups[(kind, key)]
        first, first_ex = members[0]
        names: list[str] = [first.name]
        for ent, _ in members:
            for n in [ent.name, *sorted(ent.aliases)]:
                if n and n not in names:
                    names.append(n)
        sentence, country = None, None
        docs: set[str] = set()
        for ent, ex in members:
            docs.add(ex.doc.stem)
            if country is None and ent.country:
                country = ent.country
            if sentence is None:
                sentence = mention_sentence(ent, ex)
        ctx = Context(country_qid=linker.gazetteer.country_qid(country) if country else None,
                      sentence=sentence or "", key=key)
        dec = decide_entity(linker, names, kind, key, ctx, decisions, used, report.problems)
        dec.sentence = sentence
        dec.documents = sorted(docs)
        report.decisions.append(dec)
        decided.append((dec, members))

    _one_node_per_item(decided, report.problems)
    for dec, members in decided:
        for ent, _ in members:
            ent.wikidata = dec.qid if dec.status == "linked" else None
            ent.link_status = dec.status

    for i, d in enumerate(decisions):
        if i not in used:
            report.problems.append(f"{d.where}: {d.key_or_mention}: matches no entity in this build "
                                   f"(decision {d.decision} not applied)")
    return report


def _one_node_per_item(decided: list[tuple[LinkDecision, list]], problems: list[str]) -> None:
    """One Wikidata item never stands for two of our nodes. When several entities end up linked to
    the same QID (e.g. a reviewed decision pointing at an item the linker gave another entity), the
    one a person decided keeps it if it is the only such one, else the single best-scoring one;
    the others are unlinked and flagged ambiguous with the reason."""
    by_qid: dict[str, list[LinkDecision]] = {}
    for dec, _ in decided:
        if dec.status == "linked" and dec.qid:
            by_qid.setdefault(dec.qid, []).append(dec)
    for qid in sorted(by_qid):
        claim = by_qid[qid]
        if len(claim) < 2:
            continue
        reviewed = [d for d in claim if d.source == "decision"]
        pool = reviewed if reviewed else claim
        top = max(d.score for d in pool)
        best = [d for d in pool if d.score == top]
        keep = best[0] if len(best) == 1 else None
        names = ", ".join(f"{d.kind}:{d.key}" for d in claim)
        problems.append(f"{qid} was linked to several entities ({names}); "
                        + (f"kept for {keep.kind}:{keep.key}" if keep else "none of them linked"))
        for d in claim:
            if d is keep:
                continue
            others = ", ".join(f"{o.kind}:{o.key}" for o in claim if o is not d)
            d.alternatives = [{"qid": qid, "label": d.label or "", "score": round(d.score, 3),
                               "evidence": d.evidence}, *d.alternatives][:3]
            d.evidence = f"{qid} also claimed by {others}; not linked (one item, one node)"
            d.status, d.qid, d.label = "ambiguous", None, None


def decide_entity(linker: Linker, names: list[str], kind: str, key: str, ctx: Context,
                  decisions: list[Decision], used: set[int], problems: list[str]) -> LinkDecision:
    mention = names[0]
    d = _match_decision(decisions, key, kind, names)
    excluded: set[str] = set()
    if d is not None:
        used.add(decisions.index(d))
        where = d.where
        if d.decision == "reject":
            if not d.qid:
                cands = linker.candidates(names, kind, ctx)
                return LinkDecision(mention, kind, key, None, 0.0, "rejected",
                                    f"reviewed: rejected ({where})", [c.as_alt() for c in cands[:3]],
                                    source="decision")
            excluded.add(d.qid)
        elif d.decision == "reviewed":
            item = linker.slice.get(d.qid)
            return LinkDecision(mention, kind, key, d.qid, 1.0, "linked",
                                f"reviewed: set by a person, not a verified slice item ({where})",
                                label=item.label if item else None, source="decision")
        else:  # accept | set
            qid = d.qid
            if not qid and d.decision == "accept":
                cands = linker.candidates(names, kind, ctx)
                qid = cands[0].qid if cands else ""
            item = linker.slice.get(qid) if qid else None
            if item is not None and item.linkable and type_factor(kind, item) <= 0:
                problems.append(f"{where}: {d.key_or_mention}: {qid} ({item.label}) cannot stand for a {kind} "
                                f"(decision {d.decision} not applied)")
            elif item is not None and item.linkable:
                return LinkDecision(mention, kind, key, qid, 1.0, "linked",
                                    f"reviewed: {d.decision} ({where})", label=item.label, source="decision")
            else:
                problems.append(f"{where}: {d.key_or_mention}: {qid or 'no candidate'} is not a verified/likely "
                                f"item of the slice (decision {d.decision} not applied; use `links set --force`)")

    grow = linker.gazetteer.get(kind, key)
    if grow is not None and grow.status in ("do-not-link", "no-verified-id") and not grow.wikidata_id:
        cands = [c for c in linker.candidates(names, kind, ctx) if c.qid not in excluded]
        return LinkDecision(mention, kind, key, None, 0.0, grow.status,
                            f"gazetteer.csv:{grow.line}: {grow.status}" + (f" ({grow.source})" if grow.source not in ("", "unverified", "pinned-qids.csv") else ""), [c.as_alt() for c in cands[:3]],
                            source="gazetteer")

    status, best, cands = linker.decide(names, kind, ctx) if not excluded else _decide_without(
        linker, names, kind, ctx, excluded)
    alts = [c.as_alt() for c in cands if best is None or c.qid != best.qid][:3]
    if excluded:
        note = f"reviewed: {', '.join(sorted(excluded))} rejected ({d.where}); " if d else ""
    else:
        note = ""
    if best is not None:
        return LinkDecision(mention, kind, key, best.qid, best.score, "linked", note + "; ".join(best.evidence),
                            alts, label=best.label)
    top = cands[0] if cands else None
    if status == "ambiguous":
        why = f"{cands[0].qid} {cands[0].score:.2f} vs {cands[1].qid} {cands[1].score:.2f}"
    elif top is not None:
        why = f"best candidate {top.qid} scores {top.score:.2f} < {linker.threshold:.2f}"
        if top.score >= linker.threshold:
            why = f"best candidate {top.qid} has slice status {linker.slice.items[top.qid].status}"
    else:
        why = "no candidate in the slice"
    return LinkDecision(mention, kind, key, None, top.score if top else 0.0, status, note + why, alts)


def _decide_without(linker: Linker, names: list[str], kind: str, ctx: Context,
                    excluded: set[str]) -> tuple[str, Candidate | None, list[Candidate]]:
    cands = [c for c in linker.candidates(names, kind, ctx) if c.qid not in excluded]
    if not cands or cands[0].score < linker.threshold:
        return "unlinked", None, cands
    if len(cands) > 1 and cands[1].score >= cands[0].score - linker.margin:
        return "ambiguous", None, cands
    if not linker.slice.items[cands[0].qid].linkable:
        return "unlinked", None, cands
    return "linked", cands[0], cands
