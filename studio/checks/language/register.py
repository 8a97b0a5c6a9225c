"""The register a sentence addresses its reader in, read from grammar: ``locales/register_grammar.yaml``.

``read_register(text, lang)`` returns every mark of a treatment it finds: a clause-initial imperative
("Descubra" usted, "Descubre" tú), a question verb asking the reader ("Vuole provarlo?" Lei), a pronoun or
possessive ("tu", "Ihnen"). Each mark says where it is, which register and why. The tables are grammar
(conjugation classes, irregular imperatives, pronouns), cited in the data file and read by
``register_grammar``; a word's conjugation class comes from the commonest infinitive its stem makes
(wordfreq's values, shipped as ``register_zipf.tsv``), its part of speech from simplemma.

Both libraries and the file load on first use, never at import: the CLI's cold start stays as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from studio.checks.language.register_grammar import (  # noqa: F401 - grammars/load_grammar re-exported
    Agreement,
    FrenchImperative,
    GermanImperative,
    LanguageGrammar,
    Register,
    RomanceImperative,
    SentenceEndings,
    grammars,
    load_grammar,
)


@dataclass(frozen=True)
class RegisterMark:
    """One word that shows the treatment: ``kind`` is imperative | question | verb | pronoun."""

    start: int
    end: int
    register: Register
    form: str
    kind: str


# A clause opens at the start of the text or a line, after sentence punctuation, a colon or semicolon,
# a bullet, or an opening exclamation/question mark; emoji and quotes in between are skipped.
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CLAUSE_BREAK_CHARS = re.compile(r"[.!?¡¿:;\n•|·…]")
_SENTENCE_END = re.compile(r"[.!?…\n]")


def _plain(word: str) -> str:
    """Lower case without written accents (pruébalo -> pruebalo); ñ and ç keep their marks."""
    out = []
    for ch in word.lower():
        if ch in "ñç":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]


def _clause_initial(text: str, words: list[tuple[int, int, str]]) -> list[int]:
    """Indexes of words that open a clause (nothing but punctuation, spaces, emoji or quotes before them)."""
    out = []
    prev_end = 0
    for i, (start, _end, _w) in enumerate(words):
        gap = text[prev_end:start]
        if i == 0 or _CLAUSE_BREAK_CHARS.search(gap):
            out.append(i)
        prev_end = _end
    return out


def _question_of(text: str, start: int) -> bool:
    """True when the sentence that holds ``start`` ends with a question mark."""
    m = _SENTENCE_END.search(text, start)
    if m is None:
        return False
    return text[m.start()] == "?" or text[m.start():m.start() + 2].startswith("?")


# The infinitives a Romance imperative's stem can make, with their Zipf values (scripts/register_zipf.py, from
# wordfreq): read instead of importing wordfreq (~0.15-0.3 s of CPU in a new process). A plain word missing from
# its language's table is at or below min_zipf - margin, which weighs as nothing in ``_romance_class``. A plain
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
def _zipf(word: str, lang: str) -> float:
    table = zipf_table().get(lang)
    if table is not None and PLAIN_WORD.fullmatch(word):
        return table.get(word, 0.0)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


@lru_cache(maxsize=20_000)
def _lemma(word: str, lang: str) -> str:
    from studio.checks.language.lemmas import lemmatize

    return lemmatize(word, lang)


def _romance_class(form: str, lang: str, imp: RomanceImperative) -> tuple[str, Register] | None:
    """(infinitive, register) of a Romance imperative form, or None when its class is unclear."""
    if any(form.endswith(e) for e in imp.not_endings):
        return None
    readings: list[tuple[float, str, Register]] = []
    for cls, endings in imp.classes.items():
        for register, ends in (("informal", endings.informal), ("formal", endings.formal)):
            for end in ends:
                if not form.endswith(end) or len(form) - len(end) < 3:
                    continue
                stem = form[: len(form) - len(end)]
                stems = {stem} | {stem[: stem.rfind(a)] + b + stem[stem.rfind(a) + len(a):]
                                  for a, b in imp.stem_changes if a in stem}
                for s in stems:
                    inf = s + cls
                    z = _zipf(inf, lang)
                    if z > 0:
                        readings.append((z, inf, register))  # type: ignore[arg-type]
    if not readings:
        return None
    readings.sort(reverse=True)
    best = readings[0]
    if best[0] < imp.min_zipf:
        return None
    rival = next((r for r in readings[1:] if r[2] != best[2]), None)
    if rival is not None and best[0] - rival[0] < imp.margin:
        return None
    return best[1], best[2]


def _romance_imperative(words: list[tuple[int, int, str]], i: int, lang: str, g: LanguageGrammar,
                        clause_ends: bool) -> Register | None:
    imp = g.imperative
    assert isinstance(imp, RomanceImperative)
    word = words[i][2]
    low = word.lower()
    if low in g.irregular.informal:
        return "informal"
    if low in g.irregular.formal:
        return "formal"
    if low in imp.function_words or low in imp.object_starts:
        return None  # a determiner or preposition ("Nuestra", "para") opens a clause without a verb
    if low[-1:] in "áéíóúàèìòù":
        return None  # a stressed final vowel is a preterite or future ("visité", "provò"), never an imperative
    plain = _plain(word)
    # An enclitic after a written stress ("pruébalo", "regístrese") or on an imperative ending: the
    # clitic may fix the treatment itself (te / se), else the base form's ending does.
    for role in ("informal", "formal", "either"):
        for clitic in sorted(getattr(imp.enclitics, role), key=len, reverse=True):
            if plain.endswith(clitic) and len(plain) - len(clitic) >= 3:
                base = plain[: len(plain) - len(clitic)]
                accented = word != plain and lang == "es"
                reading = _romance_class(base, lang, imp)
                if reading is None or (lang == "es" and not accented and role == "either"):
                    continue
                if role != "either" and (lang == "es" or reading[1] == role):
                    return role  # type: ignore[return-value]
                if role == "either":
                    return reading[1]
    reading = _romance_class(plain, lang, imp)
    if reading is None:
        return None
    inf, register = reading
    if inf in imp.presentative:
        return None
    nxt = words[i + 1][2].lower() if i + 1 < len(words) else ""
    if clause_ends or nxt in imp.object_starts:
        return register
    # The lemmatizer last: its dictionary costs ~0.3 s of CPU to load, and most imperatives are settled above.
    return register if _lemma(low, lang) == inf else None


def _french_imperative(words: list[tuple[int, int, str]], i: int, g: LanguageGrammar,
                       clause_ends: bool) -> Register | None:
    imp = g.imperative
    assert isinstance(imp, FrenchImperative)
    word = words[i][2].lower().replace("’", "'")
    if word in g.irregular.informal:
        return "informal"
    if word in g.irregular.formal:
        return "formal"
    if "-" in word:
        hyphen = _french_hyphen(word, imp)
        if hyphen is not None:
            return hyphen
        word = word.partition("-")[0]
    if any(word.endswith(e) for e in imp.not_endings):
        return None
    lemma = _lemma(word, "fr")
    if not lemma.endswith(("er", "ir", "re")) or lemma == word:
        return None
    if any(word.endswith(e) and not lemma.endswith(e + "r") for e in imp.participle_endings):
        return None  # 'pot en verre rechargeable, fabriquée au Portugal': a participle, not 'fabrique !'

    nxt = words[i + 1][2].lower() if i + 1 < len(words) else ""
    if word.endswith(tuple(imp.vous_endings)):
        return "formal"
    if lemma.endswith("er") and word.endswith("s"):
        return None  # the tu imperative of the first group ends in -e ("chante"): "soldes" is a plural noun
    # simplemma reads the noun before the verb ("offre", "commande"), but a name may read as a verb ("Marie":
    # marier): the tu form also needs what follows an imperative, an object or the end of the clause.
    if word.endswith(tuple(imp.tu_endings)) and (clause_ends or nxt in imp.object_starts
                                                 or nxt.startswith(("l'", "d'", "l’", "d’"))):
        return "informal"
    return None


def _french_hyphen(word: str, imp: FrenchImperative) -> Register | None:
    """A verb joined to its pronoun ("écris-nous", "offrez-vous", "as-tu"): the pronoun or the verb's ending
    gives the treatment wherever the word stands (Grevisse § 682: the hyphen joins imperative and pronoun)."""
    word = word.lower().replace("’", "'")
    if word in imp.hyphen_nouns:
        return None
    head, _, tail = word.partition("-")
    tail = tail.split("-")[0].rstrip("'")
    # A subject or reflexive pronoun of one treatment settles it by itself ("offre-toi", "as-tu", "offrez-vous");
    # an object pronoun needs the verb's ending, on a word the lemmatizer reads as a verb.
    if tail in imp.hyphen_clitics.informal:
        return "informal"
    if tail in imp.hyphen_clitics.formal:
        return "formal"
    if not _lemma(head, "fr").endswith(("er", "ir", "re")) or _lemma(head, "fr") == head:
        return None
    if tail in imp.hyphen_clitics.either:
        if head.endswith(tuple(imp.vous_endings)):
            return "formal"
        if head.endswith(tuple(imp.tu_endings)) and not (_lemma(head, "fr").endswith("er") and head.endswith("s")):
            return "informal"
    return None


def _anywhere(word: str, lang: str, g: LanguageGrammar) -> Register | None:
    """Forms that are an imperative wherever they stand: a Spanish verb with a written stress and the
    reflexive enclitic te / se ("vente", "pídete", "regístrese": NGLE § 16.11), a French verb joined to its
    pronoun by a hyphen."""
    imp = g.imperative
    if isinstance(imp, FrenchImperative):
        return _french_hyphen(word, imp) if "-" in word else None
    if not isinstance(imp, RomanceImperative) or lang != "es":
        return None
    plain = _plain(word)
    for role in ("informal", "formal"):
        for clitic in sorted(getattr(imp.enclitics, role), key=len, reverse=True):
            if not plain.endswith(clitic) or len(plain) - len(clitic) < 2:
                continue
            base = plain[: len(plain) - len(clitic)]
            if base in getattr(g.irregular, role):
                return role
            if word.lower() != plain and _romance_class(base, lang, imp) is not None:
                return role
    return None


def _german_imperative(words: list[tuple[int, int, str]], i: int, g: LanguageGrammar) -> Register | None:
    imp = g.imperative
    assert isinstance(imp, GermanImperative)
    word = words[i][2]
    low = word.lower()
    nxt = words[i + 1][2] if i + 1 < len(words) else ""
    if low in g.irregular.informal and nxt not in imp.not_before:
        return "informal"
    if nxt == "Sie":
        return "formal" if _lemma(low, "de") == low and low.endswith(tuple(imp.infinitive_endings)) else None
    # The capitalised word is lemmatised as it stands: a noun keeps itself ("Anzeige", "Liebe", "Bitte"), a
    # verb gives its infinitive ("Entdecke" -> entdecken); lower-cased, every noun would read as a verb.
    lemma = _lemma(word, "de")
    if not lemma.endswith(tuple(imp.infinitive_endings)) or lemma[:1].isupper() or nxt in imp.not_before:
        return None
    for ending in imp.infinitive_endings:
        if lemma.endswith(ending):
            stem = lemma[: len(lemma) - len(ending)]
            if any(low == stem + s for s in imp.du_suffixes) and len(stem) >= 2:
                return "informal"
    return None


def _is_name(text: str, words: list[tuple[int, int, str]], i: int, initial: bool) -> bool:
    """A capitalised pronoun inside a sentence followed by a capitalised word is a name ("Tu Casa")."""
    w = words[i][2]
    if initial or not w[:1].isupper() or i + 1 >= len(words):
        return False
    nxt_start, _e, nxt = words[i + 1]
    return nxt[:1].isupper() and text[words[i][1]:nxt_start].strip() == ""


def read_register(text: str, lang: str, *, mixes_only: bool = False) -> list[RegisterMark]:
    """Every mark of the reader's treatment in ``text`` (language ``lang``), in text order.

    ``mixes_only``: the caller wants a mix only, so a draft with no formal cue (the entry's ``formal_cue``)
    returns no mark at all, before any dictionary is loaded."""
    g = grammars().get(lang)
    if g is None:
        return []
    if mixes_only and g.formal_cue is not None and not re.search(g.formal_cue, text):
        return []
    if isinstance(g.imperative, SentenceEndings):
        return _read_endings(text, g)
    if isinstance(g.imperative, Agreement):
        return _read_agreement(text, lang, g)
    words = _words(text)
    initial = set(_clause_initial(text, words))
    marks: list[RegisterMark] = []
    last_imperative = -10  # index of the last word read as an imperative, for coordination
    pron_informal = set(g.pronouns.informal)
    pron_formal = set(g.pronouns.formal)
    elided = {p: reg for reg, ps in (("informal", g.pronouns.informal), ("formal", g.pronouns.formal))
              for p in ps if p.endswith("'")}
    for i, (start, end, word) in enumerate(words):
        key = word if g.pronouns.case_sensitive else word.lower()
        apos = key.replace("’", "'")
        el = next((p for p in elided if apos.startswith(p) and len(apos) > len(p)), None)
        if el is not None:
            marks.append(RegisterMark(start, start + len(el), elided[el], word[: len(el)], "pronoun"))  # type: ignore[arg-type]
            continue
        if word in g.pronouns.formal_capitalised and i not in initial and not _is_name(text, words, i, False):
            marks.append(RegisterMark(start, end, "formal", word, "pronoun"))
            continue
        free = _anywhere(word, lang, g) if i not in initial else None
        if free is not None:
            marks.append(RegisterMark(start, end, free, word, "imperative"))
            continue
        if word.lower() in g.second_person:
            marks.append(RegisterMark(start, end, "informal", word, "verb"))
            continue
        if key in pron_informal or key in pron_formal:
            # German capitalises every noun, so a capital after the pronoun says nothing of a name there.
            if g.pronouns.case_sensitive or not _is_name(text, words, i, i in initial):
                reg: Register = "informal" if key in pron_informal else "formal"
                # German: "Ihr/Ihre" opening a sentence may be "their"/"you all": only mid-sentence counts.
                if not (g.pronouns.case_sensitive and reg == "formal" and i in initial):
                    marks.append(RegisterMark(start, end, reg, word, "pronoun"))
            continue
        coordinated = (i >= 2 and words[i - 1][2].lower() in g.coordinators and last_imperative >= 0
                       and not any(j in initial for j in range(last_imperative + 1, i)))
        after_comma = i > 0 and "," in text[words[i - 1][1]:start] and not _SENTENCE_END.search(text[words[i-1][1]:start])
        if i not in initial and not coordinated and not after_comma:
            continue
        nxt_gap = text[end:words[i + 1][0]] if i + 1 < len(words) else text[end:]
        clause_ends = bool(re.search(r"[.!?:;\n]", nxt_gap)) or i + 1 >= len(words)
        low = word.lower()
        if i in initial and _question_of(text, start) and (low in g.questions.informal or low in g.questions.formal):
            nxt = words[i + 1][2] if i + 1 < len(words) else ""
            if nxt.lower() not in g.questions.subject_starts and nxt not in g.questions.subject_starts:
                marks.append(RegisterMark(start, end, "informal" if low in g.questions.informal else "formal",
                                          word, "question"))
            continue
        imp = g.imperative
        if isinstance(imp, RomanceImperative):
            reading = _romance_imperative(words, i, lang, g, clause_ends)
        elif isinstance(imp, FrenchImperative):
            # After a comma a participle may stand where an imperative would ("100 € offerts"): there the
            # French tu form needs its object after it.
            reading = _french_imperative(words, i, g, clause_ends and i in initial)
        else:
            reading = _german_imperative(words, i, g)
        if reading is not None:
            marks.append(RegisterMark(start, end, reading, word, "imperative"))
            last_imperative = i
    return marks


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
def _endings_tables(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                        re.Pattern[str] | None]:
    imp = grammars()[lang].imperative
    assert isinstance(imp, SentenceEndings)
    return (_ending_re(imp.formal_endings), _ending_re(imp.informal_endings),
            re.compile(f"{imp.trailing}+$"), re.compile(f"[^{imp.breaks[1:-1]}]+" if imp.breaks.startswith("[")
                                                       else f"(?:(?!{imp.breaks}).)+", re.S),
            re.compile(imp.particle_after) if imp.particle_after else None)


def _read_endings(text: str, g: LanguageGrammar) -> list[RegisterMark]:
    """Each sentence's register, read from its predicate's ending (ja 丁寧体 です・ます vs 普通体 + よ・ね・ぜ,
    命令形; ko 합쇼체/해요체 vs 해체/해라체): one mark per sentence that shows one, at the ending."""
    imp = g.imperative
    assert isinstance(imp, SentenceEndings)
    lang = next(k for k, v in grammars().items() if v is g)
    formal_re, informal_re, trail_re, sent_re, after_re = _endings_tables(lang)
    particles = sorted(imp.particles, key=len, reverse=True)
    marks: list[RegisterMark] = []
    words = _words(text)
    pron = {p: r for r, ps in (("informal", g.pronouns.informal), ("formal", g.pronouns.formal)) for p in ps}
    for start, end, word in words:
        if word in pron:
            marks.append(RegisterMark(start, end, pron[word], word, "pronoun"))  # type: ignore[arg-type]
    if imp.formal_vocative:
        for v in re.finditer(imp.formal_vocative, text):
            marks.append(RegisterMark(v.start(), v.end(), "formal", v.group(), "pronoun"))
    for m in sent_re.finditer(text):
        seg = trail_re.sub("", m.group())
        for tail in imp.tails:
            if seg.endswith(tail) and len(seg) > len(tail):
                seg = trail_re.sub("", seg[: len(seg) - len(tail)].rstrip("、,"))
                break
        if not seg.strip():
            continue
        pred, taken = seg, False
        for _ in range(3):
            p = next((p for p in particles if pred.endswith(p) and len(pred) > len(p)), None)
            if p is None or formal_re.search(pred):
                break
            pred, taken = pred[: len(pred) - len(p)], True
        # A word that ends like a mark and is none (すべて, 새해): read on the sentence as written, and on the
        # predicate when no particle was taken off (a particle after it shows a verb: 乗り換えな).
        if _ends_with_any(seg, lang) or (not taken and _ends_with_any(pred, lang)):
            continue
        end = m.start() + len(seg)
        hit = formal_re.search(seg) or formal_re.search(pred)
        if hit is not None:
            base = m.start() + hit.start()  # pred is a prefix of seg: one offset for both
            marks.append(RegisterMark(base, end, "formal", text[base:end], "ending"))
            continue
        hit = informal_re.search(pred)
        if hit is None and taken and after_re is not None and after_re.fullmatch(pred[-1:]):
            start = m.start() + len(pred) - 1
            marks.append(RegisterMark(start, end, "informal", text[start:end], "ending"))
            continue
        if hit is not None:
            start = m.start() + hit.start()
            marks.append(RegisterMark(start, end, "informal", text[start:end], "ending"))
    marks.sort(key=lambda mk: mk.start)
    return marks


@lru_cache(maxsize=16)
def _not_word_tails(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """``lang``'s ``not_words`` as (whole strings, the endings that show one): ja (no spaces) the words themselves,
    ko each word after a space or a line break."""
    imp = grammars()[lang].imperative
    assert isinstance(imp, SentenceEndings)
    if lang == "ja":
        return frozenset(), tuple(imp.not_words)
    return frozenset(imp.not_words), tuple(f"{sep}{w}" for w in imp.not_words for sep in (" ", "\n"))


def _ends_with_any(s: str, lang: str) -> bool:
    """Whether ``s`` ends with one of ``lang``'s ``not_words``: ko its last 어절 is one; ja (no spaces) it ends with
    one. One ``str.endswith`` over them all (was a call per word per sentence: ~4% of a ja-JP batch)."""
    whole, tails = _not_word_tails(lang)
    s = s.rstrip()
    return s in whole or s.endswith(tails)


# --- pl / nl: the person the verb agrees with (checks-form30) -----------------------------------------------

@lru_cache(maxsize=16)
def _agreement_tables(lang: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    imp = grammars()[lang].imperative
    assert isinstance(imp, Agreement)
    return [re.compile(p) for p in imp.formal_patterns], [re.compile(p) for p in imp.informal_patterns]


def _read_agreement(text: str, lang: str, g: LanguageGrammar) -> list[RegisterMark]:
    """Formal address (pl Pan/Pani + 3rd person, nl u + -t) and the second person (pl -sz, -łeś, an imperative;
    nl je/jij), each mark where it stands."""
    imp = g.imperative
    assert isinstance(imp, Agreement)
    formal_pats, informal_pats = _agreement_tables(lang)
    words = _words(text)
    initial = set(_clause_initial(text, words))
    marks: list[RegisterMark] = []
    taken: set[int] = set()
    for register, pats in (("formal", formal_pats), ("informal", informal_pats)):
        for pat in pats:
            for m in pat.finditer(text):
                marks.append(RegisterMark(m.start(), m.end(), register, m.group(), "verb"))  # type: ignore[arg-type]
                taken.update(range(m.start(), m.end()))
    pron_informal = {p.lower() for p in g.pronouns.informal}
    for i, (start, end, word) in enumerate(words):
        if start in taken:
            continue
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        adjacent = i + 1 < len(words) and text[end:words[i + 1][0]].strip() == ""
        if word in imp.formal_address:
            if not (adjacent and nxt[:1].isupper() and nxt not in imp.formal_address):
                marks.append(RegisterMark(start, end, "formal", word, "pronoun"))
                if word in imp.formal_subjects and adjacent and imp.infinitive_endings \
                        and _is_verb(nxt.lower(), lang, imp):
                    ns, ne, _ = words[i + 1]
                    marks.append(RegisterMark(ns, ne, "formal", nxt, "verb"))
                    taken.add(ns)
            continue
        low = word.lower()
        if low in pron_informal:
            marks.append(RegisterMark(start, end, "informal", word, "pronoun"))
            continue
        if low in g.irregular.informal and i in initial:
            marks.append(RegisterMark(start, end, "informal", word, "imperative"))
            continue
        if not imp.infinitive_endings:
            continue
        if low.endswith(tuple(imp.person_endings)) and _is_verb(low, lang, imp):
            marks.append(RegisterMark(start, end, "informal", word, "verb"))
            continue
        after_comma = i > 0 and "," in text[words[i - 1][1]:start]
        if (i in initial or after_comma) and low[-1:] not in imp.vowels and not low.endswith(tuple(imp.imperative_not_endings)) \
                and _is_verb(low, lang, imp):
            marks.append(RegisterMark(start, end, "informal", word, "imperative"))
    marks.sort(key=lambda m: m.start)
    return marks


def _is_verb(word: str, lang: str, imp: Agreement) -> bool:
    lemma = _lemma(word, lang)
    return lemma != word and lemma.endswith(tuple(imp.infinitive_endings))
