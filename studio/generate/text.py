"""Text generation with a transformers causal LM: chat template, left-padded batches, seeded sampling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from studio.generate.base import Generator, check_positive
from studio.generate.profiles import ModelSpec, load_causal_lm, pick_device


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
        if isinstance(prompts, (str, bytes)) or not isinstance(prompts, Sequence):
            raise ValueError(f"prompts must be a list of ChatPrompt, got {type(prompts).__name__}")
        for i, p in enumerate(prompts):
            # Duck typing: any object with .system and .user strings (studio.generate.prompts.ChatPrompt).
            if not (isinstance(getattr(p, "system", None), str) and isinstance(getattr(p, "user", None), str)):
                raise ValueError(f"prompts[{i}] must have .system and .user strings, got {type(p).__name__}")
            if not p.user.strip():
                raise ValueError(f"prompts[{i}].user is empty")
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
