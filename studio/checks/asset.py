"""What the check engine checks: one asset as in the `studio check` JSONL contract."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AssetKind = Literal["copy", "video_script", "image_prompt", "brief"]


class AssetMeta(BaseModel):
    model_config = ConfigDict(extra="allow")

    audience: Literal["children", "general"] = "general"
    sponsored: bool = False
    ai_generated: bool = False
    # What the brief states (product facts, allowed claims, key messages): the ``grounded`` rules flag
    # numbers and claims of the draft that none of these contain. Absent: those rules do nothing.
    facts: list[str] | None = None


class CheckInput(BaseModel):
    """One line of the check contract. ``glossary``/``waivers`` are set by the pipeline, not the CLI."""

    model_config = ConfigDict(extra="forbid")

    id: str
    locale: str
    kind: AssetKind
    text: str
    channel: str | None = None
    date: dt.date | None = None
    meta: AssetMeta = Field(default_factory=AssetMeta)
    # Terms that must survive intact (brand do-not-translate terms + approved locale terms).
    glossary: list[str] = Field(default_factory=list)
    # Rule ids the brief waived (with a reason recorded on the asset by the pipeline).
    waivers: list[str] = Field(default_factory=list)
