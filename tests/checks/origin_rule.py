"""The origin rule (``global.origin.claim_made_elsewhere``) loaded alone from the packaged table, and the spans it
flags in one draft: shared by the tests of its stated-origin reader (test_origin57, test_origin58)."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

RID = "global.origin.claim_made_elsewhere"
GLOBAL = Path(get_settings().rules_dir) / "global"


def load_origin_rule(root: Path):
    """The rule as the packaged files define it, loaded from a copy under ``root`` with nothing else beside it."""
    (root / "global").mkdir()
    for name in ("categories.yaml", "origin_places.yaml"):
        shutil.copy(GLOBAL / name, root / "global" / name)
    return load_rules(root).by_id[RID]


def origin_spans(rule, text: str, locale: str, facts: list[str] | None = None) -> list[str]:
    """The text of every span the rule flags in ``text`` (with ``facts`` as the brief's meta.facts)."""
    item = CheckInput(id="t", locale=locale, kind="copy", text=text, meta={"facts": facts} if facts else {})
    return [text[f.start : f.end] for f in LocaleChecker(locale, [rule]).check(item)
            if f.rule == RID and f.start is not None and f.end is not None]
