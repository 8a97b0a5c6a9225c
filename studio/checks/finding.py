"""The Finding: one problem a check found in one asset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["block", "warn", "info"]
SEVERITY_ORDER: dict[str, int] = {"block": 0, "warn": 1, "info": 2}


class Finding(BaseModel):
    """``start``/``end`` are character offsets into the checked text (None for whole-asset findings)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    category: str
    severity: Severity
    start: int | None = None
    end: int | None = None
    message: str
    suggestion: str | None = None
    source: str | None = None
    # Semantic findings only (concept layer, theme rules): how far above its cut-off the deciding score
    # was (similarity, or vote share where that was the closer call). The optional judge
    # (studio.checks.judge) asks a model about hits within a band of it. Not stored or sent: a
    # finding's stored and API form is unchanged.
    margin: float | None = Field(default=None, exclude=True, repr=False)


def worst_severity(findings: Iterable[Finding | Mapping[str, Any]]) -> Severity | None:
    """The most serious severity among findings (block > warn > info), or None."""
    sevs: list[Severity] = [f.severity if isinstance(f, Finding) else f["severity"] for f in findings]
    if not sevs:
        return None
    worst: Severity = min(sevs, key=SEVERITY_ORDER.__getitem__)
    return worst
