"""Clean copy that sits next to a rule or concept passes without a warning (issue 9, checks-fw12).

tests/checks/clean_near_misses.jsonl holds clean near-misses by class, each in several markets and written
for this test (none is a corpus line): a labelled sponsored post (a creator's disclosed review), free
delivery over a threshold, a best-before date, 0.0% beer to adults, halal certified with its certifier, a
temple or pilgrimage in a travel ad, national-day greetings (clothes in the national colours), festive
greetings, a discount with its lowest 30-day price, an authorised EU health claim, lucky numbers (and red
for a wedding), clock times, "our best-selling", a labelled AI image, a map without a disputed border (a
market's own islands, the national survey's map), a brand kept intact, a quoted legal warning or label
(pork labelled as BPOM asks, a licensed lottery named as such). A reviewer who gets a warning on these
learns to ignore warnings, so every line must come back without a warn or block finding.

checks-fw14 adds the classes of a new writer's clean copy (apart3's look half, tests/corpus/apart3/FALSE_WARNS.md),
written again here in other words and markets: a closure or remembrance notice on a day of remembrance (with its
date), halal slaughter licensed by a named authority, a tariff that prices several things side by side, a drink's
strength (% vol), a free trial lesson of a priced course, a No.1 claim with its survey note and year, alcohol named
only to rule it out, free fitting labour with the goods, a spirit made where its name says, silver goods.

checks-look29 adds chance words in clean copy (class chance_words), next to the paid-go and stake rules: odds and
ends, a jackpot of flavour, a free prize draw, a spinning class, a boxed tombola game, "wir setzen auf Qualität".
checks-origin29 adds origin stated plainly (designed in X, made in Y; an importer's notice; a style; a shop themed on a
country), made-in copy that ships or exports abroad, and "free" beside a fee named as none or 0.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine

DATA = Path(__file__).with_name("clean_near_misses.jsonl")


def _lines() -> list[dict]:
    rows = []
    for n, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["line"] = n
            rows.append(row)
    return rows


ROWS = _lines()


@pytest.fixture(scope="module")
def alerts() -> dict[int, list[str]]:
    items = [
        CheckInput(
            id=f"clean-{r['line']}",
            locale=r["locale"],
            kind="copy",
            text=r["text"],
            **({"meta": r["meta"]} if "meta" in r else {}),
            **({"date": r["date"]} if "date" in r else {}),
        )
        for r in ROWS
    ]
    found = get_check_engine().check_many(items)
    return {
        r["line"]: sorted({f"{f.rule}:{f.severity}" for f in fs if f.severity in ("warn", "block")})
        for r, fs in zip(ROWS, found)
    }


def test_every_class_has_several_markets():
    markets = defaultdict(set)
    for r in ROWS:
        markets[r["class"]].add(r["locale"])
    thin = {c: sorted(m) for c, m in markets.items() if len(m) < 3}
    assert len(markets) >= 15 and not thin, f"classes with fewer than 3 markets: {thin}"


@pytest.mark.parametrize("cls", sorted({r["class"] for r in ROWS}))
def test_clean_near_misses_get_no_warning(cls, alerts):
    bad = [
        f"  {DATA.name}:{r['line']} {r['locale']} {alerts[r['line']]}: {r['text']}"
        for r in ROWS
        if r["class"] == cls and alerts[r["line"]]
    ]
    assert not bad, f"clean '{cls}' copy warned or blocked:\n" + "\n".join(bad)
