"""What a repair prompt tells the model is wrong with a draft (``repair_problems``): each failed gate and each
block or warn finding in words a model can act on, in the locale's language where prompts/repair_lines.yaml has
them (a headline too long: quoted with its count and the limit, to be cut), and for video scripts the scenes that
repeat or overrun their seconds (``script_problems``). The repair loop (studio.generate.repair) sends these."""

from __future__ import annotations

import re

from studio.generate.candidates import Candidate, actionable
from studio.generate.echoes import ECHO
from studio.generate.examples import locale_examples
from studio.generate.grounding import NUMBERS_RULE
from studio.generate.headlines import asks_options
from studio.generate.prompt_lines import repair_lines
from studio.generate.prompts import headline_words
from studio.generate.video_script import VideoScript
from studio.market.channels import get_channel, measure
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

UNIT_WORDS = {"chars": "characters", "weighted": "characters (CJK count double)", "segments": "SMS segments"}


def repair_problems(cand: Candidate, job: PlannedAsset, brief: Brief) -> list[str]:
    """The problems of a draft in words a model can act on: the limit and the count, the language,
    the unsupported claim, the block rule's message."""
    from studio.checks.language import language_of_locale

    lang = get_locale(job.locale).language_name
    out: list[str] = []
    rules = {f.rule for f in cand.findings}
    if job.kind != "video_script" and ("length" in cand.gates or "builtin.length" in rules):
        m = measure(cand.text, job.channel, get_locale(job.locale))
        said = repair_lines(job.locale)
        if said is not None and m.unit == "segments":
            # in characters (UTF-16 units or septets), as the copy prompt told the SMS budget (char_budget), not in
            # segments: told "3 SMS segments; the limit is 2 SMS segments. Write it shorter.", the ja-JP and tr-TR
            # SMS of bench h49a came back unchanged, 3 segments still (a Turkish ı or a kana makes it UCS-2: 67 a part)
            out.append(said.too_long.format(count=m.units, limit=m.unit_limit))
        elif said is not None:
            # in the locale's language and in the characters the copy prompt named (CJK: half the weighted count)
            count, limit = _in_prompt_chars(m, job)
            if said.cut and asks_options(get_channel(job.channel), get_locale(job.locale)):
                # a headline option: quoted with its length and the limit, to be cut (words dropped), not
                # rewritten: asked "write it shorter", a 1.5B model writes a new line as long as the first. No worked
                # example of a cut follows: shown the bike light's ('"Lumo: das helle ..." → "Lumo: sicher im
                # Dunkeln"'), the five cut versions asked next came back with its line and its product
                # ("Fjell: sicher im Dunkeln", "luz de bici"), an ad for another product that fits.
                out.append(said.cut.format(text=cand.text, count=count, limit=limit, over=count - limit, brand=brief.brand,
                                           words=headline_words(job.locale, job.channel, limit, brief.brand)))
            else:
                out.append(said.too_long.format(count=count, limit=limit))
        else:
            unit = UNIT_WORDS.get(m.unit, m.unit)
            out.append(f"It is {m.count} {unit} long; the limit is {m.limit} {unit}. Write it shorter.")
    if job.kind == "video_script":
        out += script_problems(cand, job, brief)
    if "language" in cand.gates or "builtin.language" in rules:
        out.append(f"It is not written in {lang} ({cand.gates.get('language', 'another language')}). "
                   f"Write it in {lang} ({language_of_locale(job.locale)}).")
    grounding = [f for f in cand.findings if f.rule == NUMBERS_RULE]
    checked = cand.checked or cand.text
    for f in grounding:
        said = checked[f.start:f.end] if f.start is not None and f.end is not None else ""
        out.append(f"It claims {said!r}, which the brief does not state. Use only the facts and claims above.")
    if "grounded" in cand.gates and not grounding:
        why = cand.gates["grounded"]
        out.append(f"It uses {why}. Use only numbers the brief states." if why.startswith("numbers not in")
                   else f"It {why}.")
    # a claim the brief does not make (the unsupported_claim gate): quoted, in the locale's language, to be left out
    claimed = cand.claims if "unsupported_claim" in cand.gates else []  # as the gate found them (drafting._score)
    locale_lines = repair_lines(job.locale)
    for _, text, _ in claimed:
        out.append(locale_lines.claim.format(text=text) if locale_lines is not None and locale_lines.claim else
                   f"It claims {text!r}, which the brief does not state. Write it without that claim: use only the "
                   "facts and claims above.")
    claim_ids = {id(f) for f, _, _ in claimed}
    # a post that only asks: asked to keep its question and add what the product does (only_a_question), and not also
    # told to "write the ad itself: say what Fjell Bottle does" (the sense line): given both, base25b's ar-SA repair kept
    # the question and wrote the sense line's request after it as its sentence ('قل ما يفعله Fjell Bottle، فقط
    # بالحقائق أعلاه', copied), and the question alone was published
    asked = only_a_question(cand, job, brief)
    # a draft that says nothing the brief says (the sense gate): its sentence quoted, in the locale's language
    if "sense" in cand.gates and cand.sense is not None and not asked:
        out.append(locale_lines.sense.format(text=cand.sense.text, product=brief.product.name)
                   if locale_lines is not None and locale_lines.sense else
                   f"{cand.sense.text!r} says nothing about {brief.product.name}. Write the ad itself: say what "
                   f"{brief.product.name} does, only with the facts above.")
    if "repetition" in cand.gates and (twice := _TWICE.match(cand.gates["repetition"])):
        # a phrase said twice in one sentence: quoted, in the locale's language where it has the line (copy)
        lines = repair_lines(job.locale) if job.kind == "copy" else None
        out.append(lines.repeated.format(text=twice.group(1)) if lines is not None and lines.repeated else
                   f"It says {twice.group(1)!r} twice in one sentence. Say each thing once.")
    elif "repetition" in cand.gates:
        out.append(f"It {cand.gates['repetition']} again and again. Say each thing once.")
    if "brand" in cand.gates:
        out.append(f"The brand is written wrongly ({cand.gates['brand'].removeprefix('brand spelt ')}). "
                   f"Write it exactly as {brief.brand!r}.")
    if "refusal" in cand.gates:
        out.append(f"It is not an ad: {cand.gates['refusal']}. Reply with the ad text itself, about "
                   f"{brief.product.name}, using only the brief's facts.")
    lines = repair_lines(job.locale) if job.kind == "copy" else None
    if asked:
        out.append(asked)
    if "on_topic" in cand.gates:
        out.append(lines.name.format(brand=brief.brand) if lines is not None and lines.name else
                   f"It is not an ad for {brief.product.name}: write the ad text itself and name {brief.brand}.")
    english = english_words(cand.gates) if lines is not None and lines.english else []
    if english:
        out.append(lines.english.format(pairs=english_pairs(english, job.locale)))  # type: ignore[union-attr]
    # Gates whose message reads as what the draft does ("It <message>."); for the ones after foreign_words a
    # copy job is repaired, not sampled again.
    said = {"foreign_words": "It {}.", "unfinished": "It {}.",
            "mixed_script": "It has {}: write them in " + lang + " or leave them out.",
            "foreign_script": "It has {}.", "contradicts": "It {}.", "transliterated": "It {}.", "example_product": "It {}.",
            "words": "It {}.", "repeated_claim": "It {}.", "agreement": "It has {}.",
            "instead": "It {}."}
    if lines is not None and lines.repeated and (quoted := _QUOTED.search(cand.gates.get("repeated_claim", ""))):
        said.pop("repeated_claim")  # in the locale's language below
        out.append(lines.repeated.format(text=quoted.group(1)))
    if english:  # said above in the locale's language, with its words for them
        said.pop("mixed_script")
        if cand.gates.get("foreign_words", "").startswith("has English words"):
            said.pop("foreign_words")
    out.extend(line.format(cand.gates[gate]) for gate, line in said.items() if gate in cand.gates)
    if "hashtag" in cand.gates:
        out.append(f"{cand.gates['hashtag'][0].upper()}{cand.gates['hashtag'][1:]}.")
    if "copied" in cand.gates:
        quoted = re.search(r"(?<![^\W_])'([^']+)'", cand.gates["copied"])  # not the apostrophe of "example's"
        if lines is not None and lines.copied and quoted and not cand.gates["copied"].startswith(ECHO):
            out.append(lines.copied.format(text=quoted.group(1), product=brief.product.name))
        else:
            out.append(f"It {cand.gates['copied'].removeprefix('the draft ')}. Write about {brief.product.name} "
                       "in your own words.")
    if tags := example_hashtags(cand.text, job.locale, brief):
        # quoted all together: told of one (#InBici), a 1.5B model ran the rest into a new one (#Lumobici)
        out.append(f"Leave out {' '.join(tags)}: they are the worked example's hashtags. End with hashtags about "
                   f"{brief.product.name}, such as #{brief.brand}.")
    for f in filter(actionable, cand.findings):
        if f.severity == "block" and f.category not in ("length", "language", "unsupported_claim") and id(f) not in claim_ids:
            out.append(f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
    for f in filter(actionable, cand.findings):
        if (f.severity == "warn" and f.category not in ("length", "language", "unsupported_claim") and id(f) not in claim_ids
                and len(out) < 6):
            out.append(f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
    return list(dict.fromkeys(out))


def only_a_question(cand: Candidate, job: PlannedAsset, brief: Brief) -> str | None:
    """A post whose words (before its hashtags) are one question, or only questions, and nothing else ('Wat vind je van de Fjell Bottle?', 'Quale è la tua
    preferenza: acqua fresca o calda per il giorno?': q23, nl-NL and it-IT, failing sense or on_topic): asked to keep
    the question and add what the product does. Told only "write the ad itself: say what Fjell Bottle does" (the
    sense line), the nl-NL repair came back as the same question."""
    from studio.generate.headlines import POST_CHANNELS
    from studio.generate.labels import strip_ai_label
    from studio.generate.post_copy import words_before_tags

    if job.kind != "copy" or job.channel not in POST_CHANNELS or not ({"sense", "on_topic"} & cand.gates.keys()):
        return None
    # each line's words before its first hashtag: q23b's ar-SA post ran words on after a tag ('#ضمان المدى الحياة'),
    # which read as words after the question, so the post was not asked for its answer
    words = words_before_tags(strip_ai_label(cand.text, job.locale))
    sentences = [s for s in re.split(r"(?<=[.!?。！？؟])\s*", words.strip()) if s.strip()]
    if not sentences or not all(re.search(r"[?？؟]$", s.strip()) for s in sentences):
        return None
    # several questions and nothing else (q23b's tr-TR 'Günün hava nasıl değişti? Fjell bottle'ın ...? ...?') too
    # in the locale's language where it has the line: asked in English among Polish lines, drafts-posts23's pl-PL repair
    # came back as questions again ('Jestem z Fjell? Jak działa Fjell Bottle?')
    lines = repair_lines(job.locale)
    if lines is not None and lines.question:
        return lines.question.format(brand=brief.brand, product=brief.product.name)
    kept = "Keep the question" if len(sentences) == 1 else "Keep its first question only"
    return (f"The post only asks {'a question' if len(sentences) == 1 else 'questions'}. {kept}, then add one sentence in "
            f"{get_locale(job.locale).language_name} that names {brief.brand} and says what {brief.product.name} does "
            "for the reader, with one fact from the brief above.")


_QUOTED = re.compile(r"'([^']+)'")
_TWICE = re.compile(r"says '(.+)' twice in one sentence$")  # the repetition gate's said_twice (studio.generate.gates)


def english_words(gates: dict[str, str]) -> list[str]:
    """The English words the mixed_script and foreign_words gates found in a draft ("dishwasher", "One"), from their
    messages ("English words in Japanese copy: bottle, dishwasher"; "has English words in Vietnamese copy: 'One',
    'Bottle'; ..."), in order, once each."""
    found: list[str] = []
    if why := gates.get("mixed_script"):
        found += [w.strip() for w in why.split(": ", 1)[-1].split(",")]
    why = gates.get("foreign_words", "")
    if why.startswith("has English words"):
        found += _QUOTED.findall(why.split("; say them")[0])
    return list(dict.fromkeys(w for w in found if w))


def english_pairs(words: list[str], locale: str) -> str:
    """The words quoted, each with the locale's word for it where prompts/examples/<locale>.yaml ``words`` has one: the
    word itself, its plural, or a compound it starts ("dishwasher" -> "dishwasher-safe": “dishwasher” → “食洗機対応”)."""
    own = locale_examples(locale)
    table = own.words if own is not None else {}
    out = []
    for word in words:
        w = word.casefold()
        local = table.get(w) or table.get(w.removesuffix("s")) or next(
            (v for en, v in table.items() if en.startswith(f"{w}-")), None)
        out.append(f"“{word}” → “{local}”" if local else f"“{word}”")
    return ", ".join(out)


def example_hashtags(text: str, locale: str, brief: Brief) -> list[str]:
    """The hashtags of a draft that belong to the prompt's worked example: its own hashtags, or ones that name
    its product ("#Lumo", "#InBici", "#Lumobici" in a post for Fjell), unless the brief says them too."""
    from studio.generate.shape_gates import TAG

    example = locale_examples(locale)
    if example is None:
        return []
    names = [n.casefold() for n in (example.product_name, *([example.other.product_name] if example.other else [])) if n]
    theirs = {t.casefold() for _, post in example.copy_texts for t in TAG.findall(post)}
    stated = " ".join([*brief.statements(), brief.brand, *brief.glossary_terms(locale)]).casefold()
    return [f"#{tag}" for tag in dict.fromkeys(TAG.findall(text))
            if (tag.casefold() in theirs or any(n in tag.casefold() for n in names)) and tag.casefold() not in stated]


def _in_prompt_chars(m, job: PlannedAsset) -> tuple[int, int]:
    """A measure's count and limit in the characters the copy prompt named (``char_budget``): a weighted
    count of Japanese is told as full-width characters, as the prompt told the limit."""
    from studio.market.channels import char_budget

    budget = char_budget(job.channel, get_locale(job.locale))
    return (m.count, m.limit) if budget == m.limit else (-(-m.count * budget // m.limit), budget)


def copy_options_line(job: PlannedAsset, brief: Brief) -> str | None:
    """The repair's request for five cut versions (each the brand and a few words), in the locale's
    language, on channels asked for options."""
    from studio.market.channels import char_budget

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    said = repair_lines(job.locale)
    if said is None or not asks_options(channel, locale):
        return None
    limit = char_budget(channel, locale)
    return said.options.format(limit=limit, brand=brief.brand, words=headline_words(job.locale, channel, limit, brief.brand))


def script_problems(cand: Candidate, job: PlannedAsset, brief: Brief) -> list[str]:
    """A video script's own problems in words a model can act on: not readable as scenes, scenes that
    repeat, a voiceover too long to speak in the video's time (scene by scene)."""
    out = []
    if cand.script is None:
        out.append('It could not be read as scenes. Reply with JSON only, in the form {"scenes": [{"visual": "...", '
                   '"on_screen_text": "...", "voiceover": "...", "duration_s": 5}]}, '
                   f"every scene about {brief.product.name}.")
        return out
    if "scenes" in cand.gates:
        out.append(f"{cand.gates['scenes'].capitalize()}. Give every scene its own visual and its own voiceover, "
                   f"each saying something new about {brief.product.name}.")
        out += scene_repeats(cand.script, job, brief)
    if "speech_fits" in cand.gates:
        out += speech_overruns(cand.script, job.locale)
    if "instead" in cand.gates:  # a key message said backwards (studio.generate.instead)
        out.append(f"It {cand.gates['instead']}.")
    return out


def scene_repeats(script: VideoScript, job: PlannedAsset, brief: Brief) -> list[str]:
    """Each scene that repeats an earlier one (or says nothing, or is missing), quoted, with the line of
    the plan it should say or the shot it should show instead: a small model told only "scene 3 repeats
    an earlier voiceover" writes the same sentence again; told what scene 3 is for, it writes that."""
    from studio.generate.gates import repeated_scenes, scene_text_key
    from studio.generate.prompts import plan_for_script
    from studio.generate.script_plan import scene_point

    lang = get_locale(job.locale).language_name
    plan = plan_for_script(brief, job.locale, job.duration_s)
    scenes = script.scenes
    out = []
    if len(scenes) < len(plan):
        out.append(f"It has {len(scenes)} scene(s); write {len(plan)}, one for each line of the plan.")
    def goal(n: int) -> str:
        return f'make scene {n} say "{scene_point(plan[n - 1])}" in {lang}' if n <= len(plan) else f"give scene {n} a new sentence"

    for i in repeated_scenes(scenes, "voiceover"):
        said = scenes[i - 1].voiceover
        if not scene_text_key(said):
            out.append(f"Scene {i} has no voiceover: {goal(i)}.")
            continue
        first = next(n for n, s in enumerate(scenes, 1) if scene_text_key(s.voiceover) == scene_text_key(said))
        # the scene out of place is the one whose own line this is not (scene 2 said scene 3's line early)
        own = i <= len(plan) and scene_text_key(plan[i - 1]["say"]) == scene_text_key(said)
        out.append(f'Scenes {first} and {i} both say "{said}": {goal(first if own else i)}.')
    for i in repeated_scenes(scenes, "visual", empty_ok=True):
        shown = scenes[i - 1].visual
        first = next(n for n, s in enumerate(scenes, 1) if scene_text_key(s.visual) == scene_text_key(shown))
        shot = f"show {plan[i - 1]['shot']}" if i <= len(plan) else "show something new"
        out.append(f'Scene {i} shows "{shown}" again, as scene {first} does: {shot}, in other words.')
    return out


def speech_overruns(script: VideoScript, locale: str) -> list[str]:
    """Which scenes say more than their seconds hold at the locale's speaking rate, by how much, in words a
    model can act on ("Scene 2 says 19 words in 5 s; at most 11 fit: cut 8."), then the total."""
    loc = get_locale(locale)
    rate = loc.speaking_rate
    unit = "words" if rate.unit == "words" else "characters"
    out = []
    for n, scene in enumerate(script.scenes, 1):
        said, fits_in = loc.speech_units(scene.voiceover), int(rate.per_second * scene.duration_s)
        if said > fits_in:
            out.append(f"Scene {n}'s voiceover has {said} {unit}; only {fits_in} fit in its {scene.duration_s:g} s: "
                       f"cut {said - fits_in}.")
    said = sum(loc.speech_units(s.voiceover) for s in script.scenes)
    budget = int(rate.per_second * script.duration_s)
    out.append(f"The voiceover has {said} {unit} in all; only {budget} {unit} can be spoken in "
               f"{script.duration_s:g} seconds. Keep each voiceover to one short sentence.")
    return out
