"""App assembly: routers, problem+json errors, the body limit, the OpenAPI document, and the background
worker started in the lifespan (so generation never runs inside a request)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from studio.runs.worker import ExecutorConfig

DESCRIPTION = """The studio's door for a CMS. Authenticate with `Authorization: Bearer KEY` (keys from
`studio apikeys create`; scopes read, write, review, admin). Errors are `application/problem+json`
(RFC 9457) with `detail`, `fix` and, for invalid input, `errors: [{field, message}]`. POSTs accept an
`Idempotency-Key` header: a retry with the same key and body replays the first response.

Concurrency: `GET /v1/assets/{id}` answers with `ETag: "asset-ID-vN"`. A decision, edit or waiver names the
version it was made on, as `If-Match: <ETag>` or as `version` in the body: a stale If-Match is 412, a stale
body version 409 (both with `current_version`), neither 428. Lists (`/v1/assets`, `/v1/campaigns`,
`/v1/jobs`) page with `cursor` = the previous page's `next_cursor`. Webhook events: asset.approved,
asset.rejected, asset.changes_requested, asset.edited, asset.waived, asset.commented, job.completed,
job.failed, job.cancelled, experiment.decided (and `ping`). A Python client: `studio.client.StudioClient`."""


def build(db_url: str | None, *, start_worker: bool = True, executor: ExecutorConfig | None = None) -> FastAPI:
    """``executor``: where the worker executes runs (default: ``STUDIO_EXECUTOR`` / ``STUDIO_RAY_*``)."""
    from studio.api import assets, campaigns, experiments, misc, notifications, problems
    from studio.api.security import SecurityHeaders

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from studio.store.database import get_sql_engine

        get_sql_engine(db_url)  # create / migrate the schema before the first request
        worker = None
        if start_worker:
            from studio.runs.worker import Worker

            worker = Worker(db_url, executor=executor).start()
        app.state.worker = worker
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(title="Studio API", version="1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.db_url = db_url
    problems.install(app)
    app.add_middleware(problems.BodyLimit)
    app.add_middleware(SecurityHeaders)
    # One line per route module (docs/ARCHITECTURE.md, "Add a route").
    for module in (campaigns, assets, misc, experiments, notifications):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["health"], summary="Liveness: no key needed")
    def health() -> dict:
        return {"ok": True}

    app.openapi = lambda: _openapi(app)
    return app


def _openapi(app: FastAPI) -> dict:
    """FastAPI's document plus the Brief schema that POST /v1/campaigns refers to."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    from studio.api.schemas import CheckItem
    from studio.plan.brief import Brief

    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for model in (Brief, CheckItem):  # bodies validated by hand (for field-precise errors) but documented
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    app.openapi_schema = doc
    return doc
