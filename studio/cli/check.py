"""CLI faces of the check engine: ``studio rules validate|list|test`` and ``studio check``.

``check_command`` is a plain function so the main app can register it:
``app.command("check")(check_command)``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from studio.core.errors import RuleError, StudioError

rules_app = typer.Typer(help="Validate, list and test the cultural rule packs.", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _rules_dir(path: Optional[Path]) -> Path:
    from studio.core.config import get_settings

    return path or get_settings().rules_dir


@rules_app.command("validate")
def validate(path: Optional[Path] = typer.Argument(None, help="rules folder (default: cultural_rules/)")) -> None:
    """Load every pack; exit 2 listing each problem at file:line."""
    from studio.checks.engine import CheckEngine

    try:
        engine = CheckEngine.from_dir(_rules_dir(path))
    except RuleError as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    rs = engine.ruleset
    out.print(f"ok: {len(rs.by_id)} rules in {len(rs.packs)} packs ({', '.join(sorted(rs.packs))})", markup=False)


@rules_app.command("list")
def list_rules(
    locale: Optional[str] = typer.Option(None, "--locale", help="only the rules that apply to this locale"),
    category: Optional[str] = typer.Option(None, "--category", help="only this category"),
    path: Optional[Path] = typer.Option(None, "--rules", help="rules folder"),
) -> None:
    """A table of rules: id, pack, type, category, severity."""
    from studio.checks.rules import load_rules

    try:
        rs = load_rules(_rules_dir(path))
    except RuleError as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    if category and category not in rs.categories:
        err.print(f"unknown category {category!r}; use one of {', '.join(sorted(rs.categories))}", markup=False)
        raise typer.Exit(2) from None
    rules = rs.rules_for(locale) if locale else list(rs.by_id.values())
    table = Table(title=f"rules{' for ' + locale if locale else ''}")
    for col in ("id", "pack", "type", "category", "severity"):
        table.add_column(col)
    n = 0
    for lr in sorted(rules, key=lambda lr: (lr.pack != "global", lr.pack, lr.rule.id)):
        r = lr.rule
        if category and r.category != category:
            continue
        table.add_row(r.id, lr.pack, r.type, r.category, r.severity)
        n += 1
    out.print(table)
    out.print(f"{n} rule(s)")


@rules_app.command("test")
def test_rules(path: Optional[Path] = typer.Option(None, "--rules", help="rules folder")) -> None:
    """Run every rule's examples; print failures; exit 1 if any fail."""
    from studio.checks.engine import CheckEngine
    from studio.checks.examples import run_examples

    try:
        engine = CheckEngine.from_dir(_rules_dir(path))
    except RuleError as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    total, failures = run_examples(engine)
    for f in failures:
        out.print(str(f), markup=False, highlight=False)
    out.print(f"{total - len(failures)}/{total} examples pass", markup=False)
    if failures:
        raise typer.Exit(1)


def _table(items: list[dict], texts: dict[str, str]) -> None:
    table = Table(title="findings")
    for col in ("id", "severity", "rule"):
        table.add_column(col, no_wrap=True)  # ids are copied into waivers: keep them whole
    for col in ("where", "message"):
        table.add_column(col, overflow="fold")
    for o in items:
        if not o["findings"]:
            table.add_row(o["id"], "-", "-", "-", "no findings")
        for f in o["findings"]:
            span = "whole" if f["start"] is None else texts[o["id"]][f["start"]:f["end"]]
            table.add_row(o["id"], f["severity"], f["rule"], span, f["message"])
    out.print(table)


def check_command(
    input: str = typer.Argument(..., help="JSONL file, one asset a line, or - for stdin"),
    format: str = typer.Option("jsonl", "--format", help="jsonl | table"),
) -> None:
    """Check assets against the rule packs. Exit 0: no block finding, 1: a block finding, 2: bad input."""
    from studio.checks import contract

    if format not in ("jsonl", "table"):
        err.print(f"--format: {format!r} is not jsonl or table", markup=False)
        raise typer.Exit(2) from None
    try:
        if input == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(input).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"{input}: cannot read ({exc})\n  fix: pass a UTF-8 JSONL file or - for stdin", markup=False)
        raise typer.Exit(2) from None
    try:
        results = list(contract.run(lines))
    except StudioError as exc:
        err.print(f"{input}: {exc}" if input != "-" else str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    if format == "jsonl":
        for o in results:
            sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in lines}
        _table(results, texts)
    raise typer.Exit(contract.exit_code(results))
