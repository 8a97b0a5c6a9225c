"""Results intake: what the channels report per asset, day and channel, validated and stored idempotently.

Only aggregates are accepted (impressions, clicks, conversions, spend per asset and day); a field that
would carry user-level data is refused by name. Every problem names its row and field; a batch with any
bad row stores nothing. A row for an (asset, day, channel) that exists replaces it, so a CMS may resend
a day (late conversions, a corrected export) without double counting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from studio.core.errors import InputError, NotFound
from studio.market.channels import CHANNELS
from studio.store.tables import Asset, AssetResult, utcnow

FIELDS = ("day", "channel", "impressions", "clicks", "conversions", "spend")
# Names that would carry one person's data: refused with a privacy message rather than "unknown field".
IDENTIFYING = {"user", "user_id", "userid", "email", "e_mail", "ip", "ip_address", "device_id", "idfa", "gaid",
               "cookie", "cookie_id", "session_id", "client_id", "customer_id", "visitor_id", "phone", "name",
               "click_id", "gclid", "fbclid", "msclkid", "ttclid", "address", "zip", "postcode"}
MAX_ROWS = 10_000
PRIVACY_FIX = ("send aggregate counts per asset, day and channel only (impressions, clicks, conversions, spend); "
               "see docs/experiments.md")


class ResultRow(BaseModel):
    """One day of one asset on one channel, as counted by the channel."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"day": "2026-06-05", "channel": "google_ads_headline", "impressions": 12000, "clicks": 264,
         "conversions": 19, "spend": 84.5}]})

    day: dt.date = Field(description="the day counted (ISO 8601 date); not in the future")
    channel: str | None = Field(default=None, description="where it ran; default: the asset's channel")
    impressions: int = Field(ge=0, le=10**12)
    clicks: int = Field(ge=0, le=10**12, description="at most impressions")
    conversions: int = Field(default=0, ge=0, le=10**12, description="at most clicks")
    spend: float = Field(default=0.0, ge=0, le=10**12, allow_inf_nan=False, description="in the account's currency")


class ResultsError(InputError):
    """Rows that do not validate; ``errors`` lists {row, field, message} for each problem."""

    def __init__(self, message: str, errors: list[dict], **kw):
        super().__init__(message, **kw)
        self.errors = errors


@dataclass
class StoreSummary:
    inserted: int = 0
    updated: int = 0
    experiments: set[tuple[int, str, str]] = field(default_factory=set)  # (campaign_id, locale, channel) touched


def latest_today() -> dt.date:
    """The latest calendar date anywhere on Earth now (UTC+14): a day after it has not happened yet."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def validate_rows(records: Iterable[object], where: Callable[[int], str]) -> list[ResultRow]:
    """Validate every record; raise ResultsError naming each bad row (``where(i)``) and field."""
    rows: list[ResultRow] = []
    errors: list[dict] = []
    today = latest_today()

    def bad(i: int, name: str, message: str) -> None:
        errors.append({"row": where(i), "field": f"{where(i)}.{name}", "message": message})

    records = list(records)
    if len(records) > MAX_ROWS:
        raise ResultsError(f"{len(records)} rows in one batch; at most {MAX_ROWS}",
                           [{"row": "rows", "field": "rows", "message": f"at most {MAX_ROWS} rows"}],
                           where="rows", fix="split the results into smaller batches")
    for i, record in enumerate(records):
        if not isinstance(record, Mapping):
            bad(i, "(row)", "a row must be an object with day, impressions, clicks, conversions, spend")
            continue
        private = sorted(k for k in record if str(k).strip().lower() in IDENTIFYING)
        for name in private:
            bad(i, str(name), "user-level data is not accepted: results are aggregates per asset and day")
        if private:
            continue
        try:
            row = ResultRow.model_validate({k: v for k, v in record.items() if v not in ("", None) or k == "day"})
        except ValidationError as exc:
            for e in exc.errors():
                loc = ".".join(str(p) for p in e["loc"]) or "(row)"
                bad(i, loc, e["msg"])
            continue
        before = len(errors)
        if row.day > today:
            bad(i, "day", f"{row.day} is in the future; results are reported for days that have happened")
        if row.channel is not None and row.channel not in CHANNELS:
            bad(i, "channel", f"unknown channel {row.channel!r}; known: {', '.join(sorted(CHANNELS))}")
        if row.clicks > row.impressions:
            bad(i, "clicks", f"{row.clicks} clicks exceed {row.impressions} impressions")
        if row.conversions > row.clicks:
            bad(i, "conversions", f"{row.conversions} conversions exceed {row.clicks} clicks (conversions are counted "
                                  "per click)")
        if len(errors) == before:
            rows.append(row)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        fix = PRIVACY_FIX if "user-level" in first["message"] else "correct the named rows and fields; nothing was stored"
        raise ResultsError(f"{first['field']}: {first['message']}{more}", errors, where=first["field"], fix=fix)
    return rows


def _upsert(session: Session, values: dict) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(AssetResult).values(**values)
    keep = ("impressions", "clicks", "conversions", "spend", "source", "updated_at")
    stmt = stmt.on_conflict_do_update(index_elements=["asset_id", "day", "channel"],
                                      set_={k: stmt.excluded[k] for k in keep})
    session.execute(stmt)


def store_results(session: Session, batches: Mapping[int, list[ResultRow]], *, source: str,
                  where: Callable[[int, int], str] | None = None) -> StoreSummary:
    """Upsert the rows of each asset in the caller's transaction. Refuses unknown assets and a repeated
    (asset, day, channel) within one batch, naming the row; ``where(asset_id, i)`` names row i of an asset."""
    where = where or (lambda asset_id, i: f"rows[{i}]")
    summary = StoreSummary()
    now = utcnow()
    for asset_id, rows in batches.items():
        asset = session.get(Asset, asset_id)
        if asset is None:
            raise NotFound(f"asset {asset_id} does not exist", where=where(asset_id, 0) + ".asset_id",
                           fix="use the id of a generated asset (GET /v1/assets lists them)")
        seen: dict[tuple[dt.date, str], int] = {}
        for i, row in enumerate(rows):
            channel = row.channel or asset.channel
            if (row.day, channel) in seen:
                name = where(asset_id, i)
                raise ResultsError(f"{name}: asset {asset_id} has a second row for {row.day} on {channel} "
                                   f"(first: {where(asset_id, seen[(row.day, channel)])})",
                                   [{"row": name, "field": f"{name}.day", "message": "repeats a day and channel"}],
                                   where=f"{name}.day", fix="send one row per asset, day and channel (sum them first)")
            seen[(row.day, channel)] = i
        existing = set(session.exec(select(AssetResult.day, AssetResult.channel)
                                    .where(AssetResult.asset_id == asset_id)).all())
        for (day, channel), i in seen.items():
            row = rows[i]
            _upsert(session, {"asset_id": asset_id, "day": day, "channel": channel, "impressions": row.impressions,
                              "clicks": row.clicks, "conversions": row.conversions, "spend": row.spend,
                              "source": source, "updated_at": now})
            if (day, channel) in existing:
                summary.updated += 1
            else:
                summary.inserted += 1
            summary.experiments.add((asset.campaign_id, asset.locale, channel))
    return summary


def results_of(session: Session, asset_id: int) -> list[AssetResult]:
    """One asset's stored results, by day then channel."""
    return list(session.exec(select(AssetResult).where(AssetResult.asset_id == asset_id)
                             .order_by(AssetResult.day, AssetResult.channel)).all())
