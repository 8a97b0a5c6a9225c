"""One server for both doors: the REST API (``/v1``) with the review UI mounted at ``/ui``.

``/ui`` is behind Gradio's sign-in (names and argon2-hashed passwords from the user table), so nothing
of the studio is visible without signing in; every UI handler reads the user from ``gr.Request``.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

UI_PATH = "/ui"


def create_app(db_url: str | None = None, *, start_worker: bool = True) -> FastAPI:
    """The API app (``studio.api.create_api``) with the Gradio review UI mounted at ``/ui``."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from studio.api import create_api
    from studio.store.database import get_sql_engine
    from studio.ui.app import CSS, build_ui, make_auth

    get_sql_engine(db_url)  # schema ready before the first sign-in
    app = create_api(db_url, start_worker=start_worker)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(url=f"{UI_PATH}/")

    blocks = build_ui(db_url)
    return gr.mount_gradio_app(app, blocks, path=UI_PATH, auth=make_auth(db_url), css=CSS,
                               auth_message="Sign in with your studio account (an admin creates it with: studio users add).",
                               footer_links=[], show_error=True, ssr_mode=False)


def serve(db_url: str | None = None, host: str | None = None, port: int | None = None) -> None:
    """Run the server with uvicorn (``python app.py`` / ``studio serve``)."""
    import uvicorn

    host = host or os.environ.get("STUDIO_HOST", "127.0.0.1")
    port = int(port or os.environ.get("STUDIO_PORT", "7860"))
    uvicorn.run(create_app(db_url), host=host, port=port, log_level="info")
