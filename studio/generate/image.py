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
from xml.sax.saxutils import escape

from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import Generator, check_batch, check_positive
from studio.generate.profiles import cached_load, pick_device, pick_dtype
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
XMP_KEY = "XML:com.adobe.xmp"
TEXT_KEYS = {"model": "ai:model", "seed": "ai:seed", "prompt_sha256": "ai:prompt_sha256"}


class ImageGenerator(Generator):
    """``ImageGenerator.from_spec(spec).generate(prompts, seeds)`` -> one PIL image per prompt."""

    role = "image"
    components = ("pipeline",)

    @classmethod
    def from_spec(cls, spec: ModelSpec, device: str | None = None) -> ImageGenerator:
        cls._check_role(spec)
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
            return pipe.to(device)

        return cls(spec, device, pipeline=cached_load(("t2i", spec, device, str(dtype)), load))

    def check_inputs(self, prompts: Sequence[str], seeds: Sequence[int], steps: int, width: int, height: int) -> None:
        check_batch("prompts", prompts)
        check_batch("seeds", seeds, kind=int)
        if len(prompts) != len(seeds):
            raise ValueError(f"need one seed per prompt: {len(prompts)} prompts, {len(seeds)} seeds")
        check_positive(steps=steps, width=width, height=height)
        # The VAE downsamples by 8: other sizes fail deep inside the UNet.
        for name, v in (("width", width), ("height", height)):
            if v % 8:
                raise ValueError(f"{name} must be a multiple of 8, got {v}")

    def generate(self, prompts: Sequence[str], seeds: Sequence[int], *, steps: int | None = None,
                 width: int | None = None, height: int | None = None, guidance_scale: float | None = None,
                 batch_size: int = 4) -> list:
        """One image per prompt; image i depends only on (prompt i, seed i, steps, size)."""
        import torch

        g = self.spec.generation
        steps = g.steps if steps is None else steps
        width = g.width if width is None else width
        height = g.height if height is None else height
        self.check_inputs(prompts, seeds, steps, width, height)
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
