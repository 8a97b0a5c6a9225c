"""Images on a tiny random Stable Diffusion pipeline; the PNG carries a machine-readable AI marking."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.core.errors import ModelError
from studio.generate.image import TRAINED_ALGORITHMIC_MEDIA, ImageGenerator, prompt_sha256, read_provenance, save_png
from studio.generate.profiles import load_profile
from tests.helpers.tiny_models import build_tiny_sd, spec

PROMPTS = ["a red cup of coffee", "blue running shoes", "green tea in the morning", "a city at night", "summer"]
SEEDS = [11, 12, 13, 14, 15]


@pytest.fixture(scope="module")
def sd_path(tmp_path_factory):
    return build_tiny_sd(tmp_path_factory.mktemp("sd"))


@pytest.fixture(scope="module")
def images(sd_path):
    return ImageGenerator.from_spec(spec("image", sd_path), device="cpu")


def pixels(img) -> np.ndarray:
    return np.asarray(img, dtype=np.int16)


def max_diff(a, b) -> int:
    return int(np.abs(pixels(a) - pixels(b)).max())


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


# ---------------------------------------------------------------- batching, scheduler, memory format


class CountingPipeline:
    """Wraps the real pipeline and records the batch size of each call."""

    def __init__(self, pipe):
        self.pipe, self.batches = pipe, []

    def __call__(self, *, prompt, **kw):
        self.batches.append(len(prompt))
        return self.pipe(prompt=prompt, **kw)


def test_batching_does_not_change_an_image(images):
    one_by_one = images.generate(PROMPTS, SEEDS, steps=2, width=64, height=64, batch_size=1)
    batched = images.generate(PROMPTS, SEEDS, steps=2, width=64, height=64)  # 4 per call on CPU
    for i, img in enumerate(batched):
        # Same image up to float rounding of a batched matmul (at most 1 of 255 in a few pixels)...
        assert max_diff(img, one_by_one[i]) <= 1
        assert (pixels(img) != pixels(one_by_one[i])).mean() < 0.05
        # ...and clearly not another prompt's image.
        assert all(max_diff(img, other) > 8 for j, other in enumerate(one_by_one) if j != i)


def test_prompts_go_to_the_model_in_batches_of_the_profile_batch_size(sd_path):
    default = ImageGenerator.from_spec(spec("image", sd_path), device="cpu")
    assert default.batch_size == 4 and default.settings["batch_size"] == 4
    sized = ImageGenerator.from_spec(spec("image", sd_path, batch_size=2), device="cpu")
    sized.pipeline = counting = CountingPipeline(sized.pipeline)
    out = sized.generate(PROMPTS, SEEDS, steps=1, width=64, height=64)
    assert len(out) == 5 and counting.batches == [2, 2, 1]


def test_scheduler_option_swaps_the_scheduler_and_keeps_the_checkpoint_betas(images, sd_path):
    from diffusers import EulerAncestralDiscreteScheduler, EulerDiscreteScheduler

    turbo = ImageGenerator.from_spec(spec("image", sd_path, scheduler="euler_ancestral", timestep_spacing="linspace"),
                                     device="cpu")
    assert type(images.pipeline.scheduler) is EulerDiscreteScheduler
    assert type(turbo.pipeline.scheduler) is EulerAncestralDiscreteScheduler
    assert turbo.pipeline.scheduler.config.timestep_spacing == "linspace"
    assert turbo.pipeline.scheduler.config.beta_end == images.pipeline.scheduler.config.beta_end == 0.012
    assert turbo.settings["scheduler"] == "EulerAncestralDiscreteScheduler"
    assert type(images.pipeline.scheduler) is EulerDiscreteScheduler  # the cached default pipeline is untouched
    (a,) = images.generate(PROMPTS[:1], SEEDS[:1], steps=3, width=64, height=64)
    (b,) = turbo.generate(PROMPTS[:1], SEEDS[:1], steps=3, width=64, height=64)
    assert max_diff(a, b) > 8  # the ancestral sampler adds fresh noise at each step: another image


def test_channels_last_forced_on_cpu_still_makes_the_same_images(images, sd_path):
    import torch

    nhwc = ImageGenerator.from_spec(spec("image", sd_path, channels_last=True), device="cpu")
    assert nhwc.settings["channels_last"] is True and images.settings["channels_last"] is False  # auto: CUDA only
    conv = nhwc.pipeline.unet.conv_in.weight
    assert conv.is_contiguous(memory_format=torch.channels_last) and not conv.is_contiguous()
    assert nhwc.pipeline.vae.decoder.conv_in.weight.is_contiguous(memory_format=torch.channels_last)
    a = images.generate(PROMPTS[:2], SEEDS[:2], steps=2, width=64, height=48)
    b = nhwc.generate(PROMPTS[:2], SEEDS[:2], steps=2, width=64, height=48)
    assert [i.size for i in b] == [(64, 48)] * 2
    assert all(max_diff(x, y) <= 1 for x, y in zip(a, b))


def test_compile_option_wraps_the_unet_in_torch_compile(sd_path):
    compiled = ImageGenerator.from_spec(spec("image", sd_path, compile="reduce-overhead"), device="cpu")
    # torch.compile is lazy: the wrapper is in place, compiling happens on the first call (on the GPU).
    assert type(compiled.pipeline.unet).__name__ == "OptimizedModule"
    assert compiled.settings["compile"] == "reduce-overhead"
    assert ImageGenerator.from_spec(spec("image", sd_path), device="cpu").settings["compile"] is None


@pytest.mark.slow
def test_compiled_unet_makes_the_same_images(images, sd_path):
    """The compiled path end to end on CPU (inductor: ~2.5 min cold on the shared 2-core machine, ~20 s
    with its compile cache warm)."""
    compiled = ImageGenerator.from_spec(spec("image", sd_path, compile=True), device="cpu")
    a = images.generate(PROMPTS[:2], SEEDS[:2], steps=2, width=64, height=64)
    b = compiled.generate(PROMPTS[:2], SEEDS[:2], steps=2, width=64, height=64)
    assert all(max_diff(x, y) <= 1 for x, y in zip(a, b))


def test_cuda_switches_are_applied_only_for_cuda(sd_path, monkeypatch, request):
    """tune_for_device's CUDA branch, run on a CPU-loaded pipeline: NHWC by default, cuDNN autotuning,
    TF32 only for fp32 weights; none of it for the CPU."""
    import torch
    from diffusers import AutoPipelineForText2Image

    from studio.generate.image import tune_for_device

    monkeypatch.setattr(torch.backends.cudnn, "benchmark", False)
    precision = torch.get_float32_matmul_precision()
    request.addfinalizer(lambda: torch.set_float32_matmul_precision(precision))
    torch.set_float32_matmul_precision("highest")
    default = spec("image", sd_path)
    cpu_pipe = AutoPipelineForText2Image.from_pretrained(str(sd_path))
    assert tune_for_device(cpu_pipe, default, "cpu") == {"channels_last": False, "compile": None}
    assert not torch.backends.cudnn.benchmark and torch.get_float32_matmul_precision() == "highest"

    half = AutoPipelineForText2Image.from_pretrained(str(sd_path), dtype=torch.float16)
    assert tune_for_device(half, default, "cuda") == {"channels_last": True, "compile": None}
    assert half.unet.conv_in.weight.is_contiguous(memory_format=torch.channels_last)
    assert torch.backends.cudnn.benchmark and torch.get_float32_matmul_precision() == "highest"  # fp16: TF32 moot

    full = AutoPipelineForText2Image.from_pretrained(str(sd_path))
    assert tune_for_device(full, spec("image", sd_path, channels_last=False), "cuda:0")["channels_last"] is False
    assert torch.get_float32_matmul_precision() == "high"  # fp32 weights: TF32 matmuls




@pytest.mark.parametrize(
    "option, words",
    [
        ("scheduler: warp_speed", "unknown scheduler 'warp_speed'; use one of: euler, euler_ancestral"),
        ("timestep_spacing: backwards", "timestep_spacing: Input should be 'leading', 'trailing' or 'linspace'"),
        ("batch_size: 0", "batch_size: Input should be greater than or equal to 1"),
        ("channels_last: maybe", "channels_last: Input should be a valid boolean"),
        ("compile: fast", "compile"),
    ],
)
def test_bad_image_options_name_file_line_and_field(models_dir, option, words):
    (models_dir / "gpu.yaml").write_text(
        "name: gpu\nmodels:\n  - role: image\n    backend: diffusers\n    id: stabilityai/sd-turbo\n"
        f"    {option}\n"
    )
    with pytest.raises(ModelError) as err:
        load_profile("gpu")
    assert "gpu.yaml:6" in str(err.value) and f"models[0].{option.split(':')[0]}" in str(err.value)
    assert words in str(err.value) and "fix:" in str(err.value)


def test_shipped_gpu_profiles_validate_their_image_options():
    for name in ("standard", "large"):
        image = load_profile(name).require("image")
        assert image.timestep_spacing == "trailing" and image.compile is False
