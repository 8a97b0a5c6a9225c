"""A scene's point: one sentence of the brief written first as a short line in the locale's language (in English,
in new words), which a scene's ask then gives instead of the brief's English (``SceneWriter.write_points``). The
prompt that asks for it with worked translations (``point_prompt``, ``point_pairs``), why a point cannot stand
(``point_problem``), the re-ask of a rejected one (``point_reask``) and the last resort, the product's name in the
locale's language (``local_product``)."""

from __future__ import annotations

import re

from studio.generate.scene_measures import CLAIM as CLAIM
from studio.generate.scene_measures import closeness, point_claim, scene_foreign_words
from studio.market.locales import get_locale
from studio.plan.brief import Brief

# The short point a brief sentence becomes in the locale's language, one reply line (SceneWriter.points).
POINT_STOP = ("\n",)
POINT_TOKENS = 48
SAID_TWICE = "it says twice:"  # point_problem's reason for a point that says a run of words twice (a stutter, or in one sentence)
POINT_TRIES = 3  # replies to a rejected point's re-ask, in the one call of the second round (English points only)


def point_tries(locale: str, why: str = "") -> int:
    """How many replies a rejected point's re-ask gets (``POINT_TRIES``), in English only, or in any language where the
    point said a run of words twice (``why`` from ``point_problem``): that is a sampling slip, not a line the model
    cannot write, and the scene said it back ('Une gourde en plastique au lieu de centaines de gourdes en plastique.',
    '用一个塑料瓶代替上百个塑料瓶子。' failed the repetition gate in the 23-locale run). Sampled three times for "One bottle
    instead of hundreds of plastic ones", zh-CN said '个塑料瓶' twice in 2 of 3 points, tr-TR 'şişe yerine' 2 of 3,
    the third clean in both; fr-FR, vi-VN and es-ES 0 of 3. In the 23-locale run at
    70508b2 the re-asks (3 tries each) gave a usable point for 1 of 12 rejected points in other languages (zh-CN, on
    the third try; 8 of 12 came back the same three times), where the spare fact's point stood in 7 times; a rejected
    English point has no spare to fall back on but the brief's own sentence, which its scene says back (brief_echo),
    and its re-ask gave 1 of 6 (en-IN). The re-asks were 12 of the 16 prompts of the second round, which took 194 s
    of an 824 s run of five scripts (drafts-script14's base, load 6-8)."""
    return POINT_TRIES if get_locale(locale).language == "en" or why.startswith(SAID_TWICE) else 0



def point_pairs(locale: str) -> list[tuple[str, str]]:
    """Worked translations for ``point_prompt``: the en-US worked example's lines and the locale's own (the
    examples tell one story per product in every language: prompts/examples/), scene by scene, then the
    second product's headline. Lines that say their product's name are left out, so no example product is
    there to carry over into a point."""
    from studio.generate.examples import locale_examples

    source, target = locale_examples(PLAN_LOCALE), locale_examples(locale)
    if source is None or target is None or locale == PLAN_LOCALE:
        return []
    pairs = [(a.voiceover, b.voiceover) for a, b in zip(source.video_script, target.video_script)]
    if source.other is not None and target.other is not None:
        pairs.append((source.other.headline, target.other.headline))
        lines = [[t for t in e.other.post.splitlines() if t.strip() and not t.lstrip().startswith("#")] for e in (source, target)]
        if len(lines[0]) == len(lines[1]):  # a post written line for line in both languages
            pairs += zip(*lines)
    names = {n.casefold() for n in (source.product_name, target.product_name,
                                    *(e.other.product_name for e in (source, target) if e.other is not None))}
    return [(a, b) for a, b in pairs if not any(n in f"{a} {b}".casefold() for n in names)]


def point_reask(sentence: str, point: str, why: str, locale: str, about: str | None = None):
    """The point prompt asked again after a point that ``point_problem`` rejected: the first ask and the rejected
    point as earlier turns, the problem quoted; ``about`` names the product the line is about (``point_prompt``)."""
    from dataclasses import replace

    loc = get_locale(locale)
    lang, first, of = loc.language_name, point_prompt(sentence, locale), f" about {about}" if about else ""
    if loc.language == "en":  # a paraphrase (point_prompt): the brief's words again are what it must not be
        why = "it is the brief's own words" if why == "the sentence again" else why
        return replace(first, history=(*first.history, (first.user, point)),
                       user=(f"That line is not usable ({why}). Say this line of an ad brief{of} again in new words, short "
                             f"and natural, as a voiceover would, keeping every name and number:\n{sentence}"))
    why = f"it is the English line, not {lang}" if why == "the sentence again" else why
    return replace(first, history=(*first.history, (first.user, point)),
                   user=(f"That line is not usable ({why}). Write this line of an ad brief{of} again in {lang}, short and "
                         f"natural, every word in {lang}, keeping every name and number:\n{sentence}"))


def local_product(brief: Brief, locale: str) -> str:
    """The product's name in the locale's language, the last resort for a scene's point: the brand and the
    glossary's word for what the product is ("Fjell Trinkflasche" for de-DE's "water bottle"), else the
    product's name as the brief writes it (a name, in no language)."""
    text = f"{brief.product.name} {brief.product.description}".casefold()
    for source, target in sorted(brief.glossary.terms.get(locale, {}).items(), key=lambda st: -len(st[0])):
        if source.casefold() in text:
            return f"{brief.brand} {target}"
    return brief.product.name
PLAN_LOCALE = "en-US"  # the language a brief's facts are written in (the worked examples' point lines too)


def point_prompt(sentence: str, locale: str, about: str | None = None):
    """The prompt that writes one sentence of the brief as a short point in the locale's language: a chat
    whose earlier turns are the worked examples' lines in English and in the locale's language
    (``point_pairs``), the same for every sentence of a locale (one cached prefix). Asked without them
    (drafts-script6), ~1 point in 3 was a wrong translation ('Kaffee und Cola', 'Plastiktomaten'). In English
    the point is the sentence in new words, as a voiceover says it: asked with the brief's own sentence, the
    scenes said it back word for word and their re-asks did too (drafts-script10's base: en-US 6 of 6, brief_echo).
    ``about`` (the second round's asks) names the product the line is about: a fact without a subject ("Keeps drinks
    cold for 24 hours") came back with its English verb ('Keeps drinks cold for 24 horas', '... bir şekilde keeps')
    or the English line itself, three tries of three in pt-BR and tr-TR."""
    from studio.generate.prompts import ChatPrompt

    lang, of = get_locale(locale).language_name, f" about {about}" if about else ""
    if get_locale(locale).language == "en":
        return ChatPrompt(system=f"You write lines of an ad brief as short spoken lines for a video ad, in {lang}. "
                                 "You reply with the line only.",
                          user=(f"Say this line of an ad brief{of} in new words, short and natural, as a voiceover would, "
                                f"keeping every name and number:\n{sentence}"))
    from studio.generate.examples import locale_examples
    from studio.generate.grammar import with_point_grammar  # drafts-grammar18: the point in the locale's script

    ask = "Write this line of an ad brief{of} in {lang}, short and natural, keeping every name and number{words}:\n{line}"
    history = tuple((ask.format(of="", lang=lang, line=a, words=""), b) for a, b in point_pairs(locale))
    # the locale's words for the line's English (prompts/examples words, as the copy prompt lists them): without them
    # the fr-FR point for "Keeps drinks cold for 24 hours" was "Gardez les boissons froissées" (crumpled drinks) in both
    # of make demo's samples (drafts-demo12), and the scene said it
    own = locale_examples(locale)
    pairs = own.brief_words([sentence]) if own is not None else {}
    words = f" (use these words: {'; '.join(f'{a} = {b}' for a, b in pairs.items())})" if pairs else ""
    return with_point_grammar(ChatPrompt(system=f"You translate lines of an ad brief from English into {lang}. You reply with the {lang} line only.",
                      user=ask.format(of=of, lang=lang, line=sentence, words=words), history=history, example_turns=len(history)), sentence, locale, about)


# What ``point_problem`` says of a point from the locale's verified words (``verified_point``) that reads only the
# model's writing: the encoder's language guess and its closeness to the English sentence. A short verified line is
# read poorly by both: es 'Hidrata durante 8 horas' reads as pt (0.45), ar/ja 'refill the jar, skip the new one' is
# 0.49 to its sentence; the words are a person's translation, checked by test_locale_examples.
MODEL_ONLY = ("reads as", "not a translation")


def verified_point(sentence: str, said: dict[str, str], locale: str, brief: Brief) -> tuple[str | None, str | None]:
    """A brief sentence's point in the locale's verified words (prompts/examples ``words`` and ``phrases`` through
    ``prompts.scene_points``, the route the copy prompt takes), and why it cannot stand, else (None, None) where the
    words do not say the sentence whole. Asked of the 1.5B model the point was a mistranslation that passed
    ``point_problem`` in 3 of q23g's failing scripts: hi-IN 'एक बोटल औसे दूसरे से दूसरे प्लास्टिक बोटल के वाले' (not
    Hindi words, the words gate), tr-TR 'Tek bir şişe yerine' (instead of one bottle, the instead gate), es-ES 'Keeps
    drinks cold for 24 horas' (refused, so the scene fell back to the product's name and said only 'Fjell Bottle');
    every one of those three sentences is said whole by the locale's verified words. The gates a scene is read by
    still read it (a verified pt 'Recarregue o pote, dispense o pote novo' says 'o pote' twice: asked of the model)."""
    own = said.get(sentence)
    if not own or get_locale(locale).language == "en":
        return None, None
    why = point_problem(own, sentence, locale, brief)
    return own, None if why is None or why.startswith(MODEL_ONLY) else why


def point_problem(point: str, sentence: str, locale: str, brief: Brief) -> str | None:
    """Why a point written for ``sentence`` cannot replace it in the scene asks, else None: empty, far longer
    than the sentence, not the locale's language, English (or other foreign) words in it, a number the brief
    does not state, a figure of the brief misstated (``misstated_figure``: another fact's word, or its own negated), a
    word or phrase said twice back to back (the scenes gate's ``stutter``) or a run of words said
    twice in one sentence (the repetition gate's said_twice), a claim the brief does not make (``point_claim``), a brief's
    "A instead of B" said backwards (the instead gate), or the
    sentence itself again (in English, also any brief statement near word for word: the script's brief_echo gate)."""
    from studio.generate.gates import (
        brief_numbers,
        echoed_statement,
        ignore_terms,
        language_verdict,
        mixed_script,
        numbers_in,
        reader_rules,
        said_twice,
        scene_text_key,
    )
    from studio.generate.grounding import misstated_figure
    from studio.generate.instead import said_backwards
    from studio.generate.scene_rules import stutter

    if not scene_text_key(point):
        return "empty"
    if len(point) > 3 * len(sentence) + 10:
        return "too long"
    if scene_text_key(point) == scene_text_key(sentence):
        return "the sentence again"
    if get_locale(locale).language == "en" and (similar := reader_rules().echo_similar) and echoed_statement(point, brief, similar):
        return "the sentence again"
    ok, why = language_verdict(point, locale, ignore_terms(brief))
    if not ok and why.startswith("reads as"):
        return why
    # the words named, so the re-ask (point_reask) can quote them
    if words := scene_foreign_words({"voiceover": point, "on_screen_text": ""}, locale, brief) or mixed_script(point, locale, brief):
        return f"foreign words: {words.split(': ', 1)[-1]}"
    if invented := [n for n in numbers_in(point) if n not in brief_numbers(brief)]:
        return "numbers not in the brief: " + ", ".join(invented)
    # a figure of the brief said with another fact's word or with its own negated, as the grounded gate reads it: q23f's
    # zh-CN point '保持饮料24小时不冷' (keeps drinks not cold for 24 hours) was used, its scene said it and the script
    # failed grounded
    if misstated := misstated_figure(point, locale, brief):
        return misstated
    # the scenes gate's own stutter: th-TH's point 'ขวดขวดพลาสติก...' ('bottle bottle plastic') passed here, its scene
    # said it and the re-ask wrote the same line, and the script failed scenes (drafts-scripts27's after.db)
    if doubled := stutter(point, locale):
        return f"{SAID_TWICE} {doubled!r} in a row"
    if twice := said_twice(point, locale, brief):  # the repetition gate's said_twice: the scene says its point back
        return f"{SAID_TWICE} {twice!r}"
    if claim := point_claim(point, locale, brief):
        return claim
    # a brief's "A instead of B" said backwards, as the instead gate reads the script: q23g's tr-TR point 'Tek bir şişe
    # yerine' (instead of one bottle) was used, its scene said it and the script failed the gate
    if backwards := said_backwards(point, locale, brief):
        return backwards
    floor = PARAPHRASE_CLOSENESS if get_locale(locale).language == "en" else POINT_CLOSENESS
    if (near := closeness(sentence, point, locale)) is not None and near < floor:
        if get_locale(locale).language == "en" and _says_its_sentence(point, sentence, near, locale, brief):
            return None
        return f"not a translation of the sentence (similarity {near:.2f} < {floor})"
    return None


def _says_its_sentence(point: str, sentence: str, near: float, locale: str, brief: Brief) -> bool:
    """Whether an English point below ``PARAPHRASE_CLOSENESS`` still says its own sentence, judged by what it says: it
    is not only the brand or product's name, it is at least the scenes' ``off_point`` floor from the sentence, and the
    sentence is the brief statement it is nearest by ``OWN_MARGIN`` (it says this line, not another's). A rewording
    is further from its sentence than a translation: q23b's en-US 'Replace many with one, reduce waste.' for 'One
    bottle instead of hundreds of plastic ones' was 0.27 (every other statement 0.10 or less), rejected, and the
    sentence itself was used, so the script said the brief back twice and failed brief_echo."""
    from studio.generate.gates import only_names
    from studio.generate.scene_rules import scene_rules

    if only_names(point, brief) or near < scene_rules().off_point_cosine:
        return False
    others = [s for s in brief.statements() if s and s.strip() and s.strip() != sentence.strip()
              and s.strip() not in (brief.brand, brief.product.name)]
    nearest = max((c for c in (closeness(s, point, locale) for s in others) if c is not None), default=-1.0)
    return near >= nearest + OWN_MARGIN


# The least cosine between a brief sentence and its point (the checks' multilingual sentence encoder) for the
# point to stand for it: a translation scores 0.65-0.85 ('Hält Getränke 24 Stunden lang kalt' 0.85, 'Garde vos
# boissons au frais pendant 24 heures' 0.66), a point about something else far less ('Kaffee und Cola' for
# 'Keeps drinks cold for 24 hours and hot for 12 hours' 0.19, the worked example's 'Eine Tasse Grüntee.' 0.05).
# It cannot see a wrong word in a right sentence ('boissons froissées' 0.76).
POINT_CLOSENESS = 0.5
# An English point is the sentence in new words, further from it than a translation: 'Stay cool and hydrated,
# wherever you go.' for 'Cold water all day, wherever the day takes you' is 0.38 (drafts-script10).
PARAPHRASE_CLOSENESS = 0.3
# How much nearer its own sentence than any other brief statement an English point below PARAPHRASE_CLOSENESS must be
# to stand for it (_says_its_sentence): 'Replace many with one, reduce waste.' 0.27 to its sentence, 0.10 to the next
# (q23b en-US); 'Fjell Bottle.' is 0.45 to 'One bottle instead of ...' and is refused as only a name.
OWN_MARGIN = 0.1


def point_line(raw: str) -> str:
    """The point of a reply: its first line, without a list mark or quotes."""
    line = next((t for t in raw.strip().splitlines() if t.strip()), "")
    return re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip().strip('"“”「」«»„').strip()
