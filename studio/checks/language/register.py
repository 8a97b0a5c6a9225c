"""The register a sentence addresses its reader in, read from grammar: ``locales/register_grammar.yaml``.

``read_register(text, lang)`` returns every mark of a treatment it finds: a clause-initial imperative
("Descubra" usted, "Descubre" tú), a question verb asking the reader ("Vuole provarlo?" Lei), a pronoun or
possessive ("tu", "Ihnen"). Each mark says where it is, which register and why. The tables are grammar
(conjugation classes, irregular imperatives, pronouns), cited in the data file and read by
``register_grammar``; a word's conjugation class comes from the commonest infinitive its stem makes
(wordfreq's values, shipped as ``register_zipf.tsv``), its part of speech from simplemma.

Here is the reader: where a clause opens and which word there (or which pronoun, question or sentence ending) shows
the treatment. How one word opening a clause reads in es/it/pt/fr/de is ``register_imperatives``; the tables it and
the ja/ko and pl/nl readers below weigh words by (the Zipf table, the lemmatizer, each grammar's compiled patterns)
are ``register_tables``. Both libraries and the file load on first use, never at import: the CLI's cold start stays
as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.checks.language.register_grammar import (
    Agreement,
    FrenchImperative,
    LanguageGrammar,
    Register,
    RomanceImperative,
    SentenceEndings,
    grammars,
)
from studio.checks.language.register_imperatives import (
    french_imperative,
    german_imperative,
    imperative_anywhere,
    romance_imperative,
    romance_negative,
    romance_proclitic_formal,
)
from studio.checks.language.register_tables import (
    agreement_tables,
    endings_tables,
    ends_with_any,
    lemma_of,
    question_table,
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
        free = imperative_anywhere(word, lang, g) if i not in initial else None
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
        if i in initial and re.match(r"\s?:", nxt_gap):
            # checks-restA61: a word that opens its clause and is followed at once by a colon heads a label
            # ("Importe: 186 €", "Etiqueta: origen Madagascar", "Saldi: -50%"), not an order to the reader: on
            # the open lines every such word read as an imperative was a label, a heading or a name
            continue
        low = word.lower()
        if i in initial and _question_of(text, start) and (low in g.questions.informal or low in g.questions.formal):
            nxt = words[i + 1][2] if i + 1 < len(words) else ""
            if nxt.lower() not in g.questions.subject_starts and nxt not in g.questions.subject_starts:
                marks.append(RegisterMark(start, end, "informal" if low in g.questions.informal else "formal",
                                          word, "question"))
            continue
        imp = g.imperative
        if isinstance(imp, RomanceImperative) and imp.negation and low in imp.negation:
            neg = romance_negative(words, i, lang, g)
            if neg is not None:
                vs, ve, vw = words[neg[0]]
                marks.append(RegisterMark(vs, ve, neg[1], vw, "imperative"))
            continue
        if isinstance(imp, RomanceImperative) and imp.formal_proclitics and low in imp.formal_proclitics:
            if not _question_of(text, start):
                j = romance_proclitic_formal(words, i, lang, g)
                if j is not None:
                    vs, ve, vw = words[j]
                    marks.append(RegisterMark(vs, ve, "formal", vw, "imperative"))
            continue
        if isinstance(imp, RomanceImperative):
            reading = romance_imperative(words, i, lang, g, clause_ends)
        elif isinstance(imp, FrenchImperative):
            # After a comma a participle may stand where an imperative would ("100 € offerts"): there the
            # French tu form needs its object after it.
            reading = french_imperative(words, i, g, clause_ends and i in initial)
        else:
            reading = german_imperative(words, i, g)
        if reading is not None:
            marks.append(RegisterMark(start, end, reading, word, "imperative"))
            last_imperative = i
    marks.sort(key=lambda mk: mk.start)  # a negative imperative's verb is marked from its negation, before the clitic
    return marks


# --- ja / ko: the speech level of each sentence's predicate (checks-form30) ---------------------------------

def _read_endings(text: str, g: LanguageGrammar) -> list[RegisterMark]:
    """Each sentence's register, read from its predicate's ending (ja 丁寧体 です・ます vs 普通体 + よ・ね・ぜ,
    命令形; ko 합쇼체/해요체 vs 해체/해라체): one mark per sentence that shows one, at the ending."""
    imp = g.imperative
    assert isinstance(imp, SentenceEndings)
    lang = next(k for k, v in grammars().items() if v is g)
    formal_re, informal_re, trail_re, sent_re, after_re = endings_tables(lang)
    question_re = question_table(lang)
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
        if ends_with_any(seg, lang) or (not taken and ends_with_any(pred, lang)):
            continue
        end = m.start() + len(seg)
        hit = formal_re.search(seg) or formal_re.search(pred)
        if hit is not None:
            base = m.start() + hit.start()  # pred is a prefix of seg: one offset for both
            marks.append(RegisterMark(base, end, "formal", text[base:end], "ending"))
            continue
        if question_re is not None and text[m.end():m.end() + 1] in ("？", "?"):
            q = question_re.search(pred)
            if q is not None:
                start = m.start() + q.start()
                marks.append(RegisterMark(start, end, "informal", text[start:end], "question"))
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


# --- pl / nl: the person the verb agrees with (checks-form30) -----------------------------------------------

def _read_agreement(text: str, lang: str, g: LanguageGrammar) -> list[RegisterMark]:
    """Formal address (pl Pan/Pani + 3rd person, nl u + -t) and the second person (pl -sz, -łeś, an imperative;
    nl je/jij), each mark where it stands."""
    imp = g.imperative
    assert isinstance(imp, Agreement)
    formal_pats, informal_pats = agreement_tables(lang)
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
        reflexive = bool(imp.reflexive) and adjacent and nxt.lower() == imp.reflexive
        if (i in initial or after_comma) and low[-1:] not in imp.vowels and not low.endswith(tuple(imp.imperative_not_endings)) \
                and (reflexive or _is_verb(low, lang, imp)):
            marks.append(RegisterMark(start, end, "informal", word, "imperative"))
    marks.sort(key=lambda m: m.start)
    return marks


def _is_verb(word: str, lang: str, imp: Agreement) -> bool:
    lemma = lemma_of(word, lang)
    return lemma != word and lemma.endswith(tuple(imp.infinitive_endings))
