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


def test_copies_of_other_simplemma_installs_are_pruned_to_the_newest_few(tmp_path):
    """Each simplemma install (its data file's size and time) gets its own copy; a new one leaves the newest
    ``loadcache.KEEP`` of the language and takes no other language's (engine58: 25 German copies had piled up)."""
    import os

    from studio.checks import loadcache

    for i in range(loadcache.KEEP + 2):
        for lang in ("fa", "fr"):
            old = tmp_path / f"{lang}-1-{i}.sqlite"
            old.write_bytes(b"an older install's copy")
            os.utime(old, (1_000_000 + i, 1_000_000 + i))
    assert isinstance(KeptDictionaries(tmp_path).get_dictionary("fa"), SqliteForms)
    fa = sorted(p.name for p in tmp_path.glob("fa-*.sqlite"))
    assert len(fa) == loadcache.KEEP and "fa-1-0.sqlite" not in fa and "fa-1-2.sqlite" not in fa
    assert len(list(tmp_path.glob("fr-*.sqlite"))) == loadcache.KEEP + 2
