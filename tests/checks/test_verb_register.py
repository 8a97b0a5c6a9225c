"""The register reader (locales/register_grammar.yaml) and the `register` rule type built on it (checks-form29)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.language.register import grammars, load_grammar, read_register
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
