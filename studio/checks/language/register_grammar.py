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


class FrenchImperative(_Strict):
    vous_endings: list[str] = Field(min_length=1)
    tu_endings: list[str] = Field(min_length=1)
    not_endings: list[str] = Field(default_factory=list)
    hyphen_clitics: _Clitics = Field(default_factory=_Clitics)
    # Words of that shape that are nouns ("rendez-vous"), not an imperative with its pronoun.
    hyphen_nouns: list[str] = Field(default_factory=list)
    object_starts: list[str] = Field(default_factory=list)


class GermanImperative(_Strict):
    du_suffixes: list[str] = Field(min_length=1)
    not_before: list[str] = Field(default_factory=list)
    infinitive_endings: list[str] = Field(min_length=1)


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
    imperative: RomanceImperative | FrenchImperative | GermanImperative
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
    """The file's grammars, from a validated copy under ``<cache_dir>/register/`` while the file, this module
    and the Python and pydantic versions are unchanged (parsing the YAML and importing its parser cost a new
    process ~0.05-0.1 s of CPU; ``studio.checks.loadcache`` writes and reads the copy)."""
    import hashlib
    import sys

    import pydantic

    from studio.checks import loadcache
    from studio.core.config import get_settings

    settings = get_settings()
    path = Path(settings.locales_dir) / GRAMMAR_FILE
    if not path.is_file():
        return {}
    try:
        h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|{path.resolve()}".encode())
        h.update(Path(__file__).read_bytes())
        h.update(path.read_bytes())
    except OSError:
        return load_grammar(path)
    copy = Path(settings.cache_dir) / "register" / f"{h.hexdigest()[:32]}.pickle"
    return loadcache._load_path(copy, lambda: load_grammar(path))
