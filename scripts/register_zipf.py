"""Generate studio/checks/language/register_zipf.tsv: the infinitives the register reader can weigh.

``studio.checks.language.register`` reads a Romance imperative's class from the commonest infinitive its stem
makes (stem + a class of ``locales/register_grammar.yaml``, "-are", "-ar"...), by Zipf frequency. Importing
wordfreq and loading a language's list costs a new process ~0.15-0.3 s of CPU, so the reader looks the
infinitive up in this table instead: per language with a Romance imperative, every plain lower-case word of
wordfreq's default ("best") list that ends in a class and whose Zipf value is above ``min_zipf - margin``.
A word left out never changes a reading: the best infinitive must reach ``min_zipf`` and a rival counts only
within ``margin`` of it, so a value at or below ``min_zipf - margin`` is as good as none. A word with other
letters (an apostrophe, a hyphen) is still looked up in wordfreq (wordfreq may split it into tokens).

    PYTHONPATH=. .venv/bin/python scripts/register_zipf.py      # rewrites the table
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "studio" / "checks" / "language" / "register_zipf.tsv"
PLAIN = re.compile(r"[a-zà-öø-ÿ]+")  # what the reader's table lookups are limited to (register_tables.PLAIN_WORD)


def table_text() -> str:
    from importlib.metadata import version

    import wordfreq

    from studio.checks.language.register_grammar import RomanceImperative, load_grammar

    grammar = load_grammar(ROOT / "locales" / "register_grammar.yaml")
    lines = [f"# wordfreq {version('wordfreq')} default (\"best\") word lists: Zipf frequency of every plain "
             "lower-case word ending in",
             "# a conjugation class of locales/register_grammar.yaml, above min_zipf - margin. language TAB Zipf "
             "TAB words.",
             "# Built by scripts/register_zipf.py from wordfreq by Robyn Speer (https://github.com/rspeer/wordfreq); "
             "CC BY-SA 4.0."]
    for lang in sorted(grammar):
        imp = grammar[lang].imperative
        if not isinstance(imp, RomanceImperative):
            continue
        floor = imp.min_zipf - imp.margin
        by_value: dict[float, list[str]] = defaultdict(list)
        for word in wordfreq.iter_wordlist(lang):
            if PLAIN.fullmatch(word) and word.endswith(tuple(imp.classes)):
                z = wordfreq.zipf_frequency(word, lang)
                if z > floor:
                    by_value[z].append(word)
        for z in sorted(by_value, reverse=True):
            lines.append(f"{lang}\t{z}\t{' '.join(sorted(by_value[z]))}")
    return "\n".join(lines) + "\n"


def main() -> None:
    TABLE.write_text(table_text(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
