"""Readings of a headline line against the brief, which the editor's cuts (studio.generate.headline_cuts) and the
headline picker rely on: whether it names the brand as written (``names_brand``), what is left besides the brand,
whether every word is a word of its language (``all_known``), and the runs of it that say the brief's words back to
back (``brief_runs``). Split out of headline_cuts.py (engine59): these read a line, the cuts make shorter ones."""

from __future__ import annotations

import re

from studio.generate.headline_words import not_alone
from studio.plan.brief import Brief


def names_brand(option: str, brief: Brief) -> bool:
    """Whether the option says the brand as written (Latin 'Fjell', not a transliteration)."""
    return bool(brief.brand.strip()) and brief.brand.casefold() in option.casefold()


def _besides_brand(line: str, brief: Brief) -> str:
    """The words of ``line`` left besides the brand ("Fjell:" is the brand and its colon)."""
    return " ".join(w for w in (w.strip(":：-–—,") for w in line.split()) if w and w.casefold() != brief.brand.casefold())


def all_known(line: str, locale: str) -> bool:
    """Whether every word of a line is a word of the locale's language (wordfreq's list knows it; numbers aside),
    where wordfreq splits the language without MeCab or jieba (ja, ko and zh pass). A brandless line with the brand
    said in letters of the script ("दिन भर गरम फ्यूल बोटल", all day hot 'fuel bottle', for Fjell Bottle) is no
    headline the brand can be put before: the brand would stand beside its own garbled name."""
    from wordfreq import tokenize

    from studio.checks.language.words import word_list_languages, word_zipf
    from studio.generate.gates import language_of_locale

    lang = language_of_locale(locale)
    if lang in _SEGMENTED or lang not in word_list_languages():
        return True  # no word list to judge by (th: wordfreq has none; the line still passes every copy gate)
    return all(word_zipf(token, lang, "best") > 0 for token in tokenize(line, lang) if not any(c.isdigit() for c in token))


_SEGMENTED = frozenset({"ja", "ko", "zh"})  # wordfreq needs MeCab or jieba to split these


# The words of a brief's statement that say what the product replaces or is not ("One bottle instead of hundreds of
# plastic ones"): the locale's words for them, run together, say the opposite of the brief ("Fjell: botellas de
# plástico", plastic bottles)
_CONTRAST = re.compile(r"\b(?:instead of|rather than|without|unlike|no more|not)\b", re.IGNORECASE)


def _brief_terms_said(brief: Brief, locale: str, contrasted: bool = False) -> dict[str, str]:
    """The locale's words for the brief's terms (the sense gate's ``_brief_terms``: prompts/examples ``words`` the
    brief's statements use, and the words inside them), without those a statement says after "instead of",
    "without" and the like, nor that contrast itself; ``contrasted``: only those."""
    from studio.generate.examples import locale_examples
    from studio.generate.sense import _brief_terms

    example = locale_examples(locale)
    if example is None:
        return {}
    after = " ".join(st[m.start():] for st in brief.statements() if (m := _CONTRAST.search(st))).casefold()
    return {en: own for en, own in _brief_terms(example, brief).items()
            if bool(re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", after)) == contrasted}


_NUMBER_GAP = re.compile(r"\s+\d+(?:[.,]\d+)?\s+")  # a number between two terms ("agua fría 24 horas")


def brief_runs(line: str, brief: Brief, locale: str) -> list[str]:
    """The runs of ``line`` that are the locale's words for the brief's terms said back to back (``_brief_terms_said``;
    es "agua fría" and "todo el día" of "¿Tú necesitas agua fría todo el día? ..." -> "agua fría todo el día"), only
    spaces between two terms, or a number ("agua fría 24 horas"), and a number just before a run kept with it: two
    terms or more, or one term of two words or more that is not listed as said only beside another (``not_alone``: "all
    day", "Fjell : toute la journée" says no fact of the product). Not in ja, ko, zh, th (``_UNSPACED``). Each is the line's own words in its order,
    never a word cut inside; the longest term is read first where two overlap."""
    from studio.checks.language import language_of_locale

    if language_of_locale(locale) in _UNSPACED:
        return []
    terms = _brief_terms_said(brief, locale)
    alone = {own for en, own in terms.items() if en in not_alone()}
    taken: list[tuple[int, int, str]] = []
    for own in sorted(set(terms.values()), key=len, reverse=True):
        for m in re.finditer(rf"(?<![^\W_]){re.escape(own)}(?![^\W_])", line, re.IGNORECASE):
            if all(m.end() <= s or m.start() >= e for s, e, _ in taken):
                taken.append((m.start(), m.end(), own))
    runs: list[list[tuple[int, int, str]]] = []
    for span in sorted(taken):
        gap = line[runs[-1][-1][1]:span[0]] if runs else "."
        if (gap and not gap.strip()) or _NUMBER_GAP.fullmatch(gap):
            runs[-1].append(span)
        else:
            runs.append([span])
    out: list[str] = []
    for run in runs:
        start, end = run[0][0], run[-1][1]
        number = re.search(r"(?<![^\W_])\d+(?:[.,]\d+)?\s*$", line[:start])
        if number is not None:
            start = number.start()
        if len(run) >= 2 or (len(run[0][2].split()) >= 2 and run[0][2] not in alone):
            out.append(line[start:end])
    return out


# Languages whose words the brief's words are not read in by spaces: ja, zh and th write none, and ko writes its
# particles on the word ('차가운 물을': the run 'Fjell: 하루 종일 차가운' of q23e's ko-KR line left 'cold' without its water)
_UNSPACED = frozenset({"ja", "ko", "zh", "th"})
