"""The ``studio check`` JSONL contract (DESIGN.md): one output line per input line, same order.

``run`` validates every line before any output (all or nothing: the API's use). ``run_each`` is the
CLI's: one output per input line whatever happens, a line that cannot be read or checked carries an
``error`` object ({line, message, fix}) in its place, and the good lines still get their findings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from studio.checks.asset import CheckInput
from studio.core.errors import InputError, StudioError

if TYPE_CHECKING:
    from studio.checks.engine import CheckEngine
    from studio.checks.judge import Judge

CONTRACT_KEYS = ("id", "locale", "kind", "text", "channel", "date", "meta")
FIX = ('one JSON object per line: {"id": "...", "locale": "de-DE", "kind": "copy|video_script|image_prompt|brief", '
       '"text": "...", "channel"?: "...", "date"?: "YYYY-MM-DD", "meta"?: {"audience": "children|general", '
       '"sponsored": bool, "ai_generated": bool, "facts"?: [str]}}')


def _known_locales() -> set[str]:
    from studio.checks.engine import get_check_engine
    from studio.market.locales import list_locales

    return set(list_locales()) | set(get_check_engine().markets)  # markets: without reading every rule


def parse_line(line: str, n: int, locales: set[str] | None = None) -> CheckInput:
    """Validate one input line (1-based ``n``) into a CheckInput or raise InputError naming it."""
    where = f"line {n}"
    if not line.strip():
        raise InputError("blank line", where=where, fix="remove blank lines; " + FIX)
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg} at column {exc.colno})", where=where, fix=FIX) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting deeper than Python's stack
        raise InputError(f"invalid JSON ({str(exc)[:80] or 'nested too deeply'})", where=where, fix=FIX) from None
    if not isinstance(data, dict):
        raise InputError("a line must be a JSON object", where=where, fix=FIX)
    extra = sorted(set(data) - set(CONTRACT_KEYS))
    if extra:
        raise InputError(f"unknown field(s) {', '.join(extra)}", where=where, fix=f"use only {', '.join(CONTRACT_KEYS)}")
    try:
        item = CheckInput.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        field = ".".join(str(p) for p in e["loc"]) or "(line)"
        raise InputError(f"{field}: {e['msg']}", where=where, fix=FIX) from None
    if locales is not None and item.locale not in locales:
        raise InputError(f"unknown locale {item.locale!r}", where=where,
                         fix=f"use one of {', '.join(sorted(locales))}")
    if item.channel:
        from studio.market.channels import get_channel

        try:
            get_channel(item.channel)
        except StudioError as exc:
            raise InputError(exc.message, where=where, fix=exc.fix) from None
    return item


def parse(lines: Iterable[str]) -> list[CheckInput]:
    locales = _known_locales()
    return [parse_line(line.rstrip("\r\n"), n, locales) for n, line in enumerate(lines, 1)]


def run(lines: Iterable[str], engine: CheckEngine | None = None) -> Iterator[dict[str, Any]]:
    """Yield ``{"id", "findings": [...]}`` per input line; every line is validated first."""
    items = parse(lines)
    if engine is None:
        from studio.checks.engine import get_check_engine

        engine = get_check_engine()
    for item in items:
        yield {"id": item.id, "findings": [f.model_dump() for f in engine.check(item)]}


def run_each(lines: Iterable[str | bytes], engine: CheckEngine | None = None,
             judge: Judge | None = None) -> Iterator[dict[str, Any]]:
    """Yield one output per input line, in order; a bad or failing line gets an ``error`` object. With a
    ``judge`` (``studio check --profile``), a line's borderline semantic findings are put to it (one
    call per line that has any, so output still streams) and its verdicts listed under ``judge``."""
    locales = _known_locales()
    if engine is None:
        from studio.checks.engine import get_check_engine

        engine = get_check_engine()
    for n, line in enumerate(lines, 1):
        item: CheckInput | None = None
        try:
            if isinstance(line, bytes):  # the CLI passes a line that is not UTF-8 as its bytes
                raise InputError("not UTF-8 text", where=f"line {n}", fix="save the file as UTF-8")
            item = parse_line(line.rstrip("\r\n"), n, locales)
            findings = engine.check(item)
            verdicts: list[dict[str, Any]] = []
            if judge is not None:
                [judged] = judge.review([item], [findings])
                findings, verdicts = judged.findings, judged.records()
            out: dict[str, Any] = {"id": item.id, "findings": [f.model_dump() for f in findings]}
            yield {**out, "judge": verdicts} if verdicts else out
        except StudioError as exc:
            yield _error(item, line, n, exc.message, exc.fix)
        except Exception as exc:  # a crash in a check: reported on its line, the other lines still run
            yield _error(item, line, n, f"the check failed: {type(exc).__name__}: {exc}",
                         "report this as a bug with the line; the other lines were checked")


def _error(item: CheckInput | None, line: str | bytes, n: int, message: str, fix: str | None) -> dict[str, Any]:
    ident = item.id if item is not None else None
    if ident is None and isinstance(line, str):
        try:
            data = json.loads(line)
            ident = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        except (ValueError, RecursionError):
            pass
    return {"id": ident, "findings": [], "error": {"line": n, "message": message, "fix": fix}}


def exit_code(outputs: Iterable[dict[str, Any]]) -> int:
    """2 when any line has an error (bad input), else 1 when any finding is ``block``, else 0."""
    outputs = list(outputs)
    if any("error" in o for o in outputs):
        return 2
    return 1 if any(f["severity"] == "block" for o in outputs for f in o["findings"]) else 0
