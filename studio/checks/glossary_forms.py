"""Glossary readings of a name's words in another form (checks-glossaryprice54, issue 9): a number in the name
written the other way ("3 Rivers Ironworks" for "Three Rivers Iron Works", "Seven Hills" for "7 Hills"), and one
word of a several-word name put in another grammatical form of the same word ("Trelawny Pasty's" for "Trelawny
Pasties"). A name is written one way (ICC Code art. 1: a trade name is the advertiser's identity; the glossary's
kept terms are brand and do-not-translate terms), so each is the name altered, not absent.

Numbers: the cardinal words one to twelve of the markets' Latin-script languages (CLDR's rule-based number format,
``spellout-numbering``, unicode.org/cldr), a term's number word read as its digits and its digits as the word in
English or the copy's language; the term so rewritten is then compared as ``altered`` compares (letters and digits
only, case, spaces, hyphens and accents set aside). Words that are also articles or everyday short words ("un",
"een", "uno", "um", "bir", "on") are left out: "Un Jour" is no "1 Jour".

Forms: simplemma (already a dependency; MIT; read through studio.checks.language.lemmas) gives each word's lemma. One word of the name, in the place the name
has it, another form of the same lemma that does not begin with the name's own word (an ending added, "Pasties's"
or "Pasties'", is the plural or possessive the copy may add; a letter of the name changed is the name rewritten),
every other word as written (case- and accent-blind). Read only in languages whose grammar leaves a name's words
as they are (en, fr, es, it, pt, nl, id, ms): German, Polish, Turkish, Czech and the like decline names ("z
NovaBankiem", "Kanzlei Isarrechts") and their copy is left alone here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studio.checks.glossary_spelling import _compact
from studio.checks.glossary_words import _plain

# CLDR spellout-numbering, 1-12 (2-12 where "one" is also an article), per language.
_SPELLOUT = {
    "en": "one two three four five six seven eight nine ten eleven twelve",
    "de": "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "fr": "- deux trois quatre cinq six sept huit neuf dix onze douze",
    "es": "- dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "- due tre quattro cinque sei sette otto nove dieci undici dodici",
    "pt": "- dois três quatro cinco seis sete oito nove dez onze doze",
    "nl": "- twee drie vier vijf zes zeven acht negen tien elf twaalf",
    "pl": "jeden dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście",
    "tr": "- iki üç dört beş altı yedi sekiz dokuz - - -",
    "id": "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas -",
    "ms": "satu dua tiga empat lima enam tujuh lapan sembilan sepuluh sebelas -",
}


@lru_cache(maxsize=1)
def _word_to_digit() -> dict[str, str]:
    out: dict[str, str] = {}
    for words in _SPELLOUT.values():
        for n, w in enumerate(words.split(), 1):
            if w != "-":
                out.setdefault(_plain(w), str(n))
    return out


def _digit_words(lang: str | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in dict.fromkeys(["en", lang or "en"]):
        for n, w in enumerate(_SPELLOUT.get(code, "").split(), 1):
            if w != "-":
                out.setdefault(str(n), []).append(w)
    return out


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def number_swapped(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of ``term`` with a number in it written the other way in ``text`` (a word as digits, digits as a
    word), the rest as ``altered`` reads it (case, spaces, hyphens, accents); (-1, -1) if none."""
    tokens = _TOKEN.findall(term)
    if len(tokens) < 2:
        return -1, -1  # a name that is a number alone ("Seven") is too often the number itself
    to_digit, to_word = _word_to_digit(), _digit_words(lang)
    variants: list[list[str]] = [[]]
    changed = False
    for tok in tokens:
        options = [tok]
        if _plain(tok) in to_digit:
            options.append(to_digit[_plain(tok)])
        elif tok in to_word:
            options += to_word[tok]
        changed = changed or len(options) > 1
        variants = [v + [o] for v in variants for o in options][:16]
    if not changed:
        return -1, -1
    c, where = _compact(text)
    for v in variants[1:]:
        t, _ = _compact("".join(v))
        k = c.find(t)
        while k >= 0:
            a, b = where[k], where[k + len(t) - 1] + 1
            if (a == 0 or not text[a - 1].isalnum()) and (b >= len(text) or not text[b].isalnum()):
                return a, b
            k = c.find(t, k + 1)
    return -1, -1


_FORM_LANGS = frozenset({"en", "fr", "es", "it", "pt", "nl", "id", "ms"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_POSSESSIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=4096)
def _lemma(word: str, lang: str) -> str:
    # simplemma through the kept dictionaries (studio.checks.language.lemmas): the same lemmas, without unpickling
    # the language's whole dictionary in the process; imported only when a name is missing
    from studio.checks.language.lemmas import lemmatize

    return _plain(lemmatize(word, lang))


# A company's legal form after its name (Co., Inc., Ltd, LLC, GmbH, S.A., B.V., Pty, PLC, Sdn Bhd, Tbk: the forms of
# the company laws of the markets, Wikipedia "List of legal entity types by country"): copy may leave it out, so a
# name is also read without it; leaving it out alone is no alteration (the name's other words must change too).
_LEGAL_FORMS = frozenset(
    "co inc ltd llc llp lp plc pty gmbh ag kg ug sa sas sarl sl slu srl spa bv nv as ab oy sdn bhd tbk corp company".split()
)


def word_inflected(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of a several-word ``term`` with a word of it in another form of the same word ("Trelawny Pasty's" for
    "Trelawny Pasties", "Glade Airboats" for "Glades Airboat Co."), the others as written or with an ending added;
    (-1, -1) if none (see the module docstring). A trailing legal form (``_LEGAL_FORMS``) may be left out."""
    if lang not in _FORM_LANGS:
        return -1, -1
    want = _WORD.findall(term)
    if len(want) < 2 or len(want) != len(term.split()):
        return -1, -1
    plain = [_plain(w) for w in want]
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    shapes = [plain]
    if len(plain) >= 3 and plain[-1] in _LEGAL_FORMS:
        shapes.append(plain[:-1])
    for shape in shapes:
        n = len(shape)
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if any(re.search(r"[^\s\u00a0-]", text[a[1] : b[0]]) for a, b in zip(window, window[1:])):
                continue
            odd = [j for j in range(n) if _plain(window[j][2]) != shape[j]]
            if not odd:
                continue
            if want[0][:1].isupper() and not window[0][2][:1].isupper():
                continue  # "the golden bake sale" is a phrase of the copy, not "Golden Bakes" rewritten
            changed = 0
            for j in odd:
                got = _plain(_POSSESSIVE.sub("", window[j][2]))
                if got.startswith(shape[j]):
                    continue  # an ending added (plural, possessive): the copy's grammar
                if len(shape[j]) < 4 or not (
                    {_lemma(got, lang), _lemma(got, "en")} & {_lemma(shape[j], lang), _lemma(shape[j], "en")}
                ):
                    changed = -1  # a short word too easily another word, or another word altogether
                    break
                changed += 1
            if changed > 0:
                return window[0][0], window[-1][1]
    return -1, -1


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean particles that may follow a name ("하늘동산에서", "하늘동산의"): the name ends before them.
_PARTICLE = re.compile(r"(?:에서|에게|으로|로|은|는|이|가|을|를|에|의|도|와|과|만|까지|부터)(?![\uac00-\ud7a3])")
HALF_MIN = 2  # syllables each part of the name needs


def hangul_half_replaced(term: str, text: str, others: list[str]) -> tuple[int, int]:
    """Span of a Hangul name of four to eight syllables written with its head kept and the rest replaced by as
    many other syllables ("하늘동산" for 하늘정원, "초록마을식당" for 초록마을카페): the name half renamed. The kept
    head starts a word; the new part differs from the name's in its first syllable and in half its syllables at
    least (a syllable off is a misspelling, read by native_altered) and ends the word (or a particle follows it:
    "하늘동산에서"); a part that is itself another glossary term is the brand named alone. Only where the name is
    nowhere in the draft as written. Korean only: a Chinese half of two characters is too often an everyday word
    ("星河璀璨" beside 星河电器), and Han text has no spaces to end a word by."""
    if not (4 <= len(term) <= 8) or not all(_HANGUL.match(c) for c in term) or term in text:
        return -1, -1
    for cut in range(len(term) - HALF_MIN, HALF_MIN - 1, -1):  # the longest kept head first
        kept, other = term[:cut], term[cut:]
        if kept in others or other in others:
            continue
        for m in re.finditer(re.escape(kept), text):
            a, b = m.start(), m.end() + len(other)
            new = text[m.end() : b]
            if (a and _HANGUL.match(text[a - 1])) or len(new) != len(other) or not all(_HANGUL.match(c) for c in new):
                continue
            if 2 * sum(x != y for x, y in zip(new, other, strict=True)) < len(other) or new[0] == other[0]:
                continue
            if b >= len(text) or not _HANGUL.match(text[b]) or _PARTICLE.match(text, b):
                return a, b
    return -1, -1
