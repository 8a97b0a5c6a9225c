"""simplemma's lemmas from the SQLite copy of its dictionaries (studio.checks.language.lemmas, checks-speed51)."""

from __future__ import annotations

import pytest
import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import dictionary_factory

from studio.checks.language.lemmas import KeptDictionaries, SqliteForms

# Known forms, a capitalised one, a hyphenated compound, a word no dictionary has: each strategy has a turn.
WORDS = ["chantons", "offre", "Découvrez", "commandez", "achète", "porte-monnaie", "arc-en-ciel", "xyzzyqué",
         "réinventez", "surlignons", "profitez"]


def lemmas(folder) -> list[str]:
    lem = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=KeptDictionaries(folder)))
    return [lem.lemmatize(w, lang="fr") for w in WORDS]


def test_the_copy_gives_simplemmas_own_lemmas_and_a_later_process_reads_it_without_the_pickle(tmp_path, monkeypatch):
    want = [simplemma.lemmatize(w, lang="fr") for w in WORDS]
    assert lemmas(tmp_path) == want
    assert [p.suffix for p in tmp_path.iterdir()] == [".sqlite"]

    def no_pickle(lang):
        raise AssertionError(f"the {lang} pickle was loaded although its copy is there")

    monkeypatch.setattr(dictionary_factory, "_load_dictionary_from_disk", no_pickle)
    assert isinstance(KeptDictionaries(tmp_path).get_dictionary("fr"), SqliteForms)
    assert lemmas(tmp_path) == want


def test_an_unwritable_folder_falls_back_to_the_loaded_dictionary(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert lemmas(blocked / "simplemma") == [simplemma.lemmatize(w, lang="fr") for w in WORDS]


def test_an_unknown_language_is_refused_as_simplemma_refuses_it(tmp_path):
    with pytest.raises(ValueError, match="Unsupported language"):
        KeptDictionaries(tmp_path).get_dictionary("xx")
