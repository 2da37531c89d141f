"""The questions the pages answer, over a `Dataset`: which documents there are, who is mentioned
most, which documents mention a person and whom they met, what identifies an entry of a list, and
full-text search over names and source sentences. Also the person timeline as SVG (made here: the
pages load no scripts). Nothing here knows about HTTP; the results are plain dicts for templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
from markupsafe import Markup, escape

from diplograph.web.describe import Dataset, fold

MENTIONED_KINDS = ("person", "country", "organization")
SNIPPET = 90  # characters of context each side of a search hit in a sentence


def _lit(row, name: str) -> str | None:
    v = row[name]
    return v.value if isinstance(v, ox.Literal) else None


def _iri(row, name: str) -> str | None:
    v = row[name]
    return v.value if isinstance(v, ox.NamedNode) else None


class Answers:
    """Computed once per dataset (the data is read-only) and asked by the pages."""

    def __init__(self, ds: Dataset):
        self.ds = ds

    # ---- documents -------------------------------------------------------------------------------
    @cached_property
    def documents(self) -> list[dict]:
        """Every document with a text: title, genre, date, publisher, authors, source URL; newest first."""
        docs: dict[str, dict] = {}
        rows = self.ds.query(
            "SELECT ?d ?title ?genre ?date ?url ?publisher ?author WHERE { ?d dip:text ?ctx . "
            "OPTIONAL { ?d schema:headline ?title } OPTIONAL { ?d dip:genre ?genre } "
            "OPTIONAL { ?d schema:datePublished ?date } OPTIONAL { ?d schema:url ?url } "
            "OPTIONAL { ?d schema:publisher ?publisher } OPTIONAL { ?d schema:author ?author } }")
        for row in rows:
            iri = row["d"].value
            d = docs.setdefault(iri, {"iri": iri, "title": None, "genre": None, "date": None, "url": None,
                                      "publisher": set(), "author": set()})
            d["title"] = d["title"] or _lit(row, "title")
            d["genre"] = d["genre"] or _lit(row, "genre")
            d["date"] = max(filter(None, (d["date"], _lit(row, "date"))), default=None)
            d["url"] = d["url"] or _iri(row, "url") or _lit(row, "url")
            for key in ("publisher", "author"):
                if _iri(row, key):
                    d[key].add(_iri(row, key))
        out = []
        for d in docs.values():
            d["title"] = d["title"] or self.ds.label(d["iri"])
            for key in ("publisher", "author"):
                d[key] = sorted(d[key], key=lambda i: (self.ds.label(i).casefold(), i))
            out.append(d)
        out.sort(key=lambda d: (d["date"] is None, "" if d["date"] is None else _neg(d["date"]),
                                d["title"].casefold(), d["iri"]))
        return out

    def document(self, iri: str) -> dict | None:
        return next((d for d in self.documents if d["iri"] == iri), None)

    # ---- mentions ---------------------------------------------------------------------------------
    @cached_property
    def mention_counts(self) -> dict[str, tuple[int, int]]:
        """iri -> (mentions: spans a fact about it was read from, documents those spans are in)."""
        rows = self.ds.query(
            "SELECT ?x (COUNT(DISTINCT ?span) AS ?n) (COUNT(DISTINCT ?ctx) AS ?docs) WHERE { "
            "?x prov:wasDerivedFrom ?span . ?span nif:referenceContext ?ctx } GROUP BY ?x")
        return {row["x"].value: (int(row["n"].value), int(row["docs"].value)) for row in rows
                if isinstance(row["x"], ox.NamedNode)}

    def most_mentioned(self, kind: str, limit: int = 10) -> list[dict]:
        counts = self.mention_counts
        items = [(iri, label, *counts[iri]) for iri, label in self.ds.resources(kind) if iri in counts]
        items.sort(key=lambda x: (-x[2], -x[3], x[1].casefold(), x[0]))
        return [{"iri": i, "label": l, "mentions": n, "documents": d} for i, l, n, d in items[:limit]]

    def documents_mentioning(self, iri: str) -> list[dict]:
        """The documents a resource is read from or mentioned by, with their dates, newest first."""
        node = ox.NamedNode(iri)
        rows = self.ds.query(
            "SELECT ?d (COUNT(DISTINCT ?span) AS ?n) WHERE { "
            "{ ?x prov:wasDerivedFrom ?span . ?span nif:referenceContext ?ctx . ?d dip:text ?ctx } "
            "UNION { ?d schema:mentions|schema:author|schema:about ?x . ?d dip:text ?c2 } } GROUP BY ?d", x=node)
        counts = {row["d"].value: int(row["n"].value) for row in rows if isinstance(row["d"], ox.NamedNode)}
        return [{**d, "mentions": counts[d["iri"]]} for d in self.documents if d["iri"] in counts]

    def met(self, iri: str) -> list[dict]:
        """Who attended an event with this person: each with the shared events (label, date)."""
        rows = self.ds.query(
            "SELECT DISTINCT ?other ?e ?date WHERE { ?e schema:attendee ?x, ?other . FILTER(?other != ?x) "
            "OPTIONAL { ?e schema:startDate ?date } }", x=ox.NamedNode(iri))
        people: dict[str, list] = {}
        for row in rows:
            if isinstance(row["other"], ox.NamedNode):
                people.setdefault(row["other"].value, []).append(
                    {"iri": row["e"].value, "label": self.ds.label(row["e"]), "date": _lit(row, "date")})
        out = [{"iri": o, "label": self.ds.label(o), "events": sorted(ev, key=lambda e: (e["date"] or "", e["iri"]))}
               for o, ev in people.items()]
        out.sort(key=lambda p: (-len(p["events"]), p["label"].casefold(), p["iri"]))
        return out

    # ---- lists by type ----------------------------------------------------------------------------
    def detail(self, kind: str, iri: str) -> str | None:
        """What identifies an entry of a list: a person's latest post, an event's date and place, a
        document's date and publisher, a post's holder."""
        ds, node = self.ds, ox.NamedNode(iri)
        if kind == "person":
            posts = ds.posts(node)
            if not posts:
                return None
            p = max(posts, key=lambda r: (r.start or r.attested or r.end or "", not r.former))
            org = ds.label(p.org) if p.org else None
            return ", ".join(filter(None, [p.role, org, _years(p.start, p.end, p.attested)]))
        if kind == "event":
            date = _first_lit(ds, node, "https://schema.org/startDate")
            place = ds.first(node, ox.NamedNode("https://schema.org/location"))
            return ", ".join(filter(None, [date, ds.label(place) if isinstance(place, ox.NamedNode) else None]))
        if kind == "document":
            d = self.document(iri)
            if d is None:
                return None
            return ", ".join(filter(None, [d["date"], *(ds.label(p) for p in d["publisher"]), d["genre"]]))
        if kind == "post":
            holder = ds.first(node, ox.NamedNode("https://w3id.org/diplograph/ontology#holder"))
            return ds.label(holder) if isinstance(holder, ox.NamedNode) else None
        return None

    # ---- search -----------------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[tuple[str, str, str, str]]:
        """(sentence span, document, folded text, text) of every source sentence."""
        rows = self.ds.query("SELECT ?s ?t ?d WHERE { ?s a nif:Sentence ; nif:anchorOf ?t ; "
                             "nif:referenceContext ?ctx . ?d dip:text ?ctx }")
        out = [(row["s"].value, row["d"].value, fold(row["t"].value), row["t"].value) for row in rows]
        return sorted(out, key=lambda s: (s[1], _begin(s[0]), s[0]))

    def search(self, q: str) -> "SearchResults":
        needle = fold(" ".join(q.split()))
        if not needle:
            return SearchResults(q, [], [])
        words = needle.split()
        names = []
        for iri, kind, label, folded in self.ds.search_table:
            best = None
            for n in folded:
                if needle in n:
                    rank = 0 if n == needle else 1 if n.startswith(needle) else 2 if re.search(
                        r"(?<!\w)" + re.escape(needle), n) else 3
                elif all(w in n for w in words):
                    rank = 4
                else:
                    continue
                best = rank if best is None else min(best, rank)
            if best is not None:
                names.append((best, fold(label), iri, kind, label))
        names.sort()
        hits = []
        for span, doc, folded, text in self.sentences:
            at = folded.find(needle)
            if at < 0 and not all(w in folded for w in words):
                continue
            phrase = at >= 0
            at = at if phrase else folded.find(words[0])
            length = len(needle) if phrase else len(words[0])
            hits.append((not phrase, doc, _begin(span), span, _snippet(text, folded, at, length)))
        hits.sort()
        return SearchResults(q, [{"iri": i, "kind": k, "label": l} for _, _, i, k, l in names],
                             [{"span": s, "document": d, "parts": p} for _, d, _, s, p in hits])


@dataclass
class SearchResults:
    q: str
    names: list[dict]
    sentences: list[dict]

    @property
    def total(self) -> int:
        return len(self.names) + len(self.sentences)

    def page(self, n: int, size: int) -> list[tuple[str, dict]]:
        """(kind of hit, hit) of page n: names first (best match first), then sentences."""
        both = [("name", h) for h in self.names] + [("sentence", h) for h in self.sentences]
        return both[(n - 1) * size: n * size]


def _neg(date: str) -> str:
    """A sort key that puts later ISO dates first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def _begin(span: str) -> int:
    m = re.search(r"#char=(\d+),", span)
    return int(m.group(1)) if m else -1


def _years(start: str | None, end: str | None, attested: str | None) -> str | None:
    if start or end:
        return f"{(start or '?')[:4]}–{(end or '')[:4]}"
    return attested[:4] if attested else None


def _first_lit(ds: Dataset, node: ox.NamedNode, predicate: str) -> str | None:
    v = ds.first(node, ox.NamedNode(predicate))
    return v.value if isinstance(v, ox.Literal) else None


def _snippet(text: str, folded: str, at: int, length: int) -> tuple[str, str, str]:
    """(before, hit, after) around a match; the folded text has the same length as the text for
    the scripts folding keeps aligned, otherwise the sentence is shown from its start."""
    if len(folded) != len(text):
        at, length = 0, 0
    lo, hi = max(0, at - SNIPPET), min(len(text), at + length + SNIPPET)
    before = ("…" if lo else "") + text[lo:at]
    return before, text[at:at + length], text[at + length:hi] + ("…" if hi < len(text) else "")


# --------------------------------------------------------------------------------------------------
# The timeline of a person's posts, as SVG

ROW, TOP, LEFT, WIDTH = 30, 24, 16, 400  # a narrow drawing: its text stays legible on a phone
LABEL_MAX = 58  # characters of a post's label that fit the drawing's width


def timeline_svg(posts: list[dict], documents: list[dict] | None = None) -> Markup | None:
    """One bar a post (start–end, paler when the end is not known and the bar runs to the last
    year; a dot for the date a post is attested), on a year axis, and the dates of the documents
    as ticks. None when no post has a year."""
    def year(s: str | None) -> int | None:
        return int(s[:4]) if s and re.match(r"\d{4}", s) else None

    rows = []
    for p in posts:
        a, b, seen = year(p["start"]), year(p["end"]), year(p["attested"])
        if a is None and b is None and seen is None:
            continue
        rows.append((p, a, b, seen))
    if not rows:
        return None
    doc_years = [y for y in (year(d["date"]) for d in documents or []) if y is not None]
    years = [y for _, a, b, s in rows for y in (a, b, s) if y is not None] + doc_years
    lo, hi = min(years), max(years) + 1
    if hi - lo < 4:  # a few years at least, so that one post is not the whole width
        lo, hi = lo - (4 - (hi - lo)) // 2, lo - (4 - (hi - lo)) // 2 + 4
    span = hi - lo

    def x(y: float) -> float:
        return round(LEFT + (y - lo) / span * (WIDTH - 2 * LEFT), 1)

    height = TOP + ROW * len(rows) + 28
    out = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="Timeline of {len(rows)} posts" xmlns="http://www.w3.org/2000/svg">']
    step = 1 if span <= 12 else 5 if span <= 60 else 10
    for y in range(lo, hi + 1):
        if y % step == 0 or y == lo:
            anchor = "start" if y == lo else "end" if y == hi else "middle"
            out.append(f'<line class="grid" x1="{x(y)}" x2="{x(y)}" y1="{TOP - 8}" y2="{height - 20}"/>'
                       f'<text class="year" x="{x(y)}" y="{height - 6}" text-anchor="{anchor}">{y}</text>')
    for i, (p, a, b, seen) in enumerate(rows):
        top = TOP + i * ROW
        text = p["role"] + (f" — {p['org_label']}" if p.get("org_label") else "")
        label = escape(text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 1].rstrip() + "…")
        title = escape(f"{p['role']}: {p['start'] or '?'} – {p['end'] or ''}"
                       + (f" (attested {p['attested']})" if p["attested"] else ""))
        classes = "post" + (" former" if p["former"] else "") + (" open" if b is None else "")
        out.append(f'<g class="{classes}"><title>{title}</title>')
        if a is not None or b is not None:
            x0, x1 = x(a if a is not None else b), x((b if b is not None else hi - 1) + 1)
            out.append(f'<rect x="{x0}" y="{top + 10}" width="{max(x1 - x0, 4)}" height="10" rx="3"/>')
        if seen is not None:
            out.append(f'<circle cx="{x(seen + 0.5)}" cy="{top + 15}" r="5"/>')
        out.append(f'<text x="{LEFT}" y="{top + 6}">{label}</text></g>')
    for y in sorted(set(doc_years)):
        out.append(f'<path class="doc" d="M{x(y + 0.5)} {height - 22} l-4 -6 h8 z"><title>a document of {y}</title></path>')
    out.append("</svg>")
    return Markup("".join(out))


__all__ = ["Answers", "SearchResults", "timeline_svg", "MENTIONED_KINDS"]
