"""Which treatment a word opening a clause gives in es / it / pt / fr / de: the imperative readings of
``studio.checks.language.register``'s clause reader, one per grammar of ``locales/register_grammar.yaml``
(``RomanceImperative``: the final letters swap between conjugation classes, weighed by the commonest infinitive the
stem makes; ``FrenchImperative``: vous / tu endings and a verb joined to its pronoun; ``GermanImperative``: the du
imperative and "Sie" after the verb). Each takes the sentence's words and the index of one and returns its register
or None; where a word stands (clause-initial, after a comma, coordinated) is the reader's business.
"""

from __future__ import annotations

import unicodedata

from studio.checks.language.register_grammar import (
    FrenchImperative,
    GermanImperative,
    LanguageGrammar,
    Register,
    RomanceImperative,
)
from studio.checks.language.register_tables import lemma_of, zipf_of


def _plain(word: str) -> str:
    """Lower case without written accents (pruébalo -> pruebalo); ñ and ç keep their marks."""
    out = []
    for ch in word.lower():
        if ch in "ñç":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out)


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
                    z = zipf_of(inf, lang)
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


def romance_imperative(words: list[tuple[int, int, str]], i: int, lang: str, g: LanguageGrammar,
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
    return register if lemma_of(low, lang) == inf else None


def romance_negative(words: list[tuple[int, int, str]], i: int, lang: str, g: LanguageGrammar) -> tuple[int, Register] | None:
    """A negative imperative opened by ``words[i]`` (es "No te lo pierdas", pt "Não perca"): (the verb's index, its
    register), or None. The verb's form is the formal imperative's (usted/você), or that form + the informal suffix
    (tú/tu); any other form (an indicative: "No incluye", "No importa") reads nothing."""
    imp = g.imperative
    assert isinstance(imp, RomanceImperative)
    if not imp.negation or words[i][2].lower() not in imp.negation:
        return None
    j = i + 1
    while j < len(words) and j <= i + 2 and words[j][2].lower() in imp.proclitics:
        j += 1
    if j >= len(words) or j > i + 3:
        return None
    word = words[j][2]
    if word[-1:].lower() in "áéíóúàèìòù" or word.lower() in imp.function_words:
        return None
    plain = _plain(word)
    reading = _romance_class(plain, lang, imp)
    if reading is not None and reading[1] == "formal":
        return j, "formal"
    suffix = imp.informal_suffix
    if suffix and plain.endswith(suffix):
        reading = _romance_class(plain[: len(plain) - len(suffix)], lang, imp)
        if reading is not None and reading[1] == "formal":
            return j, "informal"
    return None


def romance_proclitic_formal(words: list[tuple[int, int, str]], i: int, lang: str, g: LanguageGrammar) -> int | None:
    """The index of a formal imperative after a clause-initial proclitic (it "Ci chiami", "Si accomodi", "Mi dica"),
    or None."""
    imp = g.imperative
    assert isinstance(imp, RomanceImperative)
    j = i + 1
    if j < len(words) and words[j][2].lower() in imp.formal_proclitics:
        j += 1  # "Ce lo dica", "Me ne parli"
    if j >= len(words):
        return None
    word = words[j][2]
    low = word.lower()
    if low in g.irregular.formal:
        return j
    if low[-1:] in "áéíóúàèìòù" or low in imp.function_words:
        return None
    reading = _romance_class(_plain(word), lang, imp)
    if reading is None or reading[1] != "formal":
        return None
    if low.endswith(tuple(imp.proclitic_ambiguous_endings)) and \
            imp.formal_reflexive not in {w.lower() for _s, _e, w in words[i:j]}:
        return None
    return j


def french_imperative(words: list[tuple[int, int, str]], i: int, g: LanguageGrammar,
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
    lemma = lemma_of(word, "fr")
    nxt = words[i + 1][2].lower() if i + 1 < len(words) else ""
    if lemma == word and imp.homograph_next and nxt in imp.homograph_next and word.endswith("e") \
            and zipf_of(word + "r", "fr") >= imp.homograph_min_zipf:
        # simplemma reads "passe", "reste" as the noun; a clause opening with it followed by where to go ("Passe
        # au shop", "Reste chez toi") is the tu imperative of a common verb (checks-restA58)
        return "informal"
    if not lemma.endswith(("er", "ir", "re")) or lemma == word:
        return None
    if word in (lemma + "s", lemma + "x"):
        return None  # a plural noun ("Bières de microbrasseries", "Heures d'ouverture"), not "viens", "prends"
    if any(word.endswith(e) and not lemma.endswith(e + "r") for e in imp.participle_endings):
        return None  # 'pot en verre rechargeable, fabriquée au Portugal': a participle, not 'fabrique !'

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
    if not lemma_of(head, "fr").endswith(("er", "ir", "re")) or lemma_of(head, "fr") == head:
        return None
    if tail in imp.hyphen_clitics.either:
        if head.endswith(tuple(imp.vous_endings)):
            return "formal"
        if head.endswith(tuple(imp.tu_endings)) and not (lemma_of(head, "fr").endswith("er") and head.endswith("s")):
            return "informal"
    return None


def imperative_anywhere(word: str, lang: str, g: LanguageGrammar) -> Register | None:
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


def german_imperative(words: list[tuple[int, int, str]], i: int, g: LanguageGrammar) -> Register | None:
    imp = g.imperative
    assert isinstance(imp, GermanImperative)
    word = words[i][2]
    low = word.lower()
    nxt = words[i + 1][2] if i + 1 < len(words) else ""
    if low in g.irregular.informal and nxt not in imp.not_before:
        return "informal"
    if nxt == "Sie":
        return "formal" if lemma_of(low, "de") == low and low.endswith(tuple(imp.infinitive_endings)) else None
    # The capitalised word is lemmatised as it stands: a noun keeps itself ("Anzeige", "Liebe", "Bitte"), a
    # verb gives its infinitive ("Entdecke" -> entdecken); lower-cased, every noun would read as a verb.
    lemma = lemma_of(word, "de")
    if not lemma.endswith(tuple(imp.infinitive_endings)) or lemma[:1].isupper() or nxt in imp.not_before:
        return None
    for ending in imp.infinitive_endings:
        if lemma.endswith(ending):
            stem = lemma[: len(lemma) - len(ending)]
            if any(low == stem + s for s in imp.du_suffixes) and len(stem) >= 2:
                return "informal"
    return None
