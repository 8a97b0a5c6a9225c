"""The ``agreement`` copy gate: an article of one gender before a noun that the locale's verified words say only with
the other gender's articles (fr 'Un seul gourde', it 'un bottiglia'): prompts/agreement.yaml lists the articles and
the words that may stand between an article and its noun; the nouns and their genders are read off the locale's
prompts/examples (words, phrases, the worked copy), a native speaker's lines, never guessed.
nl and de (``listed_mismatch``): the nouns are listed with their dictionary gender and each determiner with every
gender it says in any case ('der': masculine, feminine dative/genitive, plural), so 'het geïsoleerde waterfles' and
'mit einem Trinkflasche' fail and 'der Deckel der Flasche' passes."""

from __future__ import annotations

import re
from functools import lru_cache

from studio.generate.prompt_words import fold, language_words, prompt_file

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
    if (listed := listed_mismatch(text, locale)) is not None and article_mismatch(text, locale) is None:
        word, noun, genders = listed
        return f"'{word}' before '{noun}', {_gender_said(genders)}: the article's gender is not the noun's"
    if (found := article_mismatch(text, locale)) is None:
        return None
    article, noun = found
    return f"'{article}' before '{noun}': the article's gender is not the noun's"


# nl, de and pl (drafts-agree32): nouns with their genders as a dictionary gives them, and the determiners that say a
# gender in any case (prompts/agreement.yaml `nouns`, `determiners`)
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|[,.;:!?\n\d]")


@lru_cache(maxsize=8)
def _listed(path: str, mtime: float, language: str):
    from studio.core.yamlfile import load_yaml_file

    if not mtime:
        return None
    data = load_yaml_file(path)[0] or {}
    nouns: dict[str, set[str]] = {}
    for gender, words in ((data.get("nouns") or {}).get(language) or {}).items():
        for word in words or ():
            nouns.setdefault(fold(str(word)), set()).add(str(gender))
    said: dict[str, set[str]] = {}
    for gender, words in ((data.get("determiners") or {}).get(language) or {}).items():
        for word in words or ():
            said.setdefault(fold(str(word)), set()).add(str(gender))
    if not nouns or not said:
        return None
    endings = tuple(str(e) for e in (data.get("adjective_endings") or {}).get(language) or ())
    adjectives = frozenset(fold(str(w)) for w in (data.get("adjectives") or {}).get(language) or ())
    return ({n: frozenset(g) for n, g in nouns.items()}, {d: frozenset(g) for d, g in said.items()}, endings,
            adjectives)


def _noun_genders(word: str, nouns: dict[str, frozenset[str]]) -> tuple[str, frozenset[str]] | None:
    """The genders of ``word`` or of the listed noun it ends in (a compound takes its last part's gender)."""
    if word in nouns:
        return word, nouns[word]
    heads = [n for n in nouns if len(n) >= 4 and len(word) - len(n) >= 3 and word.endswith(n)]
    return (word, nouns[max(heads, key=len)]) if heads else None


def listed_mismatch(text: str, locale: str) -> tuple[str, str] | None:
    """(determiner, noun, the noun's genders) of the first nl/de/pl determiner whose genders never include the listed
    noun's, else None."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale)
    listed = _listed(*prompt_file(AGREEMENT_FILE), language)
    if listed is None:
        return None
    nouns, said, endings, adjectives = listed
    capitals = language == "de"  # a German noun is capitalised, its adjectives not
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens):
        word = fold(token)
        if word not in said or (capitals and i and tokens[i - 1] == "," and word in ("der", "die", "das")):
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3:
            nxt = fold(tokens[j])
            if nxt in nouns or nxt in said or not nxt.isalpha() and "-" not in nxt:
                break
            adjective = nxt in adjectives or nxt.endswith(endings) and (not capitals or tokens[j][:1].islower())
            if not adjective:
                break
            j += 1
        if j >= len(tokens) or j - i > 3 or (capitals and not tokens[j][:1].isupper()):
            continue
        found = _noun_genders(fold(tokens[j]), nouns)
        if found and not found[1] & said[word]:
            return word, found[0], found[1]
    return None


# how the why names a listed noun's gender, so the repair says what to write instead
_GENDER_SAID = {"m": "masculine", "f": "feminine", "n": "neuter", "de": "a de-word", "het": "a het-word"}


def _gender_said(genders) -> str:
    return " or ".join(_GENDER_SAID.get(g, g) for g in sorted(genders) if g != "pl")
