"""The campaign brief (YAML or the same schema as JSON) and the plan of jobs it makes."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from studio.core.errors import BriefError
from studio.core.yamlfile import line_for, load_json, load_yaml_file, read_text, validation_error

AssetKindName = Literal["copy", "image", "video_script"]
KINDS: tuple[str, ...] = ("copy", "image", "video_script")

# Caps: a brief is written by a person; these bound what one request can make the studio store and
# generate (a 5,000-spec brief planned 10,000 assets; a 500,000-character name broke exports).
MAX_PLANNED = 2000  # assets one brief may plan: locales x sum(variants)
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Line = Annotated[str, StringConstraints(max_length=500)]
Term = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Claim(_Strict):
    text: str = Field(min_length=1, max_length=500)
    evidence: str = Field(min_length=1, max_length=2000,
                          description="what substantiates the claim (study, test, certificate)")


class Product(_Strict):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    facts: list[Line] = Field(default_factory=list, max_length=50)
    claims: list[Claim] = Field(default_factory=list, max_length=50)


class AssetSpec(_Strict):
    kind: AssetKindName
    channel: str = Field(max_length=100)
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
    do_not_translate: list[Term] = Field(default_factory=list, max_length=200, description="brand terms kept verbatim")
    terms: dict[Annotated[str, StringConstraints(max_length=35)], dict[Term, Term]] = Field(
        default_factory=dict, max_length=100, description="locale -> {source term: approved term}")

    @field_validator("terms")
    @classmethod
    def _bounded_terms(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for locale, pairs in value.items():
            if len(pairs) > 500:
                raise ValueError(f"{locale} has {len(pairs)} terms; at most 500 per locale")
        return value


class Waiver(_Strict):
    rule: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=3, max_length=2000)


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
    _source: str = PrivateAttr(default="brief")
    _lines: dict | None = PrivateAttr(default=None)
    campaign: Name
    brand: Name
    product: Product
    key_messages: list[Line] = Field(default_factory=list, max_length=20)
    tone: str = Field(default="friendly", max_length=200)
    audience: Literal["general", "children"] = "general"
    sponsored: bool = False
    ai_disclosure: bool = True
    publish_dates: list[dt.date] = Field(default_factory=list, max_length=50)
    source_locale: Annotated[str, StringConstraints(max_length=35), AfterValidator(_check_locale)] = "en-US"
    locales: list[Annotated[str, StringConstraints(max_length=35), AfterValidator(_check_locale)]] = Field(
        min_length=1, max_length=100)
    assets: list[AssetSpec] = Field(min_length=1, max_length=50)
    glossary: Glossary = Field(default_factory=Glossary)
    waivers: list[Waiver] = Field(default_factory=list, max_length=100)
    experiment: ExperimentSettings = Field(default_factory=ExperimentSettings)

    @field_validator("locales")
    @classmethod
    def _unique_locales(cls, values: list[str]) -> list[str]:
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"locale listed more than once: {', '.join(twice)}")
        return values

    @model_validator(mode="after")
    def _bounded_plan(self) -> Brief:
        planned = len(self.locales) * sum(spec.variants for spec in self.assets)
        if planned > MAX_PLANNED:
            raise ValueError(f"this brief plans {planned} assets (locales x variants); at most {MAX_PLANNED} "
                             "per brief: split it into several campaigns")
        return self

    @field_validator("glossary")
    @classmethod
    def _glossary_locales_in_brief(cls, glossary: Glossary, info) -> Glossary:
        """Terms for a locale the brief does not target are never used: most often a typo in the code."""
        targets = info.data.get("locales")
        if targets is None:  # locales itself did not validate; that error is reported
            return glossary
        stray = [code for code in glossary.terms if code not in targets]
        if stray:
            raise ValueError(f"glossary.terms gives terms for {', '.join(stray)}, which the brief does not target "
                             f"(locales: {', '.join(targets)}); add the locale to locales or remove its terms")
        return glossary

    @property
    def publish_date(self) -> dt.date | None:
        return min(self.publish_dates) if self.publish_dates else None

    def statements(self) -> list[str]:
        """What the brief states about the product (name, description, facts, allowed claims, key
        messages, campaign): the ground a draft's numbers and claims must stand on."""
        p = self.product
        return [t for t in (p.name, p.description, *p.facts, *(c.text for c in p.claims), *self.key_messages,
                            self.campaign) if t]

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
        brief = Brief.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, source, lines, BriefError, BRIEF_FIX) from None
    brief._source, brief._lines = source, lines
    return brief


def check_waivers(brief: Brief, known_rules: set[str]) -> None:
    """Every waiver names a rule that exists (a rule id of the packs, or a ``builtin.`` check);
    a misspelt id would otherwise waive nothing, silently. ``known_rules`` comes from the rule packs."""
    problems = []
    for i, waiver in enumerate(brief.waivers):
        if waiver.rule in known_rules or waiver.rule.startswith("builtin."):
            continue
        where = f"{brief._source}:{line_for(brief._lines, ('waivers', i, 'rule'))}" if brief._lines else brief._source
        near = difflib.get_close_matches(waiver.rule, known_rules, n=3)
        problems.append((where, f"waivers[{i}].rule: unknown rule {waiver.rule!r}"
                                + (f"; did you mean {', '.join(near)}?" if near else "")))
    if problems:
        message = problems[0][1] if len(problems) == 1 else "\n".join(["invalid:"] + [f"{w}: {m}" for w, m in problems])
        raise BriefError(message, where=problems[0][0] if len(problems) == 1 else None,
                         fix="waive a rule id that `studio rules list` prints, or remove the waiver")


def load_brief(path: str | Path) -> Brief:
    """Load and validate a YAML (or JSON) brief; every problem names file:line and field."""
    path = Path(path)
    if path.suffix == ".json":
        return parse_brief(load_json(read_text(path, BriefError), str(path), BriefError), str(path))
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
