"""The named queries (diplograph.queries) as forms: `/queries/` lists them, `/queries/{name}` shows
a form with each parameter and its default, runs the query with the values given (bound as checked
RDF terms, never pasted in) through the same guarded runner as `/sparql`, and shows the rows as a
table with links and labels; `format=csv` or `format=json` downloads them. Queries that call
another endpoint (SERVICE) are listed but not run here: `/sparql` refuses SERVICE.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from diplograph import names
from diplograph.errors import InputError
from diplograph.queries import NamedQuery, bind, list_queries, load_named
from diplograph.web.sparql import SERIALIZERS, QueryBusy, QueryRefused, QueryTimeout

DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json"}


def is_remote(q: NamedQuery) -> bool:
    return re.search(r"\bSERVICE\b", q.text, re.IGNORECASE) is not None


def catalogue() -> list[NamedQuery]:
    return list_queries()


def question_routes(pages, runner, html, error_response) -> list[Route]:
    """The routes of the question pages, for `create_app` (html/error_response: its helpers)."""

    async def index(request: Request) -> Response:
        return html(pages.render("queries.html", title="Questions", queries=_listing(pages)))

    known: list[str] = []

    async def names_in_store() -> list[str]:
        if not known:  # read-only data: asked once
            result = await runner.run(names.NAMES_QUERY)
            known.extend(row[0].value for row in result.rows if row and row[0] is not None)
        return known

    async def question(request: Request) -> Response:
        try:
            q = load_named(request.path_params["name"])
        except InputError:
            return error_response(request, 404, "no such question", "html")
        values = {p.name: request.query_params[p.name] for p in q.params if p.name in request.query_params}
        fmt = request.query_params.get("format")
        ran = "run" in request.query_params or fmt in DOWNLOADS
        result = error = None
        status, notes, close = 200, [], {}
        if ran and not is_remote(q):
            try:
                bound = values
                if names.name_params(q):  # names match case- and accent-insensitively
                    bound, notes = names.resolve(q, values, await names_in_store())
                result = await runner.run(bind(q, bound))
                if result.kind == "solutions" and not result.rows and names.name_params(q):
                    close = names.suggest(q, values, await names_in_store())
            except InputError as exc:
                error, status = str(exc), 400
            except QueryRefused as exc:
                error, status = str(exc), exc.status
            except (QueryBusy, QueryTimeout) as exc:
                error, status = str(exc), 503
        if result is not None and fmt in DOWNLOADS:
            if result.kind != "solutions":
                return PlainTextResponse("400 only SELECT results download as CSV or JSON\n", status_code=400)
            headers = {"Content-Disposition": f'attachment; filename="{q.name}.{fmt}"'}
            return Response(SERIALIZERS[fmt](result), media_type=DOWNLOADS[fmt], headers=headers)
        if error and fmt in DOWNLOADS:
            return PlainTextResponse(f"{status} {error}\n", status_code=status)
        params = [{"name": p.name, "type": p.type, "doc": p.doc, "default": p.default or "",
                   "value": values.get(p.name, p.default or "")} for p in q.params]
        query_string = urlencode({**{p["name"]: p["value"] for p in params}, "run": "1"})
        body = pages.render(
            "query.html", title=q.description or q.name, nq=q, params=params, remote=is_remote(q),
            result=_view(pages, result) if result is not None else None, error=error, notes=notes,
            suggestions=[{"param": p, "choices": [{"text": c, "href": pages.urls.page(f"/queries/{q.name}") + "?"
                                                   + urlencode({**values, p: c, "run": "1"})} for c in cs]}
                         for p, cs in close.items()],
            downloads=[(fmt, pages.urls.page(f"/queries/{q.name}") + "?" + query_string + f"&format={fmt}")
                       for fmt in DOWNLOADS] if result is not None and result.kind == "solutions" else [],
            sparql_href=pages.urls.page("/sparql") + "?" + urlencode({"query": bind(q, values)}) if not error else None)
        return html(body, status)

    return [Route("/queries", lambda r: _redirect(pages)), Route("/queries/", index),
            Route("/queries/{name}", question)]


def _redirect(pages) -> Response:
    from starlette.responses import RedirectResponse
    return RedirectResponse(pages.urls.page("/queries/"), 301)


def _listing(pages) -> list[dict]:
    return [{"name": q.name, "description": q.description, "href": pages.urls.page(f"/queries/{q.name}"),
             "params": [p.name for p in q.params], "remote": is_remote(q)} for q in catalogue()]


def _cell(pages, term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        href = pages.urls.href(term.value)
        label = pages.ds.label(term) if href and pages.ds.in_base(term.value) else term.value
        return {"text": label, "href": href, "iri": term.value}
    if isinstance(term, ox.Literal):
        # several IRIs in one cell (GROUP_CONCAT): each a link
        parts = term.value.split(" ")
        if len(parts) > 1 and all(pages.ds.in_base(p) for p in parts):
            return {"text": None, "href": None, "iri": None,
                    "links": [{"text": pages.ds.label(p), "href": pages.urls.href(p)} for p in parts]}
        return {"text": term.value, "href": None, "iri": None}
    return {"text": str(term), "href": None, "iri": None}


def _view(pages, r) -> dict:
    if r.kind == "graph":
        return {"vars": ["subject", "predicate", "object"], "boolean": None, "truncated": r.truncated,
                "rows": [[_cell(pages, t.subject), _cell(pages, t.predicate), _cell(pages, t.object)]
                         for t in r.triples]}
    return {"vars": r.variables, "rows": [[_cell(pages, t) for t in row] for row in r.rows],
            "boolean": r.boolean, "truncated": r.truncated}


__all__ = ["question_routes", "catalogue", "is_remote"]
