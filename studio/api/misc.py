"""POST /v1/check (the `studio check` contract over HTTP), GET /v1/exports, and /v1/webhooks."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any, Literal, Optional, Union

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from studio.accounts.apikeys import Principal
from studio.api.campaigns import ERRORS
from studio.api.deps import Id, db_url, idempotent, require
from studio.api.problems import ApiError
from studio.api.schemas import CheckItem, CheckResult, DeliveryOut, WebhookIn, WebhookOut
from studio.core.errors import InputError
from studio.core.yamlfile import format_loc
from studio.store.database import session_scope

router = APIRouter(prefix="/v1")
MAX_CHECK_ITEMS = 500
CHECK_EXAMPLE = CheckItem.model_config["json_schema_extra"]["examples"][0]
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "xliff": "application/xliff+xml",
         "srt": "application/x-subrip", "vtt": "text/vtt"}


@router.post("/check", tags=["check"], response_model=Union[CheckResult, list[CheckResult]], responses=ERRORS,
             summary="Check text the CMS wrote itself (the `studio check` contract)", openapi_extra={"requestBody": {
                 "content": {"application/json": {"schema": {"oneOf": [
                     {"$ref": "#/components/schemas/CheckItem"},
                     {"type": "array", "maxItems": MAX_CHECK_ITEMS, "items": {"$ref": "#/components/schemas/CheckItem"}}]}}}}})
def check(request: Request, body: Any = Body(..., examples=[CHECK_EXAMPLE]),
          principal: Principal = Depends(require("read"))):
    """One asset object -> `{"id", "findings"}`; a list -> a list of them, same order. Nothing is stored."""
    from studio.checks.contract import _known_locales, parse_line
    from studio.checks.engine import get_check_engine

    items = body if isinstance(body, list) else [body]
    if len(items) > MAX_CHECK_ITEMS:
        raise InputError(f"{len(items)} assets in one request; at most {MAX_CHECK_ITEMS}", where="body",
                         fix="split the list into several requests")
    locales, parsed = _known_locales(), []
    for i, raw in enumerate(items):
        field = f"body[{i}]" if isinstance(body, list) else "body"
        try:
            item = CheckItem.model_validate(raw)
        except ValidationError as exc:
            errors = [{"field": format_loc((field,) + tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
            raise _input_error(errors) from None
        try:
            parsed.append(parse_line(json.dumps(item.model_dump(mode="json", exclude_none=True)), i + 1, locales))
        except InputError as exc:
            raise _input_error([{"field": field, "message": exc.message}], exc.fix) from None
    engine = get_check_engine()
    results = [{"id": p.id, "findings": [f.model_dump() for f in engine.check(p)]} for p in parsed]
    return results if isinstance(body, list) else results[0]


def _input_error(errors: list[dict], fix: str | None = None) -> InputError:
    err = InputError(f"{errors[0]['field']}: {errors[0]['message']}", where=errors[0]["field"],
                     fix=fix or "send the `studio check` contract: id, locale, kind, text, channel?, date?, meta?")
    err.errors = errors
    return err


@router.get("/exports", tags=["exports"], response_class=Response, summary="Export assets as a file",
            responses={**ERRORS, 404: {"description": "no such campaign, or nothing to export (the detail says why, "
                                       "e.g. `srt: 0 files — no approved video scripts`)"},
                       200: {"description": "one file, or a zip when the format makes several (xliff per locale, "
                                            "srt/vtt per script; the zip adds summary.json). `X-Studio-Approvals` "
                                            "gives approvals per locale: `de-DE=2/3; fr-FR=0/1`",
                             "content": {"application/zip": {}, "application/x-ndjson": {}, "text/csv": {}}}})
def export(request: Request, campaign: Optional[str] = Query(None, max_length=200, description="campaign id or name"),
           format: Literal["jsonl", "csv", "xliff", "srt", "vtt"] = Query("jsonl"),
           status: Literal["approved", "any"] = Query("approved"),
           principal: Principal = Depends(require("read"))):
    """Every format carries the review: who approved each asset and when, and every waiver (rule, who, why,
    when); XLIFF has the brief's source text in `<source>` (srcLang = the brief's source locale) and the
    draft in `<target>`, with the review as notes."""
    from studio.deliver.export import approvals, nothing_reason, render, select_records

    with session_scope(db_url(request)) as session:
        records = select_records(session, campaign=campaign, status=status)
        summary = approvals(session, campaign)
    files = render(records, format)
    if not files:
        raise ApiError(404, nothing_reason(records, format, status), title="Nothing to export",
                       fix="approve assets of that kind first, or ask with status=any", approvals=summary)
    headers = {"X-Studio-Approvals": "; ".join(f"{loc}={row['approved']}/{row['assets']}" for loc, row in summary.items())}
    if len(files) == 1:
        [(name, content)] = files.items()
        return Response(content, media_type=MEDIA[format],
                        headers={**headers, "Content-Disposition": f'attachment; filename="{name}"'})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
        zf.writestr("summary.json", json.dumps({"format": format, "status": status, "files": sorted(files),
                                                "approvals_by_locale": summary}, indent=2, ensure_ascii=False))
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={**headers, "Content-Disposition": f'attachment; filename="export-{format}.zip"'})


def hook_out(row, secret: str | None = None) -> WebhookOut:
    """The secret is shown only in the response that created the webhook."""
    return WebhookOut.model_validate({**row.model_dump(exclude={"secret"}), "secret": secret})


@router.post("/webhooks", tags=["webhooks"], status_code=201, response_model=WebhookOut, responses=ERRORS,
             summary="Register a webhook for events (see the list in the API description)")
def create_webhook(request: Request, body: WebhookIn, principal: Principal = Depends(require("admin"))):
    """Deliveries are POSTs signed with `X-Studio-Signature: sha256=HMAC(secret, timestamp + "." + body)`;
    the secret is returned once, here (an idempotent replay returns the webhook with `secret: null`).
    Targets in loopback, private or link-local networks are refused unless the operator allows them."""
    from studio.deliver.webhooks import register

    def work():
        with session_scope(db_url(request)) as session:
            row, secret = register(session, body.url, body.events, body.secret)
            return 201, hook_out(row, secret)

    payload = body.model_dump()  # the idempotency record keeps a digest of this; never the secret itself
    if payload.get("secret"):
        payload["secret"] = "sha256:" + hashlib.sha256(payload["secret"].encode()).hexdigest()
    return idempotent(request, principal, payload, work, keep=lambda out: {**out, "secret": None})


@router.get("/webhooks", tags=["webhooks"], response_model=list[WebhookOut], responses=ERRORS, summary="List webhooks")
def list_webhooks(request: Request, principal: Principal = Depends(require("admin"))):
    from sqlmodel import select

    from studio.store.tables import Webhook

    with session_scope(db_url(request)) as session:
        return [hook_out(w) for w in session.exec(select(Webhook).order_by(Webhook.id)).all()]


@router.delete("/webhooks/{webhook_id}", tags=["webhooks"], response_model=WebhookOut,
               responses={**ERRORS, 404: {"description": "no such webhook"}}, summary="Deactivate a webhook")
def delete_webhook(request: Request, webhook_id: Id, principal: Principal = Depends(require("admin"))):
    """Deactivates it: no new events, and pending deliveries and retries are cancelled."""
    from studio.deliver.webhooks import deactivate

    with session_scope(db_url(request)) as session:
        return hook_out(deactivate(session, webhook_id))


@router.get("/webhooks/{webhook_id}/deliveries", tags=["webhooks"], response_model=list[DeliveryOut],
            responses={**ERRORS, 404: {"description": "no such webhook"}}, summary="Delivery log, newest first")
def list_deliveries(request: Request, webhook_id: Id, limit: int = Query(100, ge=1, le=1000),
                    principal: Principal = Depends(require("admin"))):
    from studio.deliver.webhooks import deliveries

    with session_scope(db_url(request)) as session:
        return [DeliveryOut.model_validate(d) for d in deliveries(session, webhook_id, limit)]


@router.post("/webhooks/{webhook_id}/ping", tags=["webhooks"], response_model=DeliveryOut,
             responses={**ERRORS, 404: {"description": "no such webhook"}, 409: {"description": "deactivated"}},
             summary="Send a signed `ping` event now and answer with the outcome")
def ping_webhook(request: Request, webhook_id: Id, principal: Principal = Depends(require("admin"))):
    """Tests the receiver: one signed POST of event `ping` (whatever the webhook subscribed to), sent during
    this request (at most 10 s); the answer is the delivery with its status code or error. A failed ping
    is retried like any delivery."""
    from studio.deliver.webhooks import deliver_one, ping
    from studio.store.tables import WebhookDelivery

    with session_scope(db_url(request)) as session:
        delivery_id = ping(session, webhook_id).id
    deliver_one(db_url(request), delivery_id)
    with session_scope(db_url(request)) as session:
        return DeliveryOut.model_validate(session.get(WebhookDelivery, delivery_id))


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", tags=["webhooks"], status_code=202,
             response_model=DeliveryOut, summary="Send a past delivery again (same id and body)",
             responses={**ERRORS, 404: {"description": "no such webhook or delivery"},
                        409: {"description": "the webhook is deactivated"}})
def redeliver_delivery(request: Request, webhook_id: Id, delivery_id: Id, principal: Principal = Depends(require("admin"))):
    """Queues the delivery again, due now: the worker sends it with the same `X-Studio-Delivery` id, so a
    receiver that already processed it can skip it. `Location` is the webhook's delivery log."""
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    from studio.deliver.webhooks import redeliver

    with session_scope(db_url(request)) as session:
        out = DeliveryOut.model_validate(redeliver(session, webhook_id, delivery_id))
    return JSONResponse(jsonable_encoder(out), status_code=202,
                        headers={"Location": f"/v1/webhooks/{webhook_id}/deliveries"})
