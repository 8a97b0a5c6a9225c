"""What the judge of borderline semantic hits can do at a given band, measured without a model.

The judge (studio/checks/judge.py, ``checks.judge`` in the GPU profiles) is asked about semantic findings
at most ``band`` above their cut-off. Its real effect needs the profile's model on a GPU; this bench
bounds it on the blind corpus with the CPU alone, per band:
- how many semantic warn/block findings are borderline, and how many of those a reviewer expects
  (right category on a violating line) or not (a clean line, or a category not expected);
- ``oracle``: recall and false-warn/false-block rates if the judge dismissed exactly the unexpected
  borderline findings (the most it can gain);
- ``dismiss_all``: the same if it dismissed every borderline finding (a judge that always says CLEAN:
  the most it can lose).
``as_is`` is the engine without a judge (bench/corpus_eval.py's figures).

    .venv/bin/python -m bench.judge_band [--split dev|frozen|all] [--band 0.04 --band 0.08 ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from bench.corpus_eval import ALERT, BLIND_DIR, Item, load_corpus
from studio.checks.engine import get_check_engine
from studio.checks.finding import Finding
from studio.checks.judge import Judge, JudgeSettings, judge_prompts
from studio.core.config import get_settings

BANDS = (0.02, 0.04, 0.08, 0.12, 0.2)


def _rates(items: list[Item], results: list[list[Finding]], keep: Callable[[Item, Finding], bool]) -> dict:
    hit = violating = warned = blocked = clean = 0
    for it, findings in zip(items, results):
        kept = [f for f in findings if keep(it, f)]
        alerted = {f.category for f in kept if f.severity in ALERT}
        if it.expect:
            violating += 1
            hit += all(c in alerted for c in it.expect)
        else:
            clean += 1
            warned += bool(alerted)
            blocked += any(f.severity == "block" for f in kept)
    return {"recall": round(hit / max(violating, 1), 4), "clean_false_warn_rate": round(warned / max(clean, 1), 4),
            "clean_false_block_rate": round(blocked / max(clean, 1), 4)}


def measure(items: list[Item], bands: list[float]) -> dict:
    engine = get_check_engine()
    t0 = time.perf_counter()
    results = engine.check_many([it.input for it in items])
    seconds = time.perf_counter() - t0
    prompts = judge_prompts(get_settings().prompts_dir)
    out: dict = {"items": len(items), "violating": sum(bool(it.expect) for it in items),
                 "check_seconds": round(seconds, 1), "as_is": _rates(items, results, lambda it, f: True), "bands": {}}
    semantic = [(it, f) for it, fs in zip(items, results) for f in fs if f.margin is not None and f.severity in ALERT]
    out["semantic_findings"] = len(semantic)
    for band in bands:
        judge = Judge(prompts, JudgeSettings(band=band), ask=lambda ps: [])  # never asked: borderline() only

        def expected(it: Item, f: Finding) -> bool:
            return f.category in it.expect

        border = [(it, f) for it, f in semantic if judge.borderline(f)]
        out["bands"][str(band)] = {
            "borderline": len(border),
            "borderline_expected": sum(expected(it, f) for it, f in border),
            "borderline_unexpected": sum(not expected(it, f) for it, f in border),
            "oracle": _rates(items, results, lambda it, f, j=judge: not j.borderline(f) or expected(it, f)),
            "dismiss_all": _rates(items, results, lambda it, f, j=judge: not j.borderline(f)),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["all", "dev", "frozen"], default="dev",
                    help="part of the blind corpus (choose a band on dev; report frozen)")
    ap.add_argument("--band", type=float, action="append", help="bands to measure (repeatable)")
    ap.add_argument("--locale", action="append", help="only these locales (repeatable)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    report = measure(load_corpus(BLIND_DIR, args.locale, split=args.split), args.band or list(BANDS))
    report["split"] = args.split
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    a = report["as_is"]
    print(f"blind/{args.split}: {report['items']} lines ({report['violating']} violating), "
          f"{report['semantic_findings']} semantic warn/block findings, checked in {report['check_seconds']} s")
    print(f"as is:  recall {a['recall']:.1%}  false warn {a['clean_false_warn_rate']:.1%}  "
          f"false block {a['clean_false_block_rate']:.1%}")
    for band, b in report["bands"].items():
        o, d = b["oracle"], b["dismiss_all"]
        print(f"band {band}: {b['borderline']} borderline ({b['borderline_expected']} expected, "
              f"{b['borderline_unexpected']} not) | perfect judge: recall {o['recall']:.1%}, false warn "
              f"{o['clean_false_warn_rate']:.1%}, false block {o['clean_false_block_rate']:.1%} | always CLEAN: "
              f"recall {d['recall']:.1%}, false warn {d['clean_false_warn_rate']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
