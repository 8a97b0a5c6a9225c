"""Measure the check engine on a labelled corpus.

Thirty-eight corpora:
- ``tuning`` (tests/corpus/*.jsonl): written beside the rules by the same hands; it measures memory;
- ``blind`` (tests/corpus/blind/*.jsonl): 2,250 lines written by writers who never saw the rules,
  the exemplar banks or the code. Half of it (``frozen``: sha256 of the id, even first byte) is never
  used for tuning; ``dev`` is the other half. Report figures on ``--split frozen``.
- ``fresh`` (tests/corpus/fresh/*.jsonl): written later, apart from the rules, banks and both other
  corpora (see its README). Every item is frozen: no split, and no report ever prints its copy.
- ``apart`` (tests/corpus/apart/*.jsonl): written apart from the rules by an evaluation copywriter in
  session 28 (see its README); open for tuning, so after tuning it measures memory like ``dev``.
- ``apart2`` (tests/corpus/apart2/*.jsonl): written apart from the rules by a second evaluation copywriter
  in session 29 (see its README); open for tuning after its first-sight measure.
- ``apart3`` (tests/corpus/apart3/*.jsonl): written apart from the rules by a third evaluation copywriter in
  session 30 (see its README); measured once at first sight by the lead, then split like blind: ``look``
  (odd first byte) is open for tuning, ``check`` (even) is run with ``--misses 0`` only, to measure transfer.
- ``apart4`` (tests/corpus/apart4/*.jsonl): written apart from the rules by a fourth evaluation copywriter in
  session 31 (see its README); measured at first sight by the lead and sealed whole through that session, then
  split like apart3 (from session 32): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart5`` (tests/corpus/apart5/*.jsonl): written apart from the rules by a fifth evaluation copywriter in
  session 32; sealed whole through session 33 (first sight 82.1%), then split like apart3 (from session 34):
  ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart6`` (tests/corpus/apart6/*.jsonl): written apart from the rules by a sixth evaluation copywriter in
  session 35 (see its README); sealed whole through session 38 (its first-sight measure), then split like apart3
  (from session 39): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart7`` (tests/corpus/apart7/*.jsonl): a seventh writer's, started in session 35 at the same time as apart6's
  writer and apart from it; sealed and then split like apart6.
- ``apart8`` (tests/corpus/apart8/*.jsonl): an eighth writer's, written in session 39 apart from the rules and from
  that session's rule writers (see its README); sealed whole through session 39 (first sight 82.5%), then split
  like apart3 (from session 40): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart9`` (tests/corpus/apart9/*.jsonl): a ninth writer's, written in session 40 apart from the rules and from
  that session's rule writers (see its README); sealed whole through session 40 (first sight 84.9%), then split
  like apart3 (from session 41): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart10`` (tests/corpus/apart10/*.jsonl): a tenth writer's, written in session 41 apart from the rules and from
  that session's rule writers (see its README); sealed whole through session 41 (first sight 77.5%), then split
  like apart3 (from session 42): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart11`` (tests/corpus/apart11/*.jsonl): an eleventh writer's, written in session 42 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 42 (first sight 78.6%), then
  split like apart3 (from session 43): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart12`` (tests/corpus/apart12/*.jsonl): a twelfth writer's, written in session 43 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 43 (first sight 87.4%), then
  split like apart3 (from session 44): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart13`` (tests/corpus/apart13/*.jsonl): a thirteenth writer's, written in session 44 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 44 (first sight 83.5%), then
  split like apart3 (from session 45): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart14`` (tests/corpus/apart14/*.jsonl): a fourteenth writer's, written in session 45 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 45 (first sight 84.1%), then
  split like apart3 (from session 46): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart15`` (tests/corpus/apart15/*.jsonl): a fifteenth writer's, written in session 46 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 46 (first sight 83.6%), then
  split like apart3 (from session 47): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart16`` (tests/corpus/apart16/*.jsonl): a sixteenth writer's, written in session 47 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 47 (first sight 81.6%), then
  split like apart3 (from session 48): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart17`` (tests/corpus/apart17/*.jsonl): a seventeenth writer's, written in session 48 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 48 (first sight 74.6%), then
  split like apart3 (from session 49): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart18`` (tests/corpus/apart18/*.jsonl): an eighteenth writer's, written in session 49 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 49 (first sight 87.0%), then
  split like apart3 (from session 50): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart19`` (tests/corpus/apart19/*.jsonl): a nineteenth writer's, written in session 50 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 50 (first sight 82.1%), then
  split like apart3 (from session 51): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart20`` (tests/corpus/apart20/*.jsonl): a twentieth writer's, written in session 51 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 51 (first sight 85.0%), then
  split like apart3 (from session 52): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart21`` (tests/corpus/apart21/*.jsonl): a twenty-first writer's, written in session 52 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 52 (first sight 86.6%), then
  split like apart3 (from session 53): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart22`` (tests/corpus/apart22/*.jsonl): a twenty-second writer's, written in session 53 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 53 (first sight 85.3%), then
  split like apart3 (from session 54): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart23`` (tests/corpus/apart23/*.jsonl): a twenty-third writer's, written in session 54 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 54 (first sight 87.3%), then
  split like apart3 (from session 55): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart24`` (tests/corpus/apart24/*.jsonl): a twenty-fourth writer's, written in session 55 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 55 (first sight 91.0%), then
  split like apart3 (from session 56): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``focus_comparative``, ``focus_origin``, ``focus_faith``, ``focus_alcohol_health`` (tests/corpus/focus_*/*.jsonl):
  four strangers' corpora written in session 56 apart from the rules, each ~300 lines on the weakest classes of the
  sealed halves only (comparative, free_claim and price; origin_claim, politics and national_symbol; religion,
  taboo_symbol, dietary and halal_claim; alcohol and health_claim); split like apart3 from their wiring (first sight
  of both halves in their READMEs): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart25`` (tests/corpus/apart25/*.jsonl): a twenty-fifth writer's, written in session 56 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 56 (first sight 91.8%), then
  split like apart3 (from session 57): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart26`` (tests/corpus/apart26/*.jsonl): a twenty-sixth writer's, written in session 57 apart from the rules and
  from that session's rule writers (see its README); sealed whole through session 57 (first sight 88.2%), then
  split like apart3 (from session 58): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart27`` (tests/corpus/apart27/*.jsonl): a twenty-seventh writer's, written in session 57 apart from the rules
  and from the rule writers of sessions 57 and 58 (see its README); sealed whole through session 58 (first sight
  86.3%), then split like apart3 (from session 59): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart28`` (tests/corpus/apart28/*.jsonl): a twenty-eighth writer's, written in session 58 apart from the rules
  and from the rule writers of sessions 58 and 59 (see its README); sealed whole through session 59 (first sight
  90.3%), then split like apart3 (from session 60): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart29`` (tests/corpus/apart29/*.jsonl): a twenty-ninth writer's, written in session 59 apart from the rules
  and from the rule writers of sessions 59 and 60 (see its README); sealed whole through session 60 (first sight
  85.3%), then split like apart3 (from session 61): ``look`` open for tuning, ``check`` run with ``--misses 0`` only.
- ``apart30`` (tests/corpus/apart30/*.jsonl): a thirtieth writer's, written in session 60 apart from the rules
  and from the rule writers of sessions 60 and 61 (see its README); the sealed first-sight measure of session 61,
  sealed whole for its first-sight measure: reports print ids, rules and figures, never its copy, and ``--split`` is
  refused.
- ``apart31`` (tests/corpus/apart31/*.jsonl): a thirty-first writer's, written in session 61 apart from the rules
  and from the rule writers of sessions 61 and 62 (see its README); the sealed first-sight measure of session 62,
  sealed whole for its first-sight measure: reports print ids, rules and figures, never its copy, and ``--split`` is
  refused.

Each line is one asset in the check contract plus ``expect``: the categories a reviewer expects
findings for ([] = clean copy that must not be blocked) and an optional ``why``. Reports:
- recall: share of violating items where every expected category gets a warn or block finding;
- clean false-block / false-warn rate: share of clean items with any block / any warn-or-block;
per market and per category, and lists the misses.

    .venv/bin/python -m bench.corpus_eval [--corpus blind --split frozen] [--json] [--misses N]
    .venv/bin/python -m bench.corpus_eval --corpus blind --split frozen --lolo   # semantic layer,
        leave-one-language-out: the banks lose every exemplar in the held-out language
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from studio.checks.corpora import (  # noqa: F401 - re-exported: tests and other benches import them from here
    CORPUS_DIR,
    DIRS,
    SPLITS,
    WITHHELD_WHOLE,
    Item,
    corpus_of,
    load_corpus,
    split_of,
)
from studio.checks.engine import get_check_engine

# The corpora, their halves and the line reader live in studio.checks.corpora (the learned layer's training
# reads the same ones); a new corpus is one line in its FOLDERS. These names stay importable from here.
BLIND_DIR = DIRS["blind"]
FRESH_DIR = DIRS["fresh"]
APART_DIR = DIRS["apart"]
APART2_DIR = DIRS["apart2"]
APART3_DIR = DIRS["apart3"]
APART4_DIR = DIRS["apart4"]
APART5_DIR = DIRS["apart5"]
APART6_DIR = DIRS["apart6"]
APART7_DIR = DIRS["apart7"]
APART8_DIR = DIRS["apart8"]
APART9_DIR = DIRS["apart9"]
APART10_DIR = DIRS["apart10"]
APART11_DIR = DIRS["apart11"]
APART12_DIR = DIRS["apart12"]
APART13_DIR = DIRS["apart13"]
APART14_DIR = DIRS["apart14"]
APART15_DIR = DIRS["apart15"]
APART16_DIR = DIRS["apart16"]
APART17_DIR = DIRS["apart17"]
APART18_DIR = DIRS["apart18"]
APART19_DIR = DIRS["apart19"]
APART20_DIR = DIRS["apart20"]
APART21_DIR = DIRS["apart21"]
APART22_DIR = DIRS["apart22"]
APART23_DIR = DIRS["apart23"]
APART24_DIR = DIRS["apart24"]
FOCUS_DIRS = {name: DIRS[name] for name in DIRS if name.startswith("focus_")}
APART25_DIR = DIRS["apart25"]
APART26_DIR = DIRS["apart26"]
APART27_DIR = DIRS["apart27"]
APART28_DIR = DIRS["apart28"]
APART29_DIR = DIRS["apart29"]
APART30_DIR = DIRS["apart30"]
APART31_DIR = DIRS["apart31"]
ALERT = {"block", "warn"}


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
    clean_warn: Tally = field(default_factory=Tally)
    by_market: dict[str, tuple[Tally, Tally]] = field(default_factory=lambda: defaultdict(lambda: (Tally(), Tally())))
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[dict] = field(default_factory=list)
    false_blocks: list[dict] = field(default_factory=list)
    false_warns: list[dict] = field(default_factory=list)  # clean items with any warn or block, and the rules

    def by_layer(self) -> dict[str, dict[str, int]]:
        """Clean items alerted, per layer (``semantic``: a concept finding; ``rules``: any other rule) and
        severity: which layer a false block or false warn comes from."""
        out: dict[str, dict[str, int]] = {"semantic": {"block": 0, "warn": 0}, "rules": {"block": 0, "warn": 0}}
        for row in self.false_warns:
            for layer in ("semantic", "rules"):
                mine = [sev for rule, sev in row["alerts"] if rule.startswith("concept.") == (layer == "semantic")]
                if mine:
                    out[layer]["block" if "block" in mine else "warn"] += 1
        return out

    def as_dict(self) -> dict:
        return {
            "recall": round(self.recall.rate, 4),
            "violating": self.recall.total,
            "clean_false_block_rate": round(self.clean_block.rate, 4),
            "clean": self.clean_block.total,
            "clean_false_warn_rate": round(self.clean_warn.rate, 4),
            "by_market": {
                m: {
                    "recall": round(r.rate, 3),
                    "violating": r.total,
                    "clean_false_block_rate": round(c.rate, 3),
                    "clean": c.total,
                }
                for m, (r, c) in sorted(self.by_market.items())
            },
            "by_category": {k: {"recall": round(t.rate, 3), "n": t.total} for k, t in sorted(self.by_category.items())},
            "misses": self.misses,
            "false_blocks": self.false_blocks,
            "false_warns": self.false_warns,
            "false_alerts_by_layer": self.by_layer(),
        }


def withhold_copy(report: Report, corpus: str, split: str = "all") -> None:
    """Withheld copy is never read while tuning: its report rows keep figures, ids and rules, never the text.
    The fresh corpus and the sealed apart30 and apart31 are withheld whole; blind in its frozen half, apart3 to
    apart29 and the focus corpora in their check halves."""
    for row in report.misses + report.false_blocks + report.false_warns:
        if corpus in WITHHELD_WHOLE:
            row["text"] = f"(text withheld: {corpus} corpus)"
        elif corpus in SPLITS:
            withheld, open_half = SPLITS[corpus]
            if split != open_half and split_of(row.get("id") or "", corpus) == withheld:
                row["text"] = f"(text withheld: {withheld} half)"


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
                report.misses.append(
                    {
                        "where": it.where,
                        "id": it.input.id,
                        "missing": missing,
                        "text": it.input.text,
                        "got": sorted({f"{f.category}:{f.severity}" for f in findings}),
                    }
                )
        else:
            blocks = [f for f in findings if f.severity == "block"]
            report.clean_warn.total += 1
            alerts = sorted({(f.rule, f.severity) for f in findings if f.severity in ALERT})
            report.clean_warn.hit += bool(alerts)
            if alerts:
                report.false_warns.append(
                    {"where": it.where, "id": it.input.id, "text": it.input.text, "alerts": [list(a) for a in alerts]}
                )
            for t in (report.clean_block, clean):
                t.total += 1
                t.hit += bool(blocks)
            if blocks:
                report.false_blocks.append(
                    {
                        "where": it.where,
                        "id": it.input.id,
                        "text": it.input.text,
                        "rules": sorted({f.rule for f in blocks}),
                    }
                )
    return report


def _print(report: Report, misses: int) -> None:
    r, c = report.recall, report.clean_block
    print(
        f"recall {r.rate:.1%} ({r.hit}/{r.total} violating items)   "
        f"clean false-block {c.rate:.1%} ({c.hit}/{c.total} clean items)   "
        f"clean false-warn {report.clean_warn.rate:.1%} ({report.clean_warn.hit}/{report.clean_warn.total})"
    )
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
    layers = report.by_layer()
    print(
        "\nclean items alerted, by layer: "
        + "   ".join(f"{layer} {v['block']} blocked, {v['warn']} warned" for layer, v in layers.items())
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument(
        "--misses",
        type=int,
        default=200,
        help="how many misses to list; 0 lists none and withholds every item's copy (figures, ids and rules only)",
    )
    ap.add_argument("--locale", action="append", help="only these locales (repeatable)")
    ap.add_argument("--corpus", choices=sorted(DIRS), default="tuning")
    ap.add_argument(
        "--split",
        choices=["all", *sorted({h for pair in SPLITS.values() for h in pair})],
        default="all",
        help="half of a corpus that has them: blind dev | frozen, apart3 look | check "
        "(the fresh corpus has none: all of it is frozen)",
    )
    ap.add_argument("--lolo", action="store_true", help="semantic layer alone, leave one language out")
    ap.add_argument(
        "--calibration",
        action="store_true",
        help="print the semantic layer's calibrated cut-offs per encoder and category, and how flat "
        "the calibration objective is (no corpus is read)",
    )
    args = ap.parse_args(argv)
    if args.calibration:
        return _calibration()
    if args.corpus in WITHHELD_WHOLE and args.split != "all":
        ap.error(f"the {args.corpus} corpus has no split: every item is frozen")
    if args.split != "all" and args.split not in SPLITS.get(args.corpus, ()):
        ap.error(
            f"--corpus {args.corpus} has no half named {args.split!r}: "
            + ", ".join(f"{c}: {' | '.join(h)}" for c, h in SPLITS.items())
        )
    items = load_corpus(DIRS[args.corpus], locales=args.locale, split=args.split)
    if args.lolo:
        return _lolo(items, args.json)
    report = evaluate(items)
    withhold_copy(report, args.corpus, args.split)
    if args.misses == 0:
        # `--misses 0` is how a tuner asks for figures alone: no row carries copy, in the JSON or the text.
        for row in report.misses + report.false_blocks + report.false_warns:
            row["text"] = "(text withheld: --misses 0)"
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _print(report, args.misses)
    return 0


def _calibration() -> int:
    """The cut-offs the banks calibrate to: per encoder the global setting, the objective's best, chosen
    and runner-up (the best setting with another vote: the gap a bank edit must overturn), then each
    category's vote and floor where they differ from the global ones."""
    engine = get_check_engine()
    layer = getattr(engine, "concepts", None)
    if layer is None or not layer.concepts:
        print("no concept banks loaded", file=sys.stderr)
        return 2
    categories = [lc.category for lc in layer.concepts]
    for backend in ("use", "e5"):
        idx = layer.index(backend)
        print(
            f"{backend}: temperature {idx.temperature} vote {idx.vote} floor {idx.floor:.3f} margin {idx.margin} "
            f"block floor {idx.block_floor:.3f} ({layer.calibration} calibration)"
        )
        if idx.objective is not None and len(idx.objective) >= 4:
            best, chosen, tied, other = idx.objective[:4]
            print(
                f"  objective: best {best:.4f}, chosen {chosen:.4f}, {int(tied)} setting(s) tied; best with "
                f"another vote {other:.4f} (gap {chosen - other:+.4f})"
            )
        votes, floors = idx.vote_of(len(categories)), idx.floor_of(len(categories))
        own = sorted(
            {(c, float(v), float(f)) for c, v, f in zip(categories, votes, floors) if v != idx.vote or f != idx.floor}
        )
        for c, v, f in own:
            print(f"  {c:<17} vote {v:.2f} floor {f:.3f}")
    return 0


def _lolo(items: list[Item], as_json: bool) -> int:
    """Recall and false-warn of the semantic layer alone, per held-out language: the concept banks
    lose every exemplar in that language, so the layer must transfer from the other languages."""
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()
    concepts = engine.concepts.concepts if getattr(engine, "concepts", None) else []
    if not concepts:
        print("no concept banks loaded", file=sys.stderr)
        return 2
    covered = {lc.category for lc in concepts}
    rows: dict[str, dict] = {}
    by_category: dict[str, dict[str, Tally]] = defaultdict(lambda: {"in_bank": Tally(), "held_out": Tally()})
    in_bank = engine.concepts  # every exemplar in: the same layer for every language
    for lang in sorted({it.input.locale[:2] for it in items}):
        mine = [it for it in items if it.input.locale[:2] == lang]
        for held_out in (False, True):
            layer = in_bank.without(lang) if held_out else in_bank
            found = layer.findings_many([it.input for it in mine])
            side = "held_out" if held_out else "in_bank"
            hit = total = fw = clean = 0
            for it, fs in zip(mine, found):
                cats = {f.category for f in fs}
                exp = [c for c in it.expect if c in covered]
                for c in exp:
                    by_category[c][side].total += 1
                    by_category[c][side].hit += c in cats
                if exp:
                    total += 1
                    hit += all(c in cats for c in exp)
                elif not it.expect:
                    clean += 1
                    fw += bool(fs)
            rows.setdefault(lang, {})[side] = _figures(hit, total, fw, clean)
    rows["all"] = {side: _pooled([r[side] for r in rows.values()]) for side in ("in_bank", "held_out")}
    categories = {
        c: {side: {"recall": round(t.rate, 3), "n": t.total} for side, t in sides.items()}
        for c, sides in sorted(by_category.items())
    }
    if as_json:
        json.dump({**rows, "by_category": categories}, sys.stdout, indent=1)
        print()
    else:
        print("semantic layer alone, items whose expected categories have concept banks")
        print("lang  in-bank recall  held-out recall   in-bank false-warn  held-out false-warn   n / clean")
        for lang, r in rows.items():
            a, b = r["in_bank"], r["held_out"]
            print(
                f"{lang:<5} {a['recall'] or 0:>13.1%} {b['recall'] or 0:>16.1%} {a['false_warn'] or 0:>19.1%} "
                f"{b['false_warn'] or 0:>20.1%}   {a['n']} / {a['clean']}"
            )
        print("\ncategory          in-bank recall  held-out recall   n")
        for c, r in categories.items():
            print(f"{c:<17} {r['in_bank']['recall']:>14.1%} {r['held_out']['recall']:>16.1%}   {r['in_bank']['n']}")
    return 0


def _pooled(parts: list[dict]) -> dict:
    """One figure over every language: recall and false warn weighted by each language's item counts."""
    return _figures(*(sum(p[k] for p in parts) for k in ("hit", "n", "warned", "clean")))


def _figures(hit: int, n: int, warned: int, clean: int) -> dict:
    """One language's (or the pooled) leave-one-language-out figures, counts kept for pooling."""
    return {
        "recall": round(hit / n, 3) if n else None,
        "n": n,
        "hit": hit,
        "false_warn": round(warned / clean, 3) if clean else None,
        "clean": clean,
        "warned": warned,
    }


if __name__ == "__main__":
    sys.exit(main())
