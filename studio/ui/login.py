"""Sign-in for the review UI: our own login page and sessions instead of Gradio's in-memory tokens.

Gradio's own sign-in keeps tokens in one process's memory forever and sets its cookie ``SameSite=None``.
Here the parent app owns ``/ui/login`` and ``/ui/logout`` (registered before Gradio is mounted, so they
win), sessions live in the database (``studio.accounts.sessions``: idle and absolute expiry, revoked on
a password, role or active change), and Gradio asks ``user_of`` (its ``auth_dependency``) who is signed
in on every request, page and event API alike.

- ``GET /ui/login``: the sign-in form. ``POST /ui/login`` (form ``username``, ``password``): a browser
  form gets 303 to ``/ui/``, any other client (gradio_client) ``{"success": true}``; wrong
  credentials 400; too many failures 429 with ``Retry-After``.
- ``POST /ui/logout`` ends the session (``GET`` is refused: a link or an image must not sign anyone out).
- The cookie is HttpOnly, ``SameSite=Lax``, and ``Secure`` whenever the request came over TLS.
"""

from __future__ import annotations

import html
import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from studio.accounts import sessions, throttle
from studio.accounts.users import check_credentials
from studio.store.database import session_scope

COOKIE = "studio_session"
log = logging.getLogger("studio.ui.login")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Studio review</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:22em;margin:4em auto;padding:0 1em}}
label,input,button{{display:block;width:100%;box-sizing:border-box;margin:.3em 0}}input{{padding:.5em}}
button{{padding:.6em;margin-top:1em}}.error{{color:#d93025}}</style></head>
<body><h1>Studio review</h1><p>{message}</p>{error}
<form method="post" action="{action}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Login</button></form></body></html>"""


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def address_of(request: Request) -> str | None:
    """The client's address (uvicorn puts the proxy's X-Forwarded-For here when the proxy is trusted)."""
    return request.client.host if request.client else None


def install(app: FastAPI, db: str | None, path: str, *, message: str, lifetime: sessions.Lifetime,
            limits: throttle.Limits):
    """Register the sign-in routes on the parent ``app``; returns Gradio's ``auth_dependency``."""

    def page(error: str = "", status: int = 200) -> HTMLResponse:
        body = PAGE.format(message=html.escape(message), action=f"{path}/login",
                           error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "")
        return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    def refuse(request: Request, status: int, error: str, headers: dict | None = None) -> Response:
        if _wants_html(request):
            response = page(error, status)
            response.headers.update(headers or {})
            return response
        return JSONResponse({"detail": error}, status_code=status, headers=headers)

    @app.get(f"{path}/login", include_in_schema=False)
    def login_page() -> HTMLResponse:
        return page()

    @app.post(f"{path}/login", include_in_schema=False)
    @app.post(f"{path}/login/", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
        name, password = str(form.get("username") or ""), str(form.get("password") or "")
        address = address_of(request)
        with session_scope(db) as s:
            wait = throttle.retry_after(s, name, address, limits)
        if wait:
            log.warning("sign-in throttled for %r from %s", name[:100], address)
            return refuse(request, 429, f"too many failed sign-ins; try again in {wait} s",
                          {"Retry-After": str(wait)})
        with session_scope(db) as s:
            user = check_credentials(s, name, password)
            if user is None:
                throttle.failed(s, name, address, limits)
            else:
                throttle.succeeded(s, name)
                token = sessions.create(s, user, address)
        if user is None:
            return refuse(request, 400, "Incorrect credentials.")
        response: Response = (RedirectResponse(f"{path}/", status_code=303) if _wants_html(request)
                              else JSONResponse({"success": True}))
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/",
                            secure=request.url.scheme == "https",
                            max_age=int(lifetime.absolute.total_seconds()))
        return response

    @app.post(f"{path}/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        with session_scope(db) as s:
            sessions.end(s, request.cookies.get(COOKIE))
        response: Response = (RedirectResponse(f"{path}/login", status_code=303) if _wants_html(request)
                              else JSONResponse({"success": True}))
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
        return response

    @app.get(f"{path}/logout", include_in_schema=False)
    @app.get(f"{path}/logout/", include_in_schema=False)
    def logout_by_get() -> Response:
        return JSONResponse({"detail": "sign out with POST (the Sign out button)"}, status_code=405,
                            headers={"Allow": "POST"})

    def user_of(request: Request) -> str | None:
        with session_scope(db) as s:
            user = sessions.resolve(s, request.cookies.get(COOKIE), lifetime)
            return user.name if user else None

    return user_of


def redirect_to_login(path: str):
    """ASGI middleware factory: a browser that opens ``/ui/`` without a session goes to the sign-in page
    (Gradio answers 401 JSON there when ``auth_dependency`` finds nobody)."""

    class RedirectUnsigned:
        def __init__(self, app, user_of):
            self.app, self.user_of = app, user_of

        async def __call__(self, scope, receive, send):
            if (scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
                    and scope["path"] in (path, f"{path}/")):
                request = Request(scope)
                if self.user_of(request) is None:
                    return await RedirectResponse(f"{path}/login", status_code=303)(scope, receive, send)
            return await self.app(scope, receive, send)

    return RedirectUnsigned


__all__ = ["COOKIE", "install", "redirect_to_login", "address_of"]
