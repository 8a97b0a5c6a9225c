"""A test double for the text model (simonw/llm style): returns queued or computed output.

Lives in tests/ only. The product always loads real models; tests swap this in with monkeypatch to
exercise the pipeline's plumbing without paying for generation.
"""

from __future__ import annotations

import json
from collections.abc import Callable


class QueuedTextModel:
    """``generate`` answers each prompt with ``responder(prompt)``; records every call."""

    def __init__(self, responder: Callable[[object], str], fail_after_calls: int | None = None):
        self.responder = responder
        self.calls: list[list[object]] = []
        self.fail_after_calls = fail_after_calls

    def generate(self, prompts, **kwargs) -> list[str]:
        if self.fail_after_calls is not None and len(self.calls) >= self.fail_after_calls:
            raise KeyboardInterrupt("simulated kill in the middle of a run")
        self.calls.append(list(prompts))
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


def install(monkeypatch, model: QueuedTextModel) -> QueuedTextModel:
    """Make every DraftMaker use ``model`` instead of loading the profile's text model."""
    from studio.generate.drafting import DraftMaker

    monkeypatch.setattr(DraftMaker, "text_model", property(lambda self: model))
    return model
