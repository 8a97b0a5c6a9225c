"""A test double for the text model (simonw/llm style): returns queued or computed output.

Lives in tests/ only. It is a registered backend (``queued``) used by the test profile
``tests/helpers/models/queued.yaml``: the product code loads it through the same registry as a real
model, in this process or in the server's generation child (which imports this module because
``STUDIO_BACKENDS`` names it).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.core.config import get_settings
from studio.generate.backends import Backend, register_backend
from studio.generate.base import check_prompts
from studio.generate.spec import ModelSpec, ModelStatus

MODELS_DIR = Path(__file__).parent / "models"
PROFILE = "queued"


class QueuedTextModel:
    """``generate`` answers each prompt with ``responder(prompt)``; records every call."""

    def __init__(self, responder: Callable[[object], str], fail_after_calls: int | None = None, delay_s: float = 0):
        self.responder = responder
        self.calls: list[list[object]] = []
        self.options: list[dict] = []  # each call's keyword arguments (max_new_tokens, stop, ...), by call
        self.fail_after_calls = fail_after_calls
        self.delay_s = delay_s  # per call: a run long enough to watch (or to kill a worker in)

    def generate(self, prompts, *, max_new_tokens=None, min_new_tokens=None, seed=0, **kwargs) -> list[str]:
        check_prompts(prompts)  # the TextModel contract: bad input fails before any work
        if self.fail_after_calls is not None and len(self.calls) >= self.fail_after_calls:
            raise KeyboardInterrupt("simulated kill in the middle of a run")
        self.calls.append(list(prompts))
        self.options.append({"max_new_tokens": max_new_tokens, "min_new_tokens": min_new_tokens, "seed": seed, **kwargs})
        time.sleep(self.delay_s)
        return [self.responder(p) for p in prompts]


def script_json(voiceover: str = "Cold water all day.", scenes: int = 3) -> str:
    return json.dumps({"scenes": [{"visual": f"Shot {i}", "on_screen_text": "Fjell", "voiceover": voiceover,
                                   "duration_s": 5} for i in range(scenes)]})


def default_responder(prompt) -> str:
    """A plausible reply per kind, read off the prompt text."""
    text = f"{prompt.system}\n{prompt.user}".lower()
    if "scene" in text and "json" in text:
        return "```json\n" + script_json() + "\n```"
    if "image" in text and "prompt" in text:
        return "A hiker by a mountain lake at dawn holding a steel bottle, soft light"
    return "Headline: Fjell Bottle keeps drinks cold for 24 hours"


class QueuedBackend(Backend):
    """``backend: queued`` -> the model a test installed (else one with the default responder)."""

    roles = ("text",)
    current: QueuedTextModel | None = None

    def status(self, spec: ModelSpec) -> ModelStatus:
        return ModelStatus.of(spec, True, "test double from tests/helpers/queued_model.py")

    def load(self, spec: ModelSpec, device: str | None = None) -> QueuedTextModel:
        """In another process (a server's child, a Ray actor), ``STUDIO_TEST_MODEL_DELAY_S`` slows each call."""
        delay = float(os.environ.get("STUDIO_TEST_MODEL_DELAY_S") or 0)
        return QueuedBackend.current or QueuedTextModel(default_responder, delay_s=delay)


register_backend("queued", QueuedBackend)


def install(monkeypatch, model: QueuedTextModel) -> QueuedTextModel:
    """Make ``model`` the one runs draft with, through the ``queued`` test profile (child processes
    too), for as long as ``monkeypatch`` lasts."""
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(MODELS_DIR))
    monkeypatch.setenv("STUDIO_PROFILE", PROFILE)
    monkeypatch.setenv("STUDIO_BACKENDS", __name__)
    monkeypatch.setattr(QueuedBackend, "current", model)
    get_settings.cache_clear()
    return model


@pytest.fixture
def use_model(monkeypatch):
    """``use_model(QueuedTextModel(...))``: runs started after it draft with that model, through the
    ``queued`` profile (the default profile while the test runs, in child processes too)."""

    yield lambda model: install(monkeypatch, model)
    monkeypatch.undo()  # the environment first, so no later fixture caches the test settings
    get_settings.cache_clear()
