"""The libyaml fast path of studio.core.yamlfile reads every shipped file exactly as the pure-Python
path does, and any file it refuses is reported with the pure path's message and line."""

from pathlib import Path

import pytest

from studio.core.errors import RuleError
from studio.core.yamlfile import load_yaml
from tests.plan.test_hostile_yaml import HOSTILE

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*REPO.glob("cultural_rules/**/*.yaml"), *REPO.glob("locales/**/*.yaml")])


def test_every_shipped_file_reads_the_same_with_lines():
    assert len(SHIPPED) > 40
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text, str(path), RuleError, fast=True) == load_yaml(text, str(path), RuleError), path


BROKEN = [(name, body) for name, body, _, _ in HOSTILE] + [
    ("duplicate key", "pack: global\nrules: []\nrules: []\n"),
    ("bad indentation", "pack: global\nrules:\n  - id: a\n   type: terms\n"),
    ("tab indentation", "pack: global\nrules:\n\t- id: a\n"),
    ("unclosed quote", 'pack: global\nrules: ["a]\n'),
    ("control character", "pack: global\nx: a\x07b\n"),
]


@pytest.mark.parametrize("name,body", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_gets_the_same_error_on_the_fast_path(name, body):
    errors = []
    for fast in (False, True):  # (tests/plan/test_hostile_yaml.py times the pure path)
        with pytest.raises(RuleError) as exc:
            load_yaml(body, "p.yaml", RuleError, fast=fast)
        errors.append((str(exc.value), exc.value.where, exc.value.fix))
    assert errors[0] == errors[1]
    assert errors[1][1].startswith("p.yaml:")
