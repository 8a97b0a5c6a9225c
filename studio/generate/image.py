"""Images with diffusers text-to-image pipelines, saved as PNG marked as AI-generated.

The marking is machine-readable (EU AI Act art. 50, IPTC): an XMP packet with
``Iptc4xmpExt:DigitalSourceType = trainedAlgorithmicMedia`` plus PNG text chunks for the model, the
seed and the prompt's SHA-256 (the prompt itself may be confidential, its hash proves which it was).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from pydantic import Field, StrictBool, field_validator

from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import Generator, check_batch, check_positive
from studio.generate.profiles import cached_load, pick_device, pick_dtype
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
XMP_KEY = "XML:com.adobe.xmp"
TEXT_KEYS = {"model": "ai:model", "seed": "ai:seed", "prompt_sha256": "ai:prompt_sha256"}

# ``scheduler:`` in a profile -> the diffusers class, built with ``from_config(pipe.scheduler.config)``
# so the betas and training timesteps of the checkpoint are kept. Few-step (turbo) models want a
# ``trailing`` timestep spacing: with ``leading`` a 1-step run starts from a barely noised timestep.
SCHEDULERS = {
    "euler": "EulerDiscreteScheduler",
    "euler_ancestral": "EulerAncestralDiscreteScheduler",
    "ddim": "DDIMScheduler",
    "dpmpp_2m": "DPMSolverMultistepScheduler",
    "unipc": "UniPCMultistepScheduler",
    "lcm": "LCMScheduler",
    "tcd": "TCDScheduler",
}
DEFAULT_BATCH = {"cpu": 4, "cuda": 8}
COMPILE_MODES = ("default", "reduce-overhead", "max-autotune")


class DiffusersSpec(ModelSpec):
    """A text-to-image pipeline and how to run it. Every option is checked when the profile loads:

    - ``batch_size``: prompts per pipeline call (default 4 on CPU, 8 on CUDA);
    - ``scheduler`` (one of ``SCHEDULERS``) and ``timestep_spacing``: swap the checkpoint's scheduler,
      e.g. ``euler_ancestral`` + ``trailing`` for SD-Turbo style 1-4 step sampling;
    - ``channels_last``: UNet and VAE in channels-last memory format (default: on CUDA only; ``true``
      forces it elsewhere, ``false`` turns it off);
    - ``compile``: ``torch.compile`` the UNet (``false`` by default; ``true`` or a mode of
      ``COMPILE_MODES``); pays only when many batches of one shape follow the first, slow one.
    """

    batch_size: int | None = Field(None, ge=1, le=64)
    scheduler: str | None = None
    timestep_spacing: Literal["leading", "trailing", "linspace"] | None = None
    channels_last: StrictBool | None = None
    compile: StrictBool | Literal["default", "reduce-overhead", "max-autotune"] = False

    @field_validator("scheduler")
    @classmethod
    def _known_scheduler(cls, value: str | None) -> str | None:
        if value is not None and value not in SCHEDULERS:
            raise ValueError(f"unknown scheduler {value!r}; use one of: {', '.join(SCHEDULERS)}")
        return value

    @property
    def compile_mode(self) -> str | None:
        """The ``torch.compile`` mode, or None when the UNet is not compiled."""
        if self.compile is False:
            return None
        return "default" if self.compile is True else self.compile


def _on_cuda(device: str) -> bool:
    return device.startswith("cuda")


def apply_scheduler(pipe, spec: DiffusersSpec) -> None:
    """Swap the pipeline's scheduler as the profile asks, keeping the checkpoint's scheduler config."""
    if spec.scheduler is None and spec.timestep_spacing is None:
        return
    import diffusers

    cls = getattr(diffusers, SCHEDULERS[spec.scheduler]) if spec.scheduler else type(pipe.scheduler)
    extra = {"timestep_spacing": spec.timestep_spacing} if spec.timestep_spacing else {}
    pipe.scheduler = cls.from_config(pipe.scheduler.config, **extra)


def tune_for_device(pipe, spec: DiffusersSpec, device: str) -> dict:
    """Memory format, compile and CUDA switches for a loaded pipeline; returns what was turned on."""
    import torch

    channels_last = _on_cuda(device) if spec.channels_last is None else spec.channels_last
    if channels_last:  # NHWC convolutions: the tensor-core layout on CUDA
        pipe.unet.to(memory_format=torch.channels_last)
        pipe.vae.to(memory_format=torch.channels_last)
    if _on_cuda(device):
        torch.backends.cudnn.benchmark = True  # one image size per run: pick the fastest conv kernels once
        if pipe.unet.dtype == torch.float32:  # TF32 matmuls (cuDNN convs use TF32 by default); fp16/bf16 untouched
            torch.set_float32_matmul_precision("high")  # the API stable across torch versions
    mode = spec.compile_mode
    if mode is not None:
        pipe.unet = torch.compile(pipe.unet, mode=None if mode == "default" else mode)
    return {"channels_last": bool(channels_last), "compile": mode}


class ImageGenerator(Generator):
    """``ImageGenerator.from_spec(spec).generate(prompts, seeds)`` -> one PIL image per prompt."""

    role = "image"
    components = ("pipeline",)
    spec: DiffusersSpec
    settings: dict  # what from_spec chose: device, dtype, scheduler, batch_size, channels_last, compile

    @classmethod
    def from_spec(cls, spec: ModelSpec, device: str | None = None) -> ImageGenerator:
        cls._check_role(spec)
        if not isinstance(spec, DiffusersSpec):  # a plain ModelSpec: the defaults of every option
            spec = DiffusersSpec.model_validate(spec.model_dump(exclude_unset=True))
        device = device or pick_device()
        dtype = pick_dtype(spec, device)

        def load():
            from diffusers import AutoPipelineForText2Image

            try:
                pipe = AutoPipelineForText2Image.from_pretrained(spec.location(), dtype=dtype)
            except (OSError, ValueError) as exc:
                raise ModelError(f"cannot load image model {spec.name}: {exc}", where=f"model {spec.name}",
                                 fix="download it where the hub is reachable, or point the profile at a local path") from None
            pipe.set_progress_bar_config(disable=True)
            apply_scheduler(pipe, spec)
            pipe = pipe.to(device)
            return pipe, tune_for_device(pipe, spec, device)

        pipeline, tuned = cached_load(("t2i", spec, device, str(dtype)), load)
        gen = cls(spec, device, pipeline=pipeline)
        gen.settings = {"device": device, "dtype": str(dtype).removeprefix("torch."),
                        "scheduler": type(pipeline.scheduler).__name__,
                        "timestep_spacing": pipeline.scheduler.config.get("timestep_spacing"),
                        "batch_size": gen.batch_size, **tuned}
        return gen

    @property
    def batch_size(self) -> int:
        """Prompts per pipeline call: the profile's ``batch_size``, else 4 on CPU and 8 on CUDA."""
        if self.spec.batch_size is not None:
            return self.spec.batch_size
        return DEFAULT_BATCH["cuda" if _on_cuda(self.device) else "cpu"]

    def check_inputs(self, prompts: Sequence[str], seeds: Sequence[int], steps: int, width: int, height: int,
                     batch_size: int = 1) -> None:
        check_batch("prompts", prompts)
        check_batch("seeds", seeds, kind=int)
        if len(prompts) != len(seeds):
            raise ValueError(f"need one seed per prompt: {len(prompts)} prompts, {len(seeds)} seeds")
        check_positive(steps=steps, width=width, height=height, batch_size=batch_size)
        # The VAE downsamples by 8: other sizes fail deep inside the UNet.
        for name, v in (("width", width), ("height", height)):
            if v % 8:
                raise ValueError(f"{name} must be a multiple of 8, got {v}")

    def generate(self, prompts: Sequence[str], seeds: Sequence[int], *, steps: int | None = None,
                 width: int | None = None, height: int | None = None, guidance_scale: float | None = None,
                 batch_size: int | None = None) -> list:
        """One image per prompt; image i depends only on (prompt i, seed i, steps, size): each prompt
        has its own generator, so how prompts are split into batches does not change an image."""
        import torch

        g = self.spec.generation
        steps = g.steps if steps is None else steps
        width = g.width if width is None else width
        height = g.height if height is None else height
        batch_size = self.batch_size if batch_size is None else batch_size
        self.check_inputs(prompts, seeds, steps, width, height, batch_size)
        images = []
        gen_device = "cpu" if self.device == "mps" else self.device
        for start in range(0, len(prompts), batch_size):
            chunk = slice(start, start + batch_size)
            generators = [torch.Generator(gen_device).manual_seed(s) for s in seeds[chunk]]
            result = self.pipeline(
                prompt=list(prompts[chunk]), generator=generators, num_inference_steps=steps,
                guidance_scale=g.guidance_scale if guidance_scale is None else guidance_scale,
                width=width, height=height,
            )
            images.extend(result.images)
        return images


class DiffusersBackend(Backend):
    """``backend: diffusers`` -> a text-to-image pipeline (``AutoPipelineForText2Image``)."""

    roles = ("image",)
    spec_class = DiffusersSpec

    def status(self, spec: ModelSpec) -> ModelStatus:
        return local_or_hub_status(spec, "model_index.json")

    def load(self, spec: ModelSpec, device: str | None = None) -> ImageGenerator:
        return ImageGenerator.from_spec(spec, device)


def prompt_sha256(prompt: str) -> str:
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()


def _xmp(model: str, seed: int, digest: str) -> str:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"   <Iptc4xmpExt:DigitalSourceType>{TRAINED_ALGORITHMIC_MEDIA}</Iptc4xmpExt:DigitalSourceType>\n"
        f"   <xmp:CreatorTool>{escape(model)}</xmp:CreatorTool>\n"
        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">"
        f"AI-generated image (model {escape(model)}, seed {seed}, prompt sha256 {digest})"
        "</rdf:li></rdf:Alt></dc:description>\n"
        "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def save_png(image, path: str | os.PathLike, *, model: str, seed: int, prompt: str) -> Path:
    """Write ``image`` as PNG with the AI-generation marking; atomic (temp file + rename)."""
    from PIL.PngImagePlugin import PngInfo

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = prompt_sha256(prompt)
    info = PngInfo()
    info.add_itxt(XMP_KEY, _xmp(model, seed, digest))
    info.add_text(TEXT_KEYS["model"], model)
    info.add_text(TEXT_KEYS["seed"], str(seed))
    info.add_text(TEXT_KEYS["prompt_sha256"], digest)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        image.save(tmp, format="PNG", pnginfo=info)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def read_provenance(path: str | os.PathLike) -> dict:
    """The marking of a PNG: digital_source_type, model, seed (int) and prompt_sha256 (None if absent)."""
    from PIL import Image

    with Image.open(path) as img:
        img.load()  # text chunks after the image data are read only on load
        text = dict(getattr(img, "text", {}) or {})
    xmp = text.get(XMP_KEY, "")
    found = re.search(r"<Iptc4xmpExt:DigitalSourceType>\s*([^<\s]+)\s*<", xmp) or re.search(
        r'Iptc4xmpExt:DigitalSourceType="([^"]+)"', xmp
    )
    seed = text.get(TEXT_KEYS["seed"])
    return {
        "digital_source_type": found.group(1) if found else None,
        "ai_generated": bool(found) and found.group(1) == TRAINED_ALGORITHMIC_MEDIA,
        "model": text.get(TEXT_KEYS["model"]),
        "seed": int(seed) if seed and seed.lstrip("-").isdigit() else None,
        "prompt_sha256": text.get(TEXT_KEYS["prompt_sha256"]),
    }
