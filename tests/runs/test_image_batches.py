"""A campaign's image jobs reach the image model as one batched call, not one call per image."""

from __future__ import annotations

import pytest
from sqlmodel import select

from studio.core.config import get_settings
from studio.generate.image import ImageGenerator, read_provenance
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import MODELS_DIR, QueuedTextModel, default_responder, use_model  # noqa: F401
from tests.helpers.tiny_models import build_tiny_sd

PROFILE = """\
name: queued-images
description: Tests only. The queued text double and a tiny random Stable Diffusion pipeline.
models:
{text}
  - role: image
    backend: diffusers
    path: {sd}
    batch_size: 2
    generation: {{steps: 1, width: 64, height: 48}}
"""


@pytest.fixture
def image_profile(tmp_path, monkeypatch, use_model):
    use_model(QueuedTextModel(default_responder))
    text = (MODELS_DIR / "queued.yaml").read_text().split("models:\n", 1)[1].rstrip()
    models = tmp_path / "models"
    models.mkdir()
    (models / "queued-images.yaml").write_text(PROFILE.format(text=text, sd=build_tiny_sd(tmp_path / "sd")))
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(models))
    monkeypatch.setenv("STUDIO_PROFILE", "queued-images")
    monkeypatch.setenv("STUDIO_MEDIA_DIR", str(tmp_path / "media"))
    get_settings.cache_clear()
    yield tmp_path / "sd"
    get_settings.cache_clear()


def test_a_campaigns_images_are_generated_in_batches_and_marked(tmp_path, monkeypatch, image_profile):
    calls: list[list[str]] = []
    pipeline_batches: list[int] = []
    generate = ImageGenerator.generate

    def spy(self, prompts, seeds, **kw):
        calls.append(list(prompts))
        pipe = self.pipeline
        self.pipeline = lambda *, prompt, **k: pipeline_batches.append(len(prompt)) or pipe(prompt=prompt, **k)
        try:
            return generate(self, prompts, seeds, **kw)
        finally:
            self.pipeline = pipe

    monkeypatch.setattr(ImageGenerator, "generate", spy)
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    summary = run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["en-US", "de-DE", "fr-FR"],
                        kinds=["image"])
    assert summary.state == "completed"
    assert len(calls) == 1 and len(calls[0]) == 3  # three locales' image prompts in one call...
    assert pipeline_batches == [2, 1]  # ...split by the profile's batch_size
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset).where(Asset.kind == "image")).all()
    assert sorted(a.locale for a in assets) == ["de-DE", "en-US", "fr-FR"]
    for asset in assets:
        prov = read_provenance(asset.image_path)
        assert prov["ai_generated"] and prov["model"] == str(image_profile)
        assert prov["seed"] == asset.generation["seed"] and asset.generation["image_model"] == str(image_profile)
