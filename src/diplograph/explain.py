"""What was extracted from a document and why, from what a build publishes.

For each fact read from a document (every node with `prov:wasDerivedFrom` a span of its text, or
its sidecar record): its kind, label and types, the passages it was read from with their
sentences, the mentions that became this one entity (the distinct wordings of its spans, here and
in the other documents) and the Wikidata linking decision with its evidence (the gazetteer row or
the linker's scores, and the alternatives) from `link-report.json`.

Each passage also says which mapping rule first read it (`dip:extractedBy`, described in
diplograph.extract.readby) and what that reading rests on (`dip:basis`: the gazetteer row it
matched, or the statistical parse's entity). A dataset built before these were published says so
rather than guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph.errors import InputError
from diplograph.extract.readby import rule_label
from diplograph.ns import DEFAULT_BASE, PREFIXES

NOT_RECORDED = "not recorded (a dataset built before diplograph published dip:extractedBy; rebuild it)"
_P = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_CHAR = re.compile(r"#char=(\d+),(\d+)$")
_ROW = re.compile(r"gazetteer\.csv:(\d+)")


@dataclass
class Passage:
    span: str
    begin: int | None
    end: int | None
    text: str | None
    sentence: str | None
    rule: str | None = None  # dip:extractedBy: the mapping step that first read it
    rule_description: str | None = None
    basis: str | None = None  # dip:basis: the gazetteer row or model entity it rests on


@dataclass
class Fact:
    iri: str
    kind: str | None
    label: str
    types: list[str]
    passages: list[Passage] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)  # wording -> passages in this document
    elsewhere: dict[str, int] = field(default_factory=dict)  # other document stem -> passages
    sidecar: bool = False
    link: dict | None = None

    def to_dict(self) -> dict:
        out = {"iri": self.iri, "kind": self.kind, "label": self.label, "types": self.types,
               "passages": [p.__dict__ for p in self.passages], "mentions": self.mentions,
               "other_documents": self.elsewhere, "from_sidecar": self.sidecar,
               "rules": sorted({p.rule for p in self.passages if p.rule}),
               "bases": sorted({p.basis for p in self.passages if p.basis})}
        if self.link is not None:
            out["link"] = self.link
        return out


def _curie(iri: str) -> str:
    for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _load(output: Path) -> ox.Store:
    from diplograph.dumpfiles import bulk_load_dump, has_dump

    if not has_dump(output, "dataset.ttl"):
        raise InputError("no published data here (run `diplograph build` first)", path=str(output / "dataset.ttl"))
    store = ox.Store()
    try:
        bulk_load_dump(store, output, "dataset.ttl")
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the published data: {exc} (run `diplograph build` first)",
                         path=str(output / "dataset.ttl")) from exc
    return store


def _base(output: Path) -> str:
    try:
        return (json.loads((output / "manifest.json").read_text(encoding="utf-8")).get("base") or DEFAULT_BASE).rstrip("/")
    except (OSError, ValueError):
        return DEFAULT_BASE


def document_iri(output: Path, doc: str) -> str:
    """A document named by its stem, its seed file (seeds/x.txt) or its IRI."""
    base = _base(output)
    if doc.startswith(("http://", "https://")):
        return doc
    stem = Path(doc).name
    for suffix in (".meta.yaml", ".txt"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return f"{base.rstrip('/')}/document/{stem}"


def explain(output: str | Path, doc: str, fact: str | None = None, store: ox.Store | None = None) -> dict:
    """The explanation of a document (every fact) or of one fact read from it. `store`: one that
    holds the output already with the merged dataset in its default graph (the server's), instead
    of reading `dataset.ttl` again."""
    output = Path(output)
    store = store if store is not None else _load(output)
    iri = document_iri(output, doc)
    if not any(True for _ in _quads(store, ox.NamedNode(iri), None, None)):
        raise InputError(f"no document {iri} in the published data", path=str(output / "dataset.ttl"))
    prefix = iri + "#char="
    base = _base(output)
    rows = store.query(_P + """SELECT ?x ?span ?anchor ?sentence ?rule ?basis WHERE {
        ?x prov:wasDerivedFrom ?span .
        FILTER(STRSTARTS(STR(?span), ?prefix) || STR(?span) = ?sidecar)
        OPTIONAL { ?span nif:anchorOf ?anchor }
        OPTIONAL { ?span nif:sentence/nif:anchorOf ?sentence }
        OPTIONAL { ?span dip:extractedBy ?rule }
        OPTIONAL { ?span dip:basis ?basis }
    }""".replace("?prefix", json.dumps(prefix)).replace("?sidecar", json.dumps(iri + "/sidecar")))
    facts: dict[str, Fact] = {}
    for row in rows:
        x = row["x"].value
        if fact is not None and x != fact:
            continue
        f = facts.get(x) or facts.setdefault(x, _fact(store, x, base))
        span = row["span"].value
        if span.endswith("/sidecar"):
            f.sidecar = True
            continue
        m = _CHAR.search(span)
        anchor = row["anchor"].value if row["anchor"] is not None else None
        rule = row["rule"].value if row["rule"] is not None else None
        f.passages.append(Passage(span, int(m.group(1)) if m else None, int(m.group(2)) if m else None, anchor,
                                  row["sentence"].value if row["sentence"] is not None else None,
                                  rule, rule_label(rule) if rule else None,
                                  row["basis"].value if row["basis"] is not None else None))
        if anchor is not None:
            f.mentions[" ".join(anchor.split())] = f.mentions.get(" ".join(anchor.split()), 0) + 1
    if fact is not None and fact not in facts:
        raise InputError(f"{fact} was not read from {iri}")
    links = _links(output)
    for f in facts.values():
        f.passages.sort(key=lambda p: (p.begin if p.begin is not None else -1, p.span))
        f.elsewhere = _elsewhere(store, f.iri, iri)
        if f.kind is not None:
            f.link = links.get((f.kind, f.iri.rsplit("/", 1)[-1]))
    ordered = sorted(facts.values(), key=lambda f: (f.kind or "", f.label.casefold(), f.iri))
    recorded = any(p.rule for f in facts.values() for p in f.passages)
    return {"document": iri, "facts": [f.to_dict() for f in ordered],
            "rules": {r: rule_label(r) for r in sorted({r for f in ordered for r in f.to_dict()["rules"]})},
            "missing": None if recorded or not facts else NOT_RECORDED}


def _quads(store: ox.Store, s, p, o):
    """The default graph: the merged dataset (dataset.ttl, or what `load`/`serve` put there)."""
    return store.quads_for_pattern(s, p, o, ox.DefaultGraph())


def _fact(store: ox.Store, x: str, base: str) -> Fact:
    node = ox.NamedNode(x)
    labels = sorted({q.object.value for q in _quads(store, node, ox.NamedNode(PREFIXES["rdfs"] + "label"), None)})
    types = sorted({_curie(q.object.value) for q in _quads(store, node, ox.NamedNode(PREFIXES["rdf"] + "type"), None)})
    rest = x[len(base) + 1:] if x.startswith(base + "/") else ""
    kind = rest.split("/", 1)[0] if "/" in rest else None
    return Fact(x, kind, labels[0] if labels else x.rsplit("/", 1)[-1], types)


def _elsewhere(store: ox.Store, x: str, doc: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for q in set(_quads(store, ox.NamedNode(x), ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), None)):
        other = q.object.value.split("#", 1)[0]
        if other.endswith("/sidecar"):
            other = other[: -len("/sidecar")]
        if other != doc:
            stem = other.rsplit("/", 1)[-1]
            out[stem] = out.get(stem, 0) + 1
    return dict(sorted(out.items()))


def _links(output: Path) -> dict[tuple[str, str], dict]:
    try:
        report = json.loads((output / "link-report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for d in report.get("decisions", []):
        entry = {k: d.get(k) for k in ("status", "qid", "label", "score", "evidence", "source", "mention")}
        row = _ROW.search(d.get("evidence") or "")
        entry["gazetteer_row"] = int(row.group(1)) if row else None
        entry["alternatives"] = d.get("alternatives") or []
        out[(d.get("kind"), d.get("key"))] = entry
    return out


def render_text(result: dict) -> str:
    lines = [f"document {result['document']}: {len(result['facts'])} facts read from it", ""]
    for f in result["facts"]:
        lines.append(f"{f['kind'] or '?'} {f['label']}  <{f['iri']}>")
        lines.append(f"  types: {', '.join(f['types'])}")
        if f["mentions"]:
            merged = "; ".join(f"{w!r} ×{n}" for w, n in sorted(f["mentions"].items()))
            lines.append(f"  mentions (one entity): {merged}")
        if f["other_documents"]:
            lines.append("  also read from: " + ", ".join(f"{s} ×{n}" for s, n in f["other_documents"].items()))
        if f["from_sidecar"]:
            lines.append("  from the sidecar record (.meta.yaml)")
        for p in f["passages"][:3]:
            sentence = " ".join((p["sentence"] or p["text"] or "").split())
            lines.append(f"  read from characters {p['begin']}–{p['end']}: {sentence[:200]}")
            if p.get("rule"):
                lines.append(f"    by rule {p['rule']}: {p['rule_description']}"
                             + (f"; rests on {p['basis']}" if p.get("basis") else ""))
        if len(f["passages"]) > 3:
            lines.append(f"  … and {len(f['passages']) - 3} more passages")
        link = f.get("link")
        if link:
            lines.append(f"  link: {link['status']} {link['qid'] or '-'} {link['label'] or ''} "
                         f"(score {link['score']}, by {link['source']}): {link['evidence']}")
            for a in link["alternatives"][:3]:
                lines.append(f"    alternative: {a.get('qid')} {a.get('label') or ''} {a.get('score')}")
        lines.append("")
    if result.get("missing"):
        lines.append(f"rule / model entity: {result['missing']}")
    return "\n".join(lines) + "\n"


__all__ = ["explain", "render_text", "document_iri", "NOT_RECORDED"]
