"""Errors as ``application/problem+json`` (RFC 9457) with messages a developer can act on.

Mapping: InputError/BriefError -> 422, NotFound -> 404, Conflict -> 409 (with the current version),
PermissionDenied -> 403, ReviewError -> 409 (the request is well formed, but the asset's state does not
allow it: e.g. approving while a block finding remains). Bodies over ``MAX_BODY`` bytes -> 413.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from studio.core.errors import Conflict, InputError, NotFound, PermissionDenied, ReviewError, StudioError
from studio.core.yamlfile import format_loc

log = logging.getLogger("studio.api")
MAX_BODY = 1024 * 1024
PROBLEM = "application/problem+json"
STATUS_OF: tuple[tuple[type[StudioError], int], ...] = (
    (NotFound, 404), (Conflict, 409), (PermissionDenied, 403), (ReviewError, 409), (InputError, 422),
)


class ApiError(Exception):
    """An HTTP problem raised by the API layer itself (auth, idempotency, unknown format...)."""

    def __init__(self, status: int, detail: str, *, fix: str | None = None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.fix, self.extra = status, detail, fix, extra


def problem(request: Request | None, status: int, detail: str, *, title: str | None = None, **extra) -> JSONResponse:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {"type": f"urn:studio:problem:{(title or phrase).lower().replace(' ', '-')}", "title": title or phrase,
            "status": status, "detail": detail, "instance": str(request.url.path) if request else None}
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": 'Bearer realm="studio"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _studio_error(request: Request, exc: StudioError) -> JSONResponse:
    status = next((code for cls, code in STATUS_OF if isinstance(exc, cls)), 500)
    extra: dict = {"fix": exc.fix, "where": exc.where}
    if isinstance(exc, InputError):
        extra["errors"] = getattr(exc, "errors", None) or [{"field": exc.where or "body", "message": exc.message}]
    if isinstance(exc, Conflict) and exc.current is not None:
        extra["current"] = exc.current
        extra["current_version"] = exc.current.get("version") if isinstance(exc.current, dict) else None
    if status == 500:
        log.error("unmapped studio error on %s: %s", request.url.path, exc)
    return problem(request, status, exc.message, **extra)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": format_loc(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    detail = f"{first['field']}: {first['message']}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    return problem(request, 422, detail, errors=errors, fix="correct the named fields; see /docs for the schema")


def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.method} {request.url.path}; see /docs for the routes"
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; see /docs for the routes"
    return problem(request, exc.status_code, detail)


def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return problem(request, exc.status, exc.detail, fix=exc.fix, **exc.extra)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(request, 500, f"unexpected server error ({type(exc).__name__}); the server log has details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(StudioError, _studio_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimit:
    """ASGI middleware: refuse ``/v1`` request bodies over ``limit`` bytes with 413 before reading them all."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = False
        if length is not None and length.isdigit() and int(length) > self.limit:
            too_big = True
        else:
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.limit:
                    too_big = True
                    break
                if not message.get("more_body"):
                    break
            body = b"".join(chunks)
            done = False

            async def replay():
                nonlocal done
                if not done:
                    done = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            if not too_big:
                return await self.app(scope, replay, send)
        response = problem(None, 413, f"request body is larger than {self.limit // 1024} KiB",
                           instance=scope["path"], fix="send fewer assets per request (split the list) or a shorter brief")
        await response(scope, receive, send)
