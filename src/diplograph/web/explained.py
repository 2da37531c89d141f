"""`/explain/{stem}[?fact=IRI]`: the page of `diplograph explain` (diplograph.explain), linked from
the document and person pages. Server only (it reads the output folder); computed per request."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from diplograph.errors import InputError


def explain_routes(pages, html, error_response) -> list[Route]:
    async def explained(request: Request) -> Response:
        from diplograph.explain import explain

        output = pages.ds.output_dir
        if output is None or not pages.ds.merged:
            return error_response(request, 404, "explanations need the output folder (serve --input)", "html")
        stem = request.path_params["stem"]
        fact = request.query_params.get("fact")
        try:
            result = await run_in_threadpool(explain, output, stem, fact, pages.ds.store)
        except InputError as exc:
            return error_response(request, 404, exc.message, "html")
        for f in result["facts"]:
            f["href"] = pages.urls.href(f["iri"])
            for p in f["passages"]:
                p["href"] = pages.urls.href(p["span"])
        return html(pages.render("explain.html", title=f"Why: {pages.ds.label(result['document'])}",
                                 result=result, doc_label=pages.ds.label(result["document"]),
                                 doc_href=pages.urls.href(result["document"]), fact=fact,
                                 all_href=pages.urls.page(f"/explain/{stem}")))

    return [Route("/explain/{stem}", explained)]


__all__ = ["explain_routes"]
