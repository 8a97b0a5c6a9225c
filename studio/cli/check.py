"""CLI faces of the check engine: ``studio rules validate|list|test`` and ``studio check``.

``check_command`` is a plain function so the main app can register it:
``app.command("check")(check_command)``.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from studio.cli.console import LazyConsole
from studio.core.errors import RuleError, StudioError

rules_app = typer.Typer(help="Validate, list and test the cultural rule packs.", no_args_is_help=True)
out = LazyConsole(soft_wrap=True)
err = LazyConsole(stderr=True, soft_wrap=True)


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
    from rich.table import Table

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


def _table(items: list[dict], texts: dict[int, str]) -> None:
    from rich.table import Table

    table = Table(title="findings")
    for col in ("id", "severity", "rule"):
        table.add_column(col, no_wrap=True)  # ids are copied into waivers: keep them whole
    for col in ("where", "message"):
        table.add_column(col, overflow="fold")
    for n, o in enumerate(items):
        ident = str(o["id"]) if o["id"] is not None else f"line {n + 1}"
        if "error" in o:
            table.add_row(ident, "error", "-", f"line {o['error']['line']}", o["error"]["message"])
        elif not o["findings"]:
            table.add_row(ident, "-", "-", "-", "no findings")
        for f in o["findings"]:
            span = "whole" if f["start"] is None else texts.get(n, "")[f["start"]:f["end"]]
            table.add_row(ident, f["severity"], f["rule"], span, f["message"])
    out.print(table)


def _read_lines(input: str) -> list[str | bytes]:
    """The input's lines, decoded one by one: a line that is not UTF-8 stays bytes (an error on its line)."""
    raw = sys.stdin.buffer.read() if input == "-" else Path(input).read_bytes()
    lines: list[str | bytes] = []
    for chunk in raw.splitlines():
        try:
            lines.append(chunk.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(chunk)
    return lines


def _text(line: str | bytes) -> str:
    try:
        data = json.loads(line)
        return data["text"] if isinstance(data, dict) and isinstance(data.get("text"), str) else ""
    except (ValueError, RecursionError):
        return ""


def check_command(
    input: str = typer.Argument(..., help="JSONL file, one asset a line, or - for stdin"),
    format: str = typer.Option("jsonl", "--format", help="jsonl | table"),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="model profile whose judge (checks.judge, GPU profiles) confirms or dismisses "
        "borderline semantic findings with its text model; default: no judge, no model loaded"),
) -> None:
    """Check assets against the rule packs. Exit 0: no block finding, 1: a block finding, 2: bad input
    (each bad line gets an ``error`` object in its output line; the other lines are still checked)."""
    if format not in ("jsonl", "table"):
        err.print(f"--format: {format!r} is not jsonl or table", markup=False)
        raise typer.Exit(2) from None
    try:
        lines = _read_lines(input)
    except OSError as exc:
        err.print(f"{input}: cannot read ({exc.strerror or exc})\n  fix: pass a JSONL file or - for stdin", markup=False)
        raise typer.Exit(2) from None
    # Loading (imports, the rule packs' copy, the encoders) leaves ~90,000 long-lived container objects
    # and ~1,000 in garbage cycles: the cyclic collector, run ~100 times while they load, would walk the
    # growing heap again and again (~0.02-0.03 s of a one-draft check). It is off until the first line is
    # checked (or the check fails), then on as usual: one collection then frees those cycles.
    global _resume_gc
    _resume_gc = gc.isenabled()  # a caller that turned it off keeps it off
    gc.disable()
    try:
        code = _check(lines, format, _judge(profile))
    except StudioError as exc:  # e.g. the rule packs do not load
        err.print(f"{input}: {exc}" if input != "-" else str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    except Exception as exc:  # a crash is never exit 1, which means "a block finding"
        err.print(f"error: studio check failed: {type(exc).__name__}: {exc}\n  fix: report this as a bug",
                  markup=False, highlight=False)
        raise typer.Exit(2) from None
    finally:
        _collect_again()
    global finished
    finished = True  # every line written: the script may end without tearing down (studio.cli.main.main)
    raise typer.Exit(code)


_resume_gc = False
finished = False


def _collect_again() -> None:
    """Switch the cyclic garbage collector back on (off while the first line loads everything)."""
    global _resume_gc
    if _resume_gc:
        _resume_gc = False
        gc.enable()


def _judge(profile: Optional[str]):
    """The profile's judge (None without --profile or when the profile has no checks.judge); its text
    model loads on the first borderline finding only."""
    if profile is None:
        return None
    from studio.generate.profiles import load_profile

    prof = load_profile(profile)
    if prof.checks.judge is None:
        err.print(f"profile {profile} has no judge (checks.judge): findings are as the layers found them",
                  markup=False, highlight=False)
        return None
    from functools import lru_cache

    from studio.generate.backends import load_model
    from studio.generate.profile_judge import profile_judge

    return profile_judge(prof, lru_cache(maxsize=1)(lambda: load_model(prof.require("text"))))


def _check(lines: list[str | bytes], format: str, judge=None) -> int:
    from studio.checks import contract

    results = []
    for o in contract.run_each(lines, judge=judge):
        _collect_again()  # the first line has loaded what every line uses
        results.append(o)
        if "error" in o:
            e = o["error"]
            err.print(f"line {e['line']}: {e['message']}" + (f"\n  fix: {e['fix']}" if e["fix"] else ""),
                      markup=False, highlight=False)
        if format == "jsonl":  # streamed: a caller reads line n's result as soon as it is ready
            sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if format == "table":
        _table(results, {n: _text(line) for n, line in enumerate(lines)})
    return contract.exit_code(results)
