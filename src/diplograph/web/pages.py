"""The HTML pages of the site, for the server and the static site alike: Jinja2 templates
(package data in `diplograph/templates`, autoescape on) filled from a `Dataset` and its `Answers`.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined

from diplograph.ns import DIP, ONTOLOGY_IRI
from diplograph.web.answers import MENTIONED_KINDS, Answers, timeline_svg
from diplograph.web.describe import A, SAME_AS, Dataset, Mark, curie, is_wikidata, local_name
import diplograph.web.render as _render  # a module attribute: tests change LIST_PAGE
from diplograph.web.render import NIF_ANCHOR_OF, NIF_IS_STRING, QUOTE_MAX, XSD_STRING, _CHAR, Urls, highlight

HOME_DOCUMENTS = 50  # documents listed on the home page (the rest: /types/document)
SEARCH_PAGE = 50  # search hits per page
# Highlight colours of the document text, by the kind of what a passage was read into (style.css).
LEGEND = ("person", "country", "organization", "city", "place", "post", "event", "quotation", "stance", "topic")

class Pages:
    """Renders every page of the site for one dataset; used by the server and the static site."""

    def __init__(self, ds: Dataset, urls: Urls, *, sparql: bool = True, search: bool = True,
                 page_size: int | None = None):
        self.ds = ds
        self.urls = urls
        self.page_size = page_size or _render.LIST_PAGE
        self._cache: dict[str, str] = {}  # pages that depend on the whole dataset (read-only data)
        self.answers = Answers(ds)
        self.search_enabled = search
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
        ds, node, urls = self.ds, ox.NamedNode(iri), self.urls
        path = urls.resource_path(iri) or "/"
        kind = ds.kind_of(iri)
        outgoing, incoming = ds.outgoing(node), ds.incoming(node)
        types = [self.term_link(t) for t in ds.types(node)]
        wikidata = sorted({t.object.value for t in outgoing
                           if t.predicate == SAME_AS and isinstance(t.object, ox.NamedNode) and is_wikidata(t.object.value)})
        posts = []
        for p in ds.posts(node):
            source = next(iter(ds.sources(ox.NamedNode(p.post))), None)
            posts.append({"href": urls.href(p.post), "role": p.role,
                          "org": self.value(ox.NamedNode(p.org)) if p.org else None,
                          "org_label": ds.label(p.org) if p.org else None,
                          "start": p.start, "end": p.end, "attested": p.attested, "former": p.former,
                          "source": self._source_link(source)})
        document = meta = None
        doc_text = ds.document_text(node)
        if doc_text is not None:
            text, marks = doc_text

            def title(m: Mark) -> str:
                return "; ".join(f"{ds.label(t)} ({ds.kind_of(t) or local_name(t)})" for t in m.targets)

            kinds = sorted({ds.kind_of(m.targets[0]) for m in marks if m.targets} - {None},
                           key=lambda k: (LEGEND.index(k) if k in LEGEND else len(LEGEND), k))
            document = {"html": highlight(text, marks, urls.href, title, ds.kind_of),
                        "marks": sum(1 for m in marks if not m.not_read), "length": len(text), "legend": kinds,
                        "not_read": any(m.not_read for m in marks)}
            meta = self._document_meta(iri)
        person = None
        if kind == "person":
            mentioning = [{**self._doc_view(d), "explain": self._explain_href(d["iri"], iri)}
                          for d in self.answers.documents_mentioning(iri)]
            met = [{"href": urls.href(o["iri"]), "label": o["label"],
                    "events": [{**e, "href": urls.href(e["iri"])} for e in o["events"]]}
                   for o in self.answers.met(iri)]
            person = {"timeline": timeline_svg(posts, mentioning), "documents": mentioning, "met": met,
                      "latest": self.answers.detail("person", iri)}
        return self.render("resource.html", iri=iri, label=ds.label(node), kind=kind, types=types,
                           wikidata=wikidata, outgoing=self.property_groups(outgoing, False),
                           incoming=self.property_groups(incoming, True), posts=posts,
                           sources=self.sources(node), document=document, meta=meta, person=person,
                           explain=self._explain_href(iri) if meta else None,
                           alternates=urls.alternates(path), title=ds.label(node))

    def _explain_href(self, doc: str, fact: str | None = None) -> str | None:
        """The explanation page of a document (or of one fact read from it): server only."""
        if not self.search_enabled or self.ds.output_dir is None:
            return None
        path = self.urls.page("/explain/" + quote(doc.rsplit("/", 1)[-1], safe=""))
        return path + ("?" + urlencode({"fact": fact}) if fact else "")

    def _source_link(self, source) -> dict | None:
        if source is None:
            return None
        return {"href": self.urls.href(source.span), "title": source.sentence or source.anchor or "",
                "label": self.ds.label(source.document)}

    def _doc_view(self, d: dict) -> dict:
        return {**d, "href": self.urls.href(d["iri"]),
                "publisher": [{"href": self.urls.href(p), "label": self.ds.label(p)} for p in d["publisher"]],
                "author": [{"href": self.urls.href(a), "label": self.ds.label(a)} for a in d["author"]],
                "url": d["url"] if d["url"] and d["url"].startswith(("http://", "https://")) else None}

    def _document_meta(self, iri: str) -> dict | None:
        d = self.answers.document(iri)
        return self._doc_view(d) if d is not None else None

    def home(self, q: str | None = None, page: int = 1) -> str | None:
        """The home page, or with `q` the search results (page `page`, SEARCH_PAGE hits each; None
        for a page past the end)."""
        if q is not None and q.strip():
            return self.search(q, page)
        if "home" not in self._cache:
            mentioned = [(k, [{**m, "href": self.urls.href(m["iri"])} for m in self.answers.most_mentioned(k)])
                         for k in MENTIONED_KINDS]
            docs = self.answers.documents
            self._cache["home"] = self.render(
                "home.html", title="diplograph", documents=[self._doc_view(d) for d in docs[:HOME_DOCUMENTS]],
                more_documents=max(0, len(docs) - HOME_DOCUMENTS), ndocuments=len(docs), mentioned=[(k, m) for k, m in mentioned if m],
                q="", manifest=self.ds.manifest, base=self.ds.base, counts=dict(self.ds.kinds()))
        return self._cache["home"]

    def search(self, q: str, page: int = 1) -> str | None:
        results = self.answers.search(q)
        pages = max(1, -(-results.total // SEARCH_PAGE))
        if not 1 <= page <= pages:
            return None
        hits = []
        for what, h in results.page(page, SEARCH_PAGE):
            if what == "name":
                hits.append({"what": what, "href": self.urls.href(h["iri"]), "label": h["label"], "kind": h["kind"],
                             "detail": self.answers.detail(h["kind"], h["iri"])})
            else:
                hits.append({"what": what, "href": self.urls.href(h["span"]), "parts": h["parts"],
                             "document": self.ds.label(h["document"]), "document_href": self.urls.href(h["document"])})

        def link(n: int) -> str:
            return self.urls.page("/") + "?" + urlencode({"q": q, "page": n} if n > 1 else {"q": q})

        nav = None
        if pages > 1:
            nav = {"page": page, "pages": pages, "prev": link(page - 1) if page > 1 else None,
                   "next": link(page + 1) if page < pages else None,
                   "links": [(n, link(n)) for n in range(1, pages + 1)]}
        return self.render("search.html", title=f"Search: {q}", q=q, hits=hits, total=results.total,
                           names=len(results.names), sentences=len(results.sentences), nav=nav,
                           first=(page - 1) * SEARCH_PAGE + 1)

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
                           items=[{"href": self.urls.href(i), "label": l, "iri": i,
                                   "detail": self.answers.detail(kind, i)} for i, l in chunk])

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
        from diplograph.web.questions import catalogue, is_remote

        named = [{"name": q.name, "description": q.description, "href": self.urls.page(f"/queries/{q.name}"),
                  "text": q.text} for q in catalogue() if not is_remote(q)]
        return self.render("sparql.html", title="SPARQL", query=query, result=result, error=error,
                           examples=_EXAMPLES, named=named, merged=self.ds.merged, ontology_graph=self.ontology_graph)

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


__all__ = ["Pages"]
