"""The campaign brief (YAML or the same schema as JSON) and the plan of jobs it makes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from studio.core.errors import BriefError
from studio.core.yamlfile import load_yaml_file, validation_error

AssetKindName = Literal["copy", "image", "video_script"]
KINDS: tuple[str, ...] = ("copy", "image", "video_script")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Claim(_Strict):
    text: str = Field(min_length=1)
    evidence: str = Field(min_length=1, description="what substantiates the claim (study, test, certificate)")


class Product(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    facts: list[str] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class AssetSpec(_Strict):
    kind: AssetKindName
    channel: str
    variants: int = Field(default=1, ge=1, le=10)
    duration_s: float | None = Field(default=None, gt=0, le=180)

    @field_validator("channel")
    @classmethod
    def _known_channel(cls, value: str) -> str:
        from studio.market.channels import CHANNELS

        if value not in CHANNELS:
            raise ValueError(f"unknown channel {value!r}; known channels: {', '.join(sorted(CHANNELS))}")
        return value

    @model_validator(mode="after")
    def _duration_for_video(self) -> AssetSpec:
        if self.kind == "video_script" and self.duration_s is None:
            raise ValueError("a video_script asset needs duration_s (seconds, e.g. 15)")
        return self


class Glossary(_Strict):
    do_not_translate: list[str] = Field(default_factory=list, description="brand terms kept verbatim")
    terms: dict[str, dict[str, str]] = Field(default_factory=dict, description="locale -> {source term: approved term}")


class Waiver(_Strict):
    rule: str = Field(min_length=1)
    reason: str = Field(min_length=3)


class ExperimentSettings(_Strict):
    """How A/B results decide between variants (see docs/experiments.md). The defaults are the ones
    bench/ab.py measures: a declared winner is the true best in >= 95% of decided tests."""

    metric: Literal["ctr", "conversion_rate"] = Field(
        default="ctr", description="ctr: clicks per impression; conversion_rate: conversions per click")
    min_samples: int = Field(default=1000, ge=1, le=10**9, description=(
        "trials every variant needs before a winner may be declared (impressions for ctr, clicks for conversion_rate)"))
    probability: float = Field(default=0.998, ge=0.5, lt=1, description="posterior probability of being best the winner needs")
    max_expected_loss: float = Field(default=0.01, gt=0, le=1, description=(
        "stop only when choosing the leader is expected to lose at most this share of its rate"))


def _check_locale(code: str) -> str:
    from studio.market.locales import list_locales

    known = list_locales()
    if code not in known:
        raise ValueError(f"unknown locale {code!r}; known locales: {', '.join(known)}")
    return code


class Brief(_Strict):
    campaign: str = Field(min_length=1)
    brand: str = Field(min_length=1)
    product: Product
    key_messages: list[str] = Field(default_factory=list)
    tone: str = "friendly"
    audience: Literal["general", "children"] = "general"
    sponsored: bool = False
    ai_disclosure: bool = True
    publish_dates: list[dt.date] = Field(default_factory=list)
    source_locale: Annotated[str, AfterValidator(_check_locale)] = "en-US"
    locales: list[Annotated[str, AfterValidator(_check_locale)]] = Field(min_length=1)
    assets: list[AssetSpec] = Field(min_length=1)
    glossary: Glossary = Field(default_factory=Glossary)
    waivers: list[Waiver] = Field(default_factory=list)
    experiment: ExperimentSettings = Field(default_factory=ExperimentSettings)

    @field_validator("locales")
    @classmethod
    def _unique_locales(cls, values: list[str]) -> list[str]:
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"locale listed more than once: {', '.join(twice)}")
        return values

    @property
    def publish_date(self) -> dt.date | None:
        return min(self.publish_dates) if self.publish_dates else None

    def glossary_terms(self, locale: str) -> list[str]:
        """Terms that must appear verbatim in a draft for ``locale`` when used."""
        return list(self.glossary.do_not_translate) + list(self.glossary.terms.get(locale, {}).values())


BRIEF_FIX = "correct the field as described; see examples/campaign.yaml for a complete brief"


def parse_brief(data: object, source: str = "brief", lines=None) -> Brief:
    """Validate a brief from already-parsed data (YAML or API JSON)."""
    if not isinstance(data, dict):
        raise BriefError("a brief must be a mapping of fields (campaign, brand, product, locales, assets...)",
                         where=source, fix=BRIEF_FIX)
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, source, lines, BriefError, BRIEF_FIX) from None


def load_brief(path: str | Path) -> Brief:
    """Load and validate a YAML (or JSON) brief; every problem names file:line and field."""
    path = Path(path)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BriefError("file not found", where=str(path), fix="check the path to the brief") from None
        except json.JSONDecodeError as exc:
            raise BriefError(f"invalid JSON: {exc.msg}", where=f"{path}:{exc.lineno}", fix="fix the JSON syntax") from None
        return parse_brief(data, str(path))
    data, lines = load_yaml_file(path, BriefError)
    return parse_brief(data, str(path), lines)


class PlannedAsset(BaseModel):
    """One unit of generation: a (locale x kind x channel x variant)."""

    model_config = ConfigDict(frozen=True)

    locale: str
    kind: AssetKindName
    channel: str
    variant: int
    duration_s: float | None = None

    @property
    def key(self) -> str:
        return f"{self.locale}/{self.kind}/{self.channel}/{self.variant}"


def plan(brief: Brief, locales: list[str] | None = None, kinds: list[str] | None = None) -> list[PlannedAsset]:
    """Every job the brief asks for, optionally narrowed to some locales and kinds, in a stable order."""
    if locales:
        unknown = [code for code in locales if code not in brief.locales]
        if unknown:
            raise BriefError(f"--locales names {', '.join(unknown)}, which the brief does not target",
                             where="--locales", fix=f"choose from the brief's locales: {', '.join(brief.locales)}")
    if kinds:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise BriefError(f"unknown kind {', '.join(unknown)}", where="--kinds", fix=f"choose from: {', '.join(KINDS)}")
    jobs = []
    for locale in brief.locales:
        if locales and locale not in locales:
            continue
        for spec in brief.assets:
            if kinds and spec.kind not in kinds:
                continue
            for variant in range(1, spec.variants + 1):
                jobs.append(PlannedAsset(locale=locale, kind=spec.kind, channel=spec.channel, variant=variant,
                                duration_s=spec.duration_s))
    return jobs
