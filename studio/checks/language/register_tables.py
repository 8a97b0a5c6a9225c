"""The tables the register reader weighs words by, and their lookups: the Zipf values of the infinitives a Romance
imperative's stem can make (``register_zipf.tsv``), the lemmatizer, and each sentence-level grammar of
``locales/register_grammar.yaml`` compiled once (ja/ko endings and the words that only end like one, pl/nl verb
patterns).

``studio.checks.language.register`` and ``register_imperatives`` read sentences with them; a change here is a change
of what the tables hold or how they are built, never of how a sentence is read. Everything loads on first use,
never at import: the CLI's cold start stays as it was.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from studio.checks.language.register_grammar import Agreement, SentenceEndings, grammars

# The infinitives a Romance imperative's stem can make, with their Zipf values (scripts/register_zipf.py, from
# wordfreq): read instead of importing wordfreq (~0.15-0.3 s of CPU in a new process). A plain word missing from
# its language's table is at or below min_zipf - margin, which weighs as nothing in ``register_imperatives``. A plain
# word is lower-case letters, accented ones of Latin-1 included (casefolded and NFC as they are, so wordfreq
# reads them as one token of themselves): an accented stem ("perché" + -are) looked up in wordfreq loaded the
# language's whole list, 0.66 s of CPU in every it-IT process (checks-speed31).
ZIPF_TABLE = Path(__file__).with_name("register_zipf.tsv")
PLAIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")


@lru_cache(maxsize=1)
def zipf_table(path: Path = ZIPF_TABLE) -> dict[str, dict[str, float]]:
    """Per language, the table's words and Zipf values (lines ``language TAB Zipf TAB words``)."""
    out: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            lang, value, words = line.rstrip("\n").split("\t")
            zipf = float(value)
            out.setdefault(lang, {}).update(dict.fromkeys(words.split(" "), zipf))
    return out


@lru_cache(maxsize=20_000)
def zipf_of(word: str, lang: str) -> float:
    table = zipf_table().get(lang)
    if table is not None and PLAIN_WORD.fullmatch(word):
        return table.get(word, 0.0)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


@lru_cache(maxsize=20_000)
def lemma_of(word: str, lang: str) -> str:
    from studio.checks.language.lemmas import lemmatize

    return lemmatize(word, lang)


# --- ja / ko: the speech level of each sentence's predicate (checks-form30) ---------------------------------

_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


@lru_cache(maxsize=32)
def _batchim(jamo: str) -> str:
    """A character class of every Hangul syllable whose final consonant is ``jamo`` (ㄹ: 갈, 할, 줄...)."""
    idx = _FINALS.index(jamo) + 1
    return "[" + "".join(chr(0xAC00 + i) for i in range(11172) if i % 28 == idx) + "]"


def _ending_re(endings: list[str]) -> re.Pattern[str]:
    parts = [re.sub(r"\{(.)\}", lambda m: _batchim(m.group(1)), e) for e in endings]
    return re.compile("(?:" + "|".join(parts) + r")$")


@lru_cache(maxsize=16)
def endings_tables(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                       re.Pattern[str] | None]:
    imp = grammars()[lang].imperative
    assert isinstance(imp, SentenceEndings)
    return (_ending_re(imp.formal_endings), _ending_re(imp.informal_endings),
            re.compile(f"{imp.trailing}+$"), re.compile(f"[^{imp.breaks[1:-1]}]+" if imp.breaks.startswith("[")
                                                       else f"(?:(?!{imp.breaks}).)+", re.S),
            re.compile(imp.particle_after) if imp.particle_after else None)


@lru_cache(maxsize=16)
def question_table(lang: str) -> re.Pattern[str] | None:
    """``lang``'s plain question endings (read before a question mark only), or None where it has none."""
    imp = grammars()[lang].imperative
    assert isinstance(imp, SentenceEndings)
    return _ending_re(imp.question_endings) if imp.question_endings else None


@lru_cache(maxsize=16)
def _not_word_tails(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """``lang``'s ``not_words`` as (whole strings, the endings that show one): ja (no spaces) the words themselves,
    ko each word after a space or a line break."""
    imp = grammars()[lang].imperative
    assert isinstance(imp, SentenceEndings)
    if lang == "ja":
        return frozenset(), tuple(imp.not_words)
    return frozenset(imp.not_words), tuple(f"{sep}{w}" for w in imp.not_words for sep in (" ", "\n"))


def ends_with_any(s: str, lang: str) -> bool:
    """Whether ``s`` ends with one of ``lang``'s ``not_words``: ko its last 어절 is one; ja (no spaces) it ends with
    one. One ``str.endswith`` over them all (was a call per word per sentence: ~4% of a ja-JP batch)."""
    whole, tails = _not_word_tails(lang)
    s = s.rstrip()
    return s in whole or s.endswith(tails)


# --- pl / nl: the person the verb agrees with (checks-form30) -----------------------------------------------

@lru_cache(maxsize=16)
def agreement_tables(lang: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    imp = grammars()[lang].imperative
    assert isinstance(imp, Agreement)
    return [re.compile(p) for p in imp.formal_patterns], [re.compile(p) for p in imp.informal_patterns]
