"""A video script's scene plan: how many scenes a length gets, each scene's job (hook, product, benefits, call to
action), the brief sentence and shot it carries and its share of the speech budget (``scene_plan``), the plan in
the locale's language as a scene's ask shows it (``local_plan``), and the worked example's scene shown as the form
of one (``scene_example``). ``studio.generate.prompts`` renders prompts from it (``plan_for_script`` binds it to a
brief); ``studio.generate.scenes`` writes scripts scene by scene along it."""

from __future__ import annotations

import re
from typing import Any

from studio.generate.examples import locale_examples


def scene_plan(ctx: dict[str, Any], scenes: int, seconds: float, budget: int) -> list[dict[str, Any]]:
    """Each scene's job in a video script, filled from the brief: a hook (the first key message), the
    product and its facts (claims first, one per scene), and a call to action (the last key message).
    A small model asked for "3 scenes" in one go writes one scene three times; given a distinct job
    and a distinct sentence of the brief per scene, it fills distinct slots. ``budget`` (the whole
    voiceover's words or characters) is shared out by each scene's seconds."""
    product = ctx["product"]
    facts = list(dict.fromkeys([*product["claims"], *product["facts"]])) or [product["description"] or product["name"]]
    messages = ctx["key_messages"] or [product["description"] or product["name"]]
    names = scene_jobs(scenes)
    says = [messages[0], *(facts[i % len(facts)] for i in range(len(names) - 2)),
            messages[-1] if len(messages) > 1 else f"{ctx['brand']}: {product['name']}"]
    jobs = list(zip(names, says))
    per = seconds / len(jobs)
    return [{"n": n, "job": job, "say": say, "seconds": round(per, 1), "budget": max(2, int(budget / len(jobs))),
             "shot": _SHOTS[job].format(product=product["name"])}
            for n, (job, say) in enumerate(jobs, 1)]


def scene_jobs(scenes: int) -> list[str]:
    """Each scene's job, in order: a hook, the product, then benefits, and a call to action (the plan of a
    script and of the worked example alike)."""
    return ["hook", *("product" if i == 0 else "benefit" for i in range(max(scenes - 2, 0))), "call to action"]


# What each scene's job shows (the visual asked for in the plan and in a repair of a repeated shot).
_SHOTS = {"hook": "a shot that grabs attention", "product": "{product} up close",
          "benefit": "{product} in a new setting", "call to action": "{product} in the hand"}


def script_scenes(seconds: float) -> int:
    """How many scenes a video of ``seconds`` gets: one per ~5 s, 2 to 6."""
    return max(2, min(6, round(seconds / 5)))


def script_speech_budget(locale, seconds: float) -> int:
    """The voiceover's words or characters for ``seconds`` at the locale's rate, with air between lines."""
    return int(locale.speech_budget(seconds) * 0.9)


def with_points(plan: list[dict[str, Any]], points: dict[str, str] | None) -> list[dict[str, Any]]:
    """A scene plan whose scenes carry ``point``, their brief sentence in the locale's language, where
    ``points`` (brief sentence -> point) has one."""
    return [{**scene, "point": points[scene["say"]]} if points and points.get(scene["say"]) else scene for scene in plan]


def with_said(plan: list[dict[str, Any]], said: dict[str, str] | None) -> list[dict[str, Any]]:
    """A scene plan whose scenes carry ``said``, their brief sentence in the locale's words as the copy prompt gives it
    (``prompts.scene_points``: ``LocaleExamples.say``), where ``said`` (brief sentence -> its words) has one. Unlike a
    ``point`` the model wrote, it is not put in as a voiceover (``point_scene``): it is what the scene is asked to say and
    what its gates read (``scene_point``)."""
    return [{**scene, "said": said[scene["say"]]} if said and said.get(scene["say"]) else scene for scene in plan]


def scene_point(line: dict[str, Any]) -> str:
    """What a scene of the plan is asked to say: its point where the model wrote one, else its brief sentence in the
    locale's words (``with_said``), else the brief's sentence as written."""
    return line.get("point") or line.get("said") or line["say"]


def local_plan(plan: list[dict[str, Any]], target: Any, product: str) -> list[dict[str, Any]]:
    """A scene plan with each scene's job, shot and ask in the locale's language (``prompts/scene_lines.yaml``;
    the brief's sentence it says stays as written): ``lines`` holds the ask's lines, ready to show."""
    from studio.generate.prompt_lines import scene_lines

    said, lang = scene_lines(target.code), target.language_name
    unit = said.unit(target.speaking_rate.unit)
    out = []
    for scene in plan:
        job, shot = said.jobs[scene["job"]], said.shots[scene["job"]].format(product=product, language=lang)
        # the point in the locale's language where one was written (SceneWriter.points), else the brief's sentence in
        # the locale's words (with_said), else as the brief states it
        lines = {"ask": said.ask.format(n=scene["n"], scenes=len(plan), seconds=scene["seconds"], job=job,
                                        say=scene_point(scene), language=lang),
                 "voiceover": said.voiceover.format(budget=scene["budget"], unit=unit, shot=shot, language=lang),
                 "grounded": said.grounded.format(language=lang), "reply": said.reply.format(n=scene["n"], language=lang)}
        out.append({**scene, "shot": shot, "lines": lines})
    return out


def scene_example(code: str) -> dict[str, Any] | None:
    """The worked example's product scene (its second) in the locale's language, as the form of one scene,
    with the example product's name taken out of it and of the product shown ("Eine Tasse Grüntee." for "Eine
    Tasse Brio Grüntee."): with the name in it, make demo's fr-FR and ja-JP scripts opened on the example's
    scene word for word ('Une tasse de thé vert Brio', '一杯のBrio緑茶。'; asked again, it came back again).
    No English line goes with it (the point it made was the en-US example's English sentence, one more to
    say back); the same in every scene's chat."""
    ex = locale_examples(code)
    if ex is None:
        return None
    n = min(1, len(ex.video_script) - 1)
    scene = {k: _unnamed(v, ex.product_name) for k, v in ex.video_script[n].model_dump().items() if k != "point"}
    return {"product": _unnamed(ex.product, ex.product_name), "instruction": ex.instruction, "n": n + 1, "scene": scene}


def _unnamed(text: str, name: str) -> str:
    """``text`` without the word ``name`` (any case), spaces and leading punctuation tidied: 'Brio, ein loser
    grüner Tee' -> 'ein loser grüner Tee', 'Brio（リーフタイプの緑茶）' -> 'リーフタイプの緑茶'."""
    edge = r"[0-9A-Za-z\u00c0-\u024f]" if name.isascii() else r"[^\W_]"  # "一杯のBrio緑茶。" names Brio
    out = re.sub(rf"(?<!{edge}){re.escape(name)}(?!{edge})", "", text, flags=re.IGNORECASE) if name else text
    out = re.sub(r"\s{2,}", " ", out).strip()
    out = re.sub(r"^[\s,，、،:：（(]+", "", out)
    out = re.sub(r"[）)]$", "", out) if "（" not in out and "(" not in out else out
    return re.sub(r"\s+([.,。])", r"\1", out).strip() or text
