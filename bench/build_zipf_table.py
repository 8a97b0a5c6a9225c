"""Build studio/checks/language/zipf_small.tsv: wordfreq's "small" Zipf frequencies for the languages whose
copy would otherwise import wordfreq on a one-draft `studio check` (Malay and Indonesian: the neighbour check,
``words.neighbour_reads_as``, and the short-line shortcut, ``words.short_reads_as``).

    .venv/bin/python bench/build_zipf_table.py [--check]

Only plain ASCII lower-case words ([a-z]+) are written: wordfreq reads such a word as one token, itself, so
its Zipf value is the table's, and 0 for a word the table lacks. Any other word (accents, apostrophes, digits)
is looked up in wordfreq itself at run time (``words.word_zipf``). ``--check`` rebuilds the table in memory and
compares it with the file (tests/checks/test_language_speed.py compares a sample of lookups with
``wordfreq.zipf_frequency``; all 349,366 word x language lookups of the words of nine languages' lists agreed
when it was built). The data is wordfreq's (Robyn Speer, Apache-2.0 code, CC BY-SA 4.0 data): see
licenses/NOTICE-wordfreq.md; the table is under the same CC BY-SA 4.0 licence.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.checks.language.words import ZIPF_LANGUAGES, ZIPF_TABLE  # noqa: E402

HEADER = """\
# wordfreq 3.1.1 "small" word lists, Zipf frequency (log10 of occurrences per 10^9 words) of every plain
# ASCII lower-case word, one line per language and value: language TAB Zipf TAB words separated by spaces.
# Built by bench/build_zipf_table.py from wordfreq by Robyn Speer (https://github.com/rspeer/wordfreq);
# the data is licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), and so is this
# table; see licenses/NOTICE-wordfreq.md. Read by studio.checks.language.words.word_zipf.
"""


def build() -> str:
    from importlib.metadata import version

    from wordfreq import iter_wordlist, lossy_tokenize, zipf_frequency

    lines = [HEADER.replace("wordfreq 3.1.1", f"wordfreq {version('wordfreq')}")]
    for lang in ZIPF_LANGUAGES:
        groups: dict[float, list[str]] = defaultdict(list)
        for word in iter_wordlist(lang, "small"):
            if re.fullmatch(r"[a-z]+", word) and lossy_tokenize(word, lang) == [word]:
                groups[zipf_frequency(word, lang, "small")].append(word)
        for zipf in sorted(groups, reverse=True):
            lines.append(f"{lang}\t{zipf:.2f}\t{' '.join(sorted(groups[zipf]))}\n")
    return "".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare the file with a fresh build instead of writing")
    args = ap.parse_args()
    text = build()
    if args.check:
        same = ZIPF_TABLE.read_text(encoding="utf-8") == text
        print(f"{ZIPF_TABLE}: {'identical to' if same else 'DIFFERS from'} a fresh build")
        return 0 if same else 1
    ZIPF_TABLE.write_text(text, encoding="utf-8")
    words = sum(len(line.split("\t")[2].split()) for line in text.splitlines() if not line.startswith("#"))
    print(f"wrote {ZIPF_TABLE} ({len(text.encode()) // 1024} KiB, {words} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
