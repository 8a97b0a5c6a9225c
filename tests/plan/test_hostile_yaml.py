"""Hostile or broken data files fail fast and clearly: exit 2 naming file:line, never a traceback or a hang.

Every data file (briefs, rule packs, locale, channel and model profiles) is read by
studio.core.yamlfile, so these cases go through the brief, a rule pack and a locale file."""

import time

import pytest
from typer.testing import CliRunner

from studio.cli.main import app
from studio.core.errors import BriefError, LocaleError, RuleError
from studio.market.locales import load_locale_file
from studio.plan.brief import load_brief

runner = CliRunner()

HEAD = "campaign: X\nbrand: Y\nproduct: {name: P}\nlocales: [de-DE]\n"
LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))

# (name, file body, line the error must name, words the message must contain)
HOSTILE = [
    ("complex key", HEAD + "? [a, b]\n: 1\n", 5, "key must be a plain value"),
    ("self-referencing alias", HEAD + "assets: &a [*a]\n", 5, "self-referencing alias"),
    ("NUL byte", HEAD + "tone: war\x00m\n", 5, "U+0000"),
    ("500-level nesting", HEAD + "tone: " + "[" * 500 + "]" * 500 + "\n", 5, "levels deep"),
    ("5,000-digit integer", HEAD + "assets: [{kind: copy, channel: x, variants: " + "9" * 5000 + "}]\n", 5, "5,000 digits"),
    ("billion laughs", HEAD + LAUGHS, 5, "expands to more than"),
    ("impossible date", HEAD + "publish_dates: [2026-13-45]\n", 5, "month must be in 1..12"),
    ("python tag", HEAD + "tone: !!python/object/apply:os.system [ls]\n", 5, "not supported"),
]


# A hostile file must fail fast, not expand or recurse for minutes; the bound is loose because a shared CI
# machine can take a second or more just to import the CLI (these are not speed measurements).
HANG_S = 10.0


@pytest.mark.parametrize("name,body,line,needle", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_brief_is_a_clear_error_at_its_line_without_hanging(tmp_path, name, body, line, needle):
    path = tmp_path / "brief.yaml"
    path.write_text(body, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(BriefError) as exc:
        load_brief(path)
    assert time.perf_counter() - start < HANG_S
    assert f"{path}:{line}" in str(exc.value) and needle in str(exc.value) and "fix:" in str(exc.value)


def test_invalid_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes(HEAD.encode() + b"tone: caf\xe9\n")
    with pytest.raises(BriefError, match=rf"{path}:5: not UTF-8"):
        load_brief(path)


@pytest.mark.parametrize("body,needle", [("[" * 100_000 + "]" * 100_000, "nested"),
                                         ('{"campaign": ' + "9" * 5000 + "}", "5,000 digits")])
def test_hostile_json_brief_is_a_clear_error(tmp_path, body, needle):
    path = tmp_path / "brief.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BriefError, match=needle):
        load_brief(path)


def test_generate_with_a_hostile_brief_exits_2_without_traceback(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text(HEAD + LAUGHS, encoding="utf-8")
    result = runner.invoke(app, ["generate", str(path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"{path}:5" in result.output and "Traceback" not in result.output


def test_hostile_rule_pack_is_listed_by_rules_validate(tmp_path):
    rules = tmp_path / "rules" / "global"
    rules.mkdir(parents=True)
    (rules / "categories.yaml").write_text("categories: [{id: price, description: p}]\n")
    (rules / "x.yaml").write_text("pack: global\nrules:\n  - &r {id: g.x, type: terms, more: *r}\n")
    start = time.perf_counter()
    result = runner.invoke(app, ["rules", "validate", str(tmp_path / "rules")])
    assert time.perf_counter() - start < HANG_S
    assert result.exit_code == 2 and "x.yaml:3" in result.stderr and "self-referencing" in result.stderr
    assert isinstance(result.exception, SystemExit)


def test_hostile_locale_file_is_a_locale_error(tmp_path):
    path = tmp_path / "de-DE.yaml"
    path.write_text("language: de\n? {a: 1}\n: x\n", encoding="utf-8")
    with pytest.raises(LocaleError, match=r"de-DE.yaml:2: a key must be a plain value"):
        load_locale_file(path)


def test_rule_loader_errors_are_rule_errors(tmp_path):
    from studio.checks.rules import load_rules

    rules = tmp_path / "rules" / "global"
    rules.mkdir(parents=True)
    (rules / "categories.yaml").write_text("categories: [{id: price, description: p}]\n" + "x: " + "[" * 300 + "]" * 300)
    with pytest.raises(RuleError, match="levels deep"):
        load_rules(tmp_path / "rules")
