"""A several-word glossary name written with its small words changed (checks-glossary30): its article dropped
("Camion poutine" for "Le Camion Poutine"), a preposition put in ("Academia Flamenca de la Alameda" for "Academia
Flamenca Alameda"), or one long word of it a letter or two off beside the others kept ("Sombrería Triana" for
"Sombrerería Triana"). A name is written one way (ICC Code art. 1: a trade name is the advertiser's identity),
so each of these is the name altered, not absent.

The name's own words (those that are not articles, prepositions or "and" in the markets' languages) must all be
there, in order, case- and accent-blind, with nothing but such small words between them (at most SMALL_GAP), and at
least two of them (one word of a name alone is too often an ordinary word of the copy), the first written with its
capital: "la salsa de Roma" in Spanish copy is a sauce, not "Salsa Roma" altered.
"""

from __future__ import annotations

import re
import unicodedata

from studio.checks.glossary_spelling import _distance

# Articles, prepositions and "and" as names in the markets' Latin-script languages carry them.
_SMALL = frozenset(
    "the a an of and & le la les l de du des d et el los las del y al un una lo il gli di da e o "
    "do dos das em no na der die das den dem von vom und het een van en op te".split()
)
# A preposition merged with the name's own article is grammar, not the article dropped: "au Camion Poutine" is
# "à le Camion Poutine" (fr), "del Mercado" (es), "nel Borgo" (it), "do Porto" (pt), "zum Anker" (de).
_CONTRACTED = frozenset(
    "au aux du des al del ao aos do dos no nos na nas da das pelo pela pelos pelas nel nella nei dal dalla dai "
    "sul sulla alla allo ai della dello dei degli dem den des zum zur im am vom beim ins".split()
)
SMALL_GAP = 3  # small words allowed between two of the name's own words
LONG_WORD = 8  # letters a word needs to count as itself two edits away
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|&")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def _same(want: str, got: str) -> int:
    """2 if ``got`` is the word ``want``, 1 if it is a long word written two letters off, 0 otherwise."""
    if want == got:
        return 2
    if len(want) >= LONG_WORD and got[:1] == want[:1] and _distance(want, got, 2) <= 2:
        return 1
    return 0


def small_words_changed(term: str, text: str) -> tuple[int, int]:
    """Span of a several-word ``term`` written with its small words dropped or added, or one long word of it a
    letter or two off (see above); (-1, -1) if none, or if the term is there as written."""
    own = [_plain(w) for w in _WORD.findall(term) if _plain(w) not in _SMALL]
    article = _plain(_WORD.findall(term)[0]) in _SMALL
    if len(own) < 2 or term in text:
        return -1, -1
    words = [(m.start(), m.end(), _plain(m.group())) for m in _WORD.finditer(text)]
    for i in range(len(words)):
        first = _same(own[0], words[i][2])
        if not first or (article and i > 0 and words[i - 1][2] in _CONTRACTED):
            continue
        k, exact, off = i, first == 2, int(first == 1)
        for w in own[1:]:
            k += 1
            gap = 0
            while k < len(words) and words[k][2] in _SMALL and not _same(w, words[k][2]) and gap < SMALL_GAP:
                k, gap = k + 1, gap + 1
            if k >= len(words) or re.search(r"[^\w\s'’&-]", text[words[k - 1][1] : words[k][0]]):
                break
            hit = _same(w, words[k][2])
            if not hit:
                break
            exact = exact or hit == 2
            off += hit == 1
        else:
            a, b = words[i][0], words[k][1]
            capital = not re.search(r"[^\W\d_]", term) or next(c for c in text[a:b] if c.isalpha()).isupper()
            if exact and off <= 1 and capital and text[a:b] != term:
                return a, b
    return -1, -1
