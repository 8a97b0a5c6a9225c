"""What one model entry of a profile holds, before any backend is involved.

``ModelSpec`` carries the fields every backend shares (role, backend, where the weights are, dtype,
generation defaults, tier, description). A backend that needs more fields subclasses it; the registry
(``studio.generate.backends``) validates each entry of ``models/*.yaml`` with its backend's class.
``ModelStatus`` is what ``studio models list`` prints for one model.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["text", "translate", "image"]
ROLES: tuple[str, ...] = ("text", "translate", "image")


class GenerationDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The loop knobs only some backends honour (each backend's spec refuses the ones it cannot, at load).
    LOOP_KNOBS: ClassVar[tuple[str, ...]] = ("repetition_penalty", "no_repeat_ngram_size", "dry_multiplier", "dry_base",
                                             "dry_allowed_length", "dry_penalty_last_n", "presence_penalty",
                                             "frequency_penalty")

    def set_knobs(self) -> dict[str, float | int]:
        """The loop knobs set away from their defaults (what a backend must honour or refuse)."""
        return {k: getattr(self, k) for k in self.LOOP_KNOBS
                if getattr(self, k) != type(self).model_fields[k].default}

    def refuse_knobs(self, backend: str, can: set[str]) -> None:
        """ValueError naming the set knobs ``backend`` cannot honour (``can``: those it maps)."""
        if bad := [k for k in self.set_knobs() if k not in can]:
            raise ValueError(f"backend {backend} has no {', '.join(bad)}; remove it (it honours "
                             f"{', '.join(sorted(can)) or 'none of them'})")

    max_new_tokens: int = Field(256, gt=0)
    # SmolLM-class models emit EOS after a few tokens unless made to go on.
    min_new_tokens: int = Field(0, ge=0)
    temperature: float = Field(0.7, ge=0)
    top_p: float = Field(0.9, gt=0, le=1)
    # Small models loop ("is an innovative product, is an innovative product"); these damp it.
    repetition_penalty: float = Field(1.0, ge=1.0)
    no_repeat_ngram_size: int = Field(0, ge=0)
    # llama.cpp's DRY sampler ("don't repeat yourself"): a token that would extend a run of the context said before
    # (longer than ``dry_allowed_length`` tokens) loses ``dry_multiplier * dry_base ** (run - allowed)`` of its logit,
    # over the last ``dry_penalty_last_n`` tokens (-1: the whole context; 0: off). 0 multiplier: off. Loops under a
    # grammar ('ماء ماء ماء', ar-SA) are its aim: the grammar bars the way out the model wanted and it says a word again.
    dry_multiplier: float = Field(0.0, ge=0, le=5)
    dry_base: float = Field(1.75, ge=1.0, le=4)
    dry_allowed_length: int = Field(2, ge=1, le=20)
    dry_penalty_last_n: int = Field(-1, ge=-1)
    # OpenAI-style penalties on a token already generated: flat (presence) and per time said (frequency).
    presence_penalty: float = Field(0.0, ge=-2, le=2)
    frequency_penalty: float = Field(0.0, ge=-2, le=2)
    # Image models: few steps, no classifier-free guidance (SD-Turbo style).
    steps: int = Field(4, gt=0)
    guidance_scale: float = Field(0.0, ge=0)
    width: int = Field(512, gt=0, multiple_of=8)
    height: int = Field(512, gt=0, multiple_of=8)


class ModelSpec(BaseModel):
    """One model of a profile. Frozen and hashable: it is the key of the in-process model cache.

    Weights come from ``path`` (a local folder) when it is set, else from the hub id ``id``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    backend: str
    id: str | None = None  # hub id; shown to users
    path: str | None = None  # a local folder; wins over id when set
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    generation: GenerationDefaults = GenerationDefaults()
    tier: str = ""
    description: str = ""

    @model_validator(mode="after")
    def _id_or_path(self) -> ModelSpec:
        if type(self).needs_location and not (self.id or self.path):
            raise ValueError(f"backend {self.backend} needs id (a hub id) or path (a local folder)")
        return self

    # A backend whose weights are found another way (a package, a service) sets this False.
    needs_location: ClassVar[bool] = True

    @property
    def name(self) -> str:
        """What users see: the hub id, else the path."""
        return self.id or self.path or self.backend

    @property
    def local(self) -> bool:
        return self.path is not None

    def location(self, **fill: str) -> str:
        """What ``from_pretrained`` gets: the local path (expanded) or hub id, ``{src}``-style fields filled."""
        loc = self.path if self.local else self.id
        assert loc is not None
        if fill:
            loc = loc.format(**fill)
        return str(Path(loc).expanduser()) if self.local else loc


class ModelStatus(BaseModel):
    """Whether one model is present here, and why (not); computed without loading weights."""

    role: str
    backend: str
    id: str
    present: bool
    reason: str

    @classmethod
    def of(cls, spec: ModelSpec, present: bool, reason: str) -> ModelStatus:
        return cls(role=spec.role, backend=spec.backend, id=spec.name, present=present, reason=reason)


def local_or_hub_status(spec: ModelSpec, filename: str = "config.json") -> ModelStatus:
    """A local folder exists, or the hub id's ``filename`` is in the local Hugging Face cache."""
    if spec.local:
        p = Path(spec.location())
        return ModelStatus.of(spec, p.exists(), f"local path {p}" + ("" if p.exists() else " does not exist"))
    from huggingface_hub import try_to_load_from_cache

    if isinstance(try_to_load_from_cache(spec.id or "", filename), str):
        return ModelStatus.of(spec, True, "in the local Hugging Face cache")
    return ModelStatus.of(spec, False, f"not in the local Hugging Face cache: run `hf download {spec.id}` "
                                       "where the hub is reachable")
