"""Measure the rule packs on the labelled corpus (tests/corpus/*.jsonl).

Each corpus line is one asset in the check contract plus ``expect``: the categories a reviewer
expects findings for ([] = clean copy that must not be blocked). Reports:
- recall: share of violating items where every expected category gets a warn or block finding;
- clean false-block rate: share of clean items with any block finding;
per market and per category, and lists the misses.

    .venv/bin/python -m bench.corpus_eval [--json] [--misses N] [--locale de-DE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "corpus"
ALERT = {"block", "warn"}


@dataclass
class Item:
    where: str
    input: CheckInput
    expect: list[str]


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hit / self.total if self.total else 1.0


@dataclass
class Report:
    recall: Tally = field(default_factory=Tally)
    clean_block: Tally = field(default_factory=Tally)
    by_market: dict[str, tuple[Tally, Tally]] = field(default_factory=lambda: defaultdict(lambda: (Tally(), Tally())))
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[dict] = field(default_factory=list)
    false_blocks: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "recall": round(self.recall.rate, 4), "violating": self.recall.total,
            "clean_false_block_rate": round(self.clean_block.rate, 4), "clean": self.clean_block.total,
            "by_market": {m: {"recall": round(r.rate, 3), "violating": r.total,
                              "clean_false_block_rate": round(c.rate, 3), "clean": c.total}
                          for m, (r, c) in sorted(self.by_market.items())},
            "by_category": {k: {"recall": round(t.rate, 3), "n": t.total} for k, t in sorted(self.by_category.items())},
            "misses": self.misses, "false_blocks": self.false_blocks,
        }


def load_corpus(directory: Path = CORPUS_DIR, locales: list[str] | None = None) -> list[Item]:
    """Every corpus line as an Item; a bad line raises ValueError naming file:line."""
    items = []
    for path in sorted(directory.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                rec = json.loads(line)
                expect = rec.pop("expect")
                item = Item(where, CheckInput(**rec), list(expect))
            except Exception as exc:  # noqa: BLE001 - re-raised with the location
                raise ValueError(f"{where}: {exc}") from None
            if locales is None or item.input.locale in locales:
                items.append(item)
    return items


def evaluate(items: list[Item], engine=None) -> Report:
    engine = engine or get_check_engine()
    report = Report()
    results = engine.check_many([it.input for it in items])
    for it, findings in zip(items, results):
        market = it.input.locale
        rec, clean = report.by_market[market]
        if it.expect:
            alerted = {f.category for f in findings if f.severity in ALERT}
            missing = [c for c in it.expect if c not in alerted]
            for c in it.expect:
                t = report.by_category[c]
                t.total += 1
                t.hit += c in alerted
            ok = not missing
            for t in (report.recall, rec):
                t.total += 1
                t.hit += ok
            if not ok:
                report.misses.append({"where": it.where, "id": it.input.id, "missing": missing, "text": it.input.text,
                                      "got": sorted({f"{f.category}:{f.severity}" for f in findings})})
        else:
            blocks = [f for f in findings if f.severity == "block"]
            for t in (report.clean_block, clean):
                t.total += 1
                t.hit += bool(blocks)
            if blocks:
                report.false_blocks.append({"where": it.where, "id": it.input.id, "text": it.input.text,
                                            "rules": sorted({f.rule for f in blocks})})
    return report


def _print(report: Report, misses: int) -> None:
    r, c = report.recall, report.clean_block
    print(f"recall {r.rate:.1%} ({r.hit}/{r.total} violating items)   "
          f"clean false-block {c.rate:.1%} ({c.hit}/{c.total} clean items)")
    print("\nmarket     recall          clean-block")
    for m, (rt, ct) in sorted(report.by_market.items()):
        print(f"{m:<10} {rt.rate:6.1%} {rt.hit:>3}/{rt.total:<4} {ct.rate:6.1%} {ct.hit:>2}/{ct.total}")
    print("\ncategory         recall")
    for k, t in sorted(report.by_category.items()):
        print(f"{k:<16} {t.rate:6.1%} {t.hit:>3}/{t.total}")
    if report.misses:
        print(f"\nmisses ({len(report.misses)}):")
        for m in report.misses[:misses]:
            print(f"  {m['where']} missing {m['missing']} got {m['got']}: {m['text']}")
    if report.false_blocks:
        print(f"\nclean items blocked ({len(report.false_blocks)}):")
        for m in report.false_blocks:
            print(f"  {m['where']} {m['rules']}: {m['text']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--misses", type=int, default=200, help="how many misses to list")
    ap.add_argument("--locale", action="append", help="only these locales (repeatable)")
    args = ap.parse_args(argv)
    report = evaluate(load_corpus(locales=args.locale))
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print(report, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
