"""Would a cheaper language pass give the same verdicts as today's? (the cold start's lingua costs)

    PYTHONPATH=$PWD .venv/bin/python bench/language_shortcuts.py [N: the first N texts only]

Reads the tuning corpus and the ``dev`` half of the blind corpus (never the frozen half) plus the
bench sentences, and for every judgeable copy text compares ``language.reads_as`` as it is with three
shortcuts that would skip loading lingua (its trigram pass ~0.12 s, its full models ~3 s of CPU):

1. fastText alone confirms the market language at probability >= t (skips the trigram pass);
2. fastText and the trigram pass both lead with another language X: report X without the full models;
3. full models restricted to the market language and those the trigram pass gives >= 0.01 (a de+en
   detector loads in ~0.6 s of CPU instead of ~3.4 s for all 19 languages).

Each line says how many verdicts the shortcut would change. Any change moves the figures, so a
shortcut is only usable at a setting that changes none.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks import SENTENCES  # noqa: E402
from bench.corpus_eval import BLIND_DIR, CORPUS_DIR, load_corpus  # noqa: E402
from studio.checks import language as L  # noqa: E402
from studio.checks.builtins import LANGUAGE_KINDS  # noqa: E402


def texts() -> list[str]:
    items = load_corpus(CORPUS_DIR) + load_corpus(BLIND_DIR, split="dev")
    out = dict.fromkeys(L.judgeable(it.input.text, it.input.glossary) for it in items
                        if it.input.kind in LANGUAGE_KINDS)
    out.update(dict.fromkeys(t for _, t in SENTENCES))
    return [t for t in out if t is not None]


def lang(r: Any) -> str:
    return str(r.language.iso_code_639_1.name.lower())


def verdict(ranked: list[Any], market: str) -> str | None:
    """``reads_as``'s decision over the full models' ranking."""
    if not ranked:
        return None
    mine = sum(r.value for r in ranked if L.compatible(lang(r), market))
    return None if L.compatible(lang(ranked[0]), market) or mine >= L.MIXED_CONFIDENCE else lang(ranked[0])


@cache
def restricted(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(*[getattr(IsoCode639_1, c.upper()) for c in codes]).build()


def main() -> None:
    corpus = texts()[:int(sys.argv[1])] if len(sys.argv) > 1 else texts()  # a number: the first N texts only
    now = {(t, m): L.reads_as(t, m) for t in corpus for m in L.LANGUAGES}
    print(f"{len(corpus)} judgeable texts x {len(L.LANGUAGES)} markets = {len(now)} verdicts, "
          f"{sum(v is not None for v in now.values())} of them a language finding")
    fast = {t: L.fasttext_top(t) for t in corpus}
    for t_min in (0.8, 0.9, 0.95, 0.99):
        hit = [(t, m) for t in corpus for m in L.LANGUAGES
               if fast[t] and L.compatible(fast[t][0], m) and fast[t][1] >= t_min]
        print(f"1. fastText alone >= {t_min}: confirms {len(hit)} verdicts without lingua, "
              f"drops {sum(now[k] is not None for k in hit)} findings")
    low = {t: L._lingua_low().compute_language_confidence_values(t) for t in corpus}
    for t_min, q_min in ((0.8, 0.8), (0.95, 0.95)):
        hit = [(t, m) for t in corpus for m in L.LANGUAGES if fast[t] and low[t] and lang(low[t][0]) == fast[t][0]
               and fast[t][1] >= t_min and low[t][0].value >= q_min and not L.compatible(fast[t][0], m)]
        changed = sum(now[(t, m)] != fast[t][0] for t, m in hit)  # type: ignore[index]
        print(f"2. fastText >= {t_min} and trigrams >= {q_min} agree on another language: {len(hit)} verdicts "
              f"without the full models, {changed} differ from today's")
    full_pairs = [(t, m) for t in corpus for m in L.LANGUAGES
                  if not (low[t] and low[t][0].value >= L.QUICK_CONFIDENCE and L.compatible(lang(low[t][0]), m))
                  and not L.confirmed(t, m)]
    changed = 0
    for t, m in full_pairs:
        codes = {lang(r) for r in low[t] if r.value >= 0.01} | {m}
        codes |= {c for c in L.LANGUAGES if any(L.compatible(c, x) for x in codes)}
        changed += verdict(restricted(tuple(sorted(codes))).compute_language_confidence_values(t), m) != now[(t, m)]
    print(f"3. restricted full models: {len(full_pairs)} verdicts reach the full models today, {changed} differ")


if __name__ == "__main__":
    main()
