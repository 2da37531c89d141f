"""The pinned Wikidata slice: mappings/data/wikidata-slice.ttl.

The slice is a small Turtle file in Wikidata's own RDF shape (wd:Q…, wdt:P31, wdt:P17, rdfs:label,
skos:altLabel, schema:description with Wikidata's http://schema.org/ namespace) plus our own status
annotation per item (dip:linkStatus, dip:checkedOn, dip:statusSource, dip:pinnedKind,
dip:gazetteerKey). It is generated from the pinned-id list and the gazetteer (`diplograph links
slice --rebuild`), committed, and only rewritten by that command or by the online refresh.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from diplograph.errors import InputError
from diplograph.linking.gazetteer import LINKABLE, GazetteerRow

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SCHEMA_DESC = "http://schema.org/description"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
DIP = "https://w3id.org/diplograph/ontology#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

QID_RE = re.compile(r"^Q[1-9][0-9]*$")

# Our kinds of pinned rows -> the Wikidata class we may state (only where obviously right).
KIND_CLASS = {"country": "Q6256", "person": "Q5"}
INTERNATIONAL_ORG = "Q484652"
CLASS_KIND = {"Q5": "person", "Q6256": "country", "Q3624078": "country", INTERNATIONAL_ORG: "organization"}

# Parenthetical notes in pinned labels that are descriptions, not names.
_PAREN = re.compile(r"^(?P<label>.*?)\s*\((?P<note>[^()]*)\)\s*$")


@dataclass(frozen=True)
class SliceItem:
    qid: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    p31: tuple[str, ...] = ()
    p17: tuple[str, ...] = ()
    status: str = "verified"
    checked_on: str = ""
    source: str = ""
    kind: str = ""  # the pinned kind: country, place, organization, person, concept, position, class
    keys: tuple[str, ...] = ()  # gazetteer keys that point at this item

    @property
    def linkable(self) -> bool:
        return self.status in LINKABLE

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class WikidataSlice:
    items: dict[str, SliceItem] = field(default_factory=dict)
    path: Path | None = None

    def get(self, qid: str) -> SliceItem | None:
        return self.items.get(qid)

    def sorted_items(self) -> list[SliceItem]:
        return sorted(self.items.values(), key=lambda it: int(it.qid[1:]))


def qid_of(iri: str) -> str | None:
    if iri.startswith(WD):
        local = iri[len(WD):]
        if QID_RE.match(local):
            return local
    return None


# --------------------------------------------------------------------------------------------
# Reading

_CACHE: dict[str, tuple[float, int, WikidataSlice]] = {}


def load_slice(path: Path) -> WikidataSlice:
    """Parse the slice (cached on path + mtime). A missing file gives an empty slice."""
    path = Path(path)
    if not path.is_file():
        return WikidataSlice(path=path)
    st = path.stat()
    cached = _CACHE.get(str(path))
    if cached and cached[0] == st.st_mtime and cached[1] == st.st_size:
        return cached[2]
    data = parse_slice_text(path.read_bytes(), source=str(path))
    data.path = path
    _CACHE[str(path)] = (st.st_mtime, st.st_size, data)
    return data


def parse_slice_text(text: bytes | str, source: str = "<slice>") -> WikidataSlice:
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the Wikidata slice: {exc}", path=source) from exc
    props: dict[str, dict[str, list]] = {}
    for t in triples:
        s = t.subject
        if not isinstance(s, ox.NamedNode):
            continue
        qid = qid_of(s.value)
        if qid is None:
            continue
        props.setdefault(qid, {}).setdefault(t.predicate.value, []).append(t.object)

    def lits(p: dict, pred: str, en_only: bool = True) -> list[str]:
        out = []
        for o in p.get(pred, []):
            if isinstance(o, ox.Literal) and (not en_only or o.language in (None, "en")):
                out.append(o.value)
        return sorted(set(out))

    def qids(p: dict, pred: str) -> tuple[str, ...]:
        out = {qid_of(o.value) for o in p.get(pred, []) if isinstance(o, ox.NamedNode)}
        return tuple(sorted((q for q in out if q), key=lambda q: int(q[1:])))

    result = WikidataSlice()
    for qid, p in props.items():
        labels = lits(p, RDFS_LABEL)
        if not labels:
            continue
        label = labels[0]
        aliases = tuple(a for a in lits(p, SKOS_ALT) if a != label)
        desc = lits(p, SCHEMA_DESC)
        status = lits(p, DIP + "linkStatus", en_only=False)
        checked = lits(p, DIP + "checkedOn", en_only=False)
        src = lits(p, DIP + "statusSource", en_only=False)
        kind = lits(p, DIP + "pinnedKind", en_only=False)
        result.items[qid] = SliceItem(
            qid=qid, label=label, aliases=aliases, description=desc[0] if desc else "",
            p31=qids(p, WDT + "P31"), p17=qids(p, WDT + "P17"),
            status=status[0] if status else "unchecked", checked_on=checked[0] if checked else "",
            source=src[0] if src else "", kind=kind[0] if kind else "",
            keys=tuple(lits(p, DIP + "gazetteerKey", en_only=False)),
        )
    return result


# --------------------------------------------------------------------------------------------
# Building from the pinned list + gazetteer

@dataclass(frozen=True)
class PinnedRow:
    label: str
    wikidata_id: str
    kind: str
    status: str
    line: int


def read_pinned(path: Path) -> list[PinnedRow]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"label", "wikidata_id", "kind", "status"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"missing columns {sorted(missing)}", path=str(path), line=1)
            rows = []
            for rec in reader:
                if not (rec.get("label") or "").strip():
                    continue
                rows.append(PinnedRow(rec["label"].strip(), (rec["wikidata_id"] or "").strip(),
                                      (rec["kind"] or "").strip(), (rec["status"] or "").strip(),
                                      reader.line_num))
            return rows
    except OSError as exc:
        raise InputError(f"cannot read pinned ids: {exc}", path=str(path)) from exc


def split_pinned_label(text: str) -> tuple[str, list[str], str]:
    """"China (People's Republic of China)" -> ("China", ["People's Republic of China"], "");
    "Helen Clark" -> ("Helen Clark", [], ""); "Ana Ruiz (Chilean diplomat)" -> (…, [], note).

    A parenthetical is a name (alias) when it is an acronym, when the label is an acronym it
    expands, or when it contains the label's last word ("China" in "People's Republic of China");
    otherwise it is a description note. Slash-separated labels give several names."""
    m = _PAREN.match(text)
    label, note = (m.group("label").strip(), m.group("note").strip()) if m else (text.strip(), "")
    names = [n.strip() for n in label.split(" / ") if n.strip()]
    label, aliases = names[0], names[1:]
    if note:
        parts = [p.strip() for p in re.split(r"\s+/\s+|\s*;\s*", note) if p.strip()]
        from diplograph.linking.normalize import looks_like_acronym, tokens

        name_parts, desc_parts = [], []
        last = tokens(label)[-1:] if tokens(label) else ()
        for part in parts:
            first = part[0]
            if part.split()[0].lower() in ("not", "no", "nor", "unlike", "cf", "see"):
                desc_parts.append(part)
            elif looks_like_acronym(part) and first.isupper():
                name_parts.append(part)
            elif looks_like_acronym(label) and first.isupper() and len(part.split()) > 1:
                name_parts.append(part)
            elif first.isupper() and last and last[0] in tokens(part) and len(part.split()) > 1:
                name_parts.append(part)
            else:
                desc_parts.append(part)
        aliases += name_parts
        note = "; ".join(desc_parts)
    return label, aliases, note


ENTITY_PINNED_KINDS = ("country", "place", "organization", "person", "concept", "position", "class")


def build_slice(pinned: list[PinnedRow], gazetteer: list[GazetteerRow], checked_on: str,
                pinned_source: str = "pinned-qids.csv") -> tuple[WikidataSlice, list[str]]:
    """Items for every pinned Q-id plus every gazetteer row with a verified/likely id; names from
    both. Returns the slice and notes (conflicts between the two lists)."""
    notes: list[str] = []
    items: dict[str, dict] = {}
    for row in pinned:
        if not QID_RE.match(row.wikidata_id) or row.kind not in ENTITY_PINNED_KINDS:
            continue
        label, aliases, note = split_pinned_label(row.label)
        it = items.setdefault(row.wikidata_id, {
            "label": label, "aliases": [], "description": note, "p31": set(), "p17": set(),
            "status": row.status, "source": f"{pinned_source}:{row.line}", "kind": row.kind, "keys": set(),
        })
        for a in [label, *aliases]:
            if a != it["label"] and a not in it["aliases"]:
                it["aliases"].append(a)
        if row.kind in KIND_CLASS:
            it["p31"].add(KIND_CLASS[row.kind])

    by_key = {(r.kind, r.key): r for r in gazetteer}
    for grow in gazetteer:
        qid = grow.wikidata_id
        if not qid:
            continue
        if not QID_RE.match(qid):
            notes.append(f"gazetteer.csv:{grow.line}: {grow.key}: not a Wikidata item id: {qid!r}")
            continue
        if grow.status not in LINKABLE:
            continue
        it = items.get(qid)
        if it is None:
            it = items[qid] = {
                "label": grow.label, "aliases": [], "description": "", "p31": set(), "p17": set(),
                "status": grow.status, "source": f"gazetteer.csv:{grow.line}", "kind": _pinned_kind(grow.kind),
                "keys": set(),
            }
        elif it["status"] in LINKABLE and _pinned_kind(grow.kind) != it["kind"] and not (
                {it["kind"], _pinned_kind(grow.kind)} <= {"place", "country"}):
            notes.append(f"gazetteer.csv:{grow.line}: {grow.key} is a {grow.kind} but {qid} is pinned as "
                         f"a {it['kind']}")
        it["keys"].add(grow.key)
        for a in (grow.label, *grow.aliases):
            if a and a != it["label"] and a not in it["aliases"]:
                it["aliases"].append(a)
        if grow.description and not it["description"]:
            it["description"] = grow.description
        if grow.country:
            crow = by_key.get(("country", grow.country))
            if crow and crow.wikidata_id and crow.status in LINKABLE and crow.wikidata_id != qid:
                it["p17"].add(crow.wikidata_id)
        if grow.kind == "organization" and "international" in grow.subtypes:
            it["p31"].add(INTERNATIONAL_ORG)

    result = WikidataSlice()
    for qid, it in items.items():
        result.items[qid] = SliceItem(
            qid=qid, label=it["label"], aliases=tuple(sorted(set(it["aliases"]))), description=it["description"],
            p31=tuple(sorted(it["p31"], key=lambda q: int(q[1:]))),
            p17=tuple(sorted(it["p17"], key=lambda q: int(q[1:]))), status=it["status"],
            checked_on=checked_on, source=it["source"], kind=it["kind"], keys=tuple(sorted(it["keys"])),
        )
    return result, notes


def _pinned_kind(kind: str) -> str:
    return {"city": "place", "agreement": "concept", "initiative": "concept", "topic": "concept"}.get(kind, kind)


# --------------------------------------------------------------------------------------------
# Writing (deterministic bytes, atomic replace)

HEADER = """\
# Pinned Wikidata slice for diplograph: Wikidata's RDF shape plus our status annotations (dip:).
# Generated by `diplograph links slice --rebuild` and refreshed by `diplograph link --online`.
# Do not edit by hand: edit the pinned-id list or mappings/data/gazetteer.csv and rebuild.
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dip: <https://w3id.org/diplograph/ontology#> .
"""


def _lit(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'


def serialize_slice(data: WikidataSlice) -> str:
    parts = [HEADER]
    for it in data.sorted_items():
        lines = [f"wd:{it.qid}"]
        po: list[str] = []
        if it.p31:
            po.append("wdt:P31 " + ", ".join(f"wd:{q}" for q in it.p31))
        if it.p17:
            po.append("wdt:P17 " + ", ".join(f"wd:{q}" for q in it.p17))
        po.append(f"rdfs:label {_lit(it.label)}@en")
        aliases = sorted(set(it.aliases) - {it.label})
        if aliases:
            po.append("skos:altLabel " + ", ".join(f"{_lit(a)}@en" for a in aliases))
        if it.description:
            po.append(f"schema:description {_lit(it.description)}@en")
        po.append(f"dip:linkStatus {_lit(it.status)}")
        if it.checked_on:
            po.append(f'dip:checkedOn "{it.checked_on}"^^xsd:date')
        if it.source:
            po.append(f"dip:statusSource {_lit(it.source)}")
        if it.kind:
            po.append(f"dip:pinnedKind {_lit(it.kind)}")
        if it.keys:
            po.append("dip:gazetteerKey " + ", ".join(_lit(k) for k in it.keys))
        parts.append("\n" + lines[0] + "\n    " + " ;\n    ".join(po) + " .\n")
    return "".join(parts)


def write_slice_atomic(data: WikidataSlice, path: Path) -> None:
    """Write to a temporary file in the same folder, then os.replace: never a half-written slice."""
    path = Path(path)
    text = serialize_slice(data)
    parse_slice_text(text, source="<generated slice>")  # never write something we cannot read back
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".wikidata-slice.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _CACHE.pop(str(path), None)


def with_date(data: WikidataSlice, checked_on: str) -> WikidataSlice:
    return WikidataSlice({q: replace(it, checked_on=checked_on) for q, it in data.items.items()}, data.path)


def today() -> str:
    return dt.date.today().isoformat()
