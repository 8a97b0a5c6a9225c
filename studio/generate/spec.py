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

    max_new_tokens: int = Field(256, gt=0)
    # SmolLM-class models emit EOS after a few tokens unless made to go on.
    min_new_tokens: int = Field(0, ge=0)
    temperature: float = Field(0.7, ge=0)
    top_p: float = Field(0.9, gt=0, le=1)
    # Small models loop ("is an innovative product, is an innovative product"); these damp it.
    repetition_penalty: float = Field(1.0, ge=1.0)
    no_repeat_ngram_size: int = Field(0, ge=0)
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
