"""Simulated A/B tests with known true rates, decided by the studio's rule (studio.experiments.stats)
with the brief's default thresholds, peeking every day.

Each simulated test shows every variant about ``--daily`` impressions a day for at most ``--days`` days;
clicks are Binomial draws at the variant's true CTR. After each day the rule looks at the cumulative
counts and stops at the first declared winner. Reported per scenario:

- decided: share of tests that declared a winner within the horizon;
- correct: share of decided tests whose winner is the true best (target >= 95%);
- false (A/A: all variants equal): share of tests that declared any winner (target <= 5%);
- median impressions per variant and days when a winner was declared.

    .venv/bin/python bench/ab.py [--tests 400] [--days 28] [--daily 1500] [--seed 7] [--quick] [--json]

``--quick`` runs 60 tests per scenario (for the slow-marked test); the default takes about a minute on
one core.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studio.experiments.stats import Arm, compare, decide  # noqa: E402
from studio.plan.brief import ExperimentSettings  # noqa: E402

SCENARIOS = {  # name -> true CTR per variant
    "A/B +20%": (0.020, 0.024),
    "A/B +10%": (0.030, 0.033),
    "A/B/C": (0.020, 0.022, 0.025),
    "A/A": (0.020, 0.020),
    "A/A/A": (0.020, 0.020, 0.020),
}


@dataclass
class Outcome:
    scenario: str
    rates: tuple
    tests: int
    decided: int
    correct: int
    decided_share: float
    correct_share: float | None  # of decided tests (None when none decided)
    false_share: float | None  # A/A only: share of tests that declared a winner
    median_impressions: float | None  # per variant, at the decision
    median_days: float | None


def simulate(rates: tuple, *, tests: int, days: int, daily: int, rng: np.random.Generator,
             settings: ExperimentSettings) -> list[tuple[int | None, int, int]]:
    """(winner index or None, impressions per variant at the stop, day of the stop) for each test."""
    out = []
    k = len(rates)
    for _ in range(tests):
        shown = rng.poisson(daily, size=(days, k))
        clicks = rng.binomial(shown, rates)
        n, c = np.cumsum(shown, axis=0), np.cumsum(clicks, axis=0)
        result = (None, int(n[-1].min()), days)
        for day in range(days):
            if n[day].min() < settings.min_samples:
                continue
            posts = compare([Arm(i, int(n[day, i]), int(c[day, i])) for i in range(k)])
            decision = decide(posts, min_samples=settings.min_samples, probability=settings.probability,
                              max_expected_loss=settings.max_expected_loss)
            if decision.winner is not None:
                result = (int(decision.winner), int(n[day].min()), day + 1)
                break
        out.append(result)
    return out


def run(tests: int, days: int, daily: int, seed: int, settings: ExperimentSettings,
        scenarios: list[str] | None = None) -> list[Outcome]:
    outcomes = []
    for name in scenarios or list(SCENARIOS):
        rates = SCENARIOS[name]
        rng = np.random.default_rng([seed, list(SCENARIOS).index(name)])  # a scenario's draws do not depend on the others
        results = simulate(rates, tests=tests, days=days, daily=daily, rng=rng, settings=settings)
        decided = [r for r in results if r[0] is not None]
        equal = len(set(rates)) == 1
        best = int(np.argmax(rates))
        correct = sum(1 for r in decided if r[0] == best) if not equal else 0
        outcomes.append(Outcome(
            scenario=name, rates=rates, tests=tests, decided=len(decided), correct=correct,
            decided_share=len(decided) / tests,
            correct_share=None if equal or not decided else correct / len(decided),
            false_share=len(decided) / tests if equal else None,
            median_impressions=statistics.median(r[1] for r in decided) if decided else None,
            median_days=statistics.median(r[2] for r in decided) if decided else None))
    return outcomes


def verdict(outcomes: list[Outcome]) -> list[str]:
    """The targets that were missed (empty when all are met)."""
    missed = []
    for o in outcomes:
        if o.correct_share is not None and o.correct_share < 0.95:
            missed.append(f"{o.scenario}: correct {o.correct_share:.1%} < 95%")
        if o.false_share is not None and o.false_share > 0.05:
            missed.append(f"{o.scenario}: false declarations {o.false_share:.1%} > 5%")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=400, help="simulated tests per scenario")
    parser.add_argument("--days", type=int, default=28, help="longest test, in days (one look a day)")
    parser.add_argument("--daily", type=int, default=1500, help="mean impressions per variant and day")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="60 tests per scenario")
    parser.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    parser.add_argument("--scenarios", help="comma-separated subset of: " + ", ".join(SCENARIOS))
    for name in ("min_samples", "probability", "max_expected_loss"):  # to explore; default: the brief's
        parser.add_argument("--" + name.replace("_", "-"), type=float, default=None)
    args = parser.parse_args(argv)
    tests = 60 if args.quick else args.tests
    overrides = {k: v for k in ("min_samples", "probability", "max_expected_loss") if (v := getattr(args, k)) is not None}
    settings = ExperimentSettings(**{k: int(v) if k == "min_samples" else v for k, v in overrides.items()})
    scenarios = args.scenarios.split(",") if args.scenarios else list(SCENARIOS)
    start = time.perf_counter()
    outcomes = run(tests, args.days, args.daily, args.seed, settings, scenarios)
    elapsed = time.perf_counter() - start
    if args.json:
        print(json.dumps({"settings": settings.model_dump(), "days": args.days, "daily": args.daily,
                          "seconds": round(elapsed, 1), "outcomes": [asdict(o) for o in outcomes],
                          "missed": verdict(outcomes)}, indent=2))
    else:
        print(f"rule: {settings.model_dump()}; {tests} tests/scenario, <= {args.days} days, "
              f"~{args.daily} impressions/variant/day, a look every day")
        print(f"{'scenario':<10} {'true CTRs':<22} {'decided':>8} {'correct':>8} {'false':>7} "
              f"{'median n/variant':>17} {'median days':>12}")
        for o in outcomes:
            pct = lambda v: "-" if v is None else f"{v:.1%}"  # noqa: E731
            print(f"{o.scenario:<10} {', '.join(f'{r:.1%}' for r in o.rates):<22} {o.decided_share:>8.1%} "
                  f"{pct(o.correct_share):>8} {pct(o.false_share):>7} "
                  f"{'-' if o.median_impressions is None else f'{o.median_impressions:,.0f}':>17} "
                  f"{'-' if o.median_days is None else f'{o.median_days:g}':>12}")
        missed = verdict(outcomes)
        print(f"{elapsed:.0f} s; " + ("all targets met" if not missed else "MISSED: " + "; ".join(missed)))
    return 0 if not verdict(outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
