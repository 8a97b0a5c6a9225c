"""Recipe: a new text backend is one module plus one registration line (docs/ARCHITECTURE.md).

The "one module" is the block below the line of dashes: ``PipelineBackend`` serves ``role: text``
through transformers' ``pipeline("text-generation")``. The "one registration line" is
``BACKENDS["hf-pipeline"] = "module:PipelineBackend"`` (in the product, a line in the ``BACKENDS``
table of studio/generate/backends.py; here ``monkeypatch.setitem`` so it is undone after the test).
A profile YAML written by the test then names ``backend: hf-pipeline`` and the real pipeline drafts
with it: nothing else in studio/ learns about the new backend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate.backends import BACKENDS, Backend, TextModel, load_model
from studio.generate.base import check_prompts
from studio.generate.labels import strip_ai_label
from studio.generate.profiles import load_profile, pick_device, pick_dtype
from studio.generate.spec import ModelSpec
from tests.helpers.tiny_models import WORDS, build_tiny_llama

# ------------------------------------------------------------------ the new backend's module


class PipelineTextModel:
    """A TextModel over a transformers text-generation pipeline."""

    def __init__(self, spec: ModelSpec, pipe: Any):
        self.spec, self.pipe = spec, pipe

    def generate(self, prompts: Sequence[Any], *, max_new_tokens: int | None = None,
                 min_new_tokens: int | None = None, seed: int | None = 0, **_: Any) -> list[str]:
        from transformers import set_seed

        check_prompts(prompts)  # the protocol's contract: bad input fails before any work
        g = self.spec.generation
        max_new = max_new_tokens or g.max_new_tokens
        texts = []
        for p in prompts:
            messages = ([{"role": "system", "content": p.system}] if p.system else []) + [{"role": "user", "content": p.user}]
            texts.append(self.pipe.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
                         + getattr(p, "prefill", ""))
        if seed is not None:
            set_seed(seed)
        sampling = {"do_sample": True, "temperature": g.temperature, "top_p": g.top_p} if g.temperature > 0 else {"do_sample": False}
        outs = self.pipe(texts, max_new_tokens=max_new, min_new_tokens=min(min_new_tokens or g.min_new_tokens, max_new),
                         return_full_text=False, add_special_tokens=False, **sampling)
        return [(getattr(p, "prefill", "") + out[0]["generated_text"]).strip() for p, out in zip(prompts, outs)]


class PipelineBackend(Backend):
    """``backend: hf-pipeline``: ``id`` or ``path`` as every backend; presence is the default
    (local folder exists, or the hub id is in the local cache)."""

    roles = ("text",)

    def load(self, spec: ModelSpec, device: str | None = None) -> PipelineTextModel:
        from transformers import pipeline

        device = device or pick_device()
        try:
            pipe = pipeline("text-generation", model=spec.location(), device=device, dtype=pick_dtype(spec, device))
        except OSError as exc:
            raise ModelError(f"cannot load text model {spec.name}: {exc}", where=f"model {spec.name}",
                             fix="check `studio models list` for what is present") from None
        return PipelineTextModel(spec, pipe)


# ------------------------------------------------------------------ the test

SAMPLE = "examples/campaign.yaml"


@pytest.fixture
def recipe_profile(tmp_path, monkeypatch):
    """A profile YAML naming the new backend, in a models folder the settings point at."""
    model = build_tiny_llama(tmp_path / "llama")
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "recipe.yaml").write_text(
        "name: recipe\nmodels:\n  - role: text\n    backend: hf-pipeline\n"
        f"    path: {model}\n    dtype: float32\n    tier: draft\n    description: recipe\n"
        "    generation: {temperature: 0}\n")
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(models_dir))
    get_settings.cache_clear()
    yield model
    monkeypatch.undo()
    get_settings.cache_clear()


def register(monkeypatch):
    monkeypatch.setitem(BACKENDS, "hf-pipeline", f"{__name__}:PipelineBackend")  # the registration line


def test_without_the_registration_line_the_profile_names_the_known_backends(recipe_profile):
    with pytest.raises(ModelError, match=r"unknown backend 'hf-pipeline'; known backends: .*transformers"):
        load_profile("recipe")


def test_a_new_backend_drafts_through_the_real_pipeline(recipe_profile, monkeypatch, tmp_path):
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import run_brief
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    register(monkeypatch)
    model = load_model(load_profile("recipe").require("text"), device="cpu")
    assert isinstance(model, TextModel) and isinstance(model, PipelineTextModel)

    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    summary = run_brief(load_brief(SAMPLE), db_url=db_url, profile="recipe", locales=["en-US"],
                        kinds=["copy", "video_script"])
    assert summary.state == "completed"
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset)).all()
    assert {(a.kind, a.status) for a in assets} == {("copy", "in_review"), ("video_script", "in_review")}
    assert len(assets) == 4
    for a in assets:  # each draft says which model and profile made it
        assert a.generation["profile"] == "recipe" and a.generation["model"] == str(recipe_profile)
    copies = [a for a in assets if a.kind == "copy"]
    vocab = set(WORDS)
    for a in copies:  # the text is the tiny model's own words (and the AI label the studio appends), nothing else
        made = a.generation.get("assembled")
        if made:  # a post whose every reply said nothing of the brief is assembled from it (drafts-posts29), a
            # headline whose every reply failed a gate said in the locale's words (drafts-head30), and says so; the
            # model's words are kept beside it
            assert any("the locale's words" in p for p in a.generation["problems"]) and made["from"] != a.text
        text = strip_ai_label((made or {}).get("from") or a.generation.get("picked_from") or a.text or "", a.locale)
        written = re.findall(r"[A-Za-z]+", text)
        assert written and set(written) <= vocab, a.text
    script = next(a for a in assets if a.kind == "video_script")
    assert script.script or (script.note and script.generation["problems"])  # gibberish is said, not hidden


def test_models_list_shows_the_new_backend(recipe_profile, monkeypatch):
    from studio.cli.main import app

    register(monkeypatch)
    result = CliRunner().invoke(app, ["models", "list", "recipe"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "present" in result.output and "(backend hf-pipeline)" in result.output
    assert str(recipe_profile) in result.output
