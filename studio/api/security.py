"""Browser-facing protections for the one server (API + review UI): response headers and a
cross-origin guard against CSRF. Installed by ``studio.server.create_app`` (and the headers by the API).

Cross-origin guard (the scheme of Go's ``http.CrossOriginProtection``; see docs/security.md): a request
that changes state (any method but GET, HEAD, OPTIONS) to the UI is refused with 403 when the browser
says it comes from another site (``Sec-Fetch-Site`` other than ``same-origin``/``none``) or, for browsers
without Fetch Metadata, when its ``Origin`` is neither the server's own nor on the allow-list
(``STUDIO_ALLOWED_ORIGINS``). A request with neither header is not from a browser page (curl,
gradio_client), so it carries no victim's cookie. Together with the ``SameSite=Lax`` session cookie this
covers every state change of the UI, Gradio's event API (``/ui/gradio_api/...``) included. ``/v1`` is
exempt: it takes API keys in the ``Authorization`` header, which a browser never attaches by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders

from studio.api.problems import problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UI_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
          "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HSTS = "max-age=31536000"


def normalise_origin(origin: str) -> str:
    """``HTTPS://Studio.Example.com:443/`` -> ``https://studio.example.com``."""
    parts = urlsplit(origin.strip())
    if not parts.scheme or not parts.hostname:
        return origin.strip().lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}{port}"


def csp_for(path: str) -> str:
    if path.startswith("/v1"):
        return API_CSP
    if path.startswith(("/docs", "/redoc")):
        return DOCS_CSP
    return UI_CSP


class SecurityHeaders:
    """ASGI middleware: nosniff, a CSP with ``frame-ancestors 'none'`` (and X-Frame-Options for old
    browsers), a strict referrer policy, and HSTS on responses to requests that came over TLS
    (``scope["scheme"]`` is ``https`` directly or through a trusted proxy's X-Forwarded-Proto)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Content-Security-Policy", csp_for(scope["path"]))
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if scope.get("scheme") == "https":
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        return await self.app(scope, receive, send_with_headers)


class CrossOriginGuard:
    """ASGI middleware: refuse cross-origin state changes to everything but ``/v1`` (see module doc)."""

    def __init__(self, app, allowed_origins: Iterable[str] = ()):
        self.app = app
        self.allowed = {normalise_origin(o) for o in allowed_origins}

    def allows(self, scope) -> bool:
        if scope["method"] in SAFE_METHODS or scope["path"].startswith("/v1"):
            return True
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and normalise_origin(origin) in self.allowed:
            return True
        site = headers.get("sec-fetch-site")
        if site is not None:
            return site in ("same-origin", "none")
        if origin is None:
            return True  # neither header: not a browser page, so no ambient cookie of a victim
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        return normalise_origin(origin) == normalise_origin(own)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not self.allows(scope):
            response = problem(None, 403, "cross-origin request refused: this page may not change data on the studio",
                               instance=scope["path"],
                               fix="use the studio from its own address, or add your site to STUDIO_ALLOWED_ORIGINS")
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)
