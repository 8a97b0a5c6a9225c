"""YAML loading that remembers where each value came from, so errors can say file:line.

Every data file (briefs, rule packs, locale, channel and model profiles) comes through here, so hostile
or broken input fails the same way everywhere: a ``StudioError`` at file:line, in well under a second.
PyYAML's ``SafeLoader`` builds no Python objects from tags; on top of it this module bounds what one
file may ask for before anything is built:
- size (``MAX_BYTES``) and nesting depth (``MAX_DEPTH``), checked on the event stream, which is
  iterative, before the (recursive) composer runs;
- alias expansion ("billion laughs"): at most ``MAX_NODES`` values once aliases are followed, and
  no alias may refer to a value that contains it (a self-referencing alias);
- keys are plain scalars (a mapping or list as a key is refused), integers have at most
  ``MAX_INT_DIGITS`` digits, NUL and other control characters are refused by the reader;
- bytes that are not UTF-8 are reported at their line.

``fast=True`` (the shipped data folders: rule packs, concept banks, locales) runs the same bounds over
libyaml's C parser and composer, about 15 times faster; any error there re-parses the file on the
pure-Python path, so every message and line stays the same.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from studio.core.errors import StudioError

if TYPE_CHECKING:
    import yaml
else:
    class _LazyYaml:
        """PyYAML, imported when a file is first read (~0.02 s with its regexes): `studio check` reads
        the rule packs' validated copy and no YAML at all. The first attribute read puts the module
        itself in this name's place."""

        def __getattr__(self, name: str) -> Any:
            import yaml as module

            globals()["yaml"] = module
            return getattr(module, name)

    yaml = _LazyYaml()

Loc = tuple[Any, ...]

MAX_BYTES = 2_000_000  # the largest shipped data file is ~22 KB
MAX_DEPTH = 64  # the deepest shipped file nests ~8 levels
MAX_NODES = 100_000  # values after alias expansion; shipped files have a few thousand
MAX_INT_DIGITS = 100
YAML_FIX = "fix the YAML syntax at that line (indentation, quotes, a missing ':')"


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@cache
def _line_loader() -> type:
    class _LineLoader(yaml.SafeLoader):
        pass

    return _LineLoader


def _c_loader() -> type | None:
    return getattr(yaml, "CSafeLoader", None)  # None when PyYAML was built without libyaml


class _Limit(Exception):
    """A bound of this module was hit: message and the 1-based line where."""

    def __init__(self, message: str, line: int, fix: str):
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix


def _check_events(text: str, loader_cls: type | None = None) -> None:
    """Depth and alias-count bounds on the event stream (no recursion, linear in the input)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_cls or yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Limit(f"nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1,
                             "flatten the structure; no studio file needs this depth")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_nodes(root: yaml.Node) -> None:
    """Bound the values after alias expansion, refuse cycles, complex keys and huge integers.

    Iterative walk; an alias is the same node object reached twice, so the walk counts what the
    constructor would build, and stops as soon as that passes ``MAX_NODES``."""
    visits = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        visits += 1
        if visits > MAX_NODES:
            raise _Limit(f"the document expands to more than {MAX_NODES:,} values (aliases repeated inside aliases?)",
                         node.start_mark.line + 1, "write the values out or use fewer aliases ('*name')")
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_INT_DIGITS:
                raise _Limit(f"an integer of {len(node.value):,} digits (at most {MAX_INT_DIGITS})", line,
                             "use a smaller number, or quote it if it is text")
            continue
        if id(node) in on_path:
            raise _Limit("an alias refers to a value that contains it (a self-referencing alias)", line,
                         "remove the alias ('*name') inside the value its anchor ('&name') marks")
        on_path.add(id(node))
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Limit("a key must be a plain value, not a mapping or a list ('? ' complex key)",
                                 key_node.start_mark.line + 1, "use a plain name as the key")
                stack.append((value_node, False))
                stack.append((key_node, False))
        else:
            stack.extend((child, False) for child in reversed(node.value))


def _construct(loader: Any, node: yaml.Node, path: Loc, lines: dict[Loc, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise _Limit(f"the tag {node.tag!r} is not supported here", node.start_mark.line + 1,
                     "remove the '!' tag; write a plain mapping or list")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if key in out:
                raise yaml.MarkedYAMLError("while reading a mapping", None, f"duplicate key {key!r}", key_node.start_mark)
            out[key] = _construct(loader, value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, path + (i,), lines) for i, child in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: Any, node: yaml.Node) -> Any:
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a timestamp like 2026-13-45
        raise _Limit(f"cannot read the value {str(node.value)[:40]!r} ({exc})", node.start_mark.line + 1,
                     "correct the value, or quote it if it is text") from None
    try:
        hash(value)
    except TypeError:  # a key the constructor made into a list or mapping (e.g. a !!set or !!omap tag)
        raise _Limit("a key must be a plain value, not a mapping or a list", node.start_mark.line + 1,
                     "use a plain name as the key") from None
    return value


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, max(0, index)) + 1


def _load_fast(text: str) -> tuple[Any, dict[Loc, int]] | None:
    """The bounded load over libyaml (events for the depth bound, then C composer, then the same node
    checks and construction); None when anything is wrong, for the pure-Python path to report."""
    c_loader = _c_loader()
    if c_loader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    lines: dict[Loc, int] = {}
    try:
        _check_events(text, c_loader)
        loader = c_loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, lines
            _check_nodes(node)
            return _construct(loader, node, (), lines), lines
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - every failure is re-parsed below and reported there
        return None


def load_yaml(text: str, source: str, error_cls: type[StudioError] = StudioError,
              fast: bool = False) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML within this module's bounds; return (data, {path-tuple: line}).

    Syntax errors and every bound raise ``error_cls`` at file:line with a fix. ``fast``: parse with
    libyaml first (same bounds, same result); a file it does not accept is re-read here to name the
    problem."""
    if len(text) > MAX_BYTES:
        raise error_cls(f"the file is {len(text):,} characters; at most {MAX_BYTES:,}", where=f"{source}:1",
                        fix="split it, or check that this is the file you meant")
    if fast:
        done = _load_fast(text)
        if done is not None:
            return done
    lines: dict[Loc, int] = {}
    try:
        _check_events(text)
        loader = _line_loader()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, lines
            _check_nodes(node)
            data = _construct(loader, node, (), lines)
        finally:
            loader.dispose()
    except _Limit as exc:
        raise error_cls(exc.message, where=f"{source}:{exc.line}", fix=exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise error_cls(f"invalid YAML: {exc.problem or exc}", where=f"{source}:{line}", fix=YAML_FIX) from None
    except yaml.reader.ReaderError as exc:  # NUL and other characters YAML does not allow
        raise error_cls(f"invalid YAML: the character U+{exc.character:04X} is not allowed", where=f"{source}:{_line_of(text, exc.position)}",
                        fix="remove control characters (e.g. NUL bytes) from the file") from None
    except yaml.YAMLError as exc:
        raise error_cls(f"invalid YAML: {exc}", where=f"{source}:1", fix=YAML_FIX) from None
    except RecursionError:  # not reachable within MAX_DEPTH; kept so no input can end in a traceback
        raise error_cls("nested too deeply", where=f"{source}:1", fix="flatten the structure") from None
    return data, lines


def read_text(path: Path, error_cls: type[StudioError] = StudioError) -> str:
    """A data file's text; a missing file, a folder, oversize or non-UTF-8 bytes are clear errors."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise error_cls(f"the file is {path.stat().st_size:,} bytes; at most {MAX_BYTES:,}", where=str(path),
                            fix="split it, or check that this is the file you meant")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error_cls("file not found", where=str(path), fix="check the path") from None
    except IsADirectoryError:
        raise error_cls("is a folder, not a file", where=str(path), fix="name the file itself") from None
    except OSError as exc:
        raise error_cls(f"cannot read ({exc.strerror})", where=str(path), fix="check the path and its permissions") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error_cls(f"not UTF-8 text ({exc.reason} at byte {exc.start})", where=f"{path}:{line}",
                        fix="save the file as UTF-8") from None


def load_yaml_file(path: Path, error_cls: type[StudioError] = StudioError,
                   fast: bool = False) -> tuple[Any, dict[Loc, int]]:
    return load_yaml(read_text(path, error_cls), str(path), error_cls, fast)


def load_json(text: str, source: str, error_cls: type[StudioError] = StudioError) -> Any:
    """Parse JSON within the same bounds as YAML (size, depth, integer digits)."""
    if len(text) > MAX_BYTES:
        raise error_cls(f"the file is {len(text):,} characters; at most {MAX_BYTES:,}", where=f"{source}:1",
                        fix="split it, or check that this is the file you meant")

    def big_int(value: str) -> int:
        if len(value.lstrip("-")) > MAX_INT_DIGITS:
            raise _Limit(f"an integer of {len(value):,} digits (at most {MAX_INT_DIGITS})", 1,
                         "use a smaller number, or quote it if it is text")
        return int(value)

    try:
        data = json.loads(text, parse_int=big_int)
    except json.JSONDecodeError as exc:
        raise error_cls(f"invalid JSON: {exc.msg}", where=f"{source}:{exc.lineno}", fix="fix the JSON syntax") from None
    except _Limit as exc:
        raise error_cls(exc.message, where=source, fix=exc.fix) from None
    except RecursionError:
        raise error_cls("nested too deeply", where=source, fix="flatten the structure") from None
    if _depth(data) > MAX_DEPTH:
        raise error_cls(f"nested more than {MAX_DEPTH} levels deep", where=source, fix="flatten the structure")
    return data


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((v, depth + 1) for v in value)
    return deepest


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
