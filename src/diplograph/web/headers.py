"""Response headers for a public server, as one ASGI middleware around the app.

* `X-Content-Type-Options: nosniff` everywhere; pages get a Content-Security-Policy that allows
  only our own stylesheet (they use no scripts) and `frame-ancestors 'none'` (no clickjacking).
* CORS: `/sparql` and the data formats (anything but HTML) may be read from other sites (browser
  notebooks, YASGUI); preflight requests to `/sparql` are answered here.
* `ETag` (a hash of the body) and `Cache-Control` on GET answers other than `/sparql`; a matching
  `If-None-Match` gets 304 without the body.
"""

from __future__ import annotations

import hashlib

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
CACHE = "public, max-age=300"
_PREFLIGHT = [(b"access-control-allow-origin", b"*"),
              (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
              (b"access-control-allow-headers", b"Accept, Content-Type"),
              (b"access-control-max-age", b"86400"), (b"content-length", b"0")]


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, method = scope.get("path", ""), scope.get("method", "GET")
        is_sparql = path.rstrip("/").endswith("/sparql")
        if method == "OPTIONS" and is_sparql:
            await send({"type": "http.response.start", "status": 204, "headers": _PREFLIGHT})
            await send({"type": "http.response.body", "body": b""})
            return
        request_tags = dict(scope.get("headers") or []).get(b"if-none-match", b"")
        cacheable = method in ("GET", "HEAD") and not is_sparql
        held: dict = {}

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                names = {k.lower() for k, _ in headers}
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                headers.append((b"x-content-type-options", b"nosniff"))
                if ctype.startswith(b"text/html"):
                    headers += [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY")]
                elif b"access-control-allow-origin" not in names:
                    headers.append((b"access-control-allow-origin", b"*"))
                if is_sparql:
                    headers.append((b"cache-control", b"no-store"))
                if cacheable and message["status"] == 200:
                    held["start"] = {**message, "headers": headers}  # wait for the body: its hash is the ETag
                    return
                return await send({**message, "headers": headers})
            if "start" in held and message["type"] == "http.response.body":
                start = held.pop("start")
                if message.get("more_body"):  # streamed: no ETag
                    await send(start)
                    return await send(message)
                body = message.get("body", b"")
                tag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
                headers = start["headers"] + [(b"etag", tag), (b"cache-control", CACHE.encode())]
                if tag in [t.strip() for t in request_tags.split(b",")] or request_tags.strip() == b"*":
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    await send({**start, "status": 304, "headers": headers})
                    return await send({"type": "http.response.body", "body": b""})
                await send({**start, "headers": headers})
                return await send(message)
            return await send(message)

        await self.app(scope, receive, wrapped)
