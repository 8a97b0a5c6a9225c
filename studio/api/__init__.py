"""The REST API (`/v1`) the CMS calls; served by the same app as the review UI (``studio serve``)."""

from __future__ import annotations

from fastapi import FastAPI


def create_api(db_url: str | None = None, *, start_worker: bool = True) -> FastAPI:
    """The FastAPI app with every ``/v1`` router; the UI engineer mounts Gradio on it."""
    from studio.api.app import build

    return build(db_url, start_worker=start_worker)


__all__ = ["create_api"]
