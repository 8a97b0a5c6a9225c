"""The ``agreement`` copy gate: an article of one gender before a noun that the locale's verified words say only with
the other gender's articles (fr 'Un seul gourde', it 'un bottiglia'): prompts/agreement.yaml lists the articles and
the words that may stand between an article and its noun; the nouns and their genders are read off the locale's
prompts/examples (words, phrases, the worked copy), a native speaker's lines, never guessed."""

from __future__ import annotations

import re
from functools import lru_cache

from studio.generate.reader_rules import fold, language_words

AGREEMENT_FILE = "agreement.yaml"
GENDERS = ("masculine", "feminine")
_WORD = re.compile(r"[^\W\d_]+'?")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _article_gender(language: str) -> dict[str, str]:
    return {a: g for g in GENDERS for a in language_words(AGREEMENT_FILE, g, language)}


def _nouns_after(words: list[str], articles: dict[str, str], between: tuple[str, ...]):
    """(article, noun) of each article and the word after it, or after one word of ``between``."""
    for i, word in enumerate(words[:-1]):
        if word in articles:
            j = i + 2 if words[i + 1] in between and i + 2 < len(words) else i + 1
            yield word, words[j]


@lru_cache(maxsize=64)
def _genders(locale: str) -> dict[str, frozenset[str]]:
    """Word -> the genders of the articles the locale's verified words say it after."""
    from studio.checks.language import language_of_locale
    from studio.generate.examples import locale_examples

    language, table = language_of_locale(locale), locale_examples(locale)
    articles = _article_gender(language)
    if table is None or not articles:
        return {}
    between = language_words(AGREEMENT_FILE, "between", language)
    lines = [*table.words.values(), *table.phrases.values(), table.copy_.headline, table.copy_.post]
    if table.other is not None:
        lines += [table.other.headline, table.other.post]
    seen: dict[str, set[str]] = {}
    for line in lines:
        for article, noun in _nouns_after(_words(line), articles, between):
            if noun not in articles and noun not in between:
                seen.setdefault(noun, set()).add(articles[article])
    return {noun: frozenset(g) for noun, g in seen.items()}


def article_mismatch(text: str, locale: str) -> tuple[str, str] | None:
    """(article, noun) of the first article whose gender the locale's words never say the noun with, else None."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale)
    articles, genders = _article_gender(language), _genders(locale)
    if not genders:
        return None
    between = language_words(AGREEMENT_FILE, "between", language)
    for article, noun in _nouns_after(_words(text), articles, between):
        if noun in genders and articles[article] not in genders[noun]:
            return article, noun
    return None


def agreement(text: str, locale: str, brief, rules=None) -> str | None:
    """The gate's why, or None: the article and the noun it does not agree with."""
    if (found := article_mismatch(text, locale)) is None:
        return None
    article, noun = found
    return f"'{article}' before '{noun}': the article's gender is not the noun's"
