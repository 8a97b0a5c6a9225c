"""The ``vllm`` backend (optional extra): chat models on a CUDA GPU through vLLM's offline engine.

``pip install 'studio[vllm]'`` on a machine with a CUDA GPU; then ``backend: vllm`` on a profile's text
entry (example: ``models/large-vllm.yaml``). vLLM schedules its own batches (continuous batching over a
paged KV cache), so one ``generate`` call hands it every prompt at once. The contract is TextGenerator's:
chat template, prefill, one stripped text per prompt in the caller's order. Sampling seeds are per prompt,
derived from ``seed`` and the prompt's text (as the llamacpp backend does), so a prompt's text does not
depend on which others share the call.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import Field, model_validator

from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import check_positive, check_prompts, check_stop
from studio.generate.llamacpp import prompt_seeds
from studio.generate.profiles import cached_load
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status
from studio.generate.text import chat_text

VLLM_FIX = "pip install 'studio[vllm]' on a machine with a CUDA GPU (vLLM does not run on this CPU-only build)"


class VllmSpec(ModelSpec):
    """A chat model for vLLM: ``id`` (hub) or ``path`` (a local folder), plus the engine's settings."""

    gpu_memory_utilization: float = Field(0.85, gt=0, le=1)  # share of GPU memory for weights + KV cache
    max_model_len: int | None = Field(None, gt=0)  # prompt + answer tokens; None: the model's own limit
    tensor_parallel_size: int = Field(1, ge=1)  # GPUs one model is split over
    enforce_eager: bool = False  # True skips CUDA graph capture (faster start, slower decode)

    @model_validator(mode="after")
    def _vllm_can_honour_generation(self) -> VllmSpec:
        # SamplingParams has no no_repeat_ngram_size and no DRY sampler: refused, not silently dropped
        self.generation.refuse_knobs("vllm", {"repetition_penalty", "presence_penalty", "frequency_penalty"})
        return self


def vllm_installed() -> bool:
    """Whether ``import vllm`` would find it; does not import it (that takes seconds and a GPU probe)."""
    if "vllm" in sys.modules:
        return sys.modules["vllm"] is not None
    try:
        return importlib.util.find_spec("vllm") is not None
    except (ImportError, ValueError):
        return False


class VllmBackend(Backend):
    """``backend: vllm`` -> a VllmGenerator."""

    roles = ("text",)
    spec_class = VllmSpec

    def status(self, spec: VllmSpec) -> ModelStatus:
        if not vllm_installed():
            return ModelStatus.of(spec, False, f"vllm not installed: {VLLM_FIX}")
        return local_or_hub_status(spec)

    def load(self, spec: VllmSpec, device: str | None = None) -> VllmGenerator:
        return cached_load(("vllm", spec), lambda: VllmGenerator.from_spec(spec))


class VllmGenerator:
    """A TextModel over one ``vllm.LLM`` engine."""

    role = "text"

    def __init__(self, spec: VllmSpec, llm: Any):
        self.spec, self.llm = spec, llm
        self.tokenizer = llm.get_tokenizer()

    @classmethod
    def from_spec(cls, spec: VllmSpec) -> VllmGenerator:
        try:
            import vllm
        except ImportError:
            raise ModelError(f"text model {spec.name} needs vLLM, which is not installed",
                             where=f"model {spec.name}", fix=VLLM_FIX) from None
        engine: dict[str, Any] = {
            "model": spec.location(),
            "dtype": os.environ.get("STUDIO_DTYPE") or spec.dtype,  # "auto": the checkpoint's (bf16 for Qwen2.5)
            "gpu_memory_utilization": spec.gpu_memory_utilization,
            "tensor_parallel_size": spec.tensor_parallel_size,
            "enforce_eager": spec.enforce_eager,
        }
        if spec.max_model_len is not None:
            engine["max_model_len"] = spec.max_model_len
        try:
            llm = vllm.LLM(**engine)
        except Exception as exc:  # noqa: BLE001 - vLLM raises RuntimeError/ValueError/OSError alike
            raise ModelError(f"vLLM cannot load {spec.name}: {exc}", where=f"model {spec.name}",
                             fix="check the GPU (vLLM needs CUDA) and the weights (`studio models list`)") from None
        return cls(spec, llm)

    def __repr__(self) -> str:
        return f"VllmGenerator({self.spec.name!r})"

    def render(self, prompt: Any) -> str:
        return chat_text(self.tokenizer, prompt)

    def generate(self, prompts: Sequence[Any], *, max_new_tokens: int | None = None,
                 min_new_tokens: int | None = None, seed: int | None = 0, temperature: float | None = None,
                 top_p: float | None = None, batch_size: int | None = None,
                 stop: Sequence[str] | None = None) -> list[str]:
        """One completion per prompt, in order, prefill included; ``batch_size`` is accepted for the
        contract and not needed: vLLM gets every prompt in one call and batches them itself. ``stop``:
        vLLM's own stop strings (the reply ends before the first, which it leaves out). A prompt's ``grammar`` is
        ignored (vLLM's guided decoding is not wired; the drafting loop sends grammars only where ``takes_grammar``)."""
        from vllm import SamplingParams

        check_prompts(prompts)
        check_positive(max_new_tokens=max_new_tokens, batch_size=batch_size)
        stops = check_stop(stop)
        g = self.spec.generation
        max_new = g.max_new_tokens if max_new_tokens is None else max_new_tokens
        min_new = min(g.min_new_tokens if min_new_tokens is None else min_new_tokens, max_new)
        temp = g.temperature if temperature is None else temperature
        nucleus = (g.top_p if top_p is None else top_p) if temp > 0 else 1.0
        # Token ids, not text: the template holds the special tokens, and vLLM would add a BOS again.
        requests = [{"prompt_token_ids": self.tokenizer(self.render(p), add_special_tokens=False)["input_ids"]}
                    for p in prompts]
        params = [SamplingParams(n=1, temperature=temp, top_p=nucleus, max_tokens=max_new, min_tokens=min_new,
                                 repetition_penalty=g.repetition_penalty, presence_penalty=g.presence_penalty,
                                 frequency_penalty=g.frequency_penalty, seed=s, skip_special_tokens=True,
                                 stop=stops or None)
                  for s in prompt_seeds(prompts, seed)]
        outputs = self.llm.generate(requests, sampling_params=params, use_tqdm=False)
        if len(outputs) != len(prompts):
            raise ModelError(f"vLLM returned {len(outputs)} results for {len(prompts)} prompts",
                             where=f"model {self.spec.name}", fix="report this with the vLLM version")
        return [(getattr(p, "prefill", "") + out.outputs[0].text).strip() for p, out in zip(prompts, outputs)]
