"""The closing hashtags of a post, tidied without a model call: words the model wrote on after its closing hashtag
line dropped (``drop_words_after_tags``), and a hashtag a failed gate points at taken out of the closing line
(``close_tags``), each only where what remains passes every gate (``studio.generate.post_copy.post_gates``) and still
names the product. Drafting applies them with the rest of ``post_copy``'s tidy-ups (studio.generate.headlines.tidy_copy)
and records each in the asset's generation meta."""

from __future__ import annotations

import re

from studio.generate.post_copy import HASHTAG_MARKS, names_product, post_gates, words_before_tags
from studio.plan.brief import Brief, PlannedAsset


def _closing_tags(lines: list[str]) -> tuple[int, list[str], int] | None:
    """The closing hashtag line of a post: (its row, its words, the index of its first tag), where the tags start the
    line or follow a sentence's stop; None without hashtags or where the last tags stand inside a sentence ('Stay cool
    with #Fjell all day': the tag is the sentence's)."""
    rows = [k for k, line in enumerate(lines) if any(w.startswith(HASHTAG_MARKS) for w in line.split())]
    if not rows:
        return None
    words = lines[rows[-1]].split()
    first = next(k for k, w in enumerate(words) if w.startswith(HASHTAG_MARKS))
    before = " ".join(words[:first])
    if before and not re.search(r"[.!?。！？؟]$", before):
        return None
    return rows[-1], words, first


def drop_words_after_tags(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` without the words it wrote on after its closing hashtags: on the last line with hashtags, where the
    tags start the line or follow a sentence's stop, each word after the first tag that is no tag ('#Fjell #غطاء
    #معزولة حراريًا': a tag written as two words publishes as #معزولة and a loose word), and any line below it;
    when what remains passes every gate (``post_gates``), names the product outside its hashtags and keeps a tag:
    (text, {"dropped": [...]}), else (text, None). drafts-posts23's ar-SA post passed every gate with 'حراريًا'
    loose after its tags; q23b's ran a paragraph on after '#ضمان' ('المدى الحياة #كانت مصممة ...')."""
    lines = text.splitlines()
    if (found := _closing_tags(lines)) is None:
        return text, None
    row, words, first = found
    loose = [w for w in words[first:] if not w.startswith(HASHTAG_MARKS)]
    below = [line for line in lines[row + 1:] if line.strip()]
    if not loose and not below:
        return text, None
    kept = "\n".join([*lines[:row], " ".join([*words[:first], *(w for w in words[first:] if w.startswith(HASHTAG_MARKS))])])
    if not names_product(words_before_tags(kept), brief) or post_gates(kept, job, brief):
        return text, None
    return kept, {"dropped": [*loose, *below]}


def _tag_words(text: str, job: PlannedAsset, brief: Brief) -> tuple[set[str], str]:
    """What a post's hashtag may say (``close_tags``): the brand and the product's name (each whole), the folded words
    of the glossary, the brief's words and statements in the locale's language (prompts/examples ``words`` and
    ``phrases``; the brief's own statements where the post is in the brief's language) and the post's own sentences; and those words folded as one string, for
    languages written without spaces."""
    from studio.checks.language import language_of_locale
    from studio.generate.examples import locale_examples
    from studio.generate.prompt_words import fold
    from studio.generate.reader_rules import WORD

    table = locale_examples(job.locale)
    body = words_before_tags(text)
    for name in sorted({brief.brand, brief.product.name}, key=len, reverse=True):
        # a name is a tag whole ('#Fjell', '#FjellBottle'), not its words: 'Bottle' of the name kept nl-NL's
        # '#WaterBottle' as a word of the post
        body = re.sub(re.escape(name), " ", body, flags=re.IGNORECASE)
    source = language_of_locale(job.locale) == language_of_locale(brief.source_locale)
    terms, keep = brief.glossary.terms.get(job.locale, {}), list(brief.glossary.do_not_translate)
    said = [*brief.glossary_terms(job.locale), body,
            *(table.brief_words(brief.statements()).values() if table is not None else ()),
            # the statements the locale's phrases say whole ('Glasgefäß zum Nachfüllen' gives '#Nachfüllen')
            *((table.say(st, terms, keep) or "") for st in (brief.statements() if table is not None else ())),
            *(brief.statements() if source else ())]
    folded = fold(" ".join(said))
    names = {fold(name).replace(" ", "") for name in (brief.brand, brief.product.name)}
    return {w for w in WORD.findall(folded)} | names, folded.replace(" ", "")


def _tag_says(tag: str, known: set[str], run: str) -> bool:
    """Whether a hashtag (without its #) says only known words: the whole tag, each of its CamelCase or underscore
    parts, or (no space in the script) a run of the post's own text; never a figure ('#무게340g', weight 340 g: a fact
    is said in a sentence, not as a tag), the brand's or the product's name aside."""
    from studio.generate.language_gates import _camel_parts
    from studio.generate.prompt_words import fold
    from studio.generate.reader_rules import SPACELESS

    whole = fold(tag)
    if any(ch.isdigit() for ch in tag) and whole not in known:
        return False
    if whole in known or (SPACELESS.search(tag) and whole in run):
        return True
    parts = [p for piece in tag.split("_") for p in _camel_parts(piece) if p]
    return len(parts) > 1 and all(fold(p) in known for p in parts)


def close_tags(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` whose closing hashtag line keeps only the tags that say a word of the brief, the locale's words for
    it, the glossary or the post's own sentences (``_tag_says``), each once, at most three, and no loose word written
    among them: (text, {"dropped": [...]}), else (text, None). In the brief's own language only a post that fails a
    gate (``post_gates``) is closed, and only where what remains passes every gate, names the product outside its
    hashtags and keeps a tag: the model's real-word tags there ('#Hiking') stay. In every other language every post
    is closed where a tag is kept and the rest fails no gate the post did not fail (a post still failing another gate
    is closed too, so the next step reads it without its tags): the tags were where the 1.5B model's nonsense passed
    every gate, q23f's vi-VN '#BìnhThayChoNhaTran' (a name made up of syllables, each a common word), nl-NL's English
    '#ColdWater #WaterBottle', ko-KR's '#무게340g #식기세척기 사용 가능' (a fact as a tag, a tag with spaces), ar-SA's
    '#طاول #ضمان #الحياة #الماء #الصانع #الحفاظ'. q23e's ar-SA post ended '#Fjell #صالة #كازن #كازن ماء #صالة ماء
    #صالة ماء طوال اليوم' (hall, a non-word, tags written as two words) and failed repetition on its tags alone. The
    model's free tags are kept only where they say what the post or the brief says; nothing is added or reworded."""
    from studio.checks.language import language_of_locale

    lines = text.splitlines()
    if (found := _closing_tags(lines)) is None:
        return text, None
    source = language_of_locale(job.locale) == language_of_locale(brief.source_locale)
    failed = post_gates(text, job, brief)
    if source and not failed:
        return text, None
    row, words, first = found
    before = " ".join(words[:first])
    body = "\n".join([*lines[:row], before])
    known, run = _tag_words(body, job, brief)
    kept: list[str] = []
    for word in words[first:]:
        tag = word.lstrip("#＃")
        if word.startswith(HASHTAG_MARKS) and tag and _tag_says(tag, known, run) and tag.casefold() not in {
                t.lstrip("#＃").casefold() for t in kept} and len(kept) < 3:
            kept.append(word)
    dropped = list(words[first:])
    for w in kept:
        dropped.remove(w)  # its first time; a repeat of it stays among the dropped
    below = [line for line in lines[row + 1:] if line.strip()]
    if not kept or (not dropped and not below):
        return text, None  # no tag left: the repair asks for new ones (as drop_stray_sentences leaves the last)
    closed = "\n".join(line for line in [*lines[:row], " ".join([*words[:first], *kept])] if line.strip())
    after = post_gates(closed, job, brief)
    if source and (not names_product(words_before_tags(closed), brief) or after):
        return text, None
    if not source and not set(after) <= set(failed):
        return text, None
    return closed, {"dropped": [*dropped, *below]}
