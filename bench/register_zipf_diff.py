"""The register reader with its shipped Zipf table (register_zipf.tsv) against wordfreq itself, in one process:
every mark ``read_register`` finds (mixes_only off, so more than the rule reports) on every open corpus line of
the register rules' markets, and on the commonest words of each Romance language as a clause opener ("Word."
and "Word la ..."). Prints the counts and every difference; exit 1 on any.

    PYTHONPATH=. nice -n 10 .venv/bin/python bench/register_zipf_diff.py [--words 30000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.checks import language  # noqa: E402
from studio.checks.corpora import DIRS, load_corpus, open_parts  # noqa: E402
from studio.checks.language import register, register_tables  # noqa: E402

LOCALES = ("es-ES", "es-MX", "it-IT", "pt-BR", "fr-FR", "fr-CA", "de-DE")


def marks(texts: list[tuple[str, str]], table: bool) -> list[list]:
    register_tables.zipf_of.cache_clear()
    original = register_tables.zipf_table
    if not table:
        register_tables.zipf_table = lambda path=register_tables.ZIPF_TABLE: {}  # type: ignore[assignment]
    try:
        return [register.read_register(text, lang) for text, lang in texts]
    finally:
        register_tables.zipf_table = original  # type: ignore[assignment]
        register_tables.zipf_of.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=30000)
    args = ap.parse_args()
    texts = []
    for corpus, split in open_parts():
        for item in load_corpus(DIRS[corpus], locales=LOCALES, split=split):
            texts.append((item.input.text, language.language_of_locale(item.input.locale)))
    n_corpus = len(texts)
    from wordfreq import iter_wordlist

    for lang in sorted(register_tables.zipf_table()):
        for n, word in enumerate(iter_wordlist(lang)):
            if n >= args.words:
                break
            texts += [(word.capitalize() + ".", lang), (word.capitalize() + " la casa", lang)]
    old, new = marks(texts, table=False), marks(texts, table=True)
    diff = [(t, o, m) for t, o, m in zip(texts, old, new) if o != m]
    print(f"{n_corpus} open corpus lines ({', '.join(LOCALES)}), {len(texts) - n_corpus} word probes: "
          f"{sum(map(len, old))} marks with wordfreq, {sum(map(len, new))} with the table, {len(diff)} texts differ")
    for t, o, m in diff[:20]:
        print(" ", t, o, m)
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
