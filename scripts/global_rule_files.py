"""Writes a rule generator's files into cultural_rules/global/, a header first (scripts/health30_rules.py,
scripts/injection31_rules.py): one writer, so every generated file is dumped and bounded the same way."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def write_global(files: dict, header: str) -> None:
    """Each ``{file name: {"pack": ..., "rules": [...]}}`` to cultural_rules/global/<file name>, after ``header``; a
    pattern over the loader's 2,000 characters stops the run before anything is written for that file."""
    for name, spec in files.items():
        for rule in spec["rules"]:
            for i, p in enumerate(rule["patterns"]):
                assert len(p) <= 2000, (rule["id"], i, len(p))
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=120)
        (ROOT / "cultural_rules" / "global" / name).write_text(header + text, encoding="utf-8")
        print(f"wrote cultural_rules/global/{name}: {len(spec['rules'])} rules")
