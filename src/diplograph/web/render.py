"""Turning descriptions into bytes: RDF serializations, URL mapping and the HTML pages.

Pages are Jinja2 templates (package data in `diplograph/templates`) with autoescape on; the only
HTML built in Python is the highlighted document text, made by slicing the text at the span offsets
and escaping every piece.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from diplograph.dumps import site_root
from diplograph.ns import DIP, ONTOLOGY_IRI, OWL, PREFIXES, RDF, SDO
from diplograph.web.describe import (
    A, SAME_AS, Dataset, Mark, curie, is_wikidata, local_name, sort_triples, triple_key,
)

# Formats a resource is offered in: suffix -> media type. The first is the default.
FORMATS: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
RDF_FORMATS = ("ttl", "jsonld", "nt")
FORMAT_NAMES = {"html": "HTML", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
NIF_ANCHOR_OF = ox.NamedNode(PREFIXES["nif"] + "anchorOf")
NIF_IS_STRING = ox.NamedNode(PREFIXES["nif"] + "isString")
_CHAR = re.compile(r"#char=(\d+),(\d+)$")
QUOTE_MAX = 160  # longer quoted spans (whole sentences) are cut
LIST_PAGE = 500  # resources per page of a list by type


# --------------------------------------------------------------------------------------------------
# RDF serializations (deterministic: sorted triples in, same bytes out)

def to_turtle(triples: list[ox.Triple]) -> bytes:
    data = ox.serialize(sort_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    # pyoxigraph writes the @prefix lines in hash order: sort them so that the bytes are stable
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    body = lines[len(head):]
    if any(line.startswith(b"@prefix ") for line in body):  # pragma: no cover - not pyoxigraph's layout
        return data
    return b"\n".join(sorted(head) + body)


def to_ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(sort_triples(triples), format=ox.RdfFormat.N_TRIPLES)


def _compact(iri: str) -> str:
    return curie(iri) or iri


_JSONLD_CONTEXT = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False, indent=4).replace("\n}", "\n  }")


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """Compact JSON-LD with the prefix table as @context, nodes and values sorted."""
    nodes: dict[str, dict] = {}
    for t in sort_triples(triples):
        sid = t.subject.value if isinstance(t.subject, ox.NamedNode) else f"_:{t.subject.value}"
        node = nodes.setdefault(sid, {"@id": _compact(sid) if not sid.startswith("_:") else sid})
        o = t.object
        if t.predicate == A and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(o.value))
            continue
        if isinstance(o, ox.NamedNode):
            value: object = {"@id": _compact(o.value)}
        elif isinstance(o, ox.BlankNode):
            value = {"@id": f"_:{o.value}"}
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype is None or o.datatype.value == XSD_STRING:
            value = o.value
        else:
            value = {"@value": o.value, "@type": _compact(o.datatype.value)}
        node.setdefault(_compact(t.predicate.value), []).append(value)
    # One node a line: json's C encoder does not indent, and the indenting Python one cost a busy
    # page's JSON-LD most of its time.
    graph = ",\n    ".join(json.dumps(nodes[k], ensure_ascii=False) for k in sorted(nodes))
    return ("{\n  \"@context\": " + _JSONLD_CONTEXT + ",\n  \"@graph\": [" + ("\n    " + graph + "\n  " if graph else "")
            + "]\n}\n").encode("utf-8")


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    if fmt == "ttl":
        return to_turtle(triples)
    if fmt == "nt":
        return to_ntriples(triples)
    if fmt == "jsonld":
        return to_jsonld(triples)
    raise ValueError(fmt)


def not_found_body(fmt: str, what: str) -> bytes:
    """A 404 body in the requested RDF format: still parses, holds nothing."""
    if fmt == "jsonld":
        return (json.dumps({"@context": dict(sorted(PREFIXES.items())), "@graph": [],
                            "error": f"not found: {what}"}, ensure_ascii=False) + "\n").encode("utf-8")
    line = f"# not found: {what}".replace("\n", " ").replace("\r", " ")
    return (line + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------------
# URLs

@dataclass
class Urls:
    """Maps IRIs to site paths. `prefix` is the path where the site lives ("" at the host root)."""

    base: str
    prefix: str = ""
    static: bool = False

    def __post_init__(self) -> None:
        self.base = self.base.rstrip("/")
        self.prefix = self.prefix.rstrip("/")
        segment = urlsplit(self.base).path.rstrip("/").rsplit("/", 1)[-1]
        self.mount = "/" + (segment or "id")
        # the ontology lives beside the instance base (…/diplograph/id and …/diplograph/ontology)
        self.ontology_path = "/ontology"
        self.root = site_root(self.base)  # the dumps and the endpoint live there

    def page(self, path: str) -> str:
        return self.prefix + path

    def resource_path(self, iri: str) -> str | None:
        """Site path (no prefix, no fragment) of an IRI under the base."""
        doc = iri.split("#", 1)[0]
        if doc == self.base:
            return self.mount + "/"
        if not doc.startswith(self.base + "/"):
            return None
        rest = doc[len(self.base) + 1:]
        return self.mount + "/" + quote(rest, safe="/:@!$&'()*+,;=-._~%")

    def iri_for_path(self, path: str) -> str | None:
        """Inverse of resource_path for a decoded request path; None if it is not ours or unsafe."""
        if not path.startswith(self.mount + "/"):
            return None
        rest = path[len(self.mount) + 1:]
        segments = rest.split("/")
        if not rest or any(s in ("", ".", "..") for s in segments) or any(ord(c) < 32 or c in "<>\"{}|\\^`" for c in rest):
            return None
        return f"{self.base}/{rest}"

    def href(self, iri: str) -> str | None:
        """A link target for an IRI: local for ours and the ontology, wikidata as is, else None."""
        path = self.resource_path(iri)
        if path is not None:
            frag = iri.split("#", 1)[1] if "#" in iri else None
            return self.prefix + path + ("#" + quote(frag, safe="=,:;-._~") if frag else "")
        if iri == ONTOLOGY_IRI or iri.startswith(str(DIP)):
            frag = iri.split("#", 1)[1] if "#" in iri else ""
            return self.prefix + self.ontology_path + ("#" + quote(frag, safe="") if frag else "")
        if iri.startswith(self.root + "/dump/"):  # a download (diplograph.dumps), beside the base
            return self.prefix + iri[len(self.root):]
        if iri == self.root + "/sparql" and not self.static:
            return self.prefix + "/sparql"
        if is_wikidata(iri) and iri.startswith(("http://", "https://")):
            return iri
        return None

    def kind_page(self, kind: str, n: int = 1) -> str:
        """A page of the list of a kind: /types/{kind}, then ?page=N on the server and
        /types/{kind}/N (the file types/{kind}/N.html) on the static site."""
        path = self.prefix + "/types/" + quote(kind, safe="")
        if n <= 1:
            return path
        return f"{path}/{n}" if self.static else f"{path}?page={n}"

    def alternates(self, path: str) -> list[tuple[str, str, str]]:
        """(href, media type, name) for each format of the page at `path`."""
        p = path.rstrip("/") or path
        return [(self.prefix + p + "." + ext, mt, FORMAT_NAMES[ext]) for ext, mt in FORMATS.items()]


# --------------------------------------------------------------------------------------------------
# Highlighted document text

@dataclass
class _Node:
    mark: Mark
    children: list["_Node"]


def highlight(text: str, marks: list[Mark], href_for, title_for, kind_for) -> Markup:
    """The document text with each span in a <mark> (nested when spans nest; crossing spans are
    dropped) whose text links to the resource derived from it. Every text slice is escaped."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for m in sorted(marks, key=lambda m: (m.begin, -m.end, m.span)):
        while stack and m.begin >= stack[-1].mark.end:
            stack.pop()
        if stack and m.end > stack[-1].mark.end:
            continue  # crosses the enclosing span: cannot nest
        node = _Node(m, [])
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def piece(s: str, link: str | None) -> str:
        if not s:
            return ""
        if link:
            return f'<a href="{escape(link)}">{escape(s)}</a>'
        return str(escape(s))

    def render(lo: int, hi: int, children: list[_Node], link: str | None) -> str:
        out, pos = [], lo
        for child in children:
            out.append(piece(text[pos:child.mark.begin], link))
            m = child.mark
            target = m.targets[0] if m.targets else None
            href = href_for(target) if target else None
            kind = kind_for(target) if target else None
            classes = "mention" + (f" kind-{kind}" if kind else "")
            out.append(f'<mark id="{escape("char=%d,%d" % (m.begin, m.end))}" class="{escape(classes)}" '
                       f'title="{escape(title_for(m))}">')
            out.append(render(m.begin, m.end, child.children, href))
            out.append("</mark>")
            pos = m.end
        out.append(piece(text[pos:hi], link))
        return "".join(out)

    return Markup(render(0, len(text), roots, None))


# --------------------------------------------------------------------------------------------------
# Page models

class Pages:
    """Renders every page of the site for one dataset; used by the server and the static site."""

    def __init__(self, ds: Dataset, urls: Urls, *, sparql: bool = True, search: bool = True,
                 page_size: int | None = None):
        self.ds = ds
        self.urls = urls
        self.page_size = page_size or LIST_PAGE
        self._cache: dict[str, str] = {}  # pages that depend on the whole dataset (read-only data)
        self.env = Environment(loader=PackageLoader("diplograph", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(urls=urls, sparql_enabled=sparql, search_enabled=search,
                                page=urls.page)

    def render(self, template: str, **ctx) -> str:
        return self.env.get_template(template).render(**ctx)

    # ---- pieces ---------------------------------------------------------------------------------
    def value(self, term) -> dict:
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype is not None else None
            return {"text": term.value, "href": None, "iri": None, "lang": term.language,
                    "datatype": None if dt in (None, XSD_STRING) or term.language else (curie(dt) or dt),
                    "literal": True, "quote": None}
        iri = term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
        href = self.urls.href(iri) if isinstance(term, ox.NamedNode) else None
        text = self.ds.label(term) if isinstance(term, ox.NamedNode) else iri
        view = {"text": text, "href": href, "iri": iri, "lang": None, "datatype": None, "literal": False,
                "kind": self.ds.kind_of(iri), "external": href is not None and is_wikidata(iri), "quote": None}
        if isinstance(term, ox.NamedNode):
            span = self.span_view(term)
            if span is not None:
                view.update(span)
        return view

    def span_view(self, node: ox.NamedNode) -> dict | None:
        """A NIF span (`…/document/x#char=S,E`) is shown as the text it quotes (nif:anchorOf),
        with where it is, instead of its raw fragment."""
        m = _CHAR.search(node.value)
        if m is None:
            return None
        document = node.value.split("#", 1)[0]
        view: dict = {"kind": None}
        anchor = self.ds.first(node, NIF_ANCHOR_OF)
        if not isinstance(anchor, ox.Literal):
            anchor = self.ds.first(node, NIF_IS_STRING)  # the nif:Context: the whole text
            if not isinstance(anchor, ox.Literal):
                return None
            href = self.urls.href(document)
            if href is not None:
                view["href"] = href + "#text"
        quote = " ".join(anchor.value.split())
        if len(quote) > QUOTE_MAX:
            quote = quote[: QUOTE_MAX - 1].rstrip() + "…"
        where = f"{self.ds.label(document)}, characters {m.group(1)}–{m.group(2)}"
        return {**view, "quote": quote, "text": quote, "where": where}

    def term_link(self, iri: str) -> dict:
        return {"iri": iri, "curie": curie(iri) or iri, "label": self.ds.term_label(iri),
                "href": self.urls.page(self.urls.ontology_path) + "#" + self.ds.ontology_anchor(iri)}

    def property_groups(self, triples: list[ox.Triple], incoming: bool) -> list[dict]:
        groups: dict[str, list] = {}
        for t in triples:
            if not incoming and t.predicate == A:
                continue
            groups.setdefault(t.predicate.value, []).append(t.subject if incoming else t.object)
        out = []
        for pred, values in groups.items():
            views = [self.value(v) for v in values[:2000]]
            views.sort(key=lambda v: (v["text"].casefold(), v["iri"] or ""))
            out.append({**self.term_link(pred), "vals": views, "more": max(0, len(values) - 2000)})
        out.sort(key=lambda g: (g["label"].casefold(), g["iri"]))
        return out

    def sources(self, node: ox.NamedNode) -> list[dict]:
        out = []
        for s in self.ds.sources(node):
            parts = s.sentence_parts()
            if parts is None and s.anchor is not None:
                parts = ("", s.anchor, "")
            out.append({"span": s.span, "href": self.urls.href(s.span), "document": s.document,
                        "document_href": self.urls.href(s.document), "document_label": self.ds.label(s.document),
                        "parts": parts, "begin": s.begin, "end": s.end, "source_file": s.source_file})
        return out

    # ---- pages ----------------------------------------------------------------------------------
    def resource(self, iri: str) -> str:
        ds, node = self.ds, ox.NamedNode(iri)
        path = self.urls.resource_path(iri) or "/"
        outgoing, incoming = ds.outgoing(node), ds.incoming(node)
        types = [self.term_link(t) for t in ds.types(node)]
        wikidata = sorted({t.object.value for t in outgoing
                           if t.predicate == SAME_AS and isinstance(t.object, ox.NamedNode) and is_wikidata(t.object.value)})
        posts = [{"href": self.urls.href(p.post), "role": p.role,
                  "org": self.value(ox.NamedNode(p.org)) if p.org else None,
                  "start": p.start, "end": p.end, "attested": p.attested, "former": p.former}
                 for p in ds.posts(node)]
        document = None
        doc_text = ds.document_text(node)
        if doc_text is not None:
            text, marks = doc_text

            def title(m: Mark) -> str:
                return "; ".join(f"{ds.label(t)} ({ds.kind_of(t) or local_name(t)})" for t in m.targets)

            document = {"html": highlight(text, marks, self.urls.href, title, ds.kind_of),
                        "marks": len(marks), "length": len(text)}
        return self.render("resource.html", iri=iri, label=ds.label(node), kind=ds.kind_of(iri), types=types,
                           wikidata=wikidata, outgoing=self.property_groups(outgoing, False),
                           incoming=self.property_groups(incoming, True), posts=posts,
                           sources=self.sources(node), document=document,
                           alternates=self.urls.alternates(path), title=ds.label(node))

    def home(self, q: str | None = None) -> str:
        results = None
        if q is not None and q.strip():
            results = [{"href": self.urls.href(i), "kind": k, "label": l, "iri": i} for i, k, l in self.ds.search(q)]
        return self.render("home.html", title="diplograph", kinds=self.ds.kinds(), q=q or "", results=results,
                           manifest=self.ds.manifest, base=self.ds.base)

    def kinds(self) -> str:
        return self.render("types.html", title="Resources by type", kinds=self.ds.kinds())

    def kind_pages(self, kind: str) -> int:
        """How many pages the list of a kind has (0 when there is no such kind)."""
        n = len(self.ds.resources(kind))
        return -(-n // self.page_size)

    def kind(self, kind: str, page: int = 1) -> str | None:
        """One page of the list of a kind (`page_size` resources, sorted by label); None when the
        kind or the page does not exist."""
        items = self.ds.resources(kind)
        pages = self.kind_pages(kind)
        if not items or not 1 <= page <= pages:
            return None
        first = (page - 1) * self.page_size
        chunk = items[first:first + self.page_size]
        nav = None
        if pages > 1:
            nav = {"page": page, "pages": pages, "first": first + 1, "last": first + len(chunk),
                   "prev": self.urls.kind_page(kind, page - 1) if page > 1 else None,
                   "next": self.urls.kind_page(kind, page + 1) if page < pages else None,
                   "links": [(n, self.urls.kind_page(kind, n)) for n in range(1, pages + 1)]}
        title = kind if page == 1 else f"{kind} (page {page} of {pages})"
        return self.render("kind.html", title=title, kind=kind, total=len(items), nav=nav,
                           items=[{"href": self.urls.href(i), "label": l, "iri": i} for i, l in chunk])

    def ontology(self) -> str:
        if "ontology" not in self._cache:
            self._cache["ontology"] = self._ontology()
        return self._cache["ontology"]

    def _ontology(self) -> str:
        terms = self.ds.ontology_terms()
        graph = self.ds.ontology
        from rdflib import URIRef
        from rdflib.namespace import DCTERMS as RDC, OWL as ROWL, RDFS as RRDFS
        onto = URIRef(ONTOLOGY_IRI)
        meta = {
            "title": next((str(o) for o in graph.objects(onto, RDC.title)), None)
            or next((str(o) for o in graph.objects(onto, RRDFS.label)), None),
            "description": sorted({str(o) for p in (RDC.description, RRDFS.comment) for o in graph.objects(onto, p)}),
            "version": next((str(o) for o in graph.objects(onto, ROWL.versionInfo)), None),
        }
        return self.render("ontology.html", title="Ontology", terms=terms, meta=meta, iri=ONTOLOGY_IRI,
                           alternates=self.urls.alternates(self.urls.ontology_path), dip=str(DIP))

    def void(self) -> str:
        if "void" not in self._cache:
            self._cache["void"] = self._void()
        return self._cache["void"]

    def _void(self) -> str:
        triples = self.ds.void_triples()
        subjects: dict[str, list[ox.Triple]] = {}
        for t in triples:
            key = t.subject.value
            subjects.setdefault(key, []).append(t)
        blocks = []
        for s, ts in sorted(subjects.items()):
            node = ts[0].subject
            blocks.append({"iri": s, "label": self.ds.label(node) if isinstance(node, ox.NamedNode) else s,
                           "href": self.urls.href(s), "types": [self.term_link(t.object.value) for t in ts
                                                               if t.predicate == A and isinstance(t.object, ox.NamedNode)],
                           "properties": self.property_groups(ts, False)})
        return self.render("void.html", title="Dataset description (VoID, DCAT)", blocks=blocks,
                           alternates=self.urls.alternates("/void"))

    def sparql(self, query: str = "", result: dict | None = None, error: str | None = None) -> str:
        return self.render("sparql.html", title="SPARQL", query=query, result=result, error=error,
                           examples=_EXAMPLES, merged=self.ds.merged, ontology_graph=self.ontology_graph)

    @property
    def ontology_graph(self) -> str | None:
        """The ontology's named graph when the store has one (`--input` loads it there)."""
        if "ontology_graph" not in self._cache:
            node = ox.NamedNode(ONTOLOGY_IRI)
            found = any(True for _ in self.ds.store.quads_for_pattern(None, None, None, node))
            self._cache["ontology_graph"] = ONTOLOGY_IRI if found else ""
        return self._cache["ontology_graph"] or None

    def error(self, status: int, message: str) -> str:
        return self.render("error.html", title=f"{status}", status=status, message=message)


_EXAMPLES = [
    ("Classes and how many instances", "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"),
    ("Persons and their posts", "PREFIX schema: <https://schema.org/>\nPREFIX dip: <https://w3id.org/diplograph/ontology#>\n"
     "SELECT ?person ?role ?org WHERE {\n  ?post a dip:Post ; dip:holder ?person ; schema:roleName ?role .\n"
     "  OPTIONAL { ?post schema:memberOf ?org }\n} ORDER BY ?person LIMIT 100"),
]

__all__ = ["FORMATS", "RDF_FORMATS", "Urls", "Pages", "highlight", "serialize", "to_turtle", "to_jsonld",
           "to_ntriples", "not_found_body"]
