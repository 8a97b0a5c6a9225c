"""Video scripts written scene by scene (profiles with ``drafting.script_by_scene``, the cpu default): one
batched model call per scene position across a run's scripts, each reply stopped at the end of its scene,
a scene with a problem (``scene_problem``) asked again once with the problem quoted. ``SceneWriter.write``
gives each job's script as JSON, which ``studio.generate.drafting`` scores and repairs like a whole
script's reply."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from studio.core import timings
from studio.generate.backends import TextModel
from studio.generate.examples import scene_lines
from studio.generate.scene_fits import fitted
from studio.generate.scene_measures import closeness, scene_foreign_words, scene_overrun
from studio.generate.scene_points import (
    POINT_STOP,
    POINT_TOKENS,
    local_product,
    point_line,
    point_problem,
    point_prompt,
    point_reask,
    point_tries,
)
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

# A scene written on its own ends where the model starts the next one (a blank line, or its heading).
SCENE_STOP = ("\n\n", "\nScene ")
MIN_SCENE_TOKENS = 8


def scene_tokens(budget: int, locale: str) -> int:
    """The token limit of one scene's reply: its heading, visual and on-screen text (~64 tokens) and a
    voiceover of ``budget`` words (3 tokens each, room to spare) or characters (2 each) at the locale's
    rate. Twice what a voiceover that fits needs, so only a scene far too long for its seconds meets it."""
    unit = get_locale(locale).speaking_rate.unit
    return 64 + (3 if unit == "words" else 2) * max(budget, 1)


def scene_problem(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                  brief: Brief, *, lengths: bool = True, echo: bool = True, english: bool = True) -> tuple[str, str] | None:
    """Why a scene written on its own must be asked again, or None: (what is wrong, the request quoting it
    in words a model can act on). No voiceover (``silent``), a voiceover or visual that repeats an earlier
    scene's (``repeat``: the script's distinct-scenes gate, scene by scene), the brief's sentence said back
    (``plan_line``: the plan's English line in another language; with ``echo``, ``echo``: a brief statement
    word for word, the script's brief_echo gate scene by scene), with ``english`` words of another language
    (``english``: the script's mixed_script and foreign_words gates, ``scene_foreign_words``), a loop (``loop``), a voiceover longer than the scene's seconds hold
    (``too_long``), the worked example reused (``example``), or not the locale's language (``language``).
    Without ``lengths`` a long voiceover is no problem (the whole script's speech fits its time). The
    requests about copied or foreign words are in the locale's language (``prompts/scene_lines.yaml``) and
    quote what was copied: asked in English "say it in Chinese", the model wrote the English line again."""
    from studio.generate.echoes import copied_example
    from studio.generate.gates import (
        echoed_statement,
        ignore_terms,
        language_verdict,
        reader_rules,
        repeated_ngram,
        repeated_speech,
        scene_text_key,
    )
    from studio.generate.scene_rules import example_product, example_retold
    from studio.generate.script_plan import local_plan

    loc = get_locale(job.locale)
    n, lang, lines = len(earlier) + 1, loc.language_name, scene_lines(job.locale)
    line = plan[n - 1]
    said, shown = scene["voiceover"], scene["visual"]
    if not scene_text_key(said):
        return "silent", f'Your reply had no "Voiceover:" line. Write scene {n} in the form above, its voiceover in {lang}.'
    for m, other in enumerate(earlier, 1):
        if scene_text_key(other["voiceover"]) == scene_text_key(said):
            return "repeat", (f'Scene {m} already says "{said}". Scene {n} gets a new point across: {line.get("point") or line["say"]}; '
                              f"in {lang}, in new words.")
    voiceovers = [other["voiceover"] for other in earlier]
    if earlier and not repeated_speech(voiceovers, job.locale, brief) and (
            twice := repeated_speech([*voiceovers, said], job.locale, brief)):
        return "repeat", (f"It {twice.split(':')[0]} with the scenes before it. Scene {n} gets a new point across: "
                          f"{line.get('point') or line['say']}; in {lang}, in new words.")
    for m, other in enumerate(earlier, 1):
        if scene_text_key(shown) and scene_text_key(other["visual"]) == scene_text_key(shown):
            shot = local_plan([line], loc, brief.product.name)[0]["shot"]  # in the locale's language, as the ask gave it
            return "repeat", f'Scene {m} already shows "{shown}". Scene {n} shows {shot}: a new shot.'
    if scene_text_key(said) in {scene_text_key(shown), scene_text_key(local_plan([line], loc, brief.product.name)[0]["shot"])}:
        # ja-JP: 'Visual: Fjell Bottleのアップ' / 'Voiceover: Fjell Bottleのアップ。' (the shot asked for, said as the line)
        return "visual", (f'The voiceover "{said}" only names what the picture shows. In one short sentence in {lang}, '
                          f"say what this means for the viewer: {line.get('point') or line['say']}")
    if loc.language != "en" and scene_text_key(line["say"]) in scene_text_key(said):
        return "plan_line", lines.foreign.format(text=said, words=line["say"], language=lang)
    # the worked example's product before foreign words: "Brio" in a ja-JP scene is the example retold, not English
    point = line.get("point") or line["say"]
    if copied := copied_example("\n".join(scene.values()), job.locale, brief):
        quoted = re.search(r"(?<![^\W_])'([^']+)'", copied[0])  # not the apostrophe of "example's"
        if lines.example is not None and quoted:
            return "example", lines.example.format(text=quoted.group(1), say=point, product=brief.product.name, language=lang)
        return "example", f"It {copied[0].removeprefix('the draft ')}. Write about {brief.product.name}."
    if retold := next(filter(None, (example_retold(scene[k], job.locale, brief) for k in ("visual", "voiceover"))), None):
        if lines.example is not None:
            return "example", lines.example.format(text=retold, say=point, product=brief.product.name, language=lang)
        return "example", (f"It retells the worked example's line {retold!r} (written for another product). "
                           f"Write about {brief.product.name}.")
    if kind := example_product("\n".join(scene.values()), job.locale, brief):
        if lines.example is not None:
            return "example", lines.example.format(text=kind, say=point, product=brief.product.name, language=lang)
        return "example", (f"It shows {kind!r}, the worked example's product, not {brief.product.name}. "
                           f"Write about {brief.product.name}: {point}")
    if echo and (similar := reader_rules().echo_similar) and (statement := echoed_statement(said, brief, similar)):
        if lines.echo is not None and loc.language == "en":
            return "echo", lines.echo.format(text=said, language=lang)
        return "echo", lines.foreign.format(text=said, words=statement, language=lang)
    if english and (words := scene_foreign_words(scene, job.locale, brief)):
        # the field that holds them quoted (the on-screen text copied the English fact under a Spanish voiceover)
        quoted = said if any(w.strip("'") in said for w in words.split(", ")) else scene["on_screen_text"]
        return "english", lines.foreign.format(text=quoted, words=words, language=lang)
    if problem := _scene_gate_problem(scene, line, job.locale, brief):
        return problem
    if loop := next(filter(None, map(repeated_ngram, scene.values())), None):
        return "loop", f'It says "{loop}" again and again. Say each thing once.'
    if lengths and scene_overrun(scene, line, job.locale, whole=True) > 0:
        # in the locale's language, asked to cut words to the scene's share of the budget (prompts/scene_lines.yaml):
        # asked in English for "one short sentence", the 1.5B model rarely wrote a shorter one
        count = scene_overrun(scene, line, job.locale) + line["budget"]
        return "too_long", lines.too_long.format(text=said, count=count, limit=line["budget"],
                                                 unit=lines.unit(loc.speaking_rate.unit),
                                                 seconds=f"{line['seconds']:g}", language=lang)
    # another language on top (a low confidence alone is no reason: one short sentence is little to judge)
    ok, why = language_verdict(f"{said} {scene['on_screen_text']}", job.locale, ignore_terms(brief))
    if not ok and why.startswith("reads as"):
        return "language", f'"{said}" is not in {lang} ({why}). Write the voiceover in {lang}.'
    return None


def off_point(said: str, point: str, locale: str, brief: Brief) -> str | None:
    """Why a scene's voiceover does not get its plan line (``point``: the point in the locale's language, else the
    brief's sentence) across, else None: it only names the brand or the product ("Fjell Bottle."), or the checks'
    sentence encoder finds it further from the line than ``off_point.min_cosine`` (prompts/scene_gates.yaml)."""
    from studio.generate.gates import only_names
    from studio.generate.scene_rules import scene_rules

    if only_names(said, brief):
        return "only names the brand"
    floor = scene_rules().off_point_cosine
    if (near := closeness(point, said, locale)) is not None and near < floor:
        return f"far from its point (similarity {near:.2f} < {floor:g})"
    return None


def _scene_gate_problem(scene: dict[str, str], line: dict, locale: str, brief: Brief) -> tuple[str, str] | None:
    """The scenes gate's faults of one scene (prompts/scene_gates.yaml) as a re-ask: a voiceover off its plan line
    (``off_point``), an on-screen text that copies the voiceover (``caption_copies``), a word or phrase said
    twice back to back (``stutter``)."""
    from studio.generate.gates import scene_text_key
    from studio.generate.scene_rules import caption_copies, stutter

    lang, said, point = get_locale(locale).language_name, scene["voiceover"], line.get("point") or line["say"]
    job = scene_lines(locale).jobs.get(line.get("job", ""), "")
    if job and scene_text_key(said) == scene_text_key(job):  # pt-BR: 'Voiceover: A chamada para ação.'
        return "off_point", (f'"{said}" only names the scene\'s job. In one short sentence in {lang}, say what this '
                             f"means for the viewer: {point}")
    if why := off_point(said, point, locale, brief):
        return "off_point", (f'"{said}" {why.split(" (")[0]}. In one short sentence in {lang}, say what this means '
                             f"for the viewer: {point}")
    if caption_copies(said, scene["on_screen_text"], locale):
        return "caption_copies", (f'The on-screen text "{scene["on_screen_text"]}" says the voiceover again. '
                                  f"Put a few other words in {lang} on screen.")
    if doubled := next(filter(None, (stutter(scene[k], locale) for k in ("voiceover", "on_screen_text", "visual"))), None):
        return "stutter", f'It says "{doubled}" twice in a row. Say it once, in {lang}.'
    return None


def _cut_note(raw: str, scene: dict[str, str]) -> dict[str, str]:
    """The log's note of a voiceover kept as its first sentences (what was kept: the reply holds the rest), of an
    on-screen text that copied the voiceover (what it became, ``own_caption``) and of a visual that could not
    stand (the plan's shot it became, ``own_visual``)."""
    from studio.generate.video_script import parse_scene

    first = parse_scene(raw)
    return {**({"kept_sentences": scene["voiceover"]} if first["voiceover"] != scene["voiceover"] else {}),
            **({"own_caption": scene["on_screen_text"]} if first["on_screen_text"] != scene["on_screen_text"] else {}),
            **({"own_visual": scene["visual"]} if first["visual"] != scene["visual"] else {})}


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def scene_fault(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                brief: Brief, *, lengths: bool = True, spans: list[tuple[str, str]] = (),
                echo: bool = False, english: bool = False) -> tuple[str, str] | None:
    """What a scene of a finished script must be asked again for, or None: ``scene_problem``, then the
    whole script's gates read in this scene alone (a number the brief does not state, the brand spelt
    wrong, a refusal), the findings whose quoted text (``spans``: (text, message)) it holds. ``echo`` (the
    script only says the brief back) and ``english`` (its mixed_script, foreign_words or language gate) ask
    ``scene_problem`` for a voiceover that is a brief statement word for word and for words of another language."""
    from studio.generate.gates import (
        altered_brand,
        brief_numbers,
        numbers_in,
        refusal,
    )

    if problem := scene_problem(scene, earlier, plan, job, brief, lengths=lengths, echo=echo, english=english):
        return problem
    line, said = plan[len(earlier)], scene["voiceover"]
    fields = [scene["voiceover"], scene["visual"], scene["on_screen_text"]]
    text = " ".join(fields)
    if invented := sorted(n for n in numbers_in(text) if n not in brief_numbers(brief)):
        return "grounded", (f'"{said}" says {", ".join(invented)}, which the brief does not state. Say only what '
                            f'this line states: "{line.get("point") or line["say"]}".')
    if bad := altered_brand(text, brief.brand):
        return "brand", f"It writes the brand as {bad!r}. Write it exactly as {brief.brand!r}."
    if why := refusal(text):
        return "refusal", f'"{why}" is not an ad. Write scene {len(earlier) + 1} itself, about {brief.product.name}.'
    for quoted, message in spans:
        if quoted and quoted in text:
            return "finding", f'"{quoted}": {message}'
    return None


# A scene's problems (scene_problem, scene_fault) for which its point is tried as the voiceover before a re-ask; the
# re-ask is sent only when the point does not give a scene without a problem. Re-asked, the 1.5B model wrote the same
# voiceover again: in the 23-locale run at 70508b2, 4 of 31 re-asks fixed their scene (a voiceover that only named the
# brand 1 of 1, the worked example 2 of 7, no voiceover 1 of 3; too long 0 of 7, a stutter 0 of 3, a voiceover that
# only said its visual 0 of 4, a repeat 0 of 4, the brief's sentence 0 of 1, a number 0 of 1) and each position's
# re-asks are one more batched model call; every one of those problems is tried with the point first now (the point
# is checked as a translation of the scene's line, and is short).
POINT_FIRST = frozenset({"silent", "repeat", "visual", "plan_line", "example", "echo", "english", "off_point",
                         "caption_copies", "stutter", "loop", "too_long", "language", "grounded", "brand", "refusal",
                         "finding"})


def point_scene(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                brief: Brief) -> tuple[dict[str, str], tuple[str, str] | None] | None:
    """The scene with its point (the brief's line written in the locale's language and checked by ``point_problem``:
    its language, no foreign word, no number the brief does not state, near its sentence) as the voiceover, and
    what is still wrong with it (``scene_fault``), or None where the scene has no point or already says it. A
    voiceover too long, repeated or retold after its re-ask gave a failing script; the point is short (it was
    asked short) and says the scene's own line."""
    from studio.generate.gates import scene_text_key

    line = plan[len(earlier)]
    point = line.get("point")
    if not point or not scene_text_key(point) or scene_text_key(point) == scene_text_key(scene["voiceover"]):
        return None
    # a point that ends its sentence keeps its own stop (hi-IN's "।" got a "." after it: 'पेय ठंडा ... रहता है।.')
    said = point if point.rstrip()[-1:] in ".!?。！？।؟" else point.rstrip() + _stop(job.locale)
    alt = fitted({**scene, "voiceover": said}, line, job.locale, earlier, brief)
    return alt, scene_fault(alt, earlier, plan, job, brief, echo=True, english=True)


def _stop(locale: str) -> str:
    """The full stop of the locale's script."""
    return "。" if get_locale(locale).language in {"ja", "zh"} else "."


def _foreign_gate(gates: dict[str, str]) -> bool:
    """Whether a finished script failed a gate that foreign words in a scene explain."""
    return bool({"mixed_script", "foreign_words", "language"} & set(gates))


def _scene_rank(scene: dict[str, str], problem: tuple[str, str] | None, line: dict, locale: str) -> tuple[int, int]:
    """A scene's rank among a first reply and its re-ask (lower is better): no problem; then only too long
    (a writer shortens it); then another problem (a repeat, English, the worked example); then no voiceover.
    Within a rank, the shorter overrun."""
    kind = None if problem is None else problem[0]
    rank = 0 if kind is None else 3 if not scene["voiceover"].strip() else 1 if kind == "too_long" else 2
    return rank, scene_overrun(scene, line, locale)


def unresolved_findings(unresolved: list[tuple[int, tuple[str, str], dict[str, str]]], script) -> list:
    """A ``scene_unresolved`` warn finding for each scene still wrong after its re-ask that the chosen script
    kept as written (a repair that replaced it resolved it): the reviewer sees which scene and why, as with
    the other generation findings."""
    from studio.checks.finding import Finding

    out = []
    for pos, (kind, request), scene in unresolved:
        if script is None or pos >= len(script.scenes) or script.scenes[pos].voiceover != scene["voiceover"]:
            continue
        out.append(Finding(rule="scene_unresolved", category="generation", severity="warn",
                           message=f"Scene {pos + 1} was asked again and is still wrong ({kind}): {request}",
                           suggestion="rewrite this scene, or regenerate the script with a larger profile"))
    return out


def labelled(scene: dict[str, str], position: int, scenes: int, job: PlannedAsset, brief: Brief) -> dict[str, str]:
    """A scene with the brief's labels on its on-screen text: the market's ad label first in the first
    scene (``sponsored``), its AI label last in the last scene (``ai_disclosure``), where the model did
    not write them. Labels are the brief's, not copy: a small model asked for them wrote them into the
    voiceover ("eine KI-generierte Trinkflasche")."""
    loc = get_locale(job.locale)
    text = scene["on_screen_text"]
    if brief.sponsored and position == 0 and loc.ad_label.casefold() not in text.casefold():
        text = f"{loc.ad_label} · {text}" if text else loc.ad_label
    if brief.ai_disclosure and position == scenes - 1 and loc.ai_label.casefold() not in text.casefold():
        text = f"{text} · {loc.ai_label}" if text else loc.ai_label
    return {**scene, "on_screen_text": text}


class SceneWriter:
    """Writes a run's scripts scene by scene with one text model, for one brief; ``with_note`` puts the
    reviewer's note (a regeneration's "make it warmer") on each scene prompt."""

    def __init__(self, text_model: TextModel, brief: Brief, with_note: Callable = lambda prompt: prompt,
                 points: bool = False, candidates: int = 1):
        self.text_model, self.brief, self.with_note = text_model, brief, with_note
        self.use_points = points
        self.candidates = max(1, candidates)  # replies asked per scene prompt (one call), the best kept
        self.points: dict[str, dict[str, str]] = {}  # locale -> brief sentence -> its point in that language
        self.point_log: dict[str, list[dict]] = {}
        # per job of the last ``write``: (scene position, (problem, request), the scene kept) of each scene whose
        # re-ask did not fix it
        self.unresolved: list[list[tuple[int, tuple[str, str], dict[str, str]]]] = []

    def write_points(self, jobs: list[PlannedAsset], seed: int) -> None:
        """Each brief sentence the jobs' plans give a scene, written as a short point in each job's language
        (in English: in new words, ``point_prompt``): one batched call, a line per prompt. An English point that fails
        ``point_problem`` is asked again with the problem quoted, and in the same call a spare fact of the brief (one no
        scene of the plan says) is written as a point too; if that fails, the scene gets the spare fact's point, or else the
        product's name as the locale's glossary gives it (``local_product``): never the brief's English
        sentence, which the 1.5B model said back in German, French and Japanese scenes."""
        from studio.generate.prompts import plan_for_script

        asks: list[tuple[str, str]] = []
        for job in jobs:
            if not self.use_points or job.locale in self.points:
                continue
            self.points[job.locale] = {}
            for line in plan_for_script(self.brief, job.locale, job.duration_s):
                if (job.locale, line["say"]) not in asks:
                    asks.append((job.locale, line["say"]))
        if not asks:
            return
        with timings.phase("video_script points"):
            raws = self.text_model.generate([point_prompt(say, loc) for loc, say in asks], seed=seed,
                                            max_new_tokens=POINT_TOKENS, min_new_tokens=2, stop=list(POINT_STOP))
        rejected: list[tuple[str, str, str, str]] = []
        for (loc, say), raw in zip(asks, raws):
            point = point_line(raw)
            why = point_problem(point, say, loc, self.brief)
            self.point_log.setdefault(loc, []).append({"sentence": say, "point": point, **({"not_used": why} if why else {})})
            if why is None:
                self.points[loc][say] = point
            else:
                rejected.append((loc, say, point, why))
        if rejected:
            self._point_fallbacks(rejected, {loc for loc, _ in asks}, seed)

    def _point_fallbacks(self, rejected: list[tuple[str, str, str, str]], locales: set[str], seed: int) -> None:
        """``write_points``' second round: each rejected English point asked again (``point_reask``) and a spare
        fact written as a point, all in one batched call; the first that passes ``point_problem`` is used, else the
        product's name (``local_product``; in English, the brief's sentence itself: it is the script's language).
        The re-ask is sent ``point_tries`` times (each its own sampling seed): asked once, it came back as rejected
        as the first in most cases (drafts-script10: pt-BR, nl-NL, tr-TR, en-US), and a point that falls back to
        the product's name makes a scene that says only "Fjell Bottle", or repeats the scene before it. In other
        languages it is not sent (``point_tries``: 1 usable of 12, at three prompts each)."""
        planned = {e["sentence"] for loc in locales for e in self.point_log.get(loc, [])}
        spares = [t for t in dict.fromkeys([*self.brief.product.facts, *(c.text for c in self.brief.product.claims)])
                  if t not in planned]
        prompts, spare_of = [], []
        taken: dict[str, set[str]] = {}
        about = self.brief.product.name
        for loc, say, point, why in rejected:
            prompts += [point_reask(say, point, why, loc, about)] * point_tries(loc)
            # no spare that says another scene's number again: the fr-FR hook that fell back to "Keeps drinks cold for
            # 24 hours and hot for 12 hours" said scene 2's "24 heures" again and failed the scenes gate (drafts-demo12)
            others = {n for t in planned if t != say for n in _NUMBER.findall(t)}
            usable = [t for t in spares if t not in taken.setdefault(loc, set()) and not others & set(_NUMBER.findall(t))]
            spare_of.append(usable[0] if usable else None)
            taken[loc].add(spare_of[-1] or "")
            if spare_of[-1] is not None:
                prompts.append(point_prompt(spare_of[-1], loc, about))
        raws = iter(())
        if prompts:
            with timings.phase("video_script points"):
                raws = iter(self.text_model.generate(prompts, seed=seed + 1, max_new_tokens=POINT_TOKENS, min_new_tokens=2,
                                                     stop=list(POINT_STOP)))
        for (loc, say, _, _), spare in zip(rejected, spare_of):
            tries = [(p, point_problem(p, say, loc, self.brief)) for p in (point_line(next(raws)) for _ in range(point_tries(loc)))]
            again, why = next((t for t in tries if t[1] is None), tries[0] if tries else (None, None))
            entry = {"sentence": say, **({"asked_again": again} if tries else {}), **({"not_used": why} if why else {}),
                     **({"tries": [p for p, _ in tries]} if len({p for p, _ in tries}) > 1 else {})}
            used = again if why is None else None
            if spare is not None:
                spare_point = point_line(next(raws))
                spare_why = point_problem(spare_point, spare, loc, self.brief)
                entry.update(spare=spare, spare_point=spare_point, **({"spare_not_used": spare_why} if spare_why else {}))
                if used is None and spare_why is None:
                    used, entry["fallback"] = spare_point, "spare fact"
            if used is None and get_locale(loc).language == "en":
                used, entry["fallback"] = say, "the sentence"
            if used is None:
                used, entry["fallback"] = local_product(self.brief, loc), "product name"
            self.points[loc][say] = used
            self.point_log[loc].append(entry)

    def write(self, jobs: list[PlannedAsset], seed: int) -> tuple[list[str], list[list[dict]]]:
        """Every job's script written scene by scene: one model call per scene position for all the jobs
        that have that scene (every locale's hook, then every locale's scene 2 with scene 1 in its chat,
        ..., then the calls to action), each reply stopped at the end of its scene (``SCENE_STOP``) and
        sized to the scene's seconds at the locale's speaking rate. A scene that repeats an earlier one
        (or says nothing, repeats the plan's English line, says more than its seconds hold, copies the
        worked example, or is not in the locale's language: ``scene_problem``) is asked again once, all
        such scenes of a position in one more call, with what it repeated quoted; the better of the two
        replies is kept. The brief's ad and AI labels go on the first and last on-screen text
        (``labelled``). Per job: (the script as JSON, what each scene's call returned)."""
        from studio.generate.video_script import format_scene

        self.write_points(jobs, seed)
        plans = [self._plan(job) for job in jobs]
        self.unresolved = [[] for _ in jobs]
        written: list[list[dict]] = [[] for _ in jobs]
        logs: list[list[dict]] = [[] for _ in jobs]
        for pos in range(max(len(plan) for plan in plans)):
            todo = [i for i, plan in enumerate(plans) if pos < len(plan)]
            budget = {"max_new_tokens": max(scene_tokens(plans[i][pos]["budget"], jobs[i].locale) for i in todo),
                      "min_new_tokens": MIN_SCENE_TOKENS, "stop": list(SCENE_STOP)}

            def asked(i: int, repeat: str | None = None, pos: int = pos):
                return self.prompt(jobs[i], pos, [format_scene(n, sc) for n, sc in enumerate(written[i], 1)], repeat)

            with timings.phase("video_script scenes"):
                raws = self._replies([asked(i) for i in todo], seed, budget)
            with timings.phase("video_script gates and checks"):
                # each job's best reply of its candidates (scene_problem, then _scene_rank; ties: the first)
                got, again = {}, {}
                for i, replies in zip(todo, raws):
                    judged = [self._judged(raw, written[i], plans[i], jobs[i]) for raw in replies]
                    best = min(range(len(judged)), key=lambda k: _scene_rank(judged[k][1], judged[k][2], plans[i][pos], jobs[i].locale))
                    raw, scene, why = judged[best]
                    got[i] = (raw, scene)
                    if why:
                        again[i] = why
                    for k, (r, s, w) in enumerate(judged):
                        logs[i].append({"scene": pos + 1, "reply": r, **({"problem": w[1]} if w and len(judged) > 1 else {}),
                                        **({"asked_again": why[1]} if why and k == best else {}),
                                        **({"kept": k == best} if len(judged) > 1 else {}), **_cut_note(r, s)})
                    # too long or an earlier scene's voiceover again: re-asked, the model wrote the same (drafts-script11's
                    # base: 4 re-asks of 4 came back as long, 2 of 2 the same repeat); its point says the scene's line
                    if why and why[0] in POINT_FIRST and self._take_point(i, pos, got, again, written, plans, jobs, logs):
                        del again[i]
            if again:
                with timings.phase("video_script scene re-asks"):
                    raws = self._replies([asked(i, again[i][1]) for i in again], seed, budget)
                with timings.phase("video_script gates and checks"):
                    for i, replies in zip(again, raws):
                        line = plans[i][pos]
                        for raw in replies:
                            _, scene, still = self._judged(raw, written[i], plans[i], jobs[i])
                            kept = _scene_rank(scene, still, line, jobs[i].locale) < _scene_rank(got[i][1], again[i], line, jobs[i].locale)
                            logs[i].append({"scene": pos + 1, "reply": raw, "kept": kept, **({"problem": still[1]} if still else {}),
                                            **_cut_note(raw, scene)})
                            if kept:
                                got[i], again[i] = (raw, scene), still
                    for i in [i for i in again if again[i]]:  # still wrong: its point, where that is better
                        self._take_point(i, pos, got, again, written, plans, jobs, logs)
            for i in todo:
                written[i].append(got[i][1])
                if again.get(i):  # still wrong after its re-ask: kept, and said so on the asset (drafting)
                    self.unresolved[i].append((pos, again[i], got[i][1]))
        scripts = [self._script_json(scenes, plan, job) for scenes, plan, job in zip(written, plans, jobs)]
        for i, job in enumerate(jobs):
            if job.locale in self.point_log:
                logs[i].insert(0, {"points": self.point_log[job.locale]})
        return scripts, logs

    def _take_point(self, i: int, pos: int, got: dict, again: dict, written: list, plans: list, jobs: list,
                    logs: list) -> bool:
        """Job ``i``'s scene at ``pos`` with its point as the voiceover (``point_scene``) in ``got``/``again`` when
        that ranks better than the scene it has; whether it did (a scene with no problem left is done)."""
        line, locale = plans[i][pos], jobs[i].locale
        alt = point_scene(got[i][1], written[i], plans[i], jobs[i], self.brief)
        if alt is None or _scene_rank(alt[0], alt[1], line, locale) >= _scene_rank(got[i][1], again.get(i), line, locale):
            return False
        logs[i].append({"scene": pos + 1, "point_voiceover": alt[0]["voiceover"], "kept": True,
                        **({"problem": alt[1][1]} if alt[1] else {})})
        got[i], again[i] = (got[i][0], alt[0]), alt[1]
        return alt[1] is None

    def _replies(self, prompts: list, seed: int, budget: dict) -> list[list[str]]:
        """``self.candidates`` replies to each prompt, all in one batched call (the runtime gives each repeat of a
        prompt its own sampling seed): per prompt, its replies in order."""
        k = self.candidates
        raws = self.text_model.generate([p for p in prompts for _ in range(k)], seed=seed, **budget)
        return [list(raws[j * k:(j + 1) * k]) for j in range(len(prompts))]

    def _judged(self, raw: str, earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                ) -> tuple[str, dict[str, str], tuple[str, str] | None]:
        """(the reply, its scene with the whole sentences that fit, why it must be asked again or None):
        ``scene_problem``, then the whole script's gates read in the scene (``scene_fault``: a number the
        brief does not state, the brand misspelt, a refusal), so a scene that invents "48 hours" is asked
        again while written (or loses to a reply that does not), not left to the script's repair."""
        from studio.generate.video_script import parse_scene

        scene = fitted(parse_scene(raw), plan[len(earlier)], job.locale, earlier, self.brief)
        return raw, scene, scene_fault(scene, earlier, plan, job, self.brief, echo=True, english=True)

    def _plan(self, job: PlannedAsset) -> list[dict]:
        """The job's scene plan, its scenes carrying their points where ``write_points`` wrote them."""
        from studio.generate.prompts import plan_for_script
        from studio.generate.script_plan import with_points

        return with_points(plan_for_script(self.brief, job.locale, job.duration_s), self.points.get(job.locale))

    def prompt(self, job: PlannedAsset, position: int, written: list[str], repeat: str | None = None):
        from studio.generate.prompts import render_scene

        prompt = render_scene(brief=self.brief, locale=job.locale, channel=job.channel, duration_s=job.duration_s,
                              position=position, written=written, repeat=repeat, points=self.points.get(job.locale))
        return self.with_note(prompt)

    def repair(self, jobs: list[PlannedAsset], scripts: list, gates: list[dict[str, str]],
               spans: list[list[tuple[str, str]]], seed: int) -> dict[int, tuple[str, list[str]]]:
        """The repair of finished scripts scene by scene: the scenes of each script that fail (``scene_fault``;
        a voiceover too long for its seconds only while the whole script's ``speech_fits`` gate fails) are
        asked again, every script's in one batched call, each with the scenes before it in its chat and
        the problem quoted; a reply replaces its scene when it ranks better (``_scene_rank``). Per job index
        with a scene to fix: (the script as JSON, the problems asked about). Scripts none of whose scenes
        can be blamed (a finding on the whole script) are left out: rewriting the whole script undid the
        scenes' work (make demo: 66.5 s of 508)."""
        from studio.generate.video_script import format_scene, parse_scene

        asks: list[tuple[int, int, tuple[str, str]]] = []
        scenes_of: dict[int, list[dict[str, str]]] = {}
        plans: dict[int, list[dict]] = {}
        for i, (job, script) in enumerate(zip(jobs, scripts)):
            plan = self._plan(job)
            if script is None or len(script.scenes) != len(plan):
                continue
            scenes = [{"visual": s.visual, "on_screen_text": s.on_screen_text, "voiceover": s.voiceover} for s in script.scenes]
            for pos, scene in enumerate(scenes):
                if fault := scene_fault(scene, scenes[:pos], plan, job, self.brief, lengths="speech_fits" in gates[i],
                                        spans=spans[i], echo="brief_echo" in gates[i], english=_foreign_gate(gates[i])):
                    asks.append((i, pos, fault))
            scenes_of[i], plans[i] = scenes, plan
        if not asks:
            return {}
        budget = {"max_new_tokens": max(scene_tokens(plans[i][pos]["budget"], jobs[i].locale) for i, pos, _ in asks),
                  "min_new_tokens": MIN_SCENE_TOKENS, "stop": list(SCENE_STOP)}
        prompts = [self.prompt(jobs[i], pos, [format_scene(n, sc) for n, sc in enumerate(scenes_of[i][:pos], 1)], fault[1])
                   for i, pos, fault in asks]
        replies = self._replies(prompts, seed, budget)
        fixed = {i: list(scenes_of[i]) for i, _, _ in asks}
        problems: dict[int, list[str]] = {i: [] for i in fixed}
        for (i, pos, fault), raws in zip(asks, replies):
            line, earlier, held = plans[i][pos], scenes_of[i][:pos], fault
            for raw in raws:  # the best of the replies, if it ranks better than the scene asked about
                scene = fitted(parse_scene(raw), line, jobs[i].locale, earlier, self.brief)
                still = scene_fault(scene, earlier, plans[i], jobs[i], self.brief, lengths="speech_fits" in gates[i],
                                    spans=spans[i], echo="brief_echo" in gates[i], english=_foreign_gate(gates[i]))
                if _scene_rank(scene, still, line, jobs[i].locale) < _scene_rank(fixed[i][pos], held, line, jobs[i].locale):
                    fixed[i][pos], held = scene, still
            problems[i].append(f"Scene {pos + 1}: {fault[1]}")
        return {i: (self._script_json(fixed[i], plans[i], jobs[i]), problems[i]) for i in fixed}

    def _script_json(self, scenes: list[dict[str, str]], plan: list[dict], job: PlannedAsset) -> str:
        """A script's scenes as the JSON a whole script's reply gives, with the brief's labels and the plan's
        seconds."""
        return json.dumps({"scenes": [{**labelled(scene, n, len(plan), job, self.brief), "duration_s": plan[n]["seconds"]}
                                      for n, scene in enumerate(scenes)]}, ensure_ascii=False)
