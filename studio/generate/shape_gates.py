"""The gates that read a draft's shape (studio.generate.gates composes them): a generation loop (an n-gram or a
hashtag said again and again), a misspelt brand, a line cut short (``unfinished``, ``cut_sentence``,
``stops_mid_word``), one fact said twice (``repeated_claim``) or a word said twice back to back."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from typing import Any

import regex

from studio.checks.language import language_of_locale, word_zipf
from studio.checks.rules.types.grounded import stated_numbers
from studio.generate.prompt_words import fold as _fold
from studio.generate.reader_rules import SPACELESS, WORD, ReaderRules, reader_rules

REPEAT_TIMES = 3


def brief_numbers(brief: Any) -> set[str]:
    """Every number the brief states (product description, facts, claims, key messages, names)."""
    return set().union(*(stated_numbers(t) for t in brief.statements()))


def repeated_ngram(text: str) -> str | None:
    """The first n-gram that occurs REPEAT_TIMES times or more (a generation loop), else None."""
    spaceless = len(SPACELESS.findall(text)) > len(text) / 3
    units = [ch for ch in text if not ch.isspace()] if spaceless else [w.lower() for w in WORD.findall(text)]
    n = 6 if spaceless else 3
    grams = Counter(tuple(units[i:i + n]) for i in range(len(units) - n + 1))
    for gram, count in grams.most_common(1):
        if count >= REPEAT_TIMES:
            return ("" if spaceless else " ").join(gram)
    return None


_HASHTAG = re.compile(r"#[^\W_][\w]*")


def repeated_hashtag(text: str) -> str | None:
    """A hashtag written twice in one text (a post's tag list looping: "#StayWarm ... #StayWarm"), else None."""
    seen: set[str] = set()
    for tag in _HASHTAG.findall(text):
        if tag.casefold() in seen:
            return tag
        seen.add(tag.casefold())
    return None


_LATIN_RUN = re.compile(r"[a-z\u00c0-\u024f'’-]+")


def _intact_in(word: str, brand: str) -> bool:
    """The brand, spelt exactly, inside a word of another script: no Latin letter touches it."""
    at = word.find(brand)
    if at < 0:
        return False
    around = word[at - 1:at] + word[at + len(brand):at + len(brand) + 1]
    return not re.search(r"[a-zA-Z\u00c0-\u024f]", around)


def altered_brand(text: str, brand: str) -> str | None:
    """A word spelt like the brand but not the brand ('Fjel', 'Fjelll', 'Fiell'), else None."""
    target = brand.casefold()
    for word in WORD.findall(text):
        w = word.casefold()
        if w == target or (w.startswith(target) and not w[len(target)].isalpha()):  # "Fjell's", "Fjell-Flasche"
            continue
        if _intact_in(w, target):  # "一杯のFjell", "Fjell은": scripts without spaces run the brand into a word
            continue
        # in such a word the Latin run is what may be misspelt ("一杯のFjelll")
        runs = _LATIN_RUN.findall(w) if _LATIN_RUN.sub("", w) else [w]
        for run in runs:
            if len(run) >= len(target) - 1 and difflib.SequenceMatcher(None, run, target).ratio() >= 0.75:
                return word
    return None


_LABEL_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")  # "(AI-generated)" at the end
_OPEN_END = re.compile(r"[:,;&+/–—-]\s*$")
# a lone letter of an alphabet after a colon or dash ends a line that was cut ("Trinkflasche Fjell: K")
_ONE_LETTER_END = re.compile(r"[:：–—-]\s*([A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])[.!?…]*$")
# the last word with its combining marks (Python's \w leaves them out: the Hindi genitive 'का' is क + a vowel sign, and
# h47a's SMS stopping on it, 'काँच का', was never read as ending on a word); a danda ends a sentence too
_LAST_WORD = regex.compile(r"(?<![#@\p{L}\p{M}\p{N}_])((?:\p{L}\p{M}*)+(?:['’](?:\p{L}\p{M}*)+)?)[\s.!?…।]*$")


def open_end(text: str, lang: str, rules: ReaderRules | None = None) -> str | None:
    """The last word of ``text`` where the language cannot end a line on it (reader_gates.yaml ``ends_open``:
    an article, a preposition, a conjunction; Vietnamese 'đang' of 'Một người đang'), else None."""
    rules = rules or reader_rules()
    last = _LAST_WORD.search(text.strip())
    if last and _fold(last.group(1)).replace("’", "'") in rules.ends_open.get(lang, ()):
        return last.group(1)
    return None


def spoken_open_end(said: str, lang: str) -> str | None:
    """``open_end`` of a spoken line, its closing stops (full-width ones too) taken off first: the word a voiceover
    stops on where its phrase goes on ('Một người đang.'), read by the scripts' unfinished gate and the scene re-ask."""
    return open_end(re.sub(r"[\s.!?…。！？]+$", "", said), lang)


def _stops_mid_said(body: str, locale: str, brief: Any) -> str | None:
    """The last space-separated piece of ``body`` where it starts a longer piece of the brief's statements in the
    locale's words (prompts/examples words and phrases, ``LocaleExamples.say``: what the copy prompt gives) and is no
    whole piece of them, nothing after it: the reply ran out of tokens copying the prompt's line, else None. drafts-hi30's
    model run: hi-IN's post ended 'Fjell Bottle - स्टेनलेस स्टील की इ' (of 'इंसुलेटेड') and th-TH's '..., ที่เก็บเครื่อง'
    (of 'ที่เก็บเครื่องดื่มให้เย็นได้นาน'), and both passed every gate: ``WORD`` splits Devanagari and Thai at their vowel
    signs (str.isalnum is False for them: 'स्टील' reads as 'स', 'ट', 'ल'), so ``stops_mid_word`` saw one-letter words,
    and ``cut_sentence`` needs a stop before the cut that these posts never wrote. Pieces are read by spaces here."""
    from studio.generate.examples import locale_examples

    table = locale_examples(locale)
    statements = getattr(brief, "statements", None)
    if table is None or statements is None or not body or not unicodedata.category(body[-1]).startswith(("L", "M")):
        return None
    glossary = getattr(brief, "glossary", None)
    terms = glossary.terms.get(locale, {}) if glossary is not None else {}
    keep = list(glossary.do_not_translate) if glossary is not None else []
    said = " ".join(own for s in statements() if (own := table.say(s, terms, keep)))
    if not any(unicodedata.category(ch) in ("Mn", "Mc") for ch in said):
        return None  # a script WORD reads whole (Latin, Arabic, Hangul, kana): stops_mid_word's; here 'chaud' of 'chaudes' is a word

    def bare(piece: str) -> str:
        return "".join(ch for ch in piece if not unicodedata.category(ch).startswith("P"))

    pieces = {bare(p) for p in said.split()}
    last = bare(body.split()[-1])
    if not last or last in pieces or any(ch.isdigit() for ch in last):
        return None
    return last if any(len(p) > len(last) and p.startswith(last) for p in pieces) else None


def unfinished(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a line of copy stops before it is finished, else None: it ends on a colon, comma or dash, on
    an article, preposition or conjunction of its language ("Kaltes Wasser für den"), or after the first
    words of a brief statement that goes on ("Fjell bottle: keeps drinks" of "Keeps drinks cold for 24
    hours"): what a reader sees as a line cut short, whatever its length."""
    rules = rules or reader_rules()
    body = _LABEL_TAIL.sub("", text.strip()).strip()
    if not body:
        return None
    if _OPEN_END.search(body):
        return f"ends on {body.rstrip()[-1]!r}, as if cut off: {body[-30:]!r}"
    lang = language_of_locale(locale)
    if cut := _ONE_LETTER_END.search(body):  # "Trinkflasche Fjell: K" (not a unit: "24 h")
        return f"stops after the single letter {cut.group(1)!r}, as if cut off: {body[-30:]!r}"
    if word := open_end(body, lang, rules):
        return f"ends on {word!r}, a word that needs what follows it: {body[-30:]!r}"
    # cut mid-word: the last word starts the brand, the product's name or a glossary term ("une gour")
    names = " ".join([brief.brand, brief.product.name, *brief.glossary_terms(locale)])
    if cut := stops_mid_word(body, names):
        return f"stops mid-word at {cut!r}: {body[-30:]!r}"
    if cut := _stops_mid_said(body, locale, brief):
        return f"stops mid-word at {cut!r}: {body[-30:]!r}"
    if cut := cut_sentence(body):  # without the label: drafting appends it (studio.generate.labels), cut or not
        return f"stops mid-sentence, as if cut off: {cut!r}; end that sentence or write a shorter post"
    # stopped mid-fact: the last words are how a brief statement starts, and the statement goes on with
    # a word that does not start a new phrase ("keeps drinks | cold", not "keeps drinks cold | for")
    source = language_of_locale(getattr(brief, "source_locale", "en-US") or "en-US")
    boundary = rules.ends_open.get(source, frozenset()) | rules.phrase_starts.get(source, frozenset())
    words = [w.casefold() for w in WORD.findall(re.sub(r"[#＃@]\w+", " ", body))]  # not the hashtags
    for statement in brief.statements():
        if statement == getattr(brief, "campaign", None):
            continue  # the campaign's name is no product statement
        said = [w.casefold() for w in WORD.findall(statement)]
        for k in range(min(len(said) - 1, len(words)), 1, -1):
            if words[-k:] == said[:k]:
                if said[k] not in boundary:
                    return (f"stops mid-fact after {' '.join(said[:k])!r} (the brief: {statement[:60]!r}): "
                            "finish the phrase or leave it out")
                break
    return None


_STOP = re.compile(r"[.!?。！？]")
CUT_WORDS = 4  # a last sentence this long (spaceless scripts: CUT_CHARS letters) without a stop was cut
CUT_CHARS = 12


def cut_sentence(body: str) -> str | None:
    """The end of a text whose earlier sentences end with a stop but whose last, a sentence of its own
    (CUT_WORDS words or more), ends on a letter with no stop, hashtag or emoji after it: the reply ran out
    of tokens ("... können Sie sicher und fr", "... ela mantém"), else None. Headlines have no inner stop;
    a short last call to action ("Jetzt entdecken") is not read."""
    body = body.rstrip()
    if not body or not re.search(r"[^\W\d_]$", body) or not _STOP.search(body):
        return None
    tail = _STOP.split(body)[-1].strip()
    if not tail or "#" in tail or "＃" in tail:
        return None
    if tail[0] in "¡¿":  # Spanish opens an exclamation or a question it never closed ("... todo el día. ¡Espera")
        return tail[-40:]
    long = len(tail) >= CUT_CHARS if SPACELESS.search(tail) and " " not in tail.strip() else len(WORD.findall(tail)) >= CUT_WORDS
    return tail[-40:] if long else None


def stops_mid_word(line: str, context: str) -> str | None:
    """The last word of ``line`` when it is the start of a longer word of ``context`` and nothing (no
    stop, no emoji) follows it: the line was cut mid-word ("Fjell : une gour" next to "gourde"), else None."""
    last = re.search(r"([^\W\d_]{2,})$", line.rstrip())
    if not last:
        return None
    start = last.group(1).casefold()
    longer = (w.casefold() for w in WORD.findall(context))
    return last.group(1) if any(len(w) > len(start) and w.startswith(start) for w in longer) else None


# the word of a hashtag (after # or the full-width ＃): the language, content and repair code read tags by it
TAG = re.compile(r"[#＃]([^\W_][\w]*)")


# a word with its vowel signs and other marks (WORD splits 'ठंडा पानी', cold water, at its marks into four pieces
# 'ठ ड प न', so two Hindi words said twice read as a run of four)
_DANDA = re.compile(r"[\u0964\u0965\u0970]")  # the Devanagari stops, inside the block of its letters
_MARKED_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0900-\u0dff])+(?:['’-](?:[^\W_]|[\u0300-\u036f\u0900-\u0dff])+)*")


def repeated_claim(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy states one thing twice, else None: a figure of the brief said twice ("cold for 24 hours and hot for 12 hours
    ... cold for 24 hours and hot for 12 hours"), or a run of ``repeated_claim.words`` words (``chars`` letters
    in scripts without spaces) said twice ("sich heute in der Natur wohlen ... sich immer noch in der Natur
    wohlen"). The brand and the product's name, hashtags and the locale's labels are not read: naming the
    product twice says nothing twice. A post has four short lines; each should say something new."""
    from studio.checks.rules.types.grounded import number_spans
    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    if rules.repeat_words is None:
        return None
    loc = get_locale(locale)
    # a tag to its space: Hindi and Thai tags hold vowel signs, which \w stops at ('#ठंडा24घंटे' left '24घंटे' in the
    # body, and a post said 24 twice by its hashtag)
    body = re.sub(r"[#＃@][^\s#＃@]+|https?://\S+", " ", text)
    for term in sorted((t for t in (loc.ai_label, loc.ad_label) if t), key=len, reverse=True):
        body = body.replace(term, " ")
    # a figure of the brief (24, 750, 29.99), not one inside a code ("ANNA10") nor a count of one ("1 + 1")
    stated = brief_numbers(brief) - {"0", "1"}
    # (Japanese and Chinese write a figure straight after their words: '価格は29.99ドル' is no code)
    counts = Counter(value for (start, _), value in number_spans(body)
                     if value in stated and not (re.match(r"[^\W\d_]", body[start - 1:start])
                                                 and not SPACELESS.match(body[start - 1:start])))
    if twice := [n for n, c in counts.items() if c > 1]:
        return f"says {twice[0]} {'twice' if counts[twice[0]] == 2 else f'{counts[twice[0]]} times'}: say each fact once and use the line for something new"
    # the brand and the product's name break runs: "with the Fjell Bottle" twice names the product twice
    names = sorted({brief.brand, brief.product.name, *brief.glossary_terms(locale)} - {""}, key=len, reverse=True)
    for name in names:
        body = re.sub(re.escape(name), " | ", body, flags=re.IGNORECASE)
    if len(SPACELESS.findall(body)) > len(body) / 3:
        n = rules.repeat_chars
        letters = "".join(ch if ch.isalpha() else "|" for ch in body)
        grams = Counter(letters[i:i + n] for i in range(len(letters) - n + 1) if "|" not in letters[i:i + n])
    else:
        n = rules.repeat_words
        grams = Counter()
        for piece in body.split("|"):
            words = [w.casefold() for w in _MARKED_WORD.findall(_DANDA.sub(" ", piece)) if not w.isdigit()]
            grams.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    said = [g for g, c in grams.items() if c > 1]
    if not said:
        return None
    return f"says {said[0]!r} twice: say each thing once and use the line for something new"


_SENTENCE_END = re.compile(r"[.!?;…。！？；\n]+")
_HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")


def said_twice(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """A run of ``said_twice.words`` words (``chars`` letters in scripts without spaces) said twice inside one sentence
    ('Tek bir şişe yerine yüzlerce plastik şişe yerine', 'ماء ماء ماء'), else None. Runs of common words only
    (grammar: 'tek bir', 'de la') or of hiragana only are not read; the brand, the product, glossary terms, numbers
    and hashtags break runs (prompts/reader_gates.yaml ``said_twice``)."""
    rules = rules or reader_rules()
    if rules.twice_words is None:
        return None
    body = re.sub(r"[#＃@][^\s#＃@]+|https?://\S+", " | ", text)  # a tag to its space: Thai tags hold vowel marks
    names = sorted({brief.brand, brief.product.name, *brief.glossary_terms(locale)} - {""}, key=len, reverse=True)
    for name in names:
        body = re.sub(re.escape(name), " | ", body, flags=re.IGNORECASE)
    # a number and the word after it, its unit, break runs: 'hasta 24 horas y caliente hasta 12 horas, y hazlo' pairs
    # two figures (es-MX, q23), not 'horas y' said twice; so does a unit written on in Chinese or Japanese (up to two
    # Han letters: 小时, 時間): '24小时内不冷，12小时内不热' read '小时内不' twice (zh-CN, q23), where its fault is the
    # negated facts (the grounded gate), and '24小时内保冷，12小时内保温' is a right line
    body = re.sub(r"\d+(?:[.,]\d+)?(?:\s+[^\W\d_][\w'’-]*|[\u4e00-\u9fff]{1,2})?", " | ", body)
    lang = language_of_locale(locale)
    for sentence in _SENTENCE_END.split(body):
        if len(SPACELESS.findall(sentence)) > len(sentence) / 3:
            n = rules.twice_chars.get(lang, max(rules.twice_chars.values(), default=4))
            letters = "".join(ch if _letter(ch) else "|" for ch in sentence)
            grams = Counter(g for i in range(len(letters) - n + 1)
                            if "|" not in (g := letters[i:i + n]) and not _HIRAGANA.match(g))
        else:
            n, grams = rules.twice_words, Counter()
            for piece in sentence.split("|"):
                # a word with its vowel signs (Devanagari's matras are marks, not letters: WORD splits 'बोतल' in two)
                words = "".join(ch if _letter(ch) or ch in "'’-" else " " for ch in piece).casefold().split()
                runs = (words[i:i + n] for i in range(len(words) - n + 1))
                grams.update(" ".join(run) for run in runs if not all(_common(w, lang, rules.twice_common_zipf) for w in run))
        if said := [g for g, c in grams.items() if c > 1]:
            return said[0]
    return None


def _letter(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


@functools.lru_cache(maxsize=4096)
def _common(word: str, lang: str, zipf: float) -> bool:
    """Whether wordfreq's large list for ``lang`` has ``word`` at ``zipf`` or more (False where it cannot say)."""
    try:
        return word_zipf(word, lang, "best") >= zipf
    except Exception:  # noqa: BLE001 - a language wordfreq tokenises with a package not installed here (ko: MeCab)
        return False


def doubled_word(text: str, locale: str) -> str | None:
    """A word or phrase said twice back to back (the scene gates' ``stutter``, with their allowed doubles), hashtags
    not read."""
    from studio.generate.scene_rules import stutter

    # a tag to its space, as repeated_claim reads it: '\w+' stopped at Arabic's tanween, and the ar-AE post's
    # '#دائمًا #مريحًا' left 'ًا ًا', a stutter (q23 rerun, drafts-posts23)
    return stutter(re.sub(r"[#＃][^\s#＃]+", " ", text), locale)
