"""The reconciliation service over HTTP: `/reconcile` (W3C Entity Reconciliation API 0.2).

`GET /reconcile` is the manifest; `queries=` (GET or POST form, or a JSON body) a batch of
reconciliation queries; `extend=` a data-extension request. Suggest services for entities, types and
properties under `/reconcile/suggest/…`, a preview card at `/reconcile/preview?id=…` and the
properties to propose per type at `/reconcile/propose_properties`. Every JSON answer allows any
origin (CORS) and takes a JSONP `callback`, which browsers and OpenRefine use. Bad requests are 400
with a JSON `{"error": …}`; nothing is configured. The logic is in `diplograph.web.reconcile`.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from diplograph import __version__
from diplograph.ns import DIP
from diplograph.web.describe import Dataset
from diplograph.web.reconcile import DEFAULT_TYPES, MAX_LIMIT, MAX_QUERY, TYPES, Query, Reconciler
from diplograph.web.render import Urls

MAX_BATCH = 100          # queries per request
MAX_BODY = 1024 * 1024   # bytes of a POST body
_CALLBACK = re.compile(r"[A-Za-z_$][\w$.]{0,99}")


class BadRequest(ValueError):
    pass


def reconcile_routes(ds: Dataset, urls: Urls, *, warm: bool = False, path: str = "/reconcile") -> list[Route]:
    """The routes of the service, to add to the site's app. `warm`: build the name index now."""
    rec = Reconciler(ds)
    if warm:
        rec.warm()

    def root_url(request: Request) -> str:
        return str(request.base_url).rstrip("/") + urls.page("")

    def manifest(request: Request) -> dict:
        root = root_url(request)
        service = root + path
        return {
            "versions": ["0.1", "0.2"],
            "name": "diplograph: persons, posts, countries and organisations of diplomatic documents",
            "identifierSpace": ds.base + "/",
            "schemaSpace": str(DIP),
            "serviceVersion": __version__,
            "view": {"url": root + urls.mount + "/{{id}}"},
            "defaultTypes": [{"id": t, "name": t} for t in DEFAULT_TYPES],
            "preview": {"url": service + "/preview?id={{id}}", "width": 400, "height": 130},
            "suggest": {
                "entity": {"service_url": service, "service_path": "/suggest/entity"},
                "type": {"service_url": service, "service_path": "/suggest/type"},
                "property": {"service_url": service, "service_path": "/suggest/property"},
            },
            "extend": {"propose_properties": {"service_url": service, "service_path": "/propose_properties"}},
        }

    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":  # a browser's preflight before POSTing a JSON body
            return Response(status_code=204, headers={"Access-Control-Allow-Origin": "*",
                                                      "Access-Control-Allow-Methods": "GET, POST",
                                                      "Access-Control-Allow-Headers": "Content-Type"})
        try:
            params = await _params(request)
            if "queries" in params:
                batch = _parse_batch(params["queries"])
                return _json(request, params, {key: {"result": rec.reconcile(q)} for key, q in batch.items()})
            if "extend" in params:
                ids, props = _parse_extend(params["extend"])
                return _json(request, params, rec.extend(ids, props))
            return _json(request, params, manifest(request))
        except BadRequest as exc:
            return _json(request, {}, {"error": str(exc)}, 400)

    async def suggest_entity(request: Request) -> Response:
        p = request.query_params
        try:
            limit, cursor = _int(p.get("limit"), 10), _int(p.get("cursor"), 0)
        except BadRequest as exc:
            return _json(request, {}, {"error": str(exc)}, 400)
        return _json(request, p, {"result": rec.suggest(p.get("prefix", ""), p.get("type"), limit, cursor)})

    async def suggest_type(request: Request) -> Response:
        p = request.query_params
        return _json(request, p, {"result": rec.suggest_types(p.get("prefix", ""), _int(p.get("limit"), 10, True))})

    async def suggest_property(request: Request) -> Response:
        p = request.query_params
        return _json(request, p, {"result": rec.suggest_properties(p.get("prefix", ""),
                                                                   _int(p.get("limit"), 10, True))})

    async def propose(request: Request) -> Response:
        p = request.query_params
        type_id = p.get("type") or "Person"
        return _json(request, p, {"type": type_id, "properties": rec.propose(type_id, _int(p.get("limit"), 10, True))})

    async def preview(request: Request) -> Response:
        eid = request.query_params.get("id", "")
        eid = rec.id_of(eid)
        if eid not in rec.entities:
            return Response("<!DOCTYPE html><p>no such entity</p>\n", status_code=404,
                            media_type="text/html; charset=utf-8")
        return Response(_card(rec, urls, eid), media_type="text/html; charset=utf-8",
                        headers={"Access-Control-Allow-Origin": "*"})

    return [
        Route(path, endpoint, methods=["GET", "POST", "OPTIONS"]),
        Route(path + "/suggest/entity", suggest_entity),
        Route(path + "/suggest/type", suggest_type),
        Route(path + "/suggest/property", suggest_property),
        Route(path + "/propose_properties", propose),
        Route(path + "/preview", preview),
    ]


# --------------------------------------------------------------------------------------------------
# Requests

async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY:
            raise BadRequest(f"request body over {MAX_BODY} bytes")
        body = await request.body()
        if len(body) > MAX_BODY:
            raise BadRequest(f"request body over {MAX_BODY} bytes")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        text = body.decode("utf-8", "replace")
        if ctype == "application/json":
            params["queries"] = text  # a batch sent as a JSON body
        elif ctype == "multipart/form-data":
            raise BadRequest("send the form as application/x-www-form-urlencoded (or the batch as JSON)")
        else:
            params.update({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
    return params


def _load(raw: str, what: str):
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadRequest(f"`{what}` is not JSON: {exc}") from None


def _int(raw, default: int, lenient: bool = False) -> int:
    if raw is None or raw == "":
        return default
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        if lenient:
            return default
        raise BadRequest(f"not a number: {raw!r}") from None


def _parse_batch(raw: str) -> dict[str, Query]:
    data = _load(raw, "queries")
    if isinstance(data, dict) and isinstance(data.get("queries"), (dict, list)) and "query" not in data:
        data = data["queries"]  # {"queries": {...}} as some clients send it
    if isinstance(data, list):
        data = {f"q{i}": q for i, q in enumerate(data)}
    if not isinstance(data, dict):
        raise BadRequest("`queries` must be a JSON object of queries by key")
    if len(data) > MAX_BATCH:
        raise BadRequest(f"at most {MAX_BATCH} queries per batch (got {len(data)})")
    out = {}
    for key, q in data.items():
        if isinstance(q, str):
            q = {"query": q}
        if not isinstance(q, dict) or not isinstance(q.get("query"), str):
            raise BadRequest(f"query {key!r}: needs a `query` string")
        if len(q["query"]) > MAX_QUERY:
            raise BadRequest(f"query {key!r}: longer than {MAX_QUERY} characters")
        type_id = q.get("type")
        if isinstance(type_id, list):
            type_id = type_id[0] if type_id else None
        if isinstance(type_id, dict):
            type_id = type_id.get("id")
        if type_id is not None and not isinstance(type_id, str):
            raise BadRequest(f"query {key!r}: `type` must be a type id")
        limit = q.get("limit", 10)
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 0:
            raise BadRequest(f"query {key!r}: `limit` must be a number")
        props = []
        for p in q.get("properties") or []:
            if not isinstance(p, dict) or not isinstance(p.get("pid"), str) or "v" not in p:
                raise BadRequest(f"query {key!r}: each property needs `pid` and `v`")
            values = p["v"] if isinstance(p["v"], list) else [p["v"]]
            props.append((p["pid"], [v if isinstance(v, dict) else str(v) for v in values if v is not None]))
        out[str(key)] = Query(q["query"], type_id or None, int(limit) or 10, props)
    return out


def _parse_extend(raw: str) -> tuple[list[str], list[str]]:
    data = _load(raw, "extend")
    if not isinstance(data, dict) or not isinstance(data.get("ids"), list) or not isinstance(data.get("properties"), list):
        raise BadRequest("`extend` must be {\"ids\": [...], \"properties\": [{\"id\": ...}]}")
    if len(data["ids"]) > 10 * MAX_BATCH:
        raise BadRequest(f"at most {10 * MAX_BATCH} ids per request")
    ids = [str(i) for i in data["ids"]]
    props = []
    for p in data["properties"]:
        pid = p.get("id") if isinstance(p, dict) else p
        if not isinstance(pid, str):
            raise BadRequest("each property needs an `id`")
        props.append(pid)
    return ids, props


def _json(request: Request, params, data: dict, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    headers = {"Access-Control-Allow-Origin": "*"}
    callback = params.get("callback") if params else None
    if callback and _CALLBACK.fullmatch(callback):
        return Response(f"{callback}({body});", status_code=status, media_type="text/javascript; charset=utf-8",
                        headers=headers)
    return Response(body, status_code=status, media_type="application/json; charset=utf-8", headers=headers)


# --------------------------------------------------------------------------------------------------
# The preview card (OpenRefine shows it in an iframe when hovering a candidate)

def _card(rec: Reconciler, urls: Urls, eid: str) -> str:
    kind, label, _ = rec.entities[eid]
    facts = rec.facts(eid)
    e = html.escape
    rows = [("type", TYPES[kind])]
    if facts.latest is not None and kind != "post":
        post = facts.latest.role
        if facts.latest.org:
            post += ", " + rec.ds.label(facts.latest.org)
        dates = facts.latest.start or facts.latest.attested
        rows.append(("post", post + (f" ({dates})" if dates else "")))
    if facts.countries and kind != "country":
        rows.append(("country", rec.ds.label(facts.countries[0])))
    if facts.wikidata:
        rows.append(("Wikidata", ", ".join(facts.wikidata)))
    rows.append(("documents", str(facts.documents)))
    href = urls.page(urls.mount + "/" + eid)
    body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + e(label) + "</title>"
            "<style>body{font:13px/1.35 sans-serif;margin:6px}h1{font-size:15px;margin:0 0 4px}"
            "th{text-align:left;color:#555;padding-right:8px;vertical-align:top}table{border-collapse:collapse}"
            "</style></head><body>"
            f"<h1><a href=\"{e(href)}\" target=\"_blank\">{e(label)}</a></h1><table>{body}</table></body></html>\n")


__all__ = ["reconcile_routes", "MAX_BATCH", "MAX_LIMIT"]
