"""Why a scene written on its own must be asked again: what is wrong with it and the request that quotes it in
words a model can act on (``scene_problem``: silent, a repeat, the brief said back, the worked example, foreign
words, off its point, too long, another language; ``scene_fault`` adds the whole script's gates read in one
scene). The requests' words are the locale's (``prompts/scene_lines.yaml``); the scenes gate's thresholds are
``prompts/scene_gates.yaml``'s."""

from __future__ import annotations

import re

from studio.checks.language import language_of_locale
from studio.generate.prompt_lines import scene_lines
from studio.generate.scene_measures import closeness, retells_example, scene_foreign_words, scene_overrun, talks
from studio.generate.script_plan import scene_point
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset


def scene_problem(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                  brief: Brief, *, lengths: bool = True, echo: bool = True, english: bool = True) -> tuple[str, str] | None:
    """Why a scene written on its own must be asked again, or None: (what is wrong, the request quoting it
    in words a model can act on). No voiceover (``silent``), a voiceover or visual that repeats an earlier
    scene's (``repeat``: the script's distinct-scenes gate, scene by scene), the brief's sentence said back
    (``plan_line``: the plan's English line in another language; the scene ask's own wording, ``asked_back``; with ``echo``, ``echo``: a brief statement
    word for word, the script's brief_echo gate scene by scene), with ``english`` words of another language
    (``english``: the script's mixed_script and foreign_words gates, ``scene_foreign_words``), a loop (``loop``), a
    voiceover that stops mid-phrase (``unfinished``: the script's unfinished gate), a voiceover longer than the scene's seconds hold
    (``too_long``), the worked example reused (``example``), or not the locale's language (``language``).
    Without ``lengths`` a long voiceover is no problem (the whole script's speech fits its time). The
    requests about copied or foreign words are in the locale's language (``prompts/scene_lines.yaml``) and
    quote what was copied: asked in English "say it in Chinese", the model wrote the English line again."""
    from studio.generate.echoes import asked_back, copied_example
    from studio.generate.gates import (
        ignore_terms,
        language_verdict,
        repeated_ngram,
        repeated_speech,
        scene_text_key,
    )
    from studio.generate.scene_rules import example_product, example_retold
    from studio.generate.script_plan import local_plan
    from studio.generate.shape_gates import spoken_open_end

    loc = get_locale(job.locale)
    n, lang, lines = len(earlier) + 1, loc.language_name, scene_lines(job.locale)
    line = plan[n - 1]
    said, shown = scene["voiceover"], scene["visual"]
    if not scene_text_key(said):
        return "silent", f'Your reply had no "Voiceover:" line. Write scene {n} in the form above, its voiceover in {lang}.'
    for m, other in enumerate(earlier, 1):
        if scene_text_key(other["voiceover"]) == scene_text_key(said):
            return "repeat", (f'Scene {m} already says "{said}". Scene {n} gets a new point across: {scene_point(line)}; '
                              f"in {lang}, in new words.")
    voiceovers = [other["voiceover"] for other in earlier]
    # the first scene too: its voiceover alone can say one run twice (lead40's it-IT hook 'Buon giorno, tu. Buona
    # giornata, lei. Buona giornata, tu. Buona giornata, lei.' was kept unasked and failed the script's scenes gate)
    if not (earlier and repeated_speech(voiceovers, job.locale, brief)) and (
            twice := repeated_speech([*voiceovers, said], job.locale, brief)):
        where = " with the scenes before it" if earlier else ""
        return "repeat", (f"It {twice.split(':')[0]}{where}. Scene {n} gets a new point across: "
                          f"{scene_point(line)}; in {lang}, in new words.")
    for m, other in enumerate(earlier, 1):
        if scene_text_key(shown) and scene_text_key(other["visual"]) == scene_text_key(shown):
            shot = local_plan([line], loc, brief.product.name)[0]["shot"]  # in the locale's language, as the ask gave it
            return "repeat", f'Scene {m} already shows "{shown}". Scene {n} shows {shot}: a new shot.'
    if scene_text_key(said) in {scene_text_key(shown), scene_text_key(local_plan([line], loc, brief.product.name)[0]["shot"])}:
        # ja-JP: 'Visual: Fjell Bottleのアップ' / 'Voiceover: Fjell Bottleのアップ。' (the shot asked for, said as the line)
        return "visual", (f'The voiceover "{said}" only names what the picture shows. In one short sentence in {lang}, '
                          f"say what this means for the viewer: {scene_point(line)}")
    if asked_back(said, lines.ask):  # quoted whole: the run found is folded (Thai marks split off), not readable
        return "asked_back", (f'"{said}" repeats the request\'s own words; a voiceover is only what is spoken. In one '
                              f"short sentence in {lang}, say: {scene_point(line)}")
    if loc.language != "en" and scene_text_key(line["say"]) in scene_text_key(said):
        return "plan_line", lines.foreign.format(text=said, words=line["say"], language=lang)
    # the worked example's product before foreign words: "Brio" in a ja-JP scene is the example retold, not English
    point = scene_point(line)
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
    if echo and (statement := _echo_over_share(said, earlier, len(plan), brief)):
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
    # a voiceover that stops on a word its phrase goes on from ('Một người đang', a person is [doing]): the finished
    # script's unfinished gate, scene by scene, so the scene is asked again once (its point tried first) instead
    if cut := spoken_open_end(said, language_of_locale(job.locale)):
        return "unfinished", (f'"{said}" stops on "{cut}", mid-phrase. In one whole short sentence in {lang}, say: '
                              f"{point}")
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


def _echo_over_share(said: str, earlier: list[dict[str, str]], scenes: int, brief: Brief) -> str | None:
    """The brief statement a scene's voiceover says back word for word where that puts the script past brief_echo's
    ``share`` of echoed sentences (the scenes not yet written counted as one sentence each, none echoed), else None.
    One echo in three scenes passes the script's gate, and a creative team keeps "Keeps drinks cold for 24 hours."
    as a line; judged alone, every echo was a problem, and en-US and en-IN kept scene 2 repeating scene 1's voiceover
    word for word (a problem of the same rank) over their point, the fact itself (the 23-locale run: both failed the
    scenes gate)."""
    from studio.generate.gates import echoed_sentences, echoed_statement, reader_rules

    rules = reader_rules()
    if rules.echo_similar is None or not (statement := echoed_statement(said, brief, rules.echo_similar)):
        return None
    sentences, echoed = echoed_sentences([*(other["voiceover"] for other in earlier), said], brief, rules.echo_similar)
    ahead = max(scenes - len(earlier) - 1, 0)
    return statement if len(echoed) > rules.echo_share * (len(sentences) + ahead) else None


def off_point(said: str, point: str, locale: str, brief: Brief, hook: bool = False) -> str | None:
    """Why a scene's voiceover does not get its plan line (``point``: the point in the locale's language, else the
    brief's sentence) across, else None: it only names the brand or the product ("Fjell Bottle."), the checks'
    sentence encoder finds it further from the line than ``off_point.min_cosine``, or, in the ``hook`` scene, the sense
    gate reads it as saying nothing the brief says under ``off_point.min_sense`` (prompts/scene_gates.yaml)."""
    from studio.generate.gates import only_names
    from studio.generate.scene_rules import scene_rules
    from studio.generate.sense import sense_problem

    if only_names(said, brief):
        return "only names the brand"
    floor = scene_rules().off_point_cosine
    if (near := closeness(point, said, locale)) is not None and near < floor:
        return f"far from its point (similarity {near:.2f} < {floor:g})"
    # a voiceover the sense gate reads as saying nothing the brief says, under the scenes' lower bar (``min_sense``):
    # the hooks of q23d-q23f that talk like a chat assistant ('お手伝いできるんですか？' can I help?, '안녕하세요.' hello,
    # 'أنا هنا لمساعدتك اليوم' I am here to help you today) or read the tone back were above min_cosine and kept unasked,
    # their point unused; the script passed on its other scenes. The hook only: the encoder reads a short line poorly,
    # and a call to action 'Une gourde au lieu de cent.' (one flask instead of a hundred) is 0.31
    if hook and (nothing := sense_problem([said], locale, brief, bar=scene_rules().off_point_sense)) and nothing.why.startswith(
            "says nothing the brief says"):
        return nothing.why.split(":")[0]
    return None


PART_OF = 0.6  # a voiceover inside its point at under this share of the point's length says only part of it


def part_of(said: str, point: str) -> bool:
    """Whether ``said`` is a run of whole words inside ``point`` (words only, case folded) shorter than ``PART_OF`` of
    it and not its opening: a later clause of the line without what it is about. The opening clause is a line of its
    own ('Koud water de hele dag.' of 'Koud water de hele dag, waar de dag je ook brengt'), as ``fitting_clauses``
    keeps it."""
    from studio.generate.gates import scene_text_key

    key, whole = scene_text_key(said), scene_text_key(point)
    return (bool(key) and key != whole and f" {key} " in f" {whole} " and not f"{whole} ".startswith(f"{key} ")
            and len(key) < PART_OF * len(whole))


def _scene_gate_problem(scene: dict[str, str], line: dict, locale: str, brief: Brief) -> tuple[str, str] | None:
    """The scenes gate's faults of one scene (prompts/scene_gates.yaml) as a re-ask: a voiceover off its plan line
    (``off_point``), an on-screen text that copies the voiceover (``caption_copies``), a word or phrase said
    twice back to back (``stutter``) or inside one sentence (``said_twice``)."""
    from studio.generate.gates import said_twice, scene_text_key
    from studio.generate.scene_rules import caption_copies, stutter

    lang, said, point = get_locale(locale).language_name, scene["voiceover"], scene_point(line)
    job = scene_lines(locale).jobs.get(line.get("job", ""), "")
    if job and scene_text_key(said) == scene_text_key(job):  # pt-BR: 'Voiceover: A chamada para ação.'
        return "off_point", (f'"{said}" only names the scene\'s job. In one short sentence in {lang}, say what this '
                             f"means for the viewer: {point}")
    # a piece of its point only (run1's hi-IN hook 'आप जहाँ भी जाएँ।', wherever you go, of 'दिन भर ठंडा पानी, आप जहाँ भी
    # जाएँ'): what it leaves out is what the line is about; its point is tried first
    if part_of(said, point):
        return "off_point", (f'"{said}" says only part of its line. In one short sentence in {lang}, say what this means '
                             f"for the viewer: {point}")
    if why := off_point(said, point, locale, brief, hook=line.get("job") == "hook"):
        return "off_point", (f'"{said}" {why.split(" (")[0]}. In one short sentence in {lang}, say what this means '
                             f"for the viewer: {point}")
    # what the sense gate reads as the prompt talking: fr-FR's hook 'C'est un moment unique pour vous.' (drafts-scripts20's
    # base, sense failed: 0.35 to the prompt's lines, 0.31 to the brief), above off_point's floor; its point is tried first
    if talks(said, locale, brief):
        return "off_point", (f'"{said}" talks like the request, not like the ad. In one short sentence in {lang}, say '
                             f"what this means for the viewer: {point}")
    # what the sense gate reads as the worked example more than as the brief (q23d's es-MX hook 'Si estás buscando la
    # tranquilidad de la noche, la vela es tu guía.', 0.32 to the example, 0.26 to the brief: kept unasked, the script
    # failed sense); its point is tried first
    if retells_example(said, locale, brief):
        return "example", (f'"{said}" reads like another product\'s ad, not {brief.product.name}\'s. In one short sentence '
                           f"in {lang}, say what this means for the viewer: {point}")
    if caption_copies(said, scene["on_screen_text"], locale):
        return "caption_copies", (f'The on-screen text "{scene["on_screen_text"]}" says the voiceover again. '
                                  f"Put a few other words in {lang} on screen.")
    if doubled := next(filter(None, (stutter(scene[k], locale) for k in ("voiceover", "on_screen_text", "visual"))), None):
        return "stutter", f'It says "{doubled}" twice in a row. Say it once, in {lang}.'
    # the same inside one sentence ('Tek bir şişe yerine yüzlerce plastik şişe yerine'): the repetition gate's said_twice
    if twice := next(filter(None, (said_twice(scene[k], locale, brief) for k in ("voiceover", "on_screen_text", "visual"))), None):
        return "said_twice", f'It says "{twice}" twice in one sentence. Say it once, in {lang}.'
    return None


def scene_fault(scene: dict[str, str], earlier: list[dict[str, str]], plan: list[dict], job: PlannedAsset,
                brief: Brief, *, lengths: bool = True, spans: list[tuple[str, str]] = (),
                echo: bool = False, english: bool = False) -> tuple[str, str] | None:
    """What a scene of a finished script must be asked again for, or None: ``scene_problem``, then the
    whole script's gates read in this scene alone (a number the brief does not state, the brand spelt
    wrong or written in another script, a claim the brief does not make, a brief's "A instead of B" said backwards,
    words the language does not know, a refusal), the findings whose quoted text (``spans``: (text, message)) it holds. ``echo`` (the
    script only says the brief back) and ``english`` (its mixed_script, foreign_words or language gate) ask
    ``scene_problem`` for a voiceover that is a brief statement word for word and for words of another language."""
    from studio.generate.gates import (
        altered_brand,
        brief_numbers,
        numbers_in,
        refusal,
        transliterated,
    )
    from studio.generate.grounding import misstated_figure
    from studio.generate.instead import said_backwards
    from studio.generate.language_gates import unknown_words
    from studio.generate.scene_measures import point_claim

    if problem := scene_problem(scene, earlier, plan, job, brief, lengths=lengths, echo=echo, english=english):
        return problem
    line, said = plan[len(earlier)], scene["voiceover"]
    fields = [scene["voiceover"], scene["visual"], scene["on_screen_text"]]
    text = " ".join(fields)
    if invented := sorted(n for n in numbers_in(text) if n not in brief_numbers(brief)):
        return "grounded", (f'"{said}" says {", ".join(invented)}, which the brief does not state. Say only what '
                            f'this line states: "{scene_point(line)}".')
    # a figure of the brief with another fact's word or its own negated (the grounded gate's misstated_figure), read
    # per field: q23f's zh-CN product scene '保持饮料24小时不冷' (not cold for 24 hours) was kept and failed grounded
    if misstated := next(filter(None, (misstated_figure(f, job.locale, brief) for f in fields)), None):
        return "grounded", (f'"{said}" {misstated.split(": ", 1)[0]}. Say only what this line states: '
                            f'"{scene_point(line)}".')
    if bad := altered_brand(text, brief.brand):
        return "brand", f"It writes the brand as {bad!r}. Write it exactly as {brief.brand!r}."
    # the brand in another script (q23b's ar-AE 'فجيل يفتح بقوة' as its picture, 'فجلاً' in the others): the script
    # named Fjell nowhere and failed on_topic; altered_brand reads Latin spellings only (the copy gate transliterated)
    if why := transliterated(text, job.locale, brief):
        return "brand", f"It {why.split(': ')[0]}. Write it exactly as {brief.brand!r}, in Latin letters."
    # a claim the brief does not make, as the unsupported_claim gate reads it (q23b's nl-NL hook 'Koud water is de beste
    # keus', an absolute claim, kept unasked: the script failed the gate); the voiceover and on-screen text it reads
    if claim := point_claim(f"{said} {scene['on_screen_text']}".strip(), job.locale, brief):
        return "claim", (f"{claim[0].upper()}{claim[1:]}. Leave that out; in one short sentence in {get_locale(job.locale).language_name}, "
                         f'say only what this line states: "{scene_point(line)}".')
    # the instead gate and the words gate, read in the scene alone: q23g's tr-TR call to action 'Tek bir şişe yerine'
    # (instead of one bottle) and hi-IN's 'एक बोटल औसे ...' (not Hindi words) were kept unasked, and each script failed
    # that gate alone; asked again with the words quoted, else its point (the locale's verified words) is said
    spoken = f"{said} {scene['on_screen_text']}".strip()
    lang = get_locale(job.locale).language_name
    if said_backwards(spoken, job.locale, brief):
        return "instead", (f'"{said}" says it the wrong way round: it is the other thing that is replaced. In one short '
                           f'sentence in {lang}, say only what this line states: "{scene_point(line)}".')
    if unknown := unknown_words(spoken, job.locale, brief):
        return "words", (f'"{said}" {unknown.split(" (")[0]}. In one short sentence in {lang}, say only what this '
                         f'line states: "{scene_point(line)}".')
    if why := refusal(text):
        return "refusal", f'"{why}" is not an ad. Write scene {len(earlier) + 1} itself, about {brief.product.name}.'
    for quoted, message in spans:
        if quoted and quoted in text:
            return "finding", f'"{quoted}": {message}'
    return None
