"""The register reader's Zipf table (studio/checks/language/register_zipf.tsv) is what scripts/register_zipf.py
makes from wordfreq, and a new process reads a Romance imperative's class without importing wordfreq."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from studio.checks.language import register_tables
from tests.helpers.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_table_is_what_the_script_makes() -> None:
    made = load_script("register_zipf").table_text()
    assert register_tables.ZIPF_TABLE.read_text(encoding="utf-8") == made, "run scripts/register_zipf.py"


def test_the_table_gives_wordfreq_values_and_leaves_out_only_what_weighs_nothing() -> None:
    from wordfreq import zipf_frequency

    table = register_tables.zipf_table()
    assert set(table) == {"es", "it", "pt"}
    for lang, word in (("es", "descubrir"), ("it", "scoprire"), ("pt", "descobrir"), ("it", "approfittare")):
        assert table[lang][word] == zipf_frequency(word, lang) >= 3.0
    # "tessutare" (a stem of "Tessuti" with -are) is no word: out of the table, as wordfreq reads it as none.
    assert "tessutare" not in table["it"] and zipf_frequency("tessutare", "it") == 0.0


def test_a_new_process_reads_an_imperative_without_wordfreq() -> None:
    probe = ("import sys, json\nfrom studio.checks.language.register import read_register\n"
             "marks = read_register('Scopri la collezione e approfitti dell\\'offerta.', 'it')\n"
             "print(json.dumps([[m.form, m.register] for m in marks] + ['wordfreq' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert json.loads(done.stdout) == [["Scopri", "informal"], ["approfitti", "formal"], False], done.stderr
