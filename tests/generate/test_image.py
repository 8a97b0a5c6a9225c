"""Images on a tiny random Stable Diffusion pipeline; the PNG carries a machine-readable AI marking."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.core.errors import ModelError
from studio.generate.image import TRAINED_ALGORITHMIC_MEDIA, ImageGenerator, prompt_sha256, read_provenance, save_png
from studio.generate.profiles import load_profile
from tests.helpers.tiny_models import build_tiny_sd, spec


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    path = build_tiny_sd(tmp_path_factory.mktemp("sd"))
    return ImageGenerator.from_spec(spec("image", path), device="cpu")


def test_one_image_per_prompt_at_the_asked_size(images):
    out = images.generate(["a red cup of coffee", "blue running shoes"], [1, 2], steps=2, width=128, height=64)
    assert len(out) == 2 and all(isinstance(i, Image.Image) and i.size == (128, 64) for i in out)


def test_seed_makes_the_image_reproducible(images):
    a, b = images.generate(["a red cup", "a red cup"], [5, 5], steps=2, width=64, height=64)
    (c,) = images.generate(["a red cup"], [6], steps=2, width=64, height=64)
    assert np.array_equal(np.asarray(a), np.asarray(b))
    assert not np.array_equal(np.asarray(a), np.asarray(c))


@pytest.mark.parametrize(
    "prompts, seeds, kw, message",
    [
        (["a", "b"], [1], {}, "one seed per prompt"),
        (["a"], [1], {"width": 100}, "multiple of 8"),
        (["a"], ["1"], {}, r"seeds\[0\]"),
        (["a"], [1], {"steps": 0}, "steps"),
    ],
)
def test_bad_inputs_fail_before_any_work(images, prompts, seeds, kw, message):
    with pytest.raises(ValueError, match=message):
        images.generate(prompts, seeds, **kw)


def test_png_carries_the_ai_marking_and_reads_back(images, tmp_path):
    (img,) = images.generate(["a cup"], [3], steps=1, width=64, height=64)
    path = save_png(img, tmp_path / "out" / "cup.png", model="tiny-sd", seed=3, prompt="a cup")
    prov = read_provenance(path)
    assert prov == {"digital_source_type": TRAINED_ALGORITHMIC_MEDIA, "ai_generated": True, "model": "tiny-sd",
                    "seed": 3, "prompt_sha256": prompt_sha256("a cup")}
    raw = path.read_bytes()
    assert b"iTXt" in raw and b"XML:com.adobe.xmp" in raw and b"Iptc4xmpExt:DigitalSourceType" in raw
    assert b"a cup" not in raw  # the prompt itself stays private; its hash proves which it was
    assert [p.name for p in path.parent.iterdir()] == ["cup.png"]  # no temp file left


def test_unmarked_png_reads_as_not_ai_generated(tmp_path):
    Image.new("RGB", (8, 8)).save(tmp_path / "plain.png")
    assert read_provenance(tmp_path / "plain.png")["ai_generated"] is False


def test_tiny_profile_has_no_image_model():
    assert load_profile("tiny").model_for("image") is None
    with pytest.raises(ModelError, match="no image model configured in profile tiny"):
        load_profile("tiny").require("image")


def test_missing_image_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load image model"):
        ImageGenerator.from_spec(spec("image", tmp_path / "none"), device="cpu")
