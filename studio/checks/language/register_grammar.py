"""``locales/register_grammar.yaml``: each language's grammar of the reader's treatment, validated at load.

The file's header says what each field means; ``studio.checks.language.register`` reads sentences with it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Register = Literal["formal", "informal"]
GRAMMAR_FILE = "register_grammar.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Endings(_Strict):
    informal: list[str] = Field(min_length=1)
    formal: list[str] = Field(min_length=1)


class _Clitics(_Strict):
    informal: list[str] = Field(default_factory=list)
    formal: list[str] = Field(default_factory=list)
    either: list[str] = Field(default_factory=list)


class RomanceImperative(_Strict):
    """es / it / pt: the final letters of the imperative swap between the classes (-ar: a / e)."""

    classes: dict[str, _Endings] = Field(min_length=1)
    stem_changes: list[tuple[str, str]] = Field(default_factory=list)
    enclitics: _Clitics = Field(default_factory=_Clitics)
    not_endings: list[str] = Field(default_factory=list)
    object_starts: list[str] = Field(default_factory=list)
    presentative: list[str] = Field(default_factory=list)
    # Prepositions and conjunctions spelled like an imperative ("para": parar; "entre": entrar): never one.
    function_words: list[str] = Field(default_factory=list)
    min_zipf: float = Field(3.0, ge=0)
    margin: float = Field(1.0, ge=0)
    # The negative imperative (checks-formality53): after a clause-initial ``negation`` word and at most two
    # ``proclitics``, the verb is the present subjunctive (RAE NGLE §42.2.2: "no esperes" / "no espere"; Cunha &
    # Cintra cap. 13: "não percas" / "não perca"): the formal imperative's form is the formal treatment, and the same
    # form + ``informal_suffix`` ("-s") the informal one. Empty: the language's negative imperative is not read.
    negation: list[str] = Field(default_factory=list)
    proclitics: list[str] = Field(default_factory=list)
    informal_suffix: str = ""
    # Clitics that stand BEFORE the formal imperative and after the informal one (it: Lei "Ci chiami", "Si accomodi",
    # "Mi dica" / tu "Chiamaci", "Accomodati"; Serianni, Grammatica italiana XI.37-39): a clause-initial one followed by
    # a verb in the formal imperative's form is the formal treatment. Articles spelled like a clitic (la, le, lo,
    # gli) are left out: "Gli sconti" is no imperative. Not read in a question ("Ci pensi?": tu, present).
    formal_proclitics: list[str] = Field(default_factory=list)
    # Formal imperative endings that are also the informal present ("Ci trovi in via Roma": tu, you find us; Lei, find
    # us): read after the formal reflexive only ("Si accomodi": a 2nd person would take "ti").
    proclitic_ambiguous_endings: list[str] = Field(default_factory=list)
    formal_reflexive: str = ""


class FrenchImperative(_Strict):
    vous_endings: list[str] = Field(min_length=1)
    tu_endings: list[str] = Field(min_length=1)
    not_endings: list[str] = Field(default_factory=list)
    # Past-participle endings no tu imperative has unless its verb ends in them + "r" (fabriquée; crée: créer).
    participle_endings: list[str] = Field(default_factory=list)
    hyphen_clitics: _Clitics = Field(default_factory=_Clitics)
    # Words of that shape that are nouns ("rendez-vous"), not an imperative with its pronoun.
    hyphen_nouns: list[str] = Field(default_factory=list)
    object_starts: list[str] = Field(default_factory=list)
    # A clause-initial word that the lemmatiser reads as a noun ("passe", "reste") and that is, with "r", a verb
    # at least this common (wordfreq zipf), followed by one of ``homograph_next`` (where to go: "au", "chez"),
    # is the tu imperative ("Passe au shop"). Empty: not read.
    homograph_next: list[str] = Field(default_factory=list)
    homograph_min_zipf: float = 5.0


class GermanImperative(_Strict):
    du_suffixes: list[str] = Field(min_length=1)
    not_before: list[str] = Field(default_factory=list)
    infinitive_endings: list[str] = Field(min_length=1)


class SentenceEndings(_Strict):
    """ja / ko: the speech level is the ending of each sentence's predicate (丁寧体 / 普通体; 합쇼체, 해요체 /
    해체, 해라체), read at the sentence's end, whatever the words before it. Endings are regular-expression
    fragments matched at the end of the predicate; ``{ㄹ}`` stands for any Hangul syllable whose final
    consonant is ㄹ (할게, 갈래), likewise ``{ㅆ}`` (했어), ``{ㅄ}`` (없어), ``{ㅎ}`` (좋아)."""

    formal_endings: list[str] = Field(min_length=1)
    informal_endings: list[str] = Field(min_length=1)
    # Sentence-final particles (ja よ・ね・ぞ・ぜ・な・わ): taken off before the predicate is read; a plain
    # predicate that carried one speaks to the reader (informal) when it ends in a character of
    # ``particle_after`` (ja: kana, an inflected word, not a noun in kanji or katakana).
    particles: list[str] = Field(default_factory=list)
    particle_after: str | None = None
    # Words that end like a mark and are none (すべて: all; 새해: new year; 필요: need); read as no register.
    not_words: list[str] = Field(default_factory=list)
    # A character class of what may follow the predicate inside its sentence (punctuation, emoji, laughter).
    trailing: str = Field(min_length=3)
    # Sentence breaks (a character class).
    breaks: str = Field(min_length=3)
    # Words said after the predicate (倒置, ja: "早く来いよ、マジで"): taken off the sentence's end first.
    tails: list[str] = Field(default_factory=list)
    # A vocative of respect (ko 고객님, 회원님: the honorific suffix -님 closing a word before a comma or the
    # sentence's end): the formal treatment, read as a pronoun is.
    formal_vocative: str | None = None
    # Plain (普通体) predicates that ask the reader something: read as informal only in a sentence that ends
    # with a question mark (ja 始めてみない？, 知ってる？, 試した？: 『現代日本語文法 5』 疑問文, 普通体の質問), where
    # the same ending before a full stop is a tagline's statement (もう迷わない。) and stays unread.
    question_endings: list[str] = Field(default_factory=list)


class Agreement(_Strict):
    """pl / nl: the treatment is the person the verb agrees with. Formal address names the reader in the
    third person (pl Pan/Pani/Państwo + a 3rd-person verb; nl u + a verb in -t); informal address uses the
    second person (pl -sz, -łeś, an imperative; nl je/jij with the bare stem)."""

    # Words that address the reader formally, case as written (Pan, Pani; u, uw). Followed by a capitalised
    # word they name a third party ("Pani Anna poleca"), not the reader.
    formal_address: list[str] = Field(min_length=1)
    # Of those, the nominatives (pl Pan, Pani, Państwo): the verb after one, if the lemmatizer reads it as a
    # verb ("Pani zasługuje"), is the formal treatment's 3rd person.
    formal_subjects: list[str] = Field(default_factory=list)
    # Regular expressions of verb forms in each treatment (nl "Heeft u", "Heb je").
    formal_patterns: list[str] = Field(default_factory=list)
    informal_patterns: list[str] = Field(default_factory=list)
    # Endings of the second person on a word the lemmatizer reads as a verb (``infinitive_endings``).
    person_endings: list[str] = Field(default_factory=list)
    # Lemma endings of a verb (pl -ć, -c). Empty: the language's imperative has no person (nl) and is not read.
    infinitive_endings: list[str] = Field(default_factory=list)
    # A clause-initial verb form ending so is no 2nd-person imperative (pl past -ł, 1st person -m, -my, the
    # participle -ąc); one ending in a vowel is a 3rd person or an infinitive-like form.
    imperative_not_endings: list[str] = Field(default_factory=list)
    vowels: str = ""
    # The reflexive particle (pl "się"): a clause-initial word ending like an imperative with it right after is read
    # as a verb without the lemmatizer (checks-formality53: "Umów się" is also the genitive plural of "umowa",
    # which simplemma prefers; Nagórko, Zarys gramatyki polskiej rozdz. 5: się goes with verbs only).
    reflexive: str = ""


class _Words(_Strict):
    informal: list[str] = Field(default_factory=list)
    formal: list[str] = Field(default_factory=list)


class _Questions(_Words):
    subject_starts: list[str] = Field(default_factory=list)


class _Pronouns(_Words):
    case_sensitive: bool = False
    # Courtesy pronouns told by their capital inside a sentence (Italian "Le ricordiamo", "Lei merita"):
    # read exactly as written, never opening a sentence (there the capital is the sentence's) nor in a name.
    formal_capitalised: list[str] = Field(default_factory=list)


class _Examples(_Strict):
    formal: list[str] = Field(default_factory=list)
    informal: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)


class LanguageGrammar(_Strict):
    """One language's entry of ``locales/register_grammar.yaml`` (the file's header says what each field is)."""

    source: str = Field(min_length=1)
    imperative: RomanceImperative | FrenchImperative | GermanImperative | SentenceEndings | Agreement
    irregular: _Words = Field(default_factory=_Words)
    questions: _Questions = Field(default_factory=_Questions)
    pronouns: _Pronouns = Field(default_factory=_Pronouns)
    # Conjunctions that coordinate a second imperative with a first ("Descubre y disfruta"): the word after
    # one is read like a clause opener when the clause opened with an imperative.
    coordinators: list[str] = Field(default_factory=list)
    # Present-tense verbs of the second person singular, which no other person shares ("tienes", "hai"): the
    # informal treatment wherever they stand. Their formal counterparts are the third person's and are read
    # only as questions.
    second_person: list[str] = Field(default_factory=list)
    # A regular expression every formal mark this entry can read contains (German: Sie / Ihnen / Ihr...; French:
    # vous / votre / vos or a word in -ez). A draft without it cannot mix registers, so the rule reads it
    # without the lemmatizer, whose dictionary costs 0.2-0.5 s of CPU to load. Unset: always read in full.
    formal_cue: str | None = None
    examples: _Examples

    @model_validator(mode="after")
    def _has_examples(self) -> LanguageGrammar:
        if not (self.examples.formal and self.examples.informal and self.examples.none):
            raise ValueError("examples need at least one formal, one informal and one none sentence")
        return self


def load_grammar(path: Path) -> dict[str, LanguageGrammar]:
    """Every language's grammar, validated: a bad entry names the file, line and field."""
    from studio.core.errors import LocaleError
    from studio.core.yamlfile import load_yaml_file, validation_error

    data, lines = load_yaml_file(path, LocaleError)
    if not isinstance(data, dict):
        raise LocaleError("the register grammar must map language codes to their grammar", where=f"{path}:1",
                          fix=f"see the comment at the top of locales/{GRAMMAR_FILE}")
    out = {}
    for lang, spec in data.items():
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
            raise LocaleError(f"{lang!r} is not a language code", where=f"{path}:{lines.get((lang,), 1)}",
                              fix="use an ISO 639-1 code such as es or de")
        try:
            out[lang] = LanguageGrammar.model_validate(spec)
        except ValidationError as exc:
            raise validation_error(exc, str(path), lines, LocaleError, prefix=(lang,),
                                   fix="each language has source, imperative, irregular, questions, pronouns, "
                                       "examples (see the file's header)") from None
    return out


@lru_cache(maxsize=1)
def grammars() -> dict[str, LanguageGrammar]:
    """The file's grammars, from a validated copy under ``<cache_dir>/rules/`` while the file, this module and the
    Python and pydantic versions are unchanged (parsing the YAML and importing its parser cost a new process
    ~0.05-0.1 s of CPU; ``studio.checks.loadcache.load_kept`` keys, writes, reads and prunes the copy)."""
    from studio.checks import loadcache
    from studio.core.config import get_settings

    settings = get_settings()
    path = Path(settings.locales_dir) / GRAMMAR_FILE
    if not path.is_file():
        return {}
    return loadcache.load_kept(Path(settings.cache_dir) / "rules", "register-grammar", [path, Path(__file__)],
                               lambda: load_grammar(path))
