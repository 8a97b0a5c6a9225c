"""What a scene written on its own measures, for the modules that judge and fit scenes (``scene_problems``,
``scene_fits``, ``scene_points``, ``scenes``): how far its voiceover runs past its seconds (``scene_overrun``),
how close two lines are in the checks' sentence encoder (``closeness``), the words of it that are not the
locale's language (``scene_foreign_words``), whether a line says the prompt back (``talks``) and the claims of a line
the brief does not make (``point_claim``), and whether a line retells the worked example (``retells_example``). Nothing here writes or asks a model."""

from __future__ import annotations

from studio.market.locales import get_locale
from studio.plan.brief import Brief

# What a point or scene that claims more than the brief is told in its re-ask (point_claim), the claim's words after it.
CLAIM = "it claims what the brief does not say"


def closeness(sentence: str, point: str, locale: str) -> float | None:
    """The cosine of the two lines' sentence vectors (the checks' encoder for the locale's language), or None
    where no encoder loads."""
    try:
        from studio.checks.embed import backend_for, default_embedder

        vecs = default_embedder().embed([sentence, point], backend_for(get_locale(locale).language))
    except Exception:  # noqa: BLE001 - an encoder that does not load is no reason to drop a point
        return None
    return float(vecs[0] @ vecs[1])


def scene_foreign_words(scene: dict[str, str], locale: str, brief: Brief) -> str | None:
    """The words of a scene's voiceover and on-screen text that are not the locale's language, as the script's
    gates name them (mixed_script: English in ja/zh/ko; foreign_script: letters of another script, Latin aside;
    foreign_words: English in a Latin-script language, Chinese in Japanese), else None."""
    from studio.generate.gates import foreign_script, foreign_words, mixed_script

    text = f"{scene['voiceover']} {scene['on_screen_text']}"
    if why := mixed_script(text, locale, brief):
        return why.split(": ", 1)[-1]
    # letters of another script (de-DE's point 'Ein Glas als Erstes вмест eines Hunderttausend Plastikglasen.' was used)
    if why := foreign_script(text, locale, brief):
        return why.split(" copy: ", 1)[-1].split("; write it", 1)[0]
    if why := foreign_words(text, locale, brief):
        return why.split(" copy: ", 1)[-1].split("; say them", 1)[0]
    return None


def scene_overrun(scene: dict[str, str], line: dict, locale: str, *, whole: bool = False) -> int:
    """How many words (or characters) a scene's voiceover says beyond its share of the video's speech
    budget (``line["budget"]``, from the plan: what the prompt asks, with air between lines), or with
    ``whole`` beyond what its seconds hold at the locale's rate; 0 when it fits. A scene is asked again
    only past its seconds: within them every scene fits, so the whole script does, and a re-ask for a word
    or two over the asked budget cost a model call (make demo: 30 s of re-asks) for no gate."""
    loc = get_locale(locale)
    rate = loc.speaking_rate
    limit = int(rate.per_second * line["seconds"] + 1e-9) if whole else int(line["budget"])
    return max(0, loc.speech_units(scene["voiceover"]) - limit)


def talks(text: str, locale: str, brief: Brief) -> bool:
    """Whether ``text`` says the prompt back rather than the ad: a run of the scene ask's own words (``asked_back``), or
    what the sense gate reads as the prompt's lines or as talk about the prompt (``sense_problem``)."""
    from studio.generate.echoes import asked_back
    from studio.generate.prompt_lines import scene_lines
    from studio.generate.sense import sense_problem

    if asked_back(text, scene_lines(locale).ask):
        return True
    problem = sense_problem([text], locale, brief)
    return problem is not None and problem.why.startswith(("reads as the prompt's own lines", "talks about the prompt"))


def retells_example(text: str, locale: str, brief: Brief) -> bool:
    """Whether the sense gate reads ``text`` as the worked example (its tea, its bike light: sense.example_lines)
    more than as the brief: a sentence so read fails the finished script's sense gate however well the other scenes
    say the brief. q23d's es-MX hook 'Si estás buscando la tranquilidad de la noche, la vela es tu guía.' (0.32 to the
    example, 0.26 to the brief) was kept unasked and the script failed sense, though its point had been written."""
    from studio.generate.sense import sense_problem

    problem = sense_problem([text], locale, brief)
    return problem is not None and problem.why.startswith("reads as the worked example")


def point_claim(point: str, locale: str, brief: Brief) -> str | None:
    """The words of a point that make a claim the brief does not (the unsupported_claim gate's reading,
    studio.generate.grounding: a claim finding of the checks the brief's statements do not support), said so that
    the re-ask can quote them, else None. drafts-scripts20: en-US's point for 'One bottle instead of hundreds of plastic
    ones.' came back as 'A bottle's a more sustainable choice.' in two runs, and its scene said the green claim, so the
    script failed unsupported_claim; the point check read numbers only."""
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine
    from studio.generate.grounding import unsupported_claims

    item = CheckInput(id="point", locale=locale, kind="copy", text=point)
    found = unsupported_claims(item.text, get_check_engine().check(item), locale, brief)
    said = list(dict.fromkeys(text for _, text, _ in found))
    return f"{CLAIM}: " + ", ".join(repr(text) for text in said) if said else None
