"""Seeding A/B results the way the API and CLI store them (validated rows, upsert, re-decide)."""

from __future__ import annotations

import datetime as dt

from studio.experiments import decisions
from studio.experiments.results import store_results, validate_rows
from studio.store.database import session_scope

START = dt.date(2026, 5, 1)


def report(db_url: str, asset_id: int, days: int, impressions: int, clicks: int, *, start: dt.date = START,
           conversions: int = 0, channel: str | None = None, source: str = "test") -> list:
    """``days`` days of identical counts for one asset, stored and decided; returns the experiment states."""
    records = [{"day": (start + dt.timedelta(days=i)).isoformat(), "impressions": impressions, "clicks": clicks,
                "conversions": conversions, **({"channel": channel} if channel else {})} for i in range(days)]
    rows = validate_rows(records, where=lambda i: f"rows[{i}]")
    with session_scope(db_url) as session:
        summary = store_results(session, {asset_id: rows}, source=source)
        session.flush()
        return [decisions.refresh(session, c, loc, ch, actor=source) for c, loc, ch in sorted(summary.experiments)]
