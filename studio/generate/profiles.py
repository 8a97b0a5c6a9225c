"""Model profiles from ``models/*.yaml``: validation, device/dtype choice, presence, loading, caching.

A profile names one model per role (text, translate, image); each entry's ``backend:`` picks the code
that validates, finds and loads it (``studio.generate.backends``). Loading is always the real
transformers/diffusers code; within a process each model loads once (``cached_load``).
"""

from __future__ import annotations

import os
import threading
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from studio.checks.judge import JudgeSettings
from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.core.yamlfile import load_yaml_file, validation_error
from studio.generate.backends import parse_spec, spec_status
from studio.generate.spec import ROLES, GenerationDefaults, ModelSpec, ModelStatus, Role

__all__ = ["ROLES", "ChecksSettings", "DraftingSettings", "GenerationDefaults", "ModelProfile", "ModelSpec", "ModelStatus", "Role", "cached_load",
           "load_pretrained", "load_profile", "pick_device", "pick_dtype", "profile_names", "profile_status",
           "unload"]


class DraftingSettings(BaseModel):
    """Generate -> check -> repair (studio.generate.drafting): ``candidates`` drafts per copy job
    (``script_candidates`` per video script), the best by gates and checks gets up to ``repair_rounds``
    repair prompts quoting its problems; ``script_by_scene`` writes a script's first candidate scene by scene.
    ``STUDIO_DRAFT_CANDIDATES`` / ``STUDIO_REPAIR_ROUNDS`` override both for a run (1 / 0: one draft, as
    before the loop); ``STUDIO_SCRIPT_BY_SCENE`` (1 / 0) overrides ``script_by_scene`` (bench/script_cost.py
    measures both ways in one process), ``STUDIO_SCENE_CANDIDATES`` ``scene_candidates``, ``STUDIO_GRAMMAR`` (1 / 0)
    ``grammar``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    candidates: int = Field(2, ge=1, le=8)
    script_candidates: int = Field(1, ge=1, le=4)  # video scripts are long to generate: one, then repairs
    repair_rounds: int = Field(1, ge=0, le=4)
    # A video script's first candidate written scene by scene (one batched call per scene position across
    # the run's scripts, each reply stopped at the end of its scene): small models asked for a whole script
    # write one scene again and again or rewrite the worked example (studio.generate.drafting).
    script_by_scene: bool = False
    # Before its scenes, each brief sentence a script's plan gives a scene is written as a short point in the
    # locale's language (one batched call per run, a line per prompt, checked; a point that fails keeps the
    # brief's sentence): asked to put an English fact in German words, the 1.5B model said the English
    # (base: de-DE's three scenes and es-ES's on-screen text were the brief's English lines). Scenes only.
    script_points: bool = False
    # Replies asked per scene prompt when a script is written scene by scene (the same prompt repeated in one
    # batched call, each with its own seed): the best by the scene's problems is kept, so a scene that repeats,
    # echoes the brief or says English is re-asked only when every reply does. Scenes only.
    scene_candidates: int = Field(1, ge=1, le=4)
    # A script written scene by scene, when it still fails a gate, has its failing scenes asked again
    # (``repair_rounds`` rounds, SceneWriter.repair). Off on cpu: it kept 0 of 7 scripts' repairs
    # (drafts-script7) and 0 of 4 in make demo (62 s of the scripts' 298 s). ``STUDIO_SCENE_REPAIR`` (1 / 0).
    scene_repair: bool = True
    # Copy, its repairs and scenes decoded under a GBNF grammar of the locale's script (studio.generate.grammar,
    # prompts/grammar.yaml) where the text backend takes one (llama.cpp): the model cannot drift into English or
    # another script. ``STUDIO_GRAMMAR`` (1 / 0) overrides.
    grammar: bool = False

    def effective(self) -> DraftingSettings:
        """These settings with the environment's overrides applied (a bad value names the variable)."""
        values = {}
        for env, name in (("STUDIO_DRAFT_CANDIDATES", "candidates"), ("STUDIO_REPAIR_ROUNDS", "repair_rounds"),
                          ("STUDIO_SCENE_CANDIDATES", "scene_candidates")):
            raw = os.environ.get(env, "").strip()
            if raw:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise ModelError(f"{env}={raw!r} is not a whole number", where=env,
                                     fix=f"set {env} to a whole number, or unset it") from None
        for env, name, on, off in (("STUDIO_SCRIPT_BY_SCENE", "script_by_scene", "scene by scene", "whole scripts"),
                                   ("STUDIO_SCENE_REPAIR", "scene_repair", "repair failing scenes", "no scene repair"),
                                   ("STUDIO_GRAMMAR", "grammar", "decode under the script's grammar", "no grammar")):
            raw = os.environ.get(env, "").strip().lower()
            if raw:
                if raw not in ("1", "0", "true", "false"):
                    raise ModelError(f"{env}={raw!r} is not 1 or 0", where=env,
                                     fix=f"set {env} to 1 ({on}) or 0 ({off}), or unset it")
                values[name] = raw in ("1", "true")
        if not values:
            return self
        try:
            return DraftingSettings(**{**self.model_dump(), **values})
        except ValidationError as exc:
            raise ModelError(f"{exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}", where="STUDIO_DRAFT_CANDIDATES / STUDIO_REPAIR_ROUNDS",
                             fix="candidates 1-8, repair rounds 0-4") from None


class ChecksSettings(BaseModel):
    """How this profile checks drafts. ``judge``: borderline semantic findings go to the profile's text
    model (studio.checks.judge; ``band``, ``categories``, ``max_new_tokens``); absent: no judge (the CPU
    profiles: their models are too weak to judge, and judging would cost a model call per batch)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    judge: JudgeSettings | None = None


Support = Literal["supported", "weak", "unsupported"]
SUPPORT_LEVELS: tuple[str, ...] = ("supported", "weak", "unsupported")


# A locale's level from bench/quality.py's figures: supported from this share of drafts passing every gate,
# unsupported below this share written in the right language without loops or a misspelt brand.
SUPPORTED_AT, WEAK_AT = 0.8, 0.5


def support_level(passed: int, writes: int, drafts: int) -> Support:
    """The level the figures of ``drafts`` drafts give: ``passed`` passed every gate, ``writes`` were written well."""
    if passed / drafts >= SUPPORTED_AT:
        return "supported"
    return "weak" if writes / drafts >= WEAK_AT else "unsupported"


class LocaleMeasure(BaseModel):
    """How well a profile writes one locale, as measured by ``bench/quality.py``: of ``drafts``, ``writes``
    were in the right language without loops or a misspelt brand (what the level rests on) and ``passed``
    passed every gate; ``support`` is the level the profile claims from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    support: Support
    writes: int = Field(ge=0)
    passed: int = Field(ge=0)
    drafts: int = Field(gt=0)
    # What a reader saw in the drafts when the level is not the one the figures give (the gates pass
    # right-script nonsense: a refusal, a transliterated brand); shown with the figures on every asset.
    why: str = ""

    @model_validator(mode="after")
    def _counts(self) -> LocaleMeasure:
        for name in ("writes", "passed"):
            if getattr(self, name) > self.drafts:
                raise ValueError(f"{name} ({getattr(self, name)}) cannot exceed drafts ({self.drafts})")
        if self.support != self.level_from_figures() and not self.why.strip():
            raise ValueError(f"support is {self.support!r} but the figures give {self.level_from_figures()!r} "
                             f"(supported: >= {SUPPORTED_AT:.0%} passed; unsupported: < {WEAK_AT:.0%} written "
                             "well): say what the drafts showed in `why:`, or use the figures' level")
        return self

    def level_from_figures(self) -> Support:
        return support_level(self.passed, self.writes, self.drafts)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.drafts

    def figure(self) -> str:
        figure = (f"{self.writes}/{self.drafts} drafts in the right language without loops, "
                  f"{self.passed}/{self.drafts} ({self.pass_rate:.0%}) passed every gate")
        return f"{figure}; read by a person: {self.why.strip()}" if self.why.strip() else figure

    def describe(self) -> str:
        return f"{self.support}: {self.figure()}"


class LocaleSupport(BaseModel):
    """Per locale: supported (drafts as usual), weak (drafts with a warning to review closely) or
    unsupported (no draft: the asset asks for a larger profile or a human writer). ``measured`` says
    how the figures were obtained; ``default`` applies to locales not listed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    measured: str
    default: Support = "supported"
    # A locale's figures, or the code of a measured locale of the same language it shares them with.
    locales: dict[str, LocaleMeasure | str] = {}

    @field_validator("locales")
    @classmethod
    def _known_locales(cls, value: dict[str, LocaleMeasure | str]) -> dict[str, LocaleMeasure | str]:
        from studio.market.locales import get_locale, list_locales

        known = set(list_locales())
        unknown = sorted((set(value) | {v for v in value.values() if isinstance(v, str)}) - known)
        if unknown:
            raise ValueError(f"unknown locale(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for code, like in value.items():
            if isinstance(like, str) and (not isinstance(value.get(like), LocaleMeasure)
                                          or get_locale(like).language != get_locale(code).language):
                raise ValueError(f"{code}: {like!r} must be a measured locale of the same language")
        return value

    def measure(self, locale: str) -> tuple[LocaleMeasure, str] | None:
        """The figures for a locale and whose they are (the locale itself or its same-language twin)."""
        entry = self.locales.get(locale)
        if isinstance(entry, str):
            twin = self.locales[entry]
            return (twin, entry) if isinstance(twin, LocaleMeasure) else None
        return (entry, locale) if entry is not None else None


class ModelProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    drafting: DraftingSettings = DraftingSettings()
    checks: ChecksSettings = ChecksSettings()
    models: tuple[Annotated[ModelSpec, BeforeValidator(parse_spec)], ...]
    locale_support: LocaleSupport | None = None  # None: not measured, every locale is drafted

    def support_for(self, locale: str) -> tuple[Support, LocaleMeasure | None]:
        """The level this profile claims for a locale and the measurement behind it (None: not measured)."""
        if self.locale_support is None:
            return "supported", None
        found = self.locale_support.measure(locale)
        return (found[0].support, found[0]) if found else (self.locale_support.default, None)

    @model_validator(mode="after")
    def _one_per_role(self) -> ModelProfile:
        roles = [m.role for m in self.models]
        dup = sorted({r for r in roles if roles.count(r) > 1})
        if dup:
            raise ValueError(f"more than one model for role {', '.join(dup)}")
        return self

    def model_for(self, role: str) -> ModelSpec | None:
        """The model for a role, or None when this profile has none (callers say so; never fake)."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
        return next((m for m in self.models if m.role == role), None)

    def require(self, role: str) -> ModelSpec:
        spec = self.model_for(role)
        if spec is None:
            raise ModelError(
                f"no {role} model configured in profile {self.name}",
                where=f"models/{self.name}.yaml",
                fix=f"use a profile with a {role} model (e.g. --profile standard) or add one to the profile",
            )
        return spec


# ---------------------------------------------------------------- loading profiles with file:line


def profile_names() -> list[str]:
    return sorted(p.stem for p in get_settings().models_dir.glob("*.yaml"))


_PROFILES: dict[tuple[str, str], ModelProfile] = {}


def load_profile(name: str) -> ModelProfile:
    """Load and validate ``models/NAME.yaml``; errors name file:line and the fix."""
    path = get_settings().models_dir / f"{name}.yaml"
    key = (str(path), name)
    if key in _PROFILES:
        return _PROFILES[key]
    if not path.is_file():
        known = ", ".join(profile_names()) or "none"
        raise ModelError(f"unknown model profile {name!r}", where=str(path), fix=f"use one of: {known}")
    data, lines = load_yaml_file(path, ModelError)
    if not isinstance(data, dict):
        raise ModelError("a profile must be a mapping", where=f"{path}:1", fix="see models/tiny.yaml")
    data.setdefault("name", name)
    try:
        profile = ModelProfile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, ModelError, "see models/tiny.yaml for a valid profile") from None
    _PROFILES[key] = profile
    return profile


# ---------------------------------------------------------------- device and dtype


def pick_device() -> str:
    """CUDA when present, else CPU; ``STUDIO_DEVICE`` overrides."""
    import torch

    env = os.environ.get("STUDIO_DEVICE")
    if env:
        return env
    return "cuda" if torch.cuda.is_available() else "cpu"


# bench/generation.py on the shared 2-core CPU (SmolLM2-135M, 1 thread, same prompts): fp32 7.9 tok/s,
# bf16 4.0 tok/s, with the same text. Research on an idle machine saw bf16 ahead (47 vs 25 tok/s);
# until that is confirmed, fp32 stays the CPU default. STUDIO_DTYPE=bfloat16 switches.
CPU_DEFAULT_DTYPE = "float32"


def pick_dtype(spec: ModelSpec, device: str):
    """The torch dtype for a spec on a device: CUDA bf16 (fp16 without bf16) for text, fp16 for images
    (diffusion pipelines are published and tuned in fp16; ``dtype: bfloat16`` asks for bf16), CPU
    default above."""
    import torch

    name = os.environ.get("STUDIO_DTYPE") or spec.dtype
    if name == "auto":
        if device.startswith("cuda"):
            if spec.role == "image":
                name = "float16"
            else:
                name = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        elif spec.role == "image":
            name = "float32"  # diffusers VAEs overflow or are slow in half precision on CPU
        else:
            name = CPU_DEFAULT_DTYPE
    return getattr(torch, name)


# ---------------------------------------------------------------- presence without loading weights


def profile_status(name: str) -> list[ModelStatus]:
    """One status per role (missing roles included) for ``studio models list``; loads no weights."""
    profile = load_profile(name)
    out = []
    for role in ROLES:
        spec = profile.model_for(role)
        if spec is None:
            out.append(ModelStatus(role=role, backend="-", id="-", present=False,
                                   reason=f"no {role} model configured in profile {name}"))
        else:
            out.append(spec_status(spec))
    return out


# ---------------------------------------------------------------- loading (once per process)

_LOADED: dict[tuple, Any] = {}
_LOCK = threading.Lock()


def cached_load(key: tuple, loader):
    """Run ``loader()`` once per key in this process and keep the result."""
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = loader()
        return _LOADED[key]


def unload(spec: ModelSpec | None = None) -> None:
    """Forget loaded models (all, or those of one spec) so memory can be freed or a reload forced."""
    with _LOCK:
        for key in [k for k in _LOADED if spec is None or spec in k]:
            del _LOADED[key]


def load_pretrained(auto_class: str, location: str, dtype, device: str, *, what: str, where: str, fix: str,
                    **load_kwargs: Any):
    """(model, tokenizer) through the real ``from_pretrained`` (``load_kwargs`` passed on, e.g.
    ``attn_implementation``), in eval mode on ``device``; a model that is not there is a ModelError
    that says what to do, not a stack trace."""
    import transformers

    try:
        tok = transformers.AutoTokenizer.from_pretrained(location)
        model = getattr(transformers, auto_class).from_pretrained(location, dtype=dtype, **load_kwargs)
    except OSError as exc:
        raise ModelError(f"cannot load {what}: {exc}", where=where, fix=fix) from None
    return model.to(device).eval(), tok
