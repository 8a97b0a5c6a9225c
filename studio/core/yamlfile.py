"""YAML loading that remembers where each value came from, so errors can say file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from studio.core.errors import StudioError

Loc = tuple[Any, ...]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct(loader: _LineLoader, node: yaml.Node, path: Loc, lines: dict[Loc, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise yaml.MarkedYAMLError("while reading a mapping", None, f"duplicate key {key!r}", key_node.start_mark)
            out[key] = _construct(loader, value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, path + (i,), lines) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml(text: str, source: str, error_cls: type[StudioError] = StudioError) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML; return (data, {path-tuple: line}). Syntax errors raise ``error_cls`` at file:line."""
    lines: dict[Loc, int] = {}
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            data = _construct(loader, node, (), lines) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise error_cls(f"invalid YAML: {exc.problem or exc}", where=f"{source}:{line}",
                        fix="fix the YAML syntax at that line (indentation, quotes, a missing ':')") from None
    return data, lines


def load_yaml_file(path: Path, error_cls: type[StudioError] = StudioError) -> tuple[Any, dict[Loc, int]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_cls("file not found", where=str(path), fix="check the path") from None
    except UnicodeDecodeError as exc:
        raise error_cls(f"not UTF-8 text ({exc.reason})", where=str(path), fix="save the file as UTF-8") from None
    return load_yaml(text, str(path), error_cls)


def line_for(lines: dict[Loc, int], loc: Loc) -> int:
    """The line of the deepest known ancestor of ``loc``."""
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validation_error(exc: ValidationError, source: str, lines: dict[Loc, int] | None,
                     error_cls: type[StudioError], fix: str, prefix: Loc = ()) -> StudioError:
    """Turn a pydantic ValidationError into one error listing every problem at file:line, field."""
    problems = []
    first_where = None
    for err in exc.errors():
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        where = f"{source}:{line_for(lines, loc)}" if lines is not None else source
        first_where = first_where or where
        problems.append(f"{where}: {format_loc(loc)}: {err['msg'].removeprefix('Value error, ')}")
    message = problems[0].split(": ", 1)[1] if len(problems) == 1 else "\n".join(["invalid:"] + problems)
    return error_cls(message, where=first_where if len(problems) == 1 else None, fix=fix)
