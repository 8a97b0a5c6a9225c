"""Video scripts written scene by scene (profiles with ``drafting.script_by_scene``, the cpu default): one
batched model call per scene position across a run's scripts, each reply stopped at the end of its scene,
a scene with a problem (``scene_problem``) asked again once with the problem quoted. ``SceneWriter.write``
gives each job's script as JSON, which ``studio.generate.drafting`` scores and repairs like a whole
script's reply. What it asks and keeps comes from ``scene_points`` (a brief sentence as a short point),
``scene_problems`` (why a scene is asked again), ``scene_fits`` (a scene made to fit without a re-ask) and
``scene_measures`` beneath them; the plan it writes along is ``script_plan``'s."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from studio.core import timings
from studio.generate.backends import TextModel
from studio.generate.scene_fits import fitted
from studio.generate.scene_measures import scene_overrun
from studio.generate.scene_points import (
    POINT_STOP,
    POINT_TOKENS,
    local_product,
    point_line,
    point_problem,
    point_prompt,
    point_reask,
    point_tries,
    verified_point,
)
from studio.generate.scene_problems import scene_fault
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


# A scene's problems (scene_problem, scene_fault) for which its point is tried as the voiceover before a re-ask; the
# re-ask is sent only when the point does not give a scene without a problem. Re-asked, the 1.5B model wrote the same
# voiceover again: in the 23-locale run at 70508b2, 4 of 31 re-asks fixed their scene (a voiceover that only named the
# brand 1 of 1, the worked example 2 of 7, no voiceover 1 of 3; too long 0 of 7, a stutter 0 of 3, a voiceover that
# only said its visual 0 of 4, a repeat 0 of 4, the brief's sentence 0 of 1, a number 0 of 1) and each position's
# re-asks are one more batched model call; every one of those problems is tried with the point first now (the point
# is checked as a translation of the scene's line, and is short).
POINT_FIRST = frozenset({"silent", "repeat", "visual", "plan_line", "example", "echo", "english", "off_point",
                         "caption_copies", "stutter", "said_twice", "loop", "unfinished", "too_long", "language", "grounded", "brand", "claim", "instead",
                         "words", "refusal", "finding"})


def point_scene(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                brief: Brief) -> tuple[dict[str, str], tuple[str, str] | None] | None:
    """The scene with its point (the brief's line written in the locale's language and checked by ``point_problem``:
    its language, no foreign word, no number the brief does not state, near its sentence) as the voiceover, and
    what is still wrong with it (``scene_fault``), or None where the scene has no point or already says it. A
    voiceover too long, repeated or retold after its re-ask gave a failing script; the point is short (it was
    asked short) and says the scene's own line. Where only the reply's on-screen text is still wrong, the point
    with no on-screen text of its own."""
    from studio.generate.gates import scene_text_key

    line = plan[len(earlier)]
    point = line.get("point")
    if not point or not scene_text_key(point) or scene_text_key(point) == scene_text_key(scene["voiceover"]):
        return None
    # a point that ends its sentence keeps its own stop (hi-IN's "।" got a "." after it: 'पेय ठंडा ... रहता है।.')
    said = point if point.rstrip()[-1:] in ".!?。！？।؟" else point.rstrip() + _stop(job.locale)
    alt = fitted({**scene, "voiceover": said}, line, job.locale, earlier, brief)
    fault = scene_fault(alt, earlier, plan, job, brief, echo=True, english=True)
    if fault is not None and alt["on_screen_text"].strip():
        # what is still wrong may be the reply's on-screen text, not the point: q23d's ko-KR hook kept its point under a
        # caption that ran on ('... 차가운 물의 맛을 높이고, 즐거운 환경은 차가운 물의 풍경을 만듭니다. ...', said twice)
        # and the script failed repetition; the point without that caption is the scene (the labels go on later)
        bare = {**alt, "on_screen_text": ""}
        if scene_fault(bare, earlier, plan, job, brief, echo=True, english=True) is None:
            return bare, None
    return alt, fault


def _stop(locale: str) -> str:
    """The full stop of the locale's script (Hindi's the danda: the replay of q23g's hi-IN script put its verified point
    in as 'दिन भर ठंडा पानी, आप जहाँ भी जाएँ.')."""
    lang = get_locale(locale).language
    return "。" if lang in {"ja", "zh"} else "।" if lang == "hi" else "."


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
        (in English: in new words, ``point_prompt``): one batched call, a line per prompt. Where the locale's verified
        words say the sentence whole (``verified_point``) they are its point and the model is not asked. An English point that fails
        ``point_problem`` is asked again with the problem quoted, and in the same call a spare fact of the brief (one no
        scene of the plan says) is written as a point too; if that fails, the scene gets the spare fact's point, or else the
        product's name as the locale's glossary gives it (``local_product``): never the brief's English
        sentence, which the 1.5B model said back in German, French and Japanese scenes."""
        from studio.generate.prompts import plan_for_script, scene_points

        asks: list[tuple[str, str]] = []
        for job in jobs:
            if not self.use_points or job.locale in self.points:
                continue
            self.points[job.locale] = {}
            said = scene_points(self.brief, job.locale)
            for line in plan_for_script(self.brief, job.locale, job.duration_s):
                if line["say"] in self.points[job.locale] or (job.locale, line["say"]) in asks:
                    continue
                # the locale's verified words for the sentence are its point where they say it whole (not asked)
                own, why = verified_point(line["say"], said, job.locale, self.brief)
                if own is not None:
                    self.point_log.setdefault(job.locale, []).append(
                        {"sentence": line["say"], "point": own, "verified": True, **({"not_used": why} if why else {})})
                if own is not None and why is None:
                    self.points[job.locale][line["say"]] = own
                else:
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
            prompts += [point_reask(say, point, why, loc, about)] * point_tries(loc, why)
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
        for (loc, say, _, first_why), spare in zip(rejected, spare_of):
            tries = [(p, point_problem(p, say, loc, self.brief)) for p in (point_line(next(raws)) for _ in range(point_tries(loc, first_why)))]
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
