"""Recipe: adding a rule type is one new module plus one line.

The module below is written to a temporary file, as a new ``studio/checks/rules/types/count.py``
would be; ``declare("count", "<module>:CountRule")`` is the line ``TYPES`` in
``studio/checks/rules/types/__init__.py`` would get (``"count": "count:CountRule",``), and the module is
imported only when a rule of the type loads (``register(CountRule)`` makes an imported class a type at once,
as the fixture does). Nothing else changes: the loader validates the new ``type: count`` with file:line errors, the engine feeds it
the shared term index and reports its findings.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

from studio.checks.engine import CheckEngine
from studio.checks.rules.registry import declare, register, type_names, unregister
from studio.core.errors import RuleError
from tests.checks.test_engine import SRC, item, make_rules

COUNT_MODULE = '''
"""``count``: a word used more often than a market tolerates (e.g. "free" at most once)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase


class CountRule(RuleBase):
    type: Literal["count"]
    terms: list[str] = Field(min_length=1)
    at_most: int = Field(ge=0)

    def term_groups(self, locale: str) -> list[Group]:
        return [Group((self.id, "terms"), self.terms)]  # joins the locale's one Aho-Corasick automaton

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        spans = ctx.hits.get((self.id, "terms"), [])
        if len(spans) <= self.at_most:
            return []
        return [self.finding(*spans[self.at_most], extra=f"{len(spans)} times, at most {self.at_most}")]
'''

PACK = f"""
    pack: global
    rules:
      - id: g.free_once
        type: count
        category: free_claim
        severity: warn
        message: say free at most once
        {SRC}
        terms: [free]
        at_most: 1
"""


@pytest.fixture
def count_type(tmp_path):
    path = tmp_path / "count.py"
    path.write_text(COUNT_MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("studio_test_count_rule", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    register(module.CountRule)  # the one registration line
    yield module.CountRule
    unregister("count")
    sys.modules.pop(spec.name, None)


def test_a_new_rule_type_loads_from_yaml_and_its_findings_come_from_the_engine(tmp_path, count_type):
    engine = CheckEngine.from_dir(make_rules(tmp_path, {"global/c.yaml": PACK}))
    text = "Free shipping, a free gift and free returns."
    found = [f for f in engine.check(item(text)) if f.rule == "g.free_once"]
    assert len(found) == 1
    f = found[0]
    assert text[f.start:f.end] == "free" and f.start == text.index("free gift")
    assert f.severity == "warn" and "3 times, at most 1" in f.message
    assert not [f for f in engine.check(item("Free shipping on every order.")) if f.rule == "g.free_once"]


def test_a_new_rule_type_gets_file_line_errors_and_is_listed_as_a_type(tmp_path, count_type):
    assert "count" in type_names()
    bad = PACK.replace("        at_most: 1\n", "")
    with pytest.raises(RuleError) as exc:
        CheckEngine.from_dir(make_rules(tmp_path, {"global/c.yaml": bad}))
    assert "c.yaml:4: rule g.free_once: at_most: Field required" in str(exc.value)


def test_without_its_registration_line_the_type_is_unknown(tmp_path):
    assert "count" not in type_names()
    with pytest.raises(RuleError) as exc:
        CheckEngine.from_dir(make_rules(tmp_path, {"global/c.yaml": textwrap.dedent(PACK)}))
    assert "c.yaml:4" in str(exc.value) and "type must be one of terms, pattern" in str(exc.value)


def test_a_declared_type_is_imported_only_when_a_rule_of_it_loads_and_then_fires(tmp_path, monkeypatch):
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "studio_test_count_declared.py").write_text(COUNT_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "mod"))
    declare("count", "studio_test_count_declared:CountRule")  # the one line in types/__init__.py's TYPES
    try:
        assert "count" in type_names() and "studio_test_count_declared" not in sys.modules  # named, not imported
        engine = CheckEngine.from_dir(make_rules(tmp_path, {"global/c.yaml": PACK}))
        assert "studio_test_count_declared" in sys.modules
        found = [f for f in engine.check(item("Free shipping, a free gift.")) if f.rule == "g.free_once"]
        assert len(found) == 1 and "2 times, at most 1" in found[0].message
    finally:
        unregister("count")
        sys.modules.pop("studio_test_count_declared", None)


def test_an_unknown_type_names_its_file_line_and_every_known_type(tmp_path):
    renamed = textwrap.dedent(PACK).replace("type: count", "type: odd")  # e.g. a type renamed in code, not in data
    with pytest.raises(RuleError) as exc:
        CheckEngine.from_dir(make_rules(tmp_path, {"global/c.yaml": renamed}))
    message = str(exc.value)
    assert "c.yaml:4: rule g.free_once" in message and "'odd'" in message
    assert f"type must be one of {', '.join(type_names())}" in message
    assert all(name in type_names() for name in ("terms", "register", "odds", "health_triple", "origin_elsewhere"))


def test_a_declared_type_whose_module_is_gone_says_which_line_to_fix(monkeypatch):
    from studio.checks.rules.registry import rule_type

    declare("gone", "studio.checks.rules.types.gone:GoneRule")
    try:
        with pytest.raises(ImportError, match="rule type 'gone' is declared as studio.checks.rules.types.gone:GoneRule"):
            rule_type("gone")
        with pytest.raises(KeyError, match="unknown rule type 'nothing'; known types: terms, pattern"):
            rule_type("nothing")
    finally:
        unregister("gone")
