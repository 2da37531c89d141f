"""Facts back to Wikidata: QuickStatements (v1, tab-separated) or CSV for facts of the published
dataset (output/dataset.ttl) that the pinned slice lacks.

* position held: `Qperson P39 Qposition [P580 start] [P582 end] S854 "url" S813 retrieved`, one line
  per term. QuickStatements merges a new statement into an existing one with the same property and
  value (adding the qualifiers to it), so a second term in the same post may end up on the first
  term's statement: review such persons by hand after the batch (see docs/linking.md).
  Only when the post's position has a QID in the slice (a `position` item whose label/alias is the
  role name, or "role of organisation"); otherwise a commented line.
* participant: `Qevent P710 Qparticipant S854 … S813 …`, only for events that carry a QID.
Posts held by countries (memberships) are not exported as P39. Nothing is written for subjects
that are not linked (no owl:sameAs to Wikidata in the dataset).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from diplograph.errors import InputError
from diplograph.linking.normalize import fold
from diplograph.linking.slice import WikidataSlice, qid_of

_DATE = re.compile(r"^(?P<y>-?\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
_STOP = {"of", "the", "for", "and"}
SLICE_GRAPH = "urn:diplograph:slice"


def qs_date(value: str) -> str | None:
    """"2019" -> +2019-00-00T00:00:00Z/9; "2019-05" -> …/10; "2019-05-03" -> …/11."""
    m = _DATE.match(value or "")
    if not m:
        return None
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    sign = "" if y.startswith("-") else "+"
    if d:
        return f"{sign}{y}-{mo}-{d}T00:00:00Z/11"
    if mo:
        return f"{sign}{y}-{mo}-00T00:00:00Z/10"
    return f"{sign}{y}-00-00T00:00:00Z/9"


def _role_key(text: str) -> tuple[str, ...]:
    return tuple(t for t in fold(text).split() if t not in _STOP)


@dataclass(frozen=True)
class Statement:
    subject: str
    prop: str
    value: str
    qualifiers: tuple[tuple[str, str], ...]
    url: str
    comment: str = ""  # when set, the line is only a comment (not importable)


PREFIXES = """PREFIX dip: <https://w3id.org/diplograph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""


def _wd(node) -> str | None:
    return qid_of(node.value) if node is not None else None


def export_facts(dataset: Path, data: WikidataSlice, *, fmt: str = "quickstatements",
                 retrieved: str) -> tuple[str, str]:
    """(text, one-line summary)."""
    import pyoxigraph as ox

    from diplograph.dumpfiles import dump_files

    dataset = Path(dataset)  # an output folder (its merged dataset, whole or in parts) or a Turtle file
    files = dump_files(dataset, "dataset.ttl") if dataset.is_dir() else [dataset] if dataset.is_file() else []
    if not files:
        raise InputError("no published dataset here: run `diplograph build` first (or pass --input)",
                         path=str(dataset / "dataset.ttl" if dataset.is_dir() else dataset))
    store = ox.Store()
    try:
        for path in files:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot read the dataset: {exc}", path=str(dataset)) from exc
    if data.path and Path(data.path).is_file():
        store.load(path=str(data.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(SLICE_GRAPH))

    retrieved_qs = qs_date(retrieved)
    if retrieved_qs is None:
        raise InputError(f"--retrieved must be an ISO date, not {retrieved!r}")

    positions: dict[tuple[str, ...], str] = {}
    for it in data.sorted_items():
        if it.kind == "position" and it.linkable:
            for n in it.names():
                positions.setdefault(_role_key(n), it.qid)

    def doc_url(node_iri: str) -> str | None:
        q = (PREFIXES + "SELECT ?url WHERE { <%s> prov:wasDerivedFrom ?span . "
             "OPTIONAL { ?span nif:referenceContext ?ctx . ?doc dip:text ?ctx . ?doc schema:url ?u1 } "
             "BIND(IRI(STRBEFORE(STR(?span), \"#\")) AS ?d2) OPTIONAL { ?d2 schema:url ?u2 } "
             "OPTIONAL { BIND(IRI(REPLACE(STR(?span), \"/sidecar$\", \"\")) AS ?d3) ?d3 schema:url ?u3 } "
             "BIND(COALESCE(?u1, ?u2, ?u3) AS ?url) FILTER(BOUND(?url)) } ORDER BY ?url LIMIT 1") % node_iri
        for row in store.query(q):
            return row["url"].value
        return None

    statements: list[Statement] = []
    skipped = {"unlinked subject": 0, "no position QID": 0, "event without QID": 0, "already in slice": 0,
               "no source URL": 0}

    posts = store.query(PREFIXES + """
        SELECT ?post ?holder ?hq ?role ?org ?orgname ?start ?end WHERE {
          ?post a dip:Post ; dip:holder ?holder ; schema:roleName ?role .
          ?holder a schema:Person .
          OPTIONAL { ?holder owl:sameAs ?hq FILTER(STRSTARTS(STR(?hq), "http://www.wikidata.org/entity/Q")) }
          OPTIONAL { ?post schema:memberOf ?org . OPTIONAL { ?org schema:name ?orgname } }
          OPTIONAL { ?post schema:startDate ?start } OPTIONAL { ?post schema:endDate ?end }
        } ORDER BY ?post""")
    seen_posts: set[str] = set()
    for row in posts:
        post = row["post"].value
        if post in seen_posts:
            continue
        seen_posts.add(post)
        person = _wd(row["hq"])
        if not person:
            skipped["unlinked subject"] += 1
            continue
        role = row["role"].value
        orgname = row["orgname"].value if row["orgname"] is not None else ""
        pos = positions.get(_role_key(role)) or (positions.get(_role_key(f"{role} of {orgname}")) if orgname else None)
        url = doc_url(post)
        quals: list[tuple[str, str]] = []
        for prop, var in (("P580", "start"), ("P582", "end")):
            if row[var] is not None and qs_date(row[var].value):
                quals.append((prop, qs_date(row[var].value)))
        if not url:
            skipped["no source URL"] += 1
            continue
        if not pos:
            skipped["no position QID"] += 1
            statements.append(Statement(person, "P39", "", tuple(quals), url,
                                        comment=f"no QID for the position \"{role}\""
                                                + (f" of {orgname}" if orgname else "")))
            continue
        if store.query(f"ASK {{ GRAPH <{SLICE_GRAPH}> {{ <http://www.wikidata.org/entity/{person}> "
                       f"<http://www.wikidata.org/prop/direct/P39> <http://www.wikidata.org/entity/{pos}> }} }}"):
            skipped["already in slice"] += 1
            continue
        statements.append(Statement(person, "P39", pos, tuple(quals), url))

    events = store.query(PREFIXES + """
        SELECT ?event ?eq ?who ?wq WHERE {
          ?event a schema:Event ; schema:attendee ?who .
          OPTIONAL { ?event owl:sameAs ?eq FILTER(STRSTARTS(STR(?eq), "http://www.wikidata.org/entity/Q")) }
          OPTIONAL { ?who owl:sameAs ?wq FILTER(STRSTARTS(STR(?wq), "http://www.wikidata.org/entity/Q")) }
        } ORDER BY ?event ?who""")
    for row in events:
        ev, who = _wd(row["eq"]), _wd(row["wq"])
        if not ev:
            skipped["event without QID"] += 1
            continue
        if not who:
            skipped["unlinked subject"] += 1
            continue
        url = doc_url(row["event"].value)
        if not url:
            skipped["no source URL"] += 1
            continue
        statements.append(Statement(ev, "P710", who, (), url))

    statements = sorted(set(statements), key=lambda s: (s.comment != "", int(s.subject[1:]), s.prop, s.value,
                                                       s.qualifiers, s.url, s.comment))
    text = (_quickstatements(statements, retrieved_qs) if fmt == "quickstatements"
            else _csv(statements, retrieved))
    n = sum(1 for s in statements if not s.comment)
    summary = (f"wikidata-export: {n} statement(s), {len(statements) - n} commented; skipped: "
               + ", ".join(f"{k} {v}" for k, v in skipped.items() if v))
    return text, summary.removesuffix("; skipped: ")


def _quickstatements(statements: list[Statement], retrieved_qs: str) -> str:
    out = ["# QuickStatements v1 (tab-separated) generated by diplograph wikidata-export.",
           "# One statement per term: QuickStatements merges statements with the same property and value,",
           "# so check persons with two terms in the same position after running the batch."]
    terms: dict[tuple[str, str], int] = {}
    for s in statements:
        if not s.comment and s.prop == "P39":
            terms[(s.subject, s.value)] = terms.get((s.subject, s.value), 0) + 1
    several = [f"{subj} P39 {pos} x{n}" for (subj, pos), n in sorted(terms.items()) if n > 1]
    if several:
        out.append("# Several terms in one position (QuickStatements adds them to one statement; enter them "
                   "by hand): " + ", ".join(several))
    for s in statements:
        quals = "".join(f"\t{p}\t{v}" for p, v in s.qualifiers)
        src = f"\tS854\t\"{s.url}\"\tS813\t{retrieved_qs}"
        if s.comment:
            out.append(f"# {s.subject}\t{s.prop}\t?{quals}{src}\t# {s.comment}")
        else:
            out.append(f"{s.subject}\t{s.prop}\t{s.value}{quals}{src}")
    return "\n".join(out) + "\n"


def _csv(statements: list[Statement], retrieved: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "property", "value", "qualifiers", "reference_url", "retrieved", "comment"])
    for s in statements:
        w.writerow([s.subject, s.prop, s.value, " ".join(f"{p}={v}" for p, v in s.qualifiers), s.url,
                    retrieved, s.comment])
    return buf.getvalue()
