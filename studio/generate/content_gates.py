"""The gates that read what a draft says against the brief and the prompt (studio.generate.gates composes them):
a refusal instead of an ad, a material the brief never names (``contradicts``), the worked example's product,
copy that names nothing it advertises (``off_topic``), and a script that only says the brief back (``brief_echo``)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from studio.checks.language import language_of_locale
from studio.generate.prompt_words import fold as _fold
from studio.generate.prompt_words import folded_phrases
from studio.generate.reader_rules import SPACELESS, SPACELESS_LETTERS, WORD, ReaderRules, reader_rules
from studio.generate.shape_gates import TAG

REFUSALS_FILE = "refusals.yaml"


def refusal_phrases(prompts_dir: Path | None = None) -> tuple[str, ...]:
    """The folded refusal phrases of ``<prompts>/refusals.yaml`` (loaded once per version of the file)."""
    return folded_phrases(REFUSALS_FILE, "phrases", prompts_dir)


def refusal(text: str, prompts_dir: Path | None = None) -> str | None:
    """The refusal phrase a draft contains (the model declined or talked about itself), else None."""
    folded = _fold(text)
    return next((p for p in refusal_phrases(prompts_dir) if p in folded), None)


def contradicts(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft says the product is made of something the brief never names, else None ("une gourde
    en verre" for a stainless-steel bottle)."""
    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    stated = _fold(" ".join(brief.statements()))
    folded = _fold(text)
    for material, per_lang in rules.materials.items():
        if _at_word_start(material, stated) or any(_at_word_start(p, stated) for p in per_lang.get("en", ())):
            continue
        said = next((p for p in per_lang.get(lang, ()) if _at_word_start(p, folded)), None)
        if said:
            return f"says {said!r} ({material}), but the brief never says the product is {material}"
    # a word of the brief put as another thing: "Bottone" (a button) for "bottle", "verre à boire" for a bottle
    for word, per_lang in rules.misnamed.items():
        if not _at_word_start(word, stated):
            continue
        said = next((p for p in per_lang.get(lang, ()) if _at_word_start(p, folded) and not _at_word_start(p, stated)), None)
        if said:
            return (f"says {said!r} where the brief says {word!r}: {said!r} means something else; "
                    f"name the product as the brief does")
    return None


def _at_word_start(phrase: str, folded: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(phrase)}", folded) is not None


def example_product(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft talks about the product of the prompts' worked example (green tea) though the brief
    never names it, else None ("ライフタイプの緑茶で、静かな朝" for a water bottle)."""
    from studio.generate.examples import locale_examples

    rules = rules or reader_rules()
    stated = _fold(" ".join([*brief.statements(), *brief.glossary_terms(locale)]))
    # the worked example's own hashtags ("#PauseThé", "#お茶時間"), its product's name aside
    ex = locale_examples(locale)
    if ex is not None:
        theirs = {_fold(tag) for name, post in ex.copy_texts for tag in TAG.findall(post)} - \
            {_fold(name) for name, _ in ex.copy_texts}
        reused = [f"#{tag}" for tag in dict.fromkeys(TAG.findall(text)) if _fold(tag) in theirs and _fold(tag) not in stated]
        if reused:
            return (f"reuses the hashtag{'s' if len(reused) > 1 else ''} {', '.join(reused)} of the prompt's worked example "
                    f"(written for its product, not {brief.product.name!r}): use hashtags about this brief")
    nouns = rules.example_product.get(language_of_locale(locale), frozenset())
    if not nouns:
        return None
    folded = _fold(text)
    spaceless = bool(SPACELESS.search(folded))
    for noun in sorted(nouns, key=len, reverse=True):
        found = (noun in folded) if spaceless else re.search(rf"(?<![^\W_]){re.escape(noun)}(?![^\W_])", folded)
        if found and noun not in stated:
            return (f"talks about {noun!r}, the product of the prompt's worked example, not "
                    f"{brief.product.name!r}: write about this brief's product")
    return None


def off_topic(text: str, brief: Any, locale: str) -> str | None:
    """Why copy is not about the brief's product, else None: it names neither the brand, nor the product's
    name or a word of it ("Bottle" of "Fjell Bottle"), nor a term of the brief's glossary for the locale.
    Small models answer with their own chatter ("Here is the updated version ...", a ja-JP post about the
    summer sky) or an echo of an instruction ("No emoji."); such a text passes the other gates, and a reader
    cannot tell what it advertises. Headlines are asked for the brand in every option (repair_lines.yaml).
    A name in Latin letters starts a word unless a letter of its own kind comes before it: Japanese, Chinese
    and Thai put it straight after their words ("冷たいFjellボトル" names it; "SuperFjell" does not)."""
    folded = text.casefold()
    names = [brief.brand, brief.product.name, *brief.glossary_terms(locale)]
    names += [w for w in WORD.findall(brief.product.name) if len(w) >= 4 and w.casefold() != brief.brand.casefold()]
    if any(n and (n.casefold() in folded if SPACELESS.search(n) or " " in n else
                  re.search(rf"(?<![^\W_{SPACELESS_LETTERS}]){re.escape(n.casefold())}", folded)) for n in names):
        return None
    return f"names neither {brief.brand!r} nor {brief.product.name!r}: say what it advertises and name {brief.brand}"


_SPOKEN_SENTENCE = re.compile(r"[^.!?。！？]+")


def echoed_statement(sentence: str, brief: Any, similar: float) -> str | None:
    """The brief statement a voiceover sentence says back (its words, folded, at least ``similar`` alike in
    order), else None."""
    words = WORD.findall(_fold(sentence))
    if len(words) < 3:
        return None
    for statement in brief.statements():
        own = WORD.findall(_fold(statement))
        if len(own) >= 3 and difflib.SequenceMatcher(None, words, own, autojunk=False).ratio() >= similar:
            return statement
    return None


def echoed_sentences(voiceovers: list[str], brief: Any, similar: float) -> tuple[list[str], list[tuple[str, str]]]:
    """(the voiceovers' sentences, (sentence, the brief statement it says back) for each that does): what
    ``brief_echo`` counts, and what a scene written on its own is measured by against the same share."""
    sentences = [t.strip() for said in voiceovers for t in _SPOKEN_SENTENCE.findall(said) if len(t.strip()) > 1]
    return sentences, [(t, st) for t in sentences if (st := echoed_statement(t, brief, similar))]


def brief_echo(script: Any, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a video script only says the brief back (more than ``share`` of its voiceover's sentences are brief
    statements word for word: "Keeps drinks cold for 24 hours." / "One bottle instead of hundreds of plastic
    ones."), else None: such a script passes every other gate and is no ad a writer would keep."""
    rules = rules or reader_rules()
    if rules.echo_similar is None:
        return None
    sentences, echoed = echoed_sentences([s.voiceover for s in script.scenes], brief, rules.echo_similar)
    if sentences and len(echoed) > rules.echo_share * len(sentences):
        return (f"{len(echoed)} of its {len(sentences)} voiceover sentences say the brief back word for word "
                f"(\"{echoed[0][0]}\")")
    return None
