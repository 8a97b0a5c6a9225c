"""A stand-in for the ``vllm`` package (test double; no engine, no GPU): ``LLM`` and ``SamplingParams``
with vLLM's names and keyword checks, recording what the studio sends. Tests inject it with
``monkeypatch.setitem(sys.modules, "vllm", fake_vllm)``.

The reply to a prompt is a few words of the tokenizer's vocabulary picked by the request's seed (the
first words when greedy), so tests can see that seeds and order come back where they belong."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

# vllm.SamplingParams fields (vllm/sampling_params.py); an unknown keyword is a TypeError there too.
SAMPLING_FIELDS = {
    "n", "presence_penalty", "frequency_penalty", "repetition_penalty", "temperature", "top_p", "top_k", "min_p",
    "seed", "stop", "stop_token_ids", "ignore_eos", "max_tokens", "min_tokens", "logprobs", "prompt_logprobs",
    "detokenize", "skip_special_tokens", "spaces_between_special_tokens", "include_stop_str_in_output",
    "output_kind", "structured_outputs", "logit_bias", "allowed_token_ids", "extra_args", "bad_words",
}
# vllm.LLM keyword arguments the studio may use (the engine takes many more).
ENGINE_ARGS = {"tokenizer", "dtype", "seed", "gpu_memory_utilization", "tensor_parallel_size", "max_model_len",
               "enforce_eager", "trust_remote_code", "quantization"}
WORDS = ["fresh", "coffee", "bold", "taste", "morning", "city", "light", "strong", "smooth", "day"]


class SamplingParams:
    def __init__(self, **kwargs: Any):
        unknown = sorted(set(kwargs) - SAMPLING_FIELDS)
        if unknown:
            raise TypeError(f"SamplingParams got unexpected keyword arguments {unknown}")
        self.n, self.temperature, self.top_p, self.seed = 1, 1.0, 1.0, None
        self.max_tokens, self.min_tokens, self.repetition_penalty = 16, 0, 1.0
        self.__dict__.update(kwargs)


@dataclass
class CompletionOutput:
    index: int
    text: str
    token_ids: list[int]


@dataclass
class RequestOutput:
    request_id: str
    prompt_token_ids: list[int]
    outputs: list[CompletionOutput] = field(default_factory=list)


class LLM:
    created: list[LLM] = []  # every engine made, newest last

    def __init__(self, model: str, **kwargs: Any):
        unknown = sorted(set(kwargs) - ENGINE_ARGS)
        if unknown:
            raise TypeError(f"LLM got unexpected keyword arguments {unknown}")
        from transformers import AutoTokenizer

        self.model, self.kwargs = model, kwargs
        self.tokenizer = AutoTokenizer.from_pretrained(model)  # vLLM loads the model folder's tokenizer too
        self.calls: list[tuple[list[Any], Any]] = []
        LLM.created.append(self)

    def get_tokenizer(self):
        return self.tokenizer

    def generate(self, prompts: list[Any], sampling_params: Any = None, *, use_tqdm: bool = True, **_: Any):
        self.calls.append((list(prompts), sampling_params))
        params = sampling_params if isinstance(sampling_params, list) else [sampling_params or SamplingParams()] * len(prompts)
        if len(params) != len(prompts):
            raise ValueError("the lengths of prompts and sampling_params must be the same")
        out = []
        for i, (prompt, sp) in enumerate(zip(prompts, params)):
            if sp.temperature == 0:
                words = WORDS[: sp.max_tokens]
            else:
                rng = random.Random(sp.seed)
                words = [rng.choice(WORDS) for _ in range(sp.max_tokens)]
            out.append(RequestOutput(str(i), list(prompt["prompt_token_ids"]),
                                     [CompletionOutput(0, " " + " ".join(words), list(range(len(words))))]))
        return out
