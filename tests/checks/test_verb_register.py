"""The register reader (locales/register_grammar.yaml) and the `register` rule type built on it (checks-form29)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.language.register import read_register
from studio.checks.language.register_grammar import grammars, load_grammar
from studio.core.errors import LocaleError

CASES = [(lang, want, text) for lang, g in sorted(grammars().items())
         for want in ("formal", "informal", "none") for text in getattr(g.examples, want)]


def test_every_studio_language_with_a_register_rule_has_examples() -> None:
    assert {"es", "it", "fr", "de", "pt"} <= set(grammars())


@pytest.mark.parametrize(("lang", "want", "text"), CASES)
def test_grammar_examples(lang: str, want: str, text: str) -> None:
    registers = {m.register for m in read_register(text, lang)}
    assert registers == (set() if want == "none" else {want}), text


def test_the_odd_form_is_located() -> None:
    text = "Vuoi provarlo? Scopri la collezione e approfitti dell'offerta."
    marks = read_register(text, "it")
    formal = [m for m in marks if m.register == "formal"]
    assert [text[m.start:m.end] for m in formal] == ["approfitti"]


def test_quoted_speech_is_another_voice() -> None:
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    eng = get_check_engine()
    quoted = CheckInput(id="q", locale="es-ES", kind="copy",
                        text="Un cliente nos escribió: «Pruebe el de vainilla». Descubre por qué.")
    mixed = CheckInput(id="m", locale="es-ES", kind="copy", text="Pruebe el de vainilla. Descubre por qué.")
    assert eng.check_rule("es.formality.verb_register", quoted) == []
    finding, = eng.check_rule("es.formality.verb_register", mixed)
    assert mixed.text[finding.start:finding.end] == "Pruebe"
    assert finding.suggestion and "tú" in finding.suggestion


def test_a_bad_entry_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "register_grammar.yaml"
    path.write_text("es:\n  source: RAE\n  imperative:\n    classes: {}\n  examples: {formal: [a]}\n",
                    encoding="utf-8")
    with pytest.raises(LocaleError) as err:
        load_grammar(path)
    assert f"{path}:" in str(err.value)


def test_the_tables_load_lazily() -> None:
    import subprocess
    import sys

    code = ("import sys, studio.checks.engine, studio.checks.rules.types; "
            "print('simplemma' in sys.modules, 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"


def test_a_draft_with_no_formal_cue_is_not_read_for_a_mix() -> None:
    # de: every formal mark has Sie / Ihnen / Ihr...: without one no mix is possible, and no dictionary loads.
    assert {m.register for m in read_register("Entdecke die Kollektion.", "de")} == {"informal"}
    assert read_register("Entdecke die Kollektion.", "de", mixes_only=True) == []
    assert read_register("Entdecke die Kollektion. Wir freuen uns auf Ihren Besuch.", "de", mixes_only=True)


def test_every_formal_example_carries_the_formal_cue() -> None:
    import re

    for lang, g in grammars().items():
        if g.formal_cue is None:
            continue
        for text in g.examples.formal + g.irregular.formal + g.questions.formal + g.pronouns.formal:
            assert re.search(g.formal_cue, text), (lang, text)


# checks-form30: ja/ko read the speech level of each sentence's predicate; pl/nl the person of the verb.

def test_ja_ko_pl_nl_have_a_grammar() -> None:
    assert {"ja", "ko", "pl", "nl"} <= set(grammars())


@pytest.mark.parametrize(("rule", "locale", "text", "odd"), [
    ("ja.formality.speech_level", "ja-JP", "お客様、ご注文ありがとうございます。すぐ届けるから待っててね！", "てね"),
    ("ko.formality.speech_level", "ko-KR", "고객님, 주문해 주셔서 감사합니다. 빨리 보내줄게, 기다려!", "줄게"),
    ("pl.formality.verb_register", "pl-PL", "Szanowny Panie, zapraszamy na kurs. Weź kask i rękawice.", "Weź"),
    ("nl.formality.verb_register", "nl-NL", "Kom je ook? U bent welkom bij onze rijschool.", "U bent"),
])
def test_the_odd_ending_is_located(rule: str, locale: str, text: str, odd: str) -> None:
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    finding, = get_check_engine().check_rule(rule, CheckInput(id="x", locale=locale, kind="copy", text=text))
    assert text[finding.start:finding.end] == odd
    assert finding.suggestion


def test_humble_keigo_beside_polite_is_one_register() -> None:
    # 謙譲語 (いたします, おります, させていただきます) ends in ます: the 敬語の指針 calls it polite, not a mix.
    text = "本日より営業いたします。皆様のご来店をお待ちしております。ぜひお試しください。"
    assert {m.register for m in read_register(text, "ja")} == {"formal"}


def test_a_korean_vocative_of_respect_is_the_polite_side() -> None:
    marks = read_register("회원님, 이번 세일 놓치지 마.", "ko")
    assert [(m.form, m.register) for m in marks] == [("회원님", "formal"), ("지 마", "informal")]


def test_a_named_third_party_is_not_the_reader() -> None:
    assert read_register("Pani Anna poleca nasz sernik.", "pl") == []


@pytest.mark.parametrize(("text", "forms"), [
    ("Vous voulez un tattoo? Passe au shop pis on jase", [("Vous", "formal"), ("Passe", "informal")]),
    ("Bières de microbrasseries du Québec au frais. Consommez avec modération.", [("Consommez", "formal")]),
    ("Glace au chocolat maison. Découvrez nos parfums.", [("Découvrez", "formal")]),
])
def test_a_french_noun_read_as_a_verb_and_a_verb_read_as_a_noun(text: str, forms: list[tuple[str, str]]) -> None:
    from studio.checks.language.register import read_register

    assert [(m.form, m.register) for m in read_register(text, "fr", mixes_only=False)] == forms
