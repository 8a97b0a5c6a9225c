"""One server for both doors: the REST API (``/v1``) with the review UI mounted at ``/ui``.

``/ui`` is behind the studio's own sign-in (``studio.ui.login``: names and argon2-hashed passwords from
the user table, sessions in the database), so nothing of the studio is visible without signing in;
every UI handler reads the user from ``gr.Request``. Browser protections (docs/security.md): origins
on an allow-list (``STUDIO_ALLOWED_ORIGINS``) for CORS and for state changes (CSRF), optional trusted
hosts (``STUDIO_TRUSTED_HOSTS``), security headers on every response.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

if TYPE_CHECKING:
    from studio.runs.worker import ExecutorConfig

UI_PATH = "/ui"
AUTH_MESSAGE = "Sign in with your studio account (an admin creates it with: studio users add)."


def create_app(db_url: str | None = None, *, start_worker: bool = True, executor: ExecutorConfig | None = None) -> FastAPI:
    """The API app (``studio.api.create_api``) with the Gradio review UI mounted at ``/ui``; its worker
    executes runs with ``executor`` (default: ``STUDIO_EXECUTOR`` / ``STUDIO_RAY_*``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from studio.accounts.sessions import Lifetime
    from studio.accounts.throttle import Limits
    from studio.api import create_api
    from studio.api.security import CrossOriginGuard
    from studio.core.config import get_settings
    from studio.store.database import get_sql_engine
    from studio.ui import login
    from studio.ui.app import CSS, build_ui, locale_js

    settings = get_settings()
    get_sql_engine(db_url)  # schema ready before the first sign-in
    app = create_api(db_url, start_worker=start_worker, executor=executor)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(url=f"{UI_PATH}/")

    lifetime = Lifetime(idle=dt.timedelta(minutes=settings.session_idle_minutes),
                        absolute=dt.timedelta(hours=settings.session_max_hours))
    # Registered before the mount, so these routes answer /ui/login and /ui/logout, not Gradio's.
    user_of = login.install(app, db_url, UI_PATH, message=AUTH_MESSAGE, lifetime=lifetime, limits=Limits())
    blocks = build_ui(db_url)
    app = gr.mount_gradio_app(app, blocks, path=UI_PATH, auth_dependency=user_of, css=CSS, js=locale_js(),
                              footer_links=[], show_error=True, ssr_mode=False)
    app.add_middleware(login.redirect_to_login(UI_PATH), user_of=user_of)
    # A CORS middleware on the parent also switches off Gradio's own, which echoes any Origin with
    # credentials when the Host is not localhost. Empty allow-list: no cross-origin reads at all.
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins), allow_credentials=True,
                       allow_methods=["*"], allow_headers=["*"])
    app.add_middleware(CrossOriginGuard, allowed_origins=settings.allowed_origins)
    if settings.trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.trusted_hosts))
    return app


def serve(db_url: str | None = None, host: str | None = None, port: int | None = None) -> None:
    """Run the server with uvicorn (``python app.py`` / ``studio serve``). Behind a proxy, set
    ``FORWARDED_ALLOW_IPS`` to the proxy's address so uvicorn takes the client address and the scheme
    (for Secure cookies and HSTS) from X-Forwarded-For / X-Forwarded-Proto."""
    import uvicorn

    from studio.runs.worker import ExecutorConfig

    host = host or os.environ.get("STUDIO_HOST", "127.0.0.1")
    port = int(port or os.environ.get("STUDIO_PORT", "7860"))
    executor = ExecutorConfig.resolve()  # STUDIO_EXECUTOR / STUDIO_RAY_*: a bad one stops here, named
    if executor.kind == "ray":
        from studio.runs.executors import require_ray

        require_ray()
    uvicorn.run(create_app(db_url, executor=executor), host=host, port=port, log_level="info", proxy_headers=True, server_header=False)
