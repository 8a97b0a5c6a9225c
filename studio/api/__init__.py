"""The REST API (`/v1`) the CMS calls; served by the same app as the review UI (``studio serve``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from studio.runs.worker import ExecutorConfig


def create_api(db_url: str | None = None, *, start_worker: bool = True, executor: ExecutorConfig | None = None) -> FastAPI:
    """The FastAPI app with every ``/v1`` router; the UI engineer mounts Gradio on it."""
    from studio.api.app import build

    return build(db_url, start_worker=start_worker, executor=executor)


__all__ = ["create_api"]
