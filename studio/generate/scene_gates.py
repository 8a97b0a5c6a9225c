"""What the ``scenes`` gate (studio.generate.gates.script_gates) reads of a video script's scenes: texts compared
as words, scenes that repeat one another, a voiceover that only names the brand, each scene's own faults
(prompts/scene_gates.yaml), one thing said twice across the voiceovers; and the fields the other gates read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from studio.generate.shape_gates import repeated_claim


def scene_text_key(text: str) -> str:
    """What two scenes' texts are compared by: words only, case folded ("Cold water!" == "cold water")."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def repeated_scenes(scenes: Sequence[Any], field: str, *, empty_ok: bool = False) -> list[int]:
    """1-based numbers of the scenes whose ``field`` repeats an earlier scene's (or is empty, unless
    ``empty_ok``: then only a second empty one counts)."""
    seen: set[str] = set()
    out = []
    for i, scene in enumerate(scenes, 1):
        value = scene_text_key(getattr(scene, field))
        if (not value and not empty_ok) or value in seen:
            out.append(i)
        seen.add(value)
    return out


def script_fields(script: Any) -> tuple[str, list[str]]:
    """(the text the language gate reads: voiceover then on-screen text, every field of every scene)."""
    spoken = " ".join(s.voiceover for s in script.scenes)
    text = spoken + " " + " ".join(s.on_screen_text for s in script.scenes)
    return text.strip(), [f for s in script.scenes for f in (s.voiceover, s.visual, s.on_screen_text)]


def repeated_speech(voiceovers: Sequence[str], locale: str, brief: Any) -> str | None:
    """Why a script's voiceovers say one thing twice, else None: ``repeated_claim`` (a figure of the brief, or a run
    of ``repeated_claim.words`` words, ``chars`` letters without spaces) across the scenes' voiceovers, no run
    crossing from one scene into the next."""
    return repeated_claim(" | ".join(voiceovers), locale, brief)


def only_names(said: str, brief: Any) -> bool:
    """Whether a voiceover says nothing but the brand or the product's name ("Fjell Bottle.")."""
    rest = f" {said.casefold()} "
    for name in sorted({brief.brand, brief.product.name, *brief.product.name.split()}, key=len, reverse=True):
        rest = rest.replace(name.casefold(), " ")
    return not re.search(r"[^\W\d_]", rest)


def single_scene_faults(scenes: Sequence[Any], locale: str) -> list[str]:
    """The scenes gate's reading of each scene on its own (``prompts/scene_gates.yaml``): an on-screen text that
    says the voiceover again word for word (``caption_copies``), a word or phrase said twice back to back
    (``stutter``)."""
    from studio.generate.scene_rules import caption_copies, scene_rules, stutter

    rules, out = scene_rules(), []
    for i, s in enumerate(scenes, 1):
        if caption_copies(s.voiceover, s.on_screen_text, locale, rules):
            out.append(f"scene {i}'s on-screen text copies its voiceover (caption_copies)")
        if doubled := next(filter(None, (stutter(t, locale, rules) for t in (s.voiceover, s.on_screen_text, s.visual))), None):
            out.append(f"scene {i} says {doubled!r} twice in a row (stutter)")
    return out
