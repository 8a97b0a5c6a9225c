"""Model backends by registry: what each role's model can do, and the table from backend name to loader.

A profile entry (``models/*.yaml``) names its ``backend:``; the backend validates the entry's fields
(its ``spec_class``), says whether the model is present without loading it (``status``) and loads it
(``load``) into an object that satisfies its role's protocol: ``TextModel``, ``Translator`` or
``ImageModel``. Drafting only ever talks to those protocols.

Adding a backend is one new module with a ``Backend`` subclass plus one line in ``BACKENDS`` below
(or one ``register_backend`` call; modules named in ``STUDIO_BACKENDS``, comma-separated, are imported
before a backend is looked up, so a plug-in registers itself in every process, generation child included).
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from studio.core.errors import ModelError
from studio.generate.spec import ModelSpec, ModelStatus, Role, local_or_hub_status

# ---------------------------------------------------------------- what each role's model does


@runtime_checkable
class TextModel(Protocol):
    """Chat prompts in, one completion each out.

    Contract (``studio.generate.text.TextGenerator`` is the reference): ``prompts`` are objects with
    ``.system`` and ``.user`` strings and an optional ``.prefill``; the result has one string per
    prompt, in order, without the prompt, starting with the prompt's prefill, stripped. Bad input is
    a ValueError before any work (``studio.generate.base.check_prompts``). The same seed gives the
    same texts. ``stop``: strings that end a reply where the model writes one (the reply ends before it;
    e.g. the next scene's heading when a script is written scene by scene)."""

    def generate(self, prompts: Sequence[Any], *, max_new_tokens: int | None = None,
                 min_new_tokens: int | None = None, seed: int | None = 0,
                 stop: Sequence[str] | None = None) -> list[str]: ...


@runtime_checkable
class Translator(Protocol):
    """Texts from locale ``src`` to ``tgt``: one translation per text, in order; empty stays empty."""

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]: ...


@runtime_checkable
class ImageModel(Protocol):
    """One image (PIL) per prompt; image i depends only on (prompt i, seed i, steps, size)."""

    def generate(self, prompts: Sequence[str], seeds: Sequence[int]) -> list: ...


ROLE_PROTOCOLS: dict[str, type] = {"text": TextModel, "translate": Translator, "image": ImageModel}


class Backend:
    """One way of loading models. Subclass it in one module and add one line to ``BACKENDS``."""

    roles: ClassVar[tuple[Role, ...]] = ("text",)
    spec_class: ClassVar[type[ModelSpec]] = ModelSpec  # the fields a profile entry may hold

    def status(self, spec: ModelSpec) -> ModelStatus:
        """Present here or not, and why; must not load weights (``studio models list`` calls it)."""
        return local_or_hub_status(spec)

    def load(self, spec: ModelSpec, device: str | None = None) -> Any:
        """The model for ``spec``, satisfying ``ROLE_PROTOCOLS[spec.role]``; ModelError when absent."""
        raise NotImplementedError


# ---------------------------------------------------------------- the table

# name -> "module:Class" (imported on first use, so listing models imports no torch) or a Backend.
BACKENDS: dict[str, str | type[Backend] | Backend] = {
    "transformers": "studio.generate.text:TransformersBackend",
    "llamacpp": "studio.generate.llamacpp:LlamaCppBackend",
    "vllm": "studio.generate.vllm_backend:VllmBackend",  # optional extra: pip install 'studio[vllm]'
    "nllb": "studio.generate.translate:NllbBackend",
    "marian": "studio.generate.translate:MarianBackend",
    "diffusers": "studio.generate.image:DiffusersBackend",
}

_RESOLVED: dict[str, tuple[object, Backend]] = {}
_LOCK = threading.RLock()  # a module imported under it may register_backend


def register_backend(name: str, target: str | type[Backend] | Backend) -> None:
    """Add (or replace) a backend: ``target`` is ``"module:Class"``, a Backend class or instance."""
    with _LOCK:
        BACKENDS[name] = target
        _RESOLVED.pop(name, None)


def _import_plugins() -> None:
    for module in filter(None, (m.strip() for m in os.environ.get("STUDIO_BACKENDS", "").split(","))):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ModelError(f"backend plug-in {module!r} cannot be imported: {exc}", where="STUDIO_BACKENDS",
                             fix="install the module or remove it from STUDIO_BACKENDS") from None


def backend_names() -> list[str]:
    _import_plugins()
    return sorted(BACKENDS)


def get_backend(name: str) -> Backend:
    """The backend registered under ``name``; a ModelError naming the known ones otherwise."""
    _import_plugins()
    target = BACKENDS.get(name)
    if target is None:
        raise ModelError(f"unknown backend {name!r}", where="backend", fix=f"use one of: {', '.join(backend_names())}")
    with _LOCK:
        hit = _RESOLVED.get(name)
        if hit is not None and hit[0] is target:
            return hit[1]
        obj: Any = target
        if isinstance(obj, str):
            module, _, attr = obj.partition(":")
            obj = getattr(importlib.import_module(module), attr)
        backend = obj() if isinstance(obj, type) else obj
        if not isinstance(backend, Backend):
            raise TypeError(f"backend {name!r} is {type(backend).__name__}, not a studio.generate.backends.Backend")
        _RESOLVED[name] = (target, backend)
        return backend


# ---------------------------------------------------------------- validating a profile entry


class _Entry(BaseModel):
    """The two fields that pick the spec class; errors land on their own YAML lines."""

    model_config = ConfigDict(extra="ignore")

    backend: Any = Field(None, validate_default=True)
    role: Any = None

    @field_validator("backend")
    @classmethod
    def _known(cls, value: Any) -> Any:
        known = ", ".join(backend_names())
        if value is None:
            raise ValueError(f"a model needs backend: one of {known}")
        if not isinstance(value, str) or value not in BACKENDS:
            raise ValueError(f"unknown backend {value!r}; known backends: {known}")
        return value

    @field_validator("role")
    @classmethod
    def _served(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.data.get("backend")
        if name is not None and isinstance(value, str):
            roles = get_backend(name).roles
            if value in ROLE_PROTOCOLS and value not in roles:
                raise ValueError(f"backend {name} makes {' and '.join(roles)} models, not {value}")
        return value


def parse_spec(data: Any) -> ModelSpec:
    """A profile entry (a mapping) validated by its backend's spec class; pydantic errors keep their
    field paths, so ``load_profile`` can name the file and line."""
    if isinstance(data, ModelSpec):
        return data
    if not isinstance(data, dict):
        raise ValueError("a model must be a mapping with role, backend and id or path")
    name = _Entry.model_validate(data).backend
    return get_backend(name).spec_class.model_validate(data)


def spec_status(spec: ModelSpec) -> ModelStatus:
    return get_backend(spec.backend).status(spec)


def load_model(spec: ModelSpec, device: str | None = None) -> Any:
    """The loaded model for a spec, through its backend; checked against its role's protocol."""
    model = get_backend(spec.backend).load(spec, device)
    protocol = ROLE_PROTOCOLS[spec.role]
    if not isinstance(model, protocol):
        raise TypeError(f"backend {spec.backend} returned a {type(model).__name__} for {spec.name}, "
                        f"which does not satisfy {protocol.__name__}")
    return model
