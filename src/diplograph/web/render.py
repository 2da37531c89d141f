"""Turning descriptions into bytes: RDF serializations, URL mapping and the highlighted text.

The pages themselves are in diplograph.web.pages; the only HTML built in Python is the highlighted
document text (here), made by slicing the text at the span offsets and escaping every piece, and
the timeline SVG (diplograph.web.answers).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from markupsafe import Markup, escape

from diplograph.dumps import site_root
from diplograph.ns import DIP, ONTOLOGY_IRI, PREFIXES
from diplograph.web.describe import A, Mark, curie, is_wikidata, sort_triples

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
            if getattr(m, "not_read", False):
                out.append('<span class="not-read" title="not read: page furniture or comments">')
                out.append(render(m.begin, m.end, child.children, link))
                out.append("</span>")
                pos = m.end
                continue
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


__all__ = ["FORMATS", "RDF_FORMATS", "Urls", "highlight", "serialize", "to_turtle", "to_jsonld",
           "to_ntriples", "not_found_body"]
