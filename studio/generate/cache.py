"""A content-addressed cache of generated texts: the same model, prompt, parameters and seed never
generate twice.

``CachedTextModel`` wraps any ``TextModel``. Each prompt's key is the sha256 of the model's spec (backend,
id or path, dtype, generation defaults), the prompt (system, user, prefill), the call's parameters and the
seed; the text is one small JSON file ``<dir>/<key[:2]>/<key>.json``, written atomically (a temporary file
renamed into place), so processes and Ray actors sharing the folder share the results and a crash never
leaves half a file. Only the prompts without a stored result go to the model, in one batched call.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studio.generate.spec import GenerationDefaults, ModelSpec

# the loop knobs a profile's generation settings gained after the first keys were written (all but these two)
NEWER_KNOBS = tuple(k for k in GenerationDefaults.LOOP_KNOBS if k not in ("repetition_penalty", "no_repeat_ngram_size"))


def result_key(spec: ModelSpec, prompt: Any, params: dict[str, Any]) -> str:
    """sha256 of what decides a text: the model, the prompt, the parameters and the seed."""
    said = {"system": prompt.system, "user": prompt.user, "prefill": getattr(prompt, "prefill", None)}
    if getattr(prompt, "history", ()):  # earlier turns (a repair's task and draft); absent: keys stay as they were
        said["history"] = [list(turn) for turn in prompt.history]
    if getattr(prompt, "grammar", ""):  # a reply under a grammar is another text; absent: keys stay as they were
        said["grammar"] = prompt.grammar
    model = spec.model_dump(mode="json", exclude={"description", "tier"})
    # the loop knobs added later (DRY, presence/frequency) count when set; at their defaults keys stay as they were
    generation = model.get("generation", {})
    for knob in set(NEWER_KNOBS) - set(spec.generation.set_knobs()):
        generation.pop(knob, None)
    doc = {"model": model, "prompt": said, "params": params}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class CachedTextModel:
    """A TextModel that answers from the cache folder when it can and asks ``model`` for the rest."""

    def __init__(self, model: Any, spec: ModelSpec, folder: Path):
        self.model, self.spec, self.folder = model, spec, Path(folder)
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _read(self, key: str) -> str | None:
        try:
            doc = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, or unreadable: generate again (and overwrite)
            return None
        text = doc.get("text") if isinstance(doc, dict) else None
        return text if isinstance(text, str) else None

    def _write(self, key: str, text: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"model": self.spec.name, "text": text}, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:  # a read-only or full disk costs the cache, never the run
            pass

    def generate(self, prompts: Sequence[Any], *, max_new_tokens: int | None = None,
                 min_new_tokens: int | None = None, seed: int | None = 0, **kwargs) -> list[str]:
        from studio.generate.base import check_prompts

        check_prompts(prompts)
        params = {"max_new_tokens": max_new_tokens, "min_new_tokens": min_new_tokens, "seed": seed, **kwargs}
        keys = [result_key(self.spec, p, params) for p in prompts]
        out: list[str | None] = [self._read(k) for k in keys]
        missing = [i for i, text in enumerate(out) if text is None]
        self.hits += len(prompts) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self.model.generate([prompts[i] for i in missing], max_new_tokens=max_new_tokens,
                                        min_new_tokens=min_new_tokens, seed=seed, **kwargs)
            for i, text in zip(missing, fresh):
                out[i] = text
                self._write(keys[i], text)
        return out  # type: ignore[return-value]


def cached(model: Any, spec: ModelSpec, folder: Path | None) -> Any:
    """``model`` behind the result cache in ``folder``; the model itself when the cache is off."""
    return model if folder is None else CachedTextModel(model, spec, folder)
