"""Would a cheaper language pass give the same verdicts as today's? (the cold start's lingua costs)

    PYTHONPATH=$PWD .venv/bin/python bench/language_shortcuts.py [N: the first N texts only]

Reads the tuning corpus and the ``dev`` half of the blind corpus (never the frozen half) plus the
bench sentences, and for every judgeable copy text compares ``language.reads_as`` as it is with three
shortcuts that would skip loading lingua (its trigram pass ~0.12 s, its full models ~3 s of CPU):

1. fastText alone confirms the market language at probability >= t (skips the trigram pass);
2. fastText and the trigram pass both lead with another language X: report X without the full models;
3. full models restricted to the market language and those the trigram pass gives >= 0.01 (a de+en
   detector loads in ~0.6 s of CPU instead of ~3.4 s for all 19 languages);
4. (in use: ``words.neighbourhood_confirmed``) a short line in a Malay or Indonesian market the two quick
   passes do not confirm, confirmed by the trigram pass, the words and fastText's share together: over
   every two- to five-word head and tail of each sentence of the same corpora (``short_lines``), the
   bench's lines and ``HAND`` (Tagalog, Italian, Spanish, English, Vietnamese), how many verdicts of
   ``short_reads_as`` it takes from the full models and how many of those would have been a finding.
   Measured (speed-idms19, 2026-12-04): 31,458 line x {id, ms} verdicts reach the full models without it;
   it confirms 694, none of them a finding. Any two of its three signals alone lose none either; the
   trigram pass alone would lose 50.

Each line says how many verdicts the shortcut would change. Any change moves the figures, so a
shortcut is only usable at a setting that changes none.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks import COLD_LINES, PHRASES, SENTENCES  # noqa: E402
from bench.corpus_eval import BLIND_DIR, CORPUS_DIR, DIRS, load_corpus  # noqa: E402
from studio.checks import language as L  # noqa: E402
from studio.checks.builtins import LANGUAGE_KINDS  # noqa: E402
from studio.checks.language import words  # noqa: E402

# Short lines in languages a Malay or Indonesian market must still flag (or, Tagalog, leave to the full models).
HAND = [
    "Bili na ngayon!", "Pinakamurang presyo sa buong bansa", "Libreng padala para sa lahat", "Ang ganda ng damit na ito",
    "Sale na sale ngayong araw", "Salamat po sa inyong pagbili", "Bagong koleksyon, bili na!", "Mabuhay ang bagong taon",
    "Ang pinakamagandang bote sa mundo.", "Sa buong mundo", "Para sa iyo", "Il meglio del mondo", "Casa di moda",
    "La migliore bottiglia del mondo.", "Compra ya, paga después", "La mejor botella del mundo.", "Para todos",
    "Best bottle in the world.", "Big sale today only", "Chai nước tốt nhất thế giới.", "Mua ngay hôm nay",
    "Giảm giá lớn", "Botol terbaik di dunia.", "Kopi terbaik di dunia.", "Dia di sini", "Di mana saja", "Ini dia!",
]


def texts() -> list[str]:
    items = load_corpus(CORPUS_DIR) + load_corpus(BLIND_DIR, split="dev")
    out = dict.fromkeys(L.judgeable(it.input.text, it.input.glossary) for it in items
                        if it.input.kind in LANGUAGE_KINDS)
    out.update(dict.fromkeys(t for _, t in SENTENCES))
    return [t for t in out if t is not None]


def short_lines() -> list[str]:
    """Every two- to five-word head and tail of each sentence of the corpora ``texts`` reads, the bench's
    lines and HAND: the short lines ``short_reads_as`` judges (not judgeable, two words and 8 letters at least)."""
    items = load_corpus(CORPUS_DIR) + load_corpus(BLIND_DIR, split="dev") + load_corpus(DIRS["apart"]) \
        + load_corpus(DIRS["apart2"])
    segs = {it.input.text for it in items} | {t for _, t in SENTENCES + PHRASES} | set(HAND)
    segs |= {line for pair in COLD_LINES.values() for line in pair}
    for text in list(segs):
        for sentence in re.split(r"[.!?。！？\n]+", text):
            w = sentence.split()
            segs |= {" ".join(part) for n in (2, 3, 4, 5) if len(w) >= n for part in (w[:n], w[-n:])}
    out = []
    for t in sorted(segs):
        clean = L._NOISE.sub(" ", t)
        if (L.judgeable(t) is None and len(L._LETTERS.findall(clean)) >= L.SHORT_MIN_LETTERS
                and len(clean.split()) >= L.SHORT_MIN_WORDS):
            out.append(t)
    return out


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
    shortcut = words.neighbourhood_confirmed
    words.neighbourhood_confirmed = lambda clean, expected: False  # type: ignore[assignment]  # short_reads_as without it
    reach = spared = lost = 0
    try:
        for t in short_lines():
            clean = L._NOISE.sub(" ", t)
            for m in L.ZIPF_LANGUAGES:
                if L.confirmed(clean, m):
                    continue
                reach += 1
                if shortcut(clean, m):
                    spared += 1
                    lost += L.short_reads_as(t, m) is not None
    finally:
        words.neighbourhood_confirmed = shortcut
    print(f"4. id/ms short lines (words.neighbourhood_confirmed): {reach} verdicts reach the full models without it, "
          f"it confirms {spared}, {lost} of them findings the full models give")


if __name__ == "__main__":
    main()
