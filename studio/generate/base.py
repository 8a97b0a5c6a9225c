"""The shared shape of the generators (diffusers style): ``from_spec``, named components, and
``check_inputs`` that fails before any work with a precise ValueError."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from studio.generate.spec import ModelSpec


class Generator:
    """Base for TextGenerator, Seq2SeqTranslator and ImageGenerator."""

    role: ClassVar[str]
    components: ClassVar[tuple[str, ...]] = ()  # attribute names of the loaded parts

    def __init__(self, spec: ModelSpec, device: str, **parts: Any):
        self.spec = spec
        self.device = device
        for name in self.components:
            setattr(self, name, parts.get(name))

    @classmethod
    def from_spec(cls, spec: ModelSpec, device: str | None = None) -> Generator:
        raise NotImplementedError

    @classmethod
    def _check_role(cls, spec: ModelSpec) -> None:
        if spec.role != cls.role:
            raise ValueError(f"{cls.__name__} needs a {cls.role} model, got role {spec.role} ({spec.name})")

    def __repr__(self) -> str:
        parts = ", ".join(f"{c}={type(getattr(self, c, None)).__name__}" for c in self.components)
        return f"{type(self).__name__}({self.spec.name!r}, device={self.device!r}, {parts})"


def check_batch(name: str, items: Sequence, *, kind: type | tuple = str) -> None:
    """A non-empty list whose items are all of ``kind``; says which item is wrong."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise ValueError(f"{name} must be a list, got {type(items).__name__}")
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise ValueError(f"{name}[{i}] must be {getattr(kind, '__name__', kind)}, got {type(item).__name__}")


def check_prompts(prompts: Sequence[Any]) -> None:
    """What every TextModel refuses before any work: not a list, an item without .system/.user
    strings, an empty user message."""
    if isinstance(prompts, (str, bytes)) or not isinstance(prompts, Sequence):
        raise ValueError(f"prompts must be a list of ChatPrompt, got {type(prompts).__name__}")
    for i, p in enumerate(prompts):
        # Duck typing: any object with .system and .user strings (studio.generate.prompts.ChatPrompt).
        if not (isinstance(getattr(p, "system", None), str) and isinstance(getattr(p, "user", None), str)):
            raise ValueError(f"prompts[{i}] must have .system and .user strings, got {type(p).__name__}")
        if not p.user.strip():
            raise ValueError(f"prompts[{i}].user is empty")


def chat_messages(prompt: Any) -> list[dict[str, str]]:
    """The chat of a prompt, before the assistant's answer: the system message, the earlier turns
    (``.history``: (user, assistant) pairs, e.g. the task and the draft a repair asks to fix), the user
    message. The prefill is the backends' to add (each continues it its own way)."""
    messages = [{"role": "system", "content": prompt.system}] if prompt.system else []
    for user, assistant in getattr(prompt, "history", ()) or ():
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return [*messages, {"role": "user", "content": prompt.user}]


def check_stop(stop: Sequence[str] | None) -> list[str]:
    """The stop strings of a generate call as a list (none: ``[]``); a ValueError for a bare string or an
    empty one (an empty stop string would end every reply before its first character)."""
    if stop is None:
        return []
    if isinstance(stop, (str, bytes)) or not isinstance(stop, Sequence):
        raise ValueError(f"stop must be a list of strings, got {type(stop).__name__}")
    for i, s in enumerate(stop):
        if not isinstance(s, str) or not s:
            raise ValueError(f"stop[{i}] must be a non-empty string, got {s!r}")
    return list(stop)


def cut_at_stop(text: str, stop: Sequence[str], start: int = 0) -> str:
    """``text`` up to the first of the ``stop`` strings found at or after ``start`` (the prefill's end):
    what llama.cpp and vLLM return for a reply that met a stop string, for runtimes that keep it."""
    ends = [at for at in (text.find(s, start) for s in stop) if at >= 0]
    return text[:min(ends)] if ends else text


def check_positive(**values: int | None) -> None:
    for name, value in values.items():
        if value is not None and (not isinstance(value, int) or value <= 0):
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
