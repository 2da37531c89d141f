"""The linked-data server: every IRI under the instance base resolves at the same path here.

`create_app` builds a Starlette app over a `Dataset`. The base IRI's last path segment is the mount
point (https://w3id.org/diplograph/id/person/x is served at /id/person/x); the ontology IRI is
served at /ontology. Each resource is offered as HTML, Turtle, JSON-LD and N-Triples, chosen by the
Accept header (with `Vary: Accept` and `Link: rel="alternate"` headers) or by a suffix
(/id/person/x.ttl). Errors answer in the requested format.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from diplograph.ns import DEFAULT_BASE
from diplograph.safetext import printable
from diplograph.project import Project
from diplograph.web.downloads import Downloads
from diplograph.web.describe import Dataset, load_input, load_ontology, open_store
from diplograph.web.pages import Pages
from diplograph.web.explained import explain_routes
from diplograph.web.questions import question_routes
from diplograph.web.reconcile_routes import reconcile_routes
from diplograph.web.render import FORMATS, Urls, not_found_body, serialize
from diplograph.web.sparql import (
    DEFAULT_QUERY_MEMORY, RESULT_ALIASES, RESULT_FORMATS, SERIALIZERS, QueryBusy, QueryRefused, QueryResult, QueryRunner,
    QueryTimeout,
)

MAX_PATH = 2000  # longer request paths get 414
MAX_QUERY_BODY = 1024 * 1024
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
ACCEPT_ALIASES = {"application/xhtml+xml": "html", "application/json": "jsonld", "application/x-turtle": "ttl",
                  "text/n3": "ttl"}


# --------------------------------------------------------------------------------------------------
# Content negotiation

def parse_accept(header: str | None) -> list[tuple[str, float]]:
    ranges = []
    for part in (header or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((bits[0].lower(), q))
    return ranges


def negotiate(header: str | None, offers: dict[str, str], aliases: dict[str, str] | None = None) -> str | None:
    """The key of the best offer (media types in preference order) for an Accept header, or None
    when nothing is acceptable. No header, or only */*, gives the first offer."""
    ranges = parse_accept(header)
    if not ranges:
        return next(iter(offers))
    aliases = aliases or {}
    best, best_q = None, 0.0
    for key, media in offers.items():
        kind = media.split("/")[0]
        q_found, spec = None, -1
        for rng, q in ranges:
            target = aliases.get(rng)
            if rng == media or target == key:
                s = 3 if rng == media else 2
            elif rng == f"{kind}/*":
                s = 1
            elif rng == "*/*":
                s = 0
            else:
                continue
            if s > spec:
                q_found, spec = q, s
        if q_found is not None and q_found > best_q:
            best, best_q = key, q_found
    return best


def link_header(urls: Urls, path: str) -> str:
    return ", ".join(f'<{href}>; rel="alternate"; type="{mt}"' for href, mt, _ in urls.alternates(path))


# --------------------------------------------------------------------------------------------------
# The app

class LimitPathLength:
    """Answers 414 to request targets longer than MAX_PATH before routing."""

    def __init__(self, app, limit: int = MAX_PATH):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
            if len(raw) > self.limit:
                response = PlainTextResponse("414 URI Too Long\n", status_code=414, headers={"Vary": "Accept"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def build_dataset(input_dir: str | Path | None = None, store: ox.Store | str | Path | None = None,
                  base_uri: str | None = None, ontology_path: str | Path | None = None) -> Dataset:
    if ontology_path is None:
        candidate = Project.discover().ontology_file
        ontology_path = candidate if candidate.is_file() else None
    ontology = load_ontology(ontology_path)
    if store is not None:
        if not isinstance(store, ox.Store):
            store = open_store(store)
        return Dataset(store, base_uri or DEFAULT_BASE, ontology)
    loaded = load_input(input_dir if input_dir is not None else Project.discover().output, base_uri)
    if len(ontology):
        # the ontology in its own graph, so SPARQL users can read labels and alignments
        from diplograph.ns import ONTOLOGY_IRI
        data = ontology.serialize(format="nt", encoding="utf-8")
        loaded.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ONTOLOGY_IRI))
    return Dataset(loaded.store, loaded.base, ontology, manifest=loaded.manifest, void_file=loaded.void_file,
                   output_dir=loaded.root)


def create_app(input_dir: str | Path | None = None, store: ox.Store | str | Path | None = None,
               base_uri: str | None = None, ontology_path: str | Path | None = None, *,
               dataset: Dataset | None = None, query_timeout: float = 10.0, max_rows: int = 10_000,
               max_result_bytes: int = 16 * 1024 * 1024, query_slots: int = 2,
               list_page_size: int | None = None, warm: bool = False,
               query_memory: int | None = DEFAULT_QUERY_MEMORY):
    """The ASGI app. Give an output folder (`input_dir`, loaded into memory), an on-disk pyoxigraph
    store (`store`, opened read-only) or a ready `dataset`. `warm`: compute the resource index,
    the search table and the ontology and VoID pages at startup rather than on the first request."""
    ds = dataset or build_dataset(input_dir, store, base_uri, ontology_path)
    urls = Urls(ds.base)
    pages = Pages(ds, urls, sparql=True, search=True, page_size=list_page_size)
    downloads = Downloads(ds.store, ds.output_dir, ds.merged, ds.void_graph)
    runner = QueryRunner(ds.store, timeout=query_timeout, max_rows=max_rows, max_bytes=max_result_bytes,
                         slots=query_slots, union_default_graph=not ds.merged, max_memory=query_memory)

    def html(body: str, status: int = 200, headers: dict | None = None) -> Response:
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=headers)

    def error_response(request: Request, status: int, message: str, fmt: str | None = None) -> Response:
        fmt = fmt or negotiate(request.headers.get("accept"), FORMATS, ACCEPT_ALIASES) or "html"
        headers = {"Vary": "Accept"}
        if fmt == "html":
            return html(pages.error(status, message), status, headers)
        return Response(not_found_body(fmt, message), status_code=status, media_type=CONTENT_TYPES[fmt],
                        headers=headers)

    def negotiated(request: Request, path: str, suffix: str | None, page: Callable[[], str],
                   triples: Callable[[], list]) -> Response:
        headers = {"Vary": "Accept", "Link": link_header(urls, path)}
        if suffix is not None:
            fmt = suffix
            headers["Link"] += f', <{urls.page(path)}>; rel="canonical"'
        else:
            fmt = negotiate(request.headers.get("accept"), FORMATS, ACCEPT_ALIASES)
            if fmt is None:
                offered = ", ".join(FORMATS.values())
                return PlainTextResponse(f"406 Not Acceptable: this resource is offered as {offered}\n",
                                         status_code=406, headers=headers)
        if fmt == "html":
            return html(page(), headers=headers)
        return Response(serialize(triples(), fmt), media_type=CONTENT_TYPES[fmt], headers=headers)

    def split_suffix(name: str) -> tuple[str, str | None]:
        stem, dot, ext = name.rpartition(".")
        if dot and ext in FORMATS and stem:
            return stem, ext
        return name, None

    # ---- endpoints -------------------------------------------------------------------------------
    async def resource(request: Request) -> Response:
        rest = request.path_params["rest"]
        candidates: list[tuple[str, str | None]] = [(rest, None)]
        stem, ext = split_suffix(rest)
        if ext:
            candidates.append((stem, ext))
        raw = request.scope.get("raw_path")
        if raw:
            raw_text = raw.decode("latin-1")
            prefix = urls.mount + "/"
            if raw_text.startswith(prefix) and "%" in raw_text:
                raw_rest = raw_text[len(prefix):]
                candidates.append((raw_rest, None))
                rstem, rext = split_suffix(raw_rest)
                if rext:
                    candidates.append((rstem, rext))
        for name, suffix in candidates:
            iri = urls.iri_for_path(urls.mount + "/" + name)
            if iri is not None and ds.exists(iri):
                return negotiated(request, urls.resource_path(iri) or "/", suffix,
                                  lambda iri=iri: pages.resource(iri), lambda iri=iri: ds.describe(iri))
        return error_response(request, 404, f"no resource at {printable(request.url.path)}", ext)

    async def ontology(request: Request) -> Response:
        suffix = request.path_params.get("ext")
        if suffix is not None and suffix not in FORMATS:
            return error_response(request, 404, "no such format")
        return negotiated(request, urls.ontology_path, suffix, pages.ontology, ds.ontology_triples)

    async def void(request: Request) -> Response:
        suffix = request.path_params.get("ext")
        if suffix is not None and suffix not in FORMATS:
            return error_response(request, 404, "no such format")
        return negotiated(request, "/void", suffix, pages.void, ds.void_triples)

    async def home(request: Request) -> Response:
        raw = request.query_params.get("page", "1")
        page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        body = pages.home(request.query_params.get("q"), page)
        if body is None:
            return error_response(request, 404, "no such page of results", "html")
        return html(body)

    async def kinds(request: Request) -> Response:
        return html(pages.kinds())

    async def kind(request: Request) -> Response:
        raw = request.query_params.get("page", "1")
        page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        body = pages.kind(request.path_params["kind"], page)
        if body is None:
            message = "no resources of this type" if page == 1 else "no such page of this list"
            return error_response(request, 404, message, "html")
        return html(body)

    async def sparql(request: Request) -> Response:
        fmt_param = request.query_params.get("format")
        query = None
        if request.method == "GET":
            if "update" in request.query_params:
                return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", status_code=403)
            query = request.query_params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_QUERY_BODY:
                return PlainTextResponse("413 query too large\n", status_code=413)
            if ctype == "application/sparql-update":
                return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", status_code=403)
            if ctype == "application/x-www-form-urlencoded":
                body = await request.body()
                if len(body) > MAX_QUERY_BODY:
                    return PlainTextResponse("413 query too large\n", status_code=413)
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return PlainTextResponse("403 Forbidden: this endpoint is read-only\n", status_code=403)
                query = (form.get("query") or [None])[0]
                fmt_param = (form.get("format") or [None])[0] or fmt_param
            elif ctype == "application/sparql-query":
                body = await request.body()
                if len(body) > MAX_QUERY_BODY:
                    return PlainTextResponse("413 query too large\n", status_code=413)
                query = body.decode("utf-8", "replace")
            else:
                return PlainTextResponse("415 send application/sparql-query or a form with `query`\n",
                                         status_code=415)
        if not query or not str(query).strip():
            if request.method == "GET":
                return html(pages.sparql())
            return PlainTextResponse("400 missing `query`\n", status_code=400)
        query = str(query)
        if len(query) > MAX_QUERY_BODY:
            return PlainTextResponse("413 query too large\n", status_code=413)
        accept = request.headers.get("accept")
        try:
            result = await runner.run(query)
        except QueryRefused as exc:
            return _sparql_error(request, pages, query, accept, fmt_param, exc.status, str(exc))
        except QueryBusy as exc:
            return _sparql_error(request, pages, query, accept, fmt_param, 503, str(exc), {"Retry-After": "10"})
        except QueryTimeout as exc:
            return _sparql_error(request, pages, query, accept, fmt_param, 503, str(exc))
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["Diplograph-Truncated"] = result.truncated
        if result.kind == "graph":
            offers = {k: FORMATS[k] for k in ("ttl", "nt", "jsonld", "html")}
            fmt = fmt_param if fmt_param in offers else negotiate(accept, offers, ACCEPT_ALIASES)
            if fmt is None:
                return PlainTextResponse("406 Not Acceptable\n", status_code=406, headers=headers)
            if fmt == "html":
                return html(pages.sparql(query, _graph_view(pages, result)), headers=headers)
            return Response(serialize(result.triples, fmt), media_type=CONTENT_TYPES[fmt], headers=headers)
        fmt = fmt_param if fmt_param in RESULT_FORMATS else negotiate(accept, RESULT_FORMATS, RESULT_ALIASES)
        if fmt is None:
            return PlainTextResponse("406 Not Acceptable\n", status_code=406, headers=headers)
        if fmt == "html":
            return html(pages.sparql(query, _table_view(pages, result)), headers=headers)
        media = RESULT_FORMATS[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv") else "")
        return Response(SERIALIZERS[fmt](result), media_type=media, headers=headers)

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        found = await run_in_threadpool(downloads.response, request, name)  # the first gzip takes a while
        return found or error_response(request, 404, f"no download at {request.url.path}", "html")

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return error_response(request, 404, f"no page at {printable(request.url.path)}")
        return PlainTextResponse(f"{exc.status_code} {exc.detail}\n", status_code=exc.status_code,
                                 headers=getattr(exc, "headers", None))

    mount = urls.mount
    routes = [
        Route("/", home),
        Route("/types", lambda r: RedirectResponse(urls.page("/types/"), 301)),
        Route("/types/", kinds),
        Route("/types/{kind}", kind),
        Route("/ontology", ontology),
        Route("/ontology.{ext}", ontology),
        Route("/void", void),
        Route("/void.{ext}", void),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/dump/{name}", dump, methods=["GET", "HEAD"]),
        *question_routes(pages, runner, html, error_response),
        *explain_routes(pages, html, error_response),
        *reconcile_routes(ds, urls, warm=warm),
        Route(mount, lambda r: RedirectResponse(urls.page("/"), 302)),
        Route(mount + "/", lambda r: RedirectResponse(urls.page("/"), 302)),
        Route(mount + "/{rest:path}", resource),
        Mount("/static", app=StaticFiles(packages=[("diplograph", "static")]), name="static"),
    ]
    def startup() -> None:
        if warm:
            ds.warm()
            pages.ontology()
            pages.void()
            pages.home()  # the documents and the mention counts (diplograph.web.answers)
            pages.answers.sentences  # noqa: B018 - the full-text table of the search

    def shutdown() -> None:
        runner.close()  # no query process outlives the server
        downloads.close()

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        startup()
        try:
            yield
        finally:
            shutdown()

    from starlette.middleware import Middleware

    from diplograph.web.headers import SecurityHeaders

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found}, lifespan=lifespan,
                    middleware=[Middleware(SecurityHeaders)])  # nosniff, CSP, CORS, ETag
    app.state.dataset = ds
    app.state.runner = runner
    app.state.urls = urls
    app.state.downloads = downloads
    app.state.startup, app.state.shutdown = startup, shutdown  # for diplograph.web.reload
    app.state.pages = pages
    return LimitPathLength(app)


def _sparql_error(request, pages: Pages, query: str, accept, fmt_param, status: int, message: str,
                  headers: dict | None = None) -> Response:
    wants_html = fmt_param == "html" or (fmt_param is None and negotiate(accept, {"html": "text/html", "text": "text/plain"}) == "html"
                                          and "html" in (accept or ""))
    if wants_html:
        return Response(pages.sparql(query, error=message), status_code=status,
                        media_type="text/html; charset=utf-8", headers=headers)
    return PlainTextResponse(f"{status} {message}\n", status_code=status, headers=headers)


def _cell(pages: Pages, term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"text": term.value, "href": pages.urls.href(term.value)}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "href": None}
    return {"text": str(term), "href": None}


def _table_view(pages: Pages, r: QueryResult) -> dict:
    return {"vars": r.variables, "rows": [[_cell(pages, t) for t in row] for row in r.rows],
            "boolean": r.boolean, "truncated": r.truncated}


def _graph_view(pages: Pages, r: QueryResult) -> dict:
    return {"vars": ["subject", "predicate", "object"],
            "rows": [[_cell(pages, t.subject), _cell(pages, t.predicate), _cell(pages, t.object)] for t in r.triples],
            "boolean": None, "truncated": r.truncated}


__all__ = ["create_app", "build_dataset", "negotiate", "parse_accept"]
