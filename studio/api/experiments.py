"""A/B results in, experiment state out: POST /v1/assets/{id}/results and GET /v1/campaigns/{id}/experiments."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, Query, Request

from studio.accounts.apikeys import Principal
from studio.api.campaigns import ERRORS
from studio.api.deps import Id, db_url, idempotent, require
from studio.core.errors import InputError
from studio.experiments import decisions
from studio.experiments.results import MAX_ROWS, PRIVACY_FIX, ResultRow, store_results, validate_rows
from studio.store.database import session_scope

router = APIRouter(prefix="/v1", tags=["experiments"])
ROW_EXAMPLE = ResultRow.model_config["json_schema_extra"]["examples"][0]
RESULTS_SCHEMA = {
    "type": "object", "required": ["rows"], "additionalProperties": False,
    "properties": {"rows": {"type": "array", "minItems": 1, "maxItems": MAX_ROWS,
                            "items": {**ResultRow.model_json_schema(), "additionalProperties": False}}},
}


def _rows_of(body: Any) -> list:
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list) or set(body) - {"rows"}:
        extra = sorted(set(body) - {"rows"}) if isinstance(body, dict) else []
        field = extra[0] if extra else "rows"
        raise InputError("the body must be {\"rows\": [{day, channel?, impressions, clicks, conversions?, spend?}, ...]}"
                         + (f"; unexpected field {field!r}" if extra else ""), where=field, fix=PRIVACY_FIX)
    if not body["rows"]:
        raise InputError("no rows", where="rows", fix="send at least one day of results")
    return body["rows"]


@router.post("/assets/{asset_id}/results", responses={**ERRORS, 404: {"description": "no such asset"}},
             summary="Report a variant's results per day and channel (aggregates only; idempotent per day)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": RESULTS_SCHEMA}}}})
def post_results(request: Request, asset_id: Id, body: Any = Body(..., examples=[{"rows": [ROW_EXAMPLE]}]),
                 principal: Principal = Depends(require("write"))):
    """Stores impressions, clicks, conversions and spend per (day, channel); a row for a day already
    reported replaces it. Every bad row is named (`errors[].field` like `rows[2].clicks`) and nothing is
    stored. The answer carries the state of the experiments the rows belong to; when one of them
    declares a winner, the `experiment.decided` webhook is queued in the same transaction."""

    def work():
        rows = validate_rows(_rows_of(body), where=lambda i: f"rows[{i}]")
        with session_scope(db_url(request)) as session:
            summary = store_results(session, {asset_id: rows}, source=f"apikey:{principal.name}")
            session.flush()
            states = [decisions.refresh(session, cid, locale, channel, actor=principal.actor.name)
                      for cid, locale, channel in sorted(summary.experiments)]
            return 200, {"asset_id": asset_id, "inserted": summary.inserted, "updated": summary.updated,
                         "experiments": [s.as_dict() for s in states]}

    return idempotent(request, principal, {"asset_id": asset_id, "body": body}, work)


@router.get("/campaigns/{campaign_id}/experiments", responses={**ERRORS, 404: {"description": "no such campaign"}},
            summary="The campaign's A/B experiments: per locale and channel, each variant's posterior and the decision")
def get_experiments(request: Request, campaign_id: Id,
                    locale: Optional[str] = Query(None, max_length=35, description="only this locale"),
                    principal: Principal = Depends(require("read"))):
    """`state` is collecting (below the brief's minimum sample), undecided or decided; each variant has its
    rate's posterior mean, 95% credible interval (`low`, `high`), probability of being best and expected loss."""
    with session_scope(db_url(request)) as session:
        states = decisions.campaign_experiments(session, campaign_id, [locale] if locale else None)
        return {"campaign_id": campaign_id, "experiments": [s.as_dict() for s in states]}
