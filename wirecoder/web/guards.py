"""Request guards of the web server, as plain ASGI middleware: the Host check, security headers, JSON depth.

Order matters (the last added runs first): :class:`SecurityHeaders` wraps everything, so even the 400 for a bad
Host and the 413 for a big body carry the Content-Security-Policy and friends (the issue found a 400 without them).
"""
from __future__ import annotations

import json
from typing import Any

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse

from ..reader import MAX_JSON_DEPTH, json_depth

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
           "x-frame-options": "DENY"}

# Every API error carries a stable code: a catalogue code (E001, ...) where one applies, else one of these.
STATUS_CODES = {400: "bad_request", 403: "read_only", 404: "not_found", 405: "method_not_allowed",
                413: "too_large", 422: "invalid_request", 429: "busy", 500: "internal", 503: "timeout"}


def error_response(status: int, message: str, code: str | None = None, headers: dict | None = None,
                   **extra: Any) -> JSONResponse:
    """The API's one error shape: ``{"error": {"status", "code", "message", ...}}``."""
    body = {"status": status, "code": code or STATUS_CODES.get(status, f"http_{status}"), "message": message}
    return JSONResponse({"error": {**body, **extra}}, status_code=status, headers=headers)


class SecurityHeaders:
    """Security headers on every response (and ``Cache-Control: no-store`` on the API), whoever produced it."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        api = scope.get("path", "").startswith("/api/")

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                if api and b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return await self.app(scope, receive, with_headers)


class TrustedHosts(TrustedHostMiddleware):
    """Starlette's Host check (it parses the header strictly, so ``127.0.0.1:8765@evil.com`` is refused), with the
    refusal answered as the API's JSON error instead of Starlette's plain text."""

    def __init__(self, app, allowed_hosts) -> None:
        super().__init__(app, allowed_hosts=allowed_hosts, www_redirect=False)
        inner = self.app

        async def passed(scope, receive, send):
            scope["wirecoder.host_ok"] = True
            await inner(scope, receive, send)

        self.app = passed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.allow_any:
            return await super().__call__(scope, receive, send)
        refused = False

        async def as_json(message):
            nonlocal refused
            if scope.get("wirecoder.host_ok"):
                return await send(message)
            if message["type"] == "http.response.start":
                refused = True
                return
            if refused and not message.get("more_body", False):
                await error_response(400, "invalid Host header", code="bad_host")(scope, receive, send)

        return await super().__call__(scope, receive, as_json)


def too_deep(body: bytes) -> bool:
    """True when a JSON body nests deeper than the reader accepts (FastAPI's parser answered 400, not 422)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    try:
        return json_depth(json.loads(body)) > MAX_JSON_DEPTH
    except RecursionError:
        return True
    except ValueError:
        return False  # malformed JSON: FastAPI's own 422
