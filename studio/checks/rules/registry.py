"""The rule-type registry: the ``type:`` tag of a YAML rule -> its pydantic model.

A shipped type is declared by name (``declare``: its tag and ``module:Class``, one line of the table in
``studio/checks/rules/types/__init__.py``) and its module is imported only when something asks for that
type: ``rule_type(tag)``, or ``rule_types()``/``rule_adapter()``, which import every declared type (the
loader validating YAML needs the whole union). `studio check` reads the packs validated already
(studio.checks.loadcache): unpickling a rule imports its own module, so a start imports the types of
the rules it loads and no other (engine59). ``register(cls)`` makes an imported class a type at once
(a test's own type, or a type registered the old way).

The discriminated union the loader validates with is built from this table, so adding a rule type
is one module (its model with ``term_groups``/``regex_groups``/``evaluate``) plus one line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from studio.checks.rules.base import RuleBase

_DECLARED: dict[str, str] = {}  # tag -> "package.module:Class", imported on first use
_TYPES: dict[str, type[RuleBase]] = {}  # tag -> class, once imported (or registered)
_adapter: TypeAdapter[Any] | None = None
_SHIPPED = "studio.checks.rules.types"  # whose import declares the shipped types


def _tag(cls: type[RuleBase]) -> str:
    field = cls.model_fields.get("type")
    args = get_args(field.annotation) if field is not None else ()
    if len(args) != 1 or not isinstance(args[0], str):
        raise TypeError(f"{cls.__name__} needs a field `type: Literal['<name>']` to be a rule type")
    return args[0]


def declare(name: str, target: str) -> None:
    """Make ``name`` a rule type whose class is ``target`` (``"package.module:Class"``), imported on first use."""
    global _adapter
    module, _, cls = target.partition(":")
    if not module or not cls:
        raise ValueError(f"rule type {name!r}: declare it as 'package.module:Class', not {target!r}")
    if name in _DECLARED and _DECLARED[name] != target:
        raise ValueError(f"rule type {name!r} is already declared ({_DECLARED[name]})")
    _DECLARED[name] = target
    _adapter = None


def register(cls: type[RuleBase]) -> type[RuleBase]:
    """Make ``cls`` a rule type under its ``type`` literal (usable as a class decorator)."""
    global _adapter
    name = _tag(cls)
    if name in _TYPES and _TYPES[name] is not cls:
        raise ValueError(f"rule type {name!r} is already registered ({_TYPES[name].__name__})")
    _TYPES[name] = cls
    _adapter = None
    return cls


def unregister(name: str) -> None:
    """Remove a rule type (tests that register a type of their own clean up with this)."""
    global _adapter
    _TYPES.pop(name, None)
    _DECLARED.pop(name, None)
    _adapter = None


def _shipped() -> None:
    importlib.import_module(_SHIPPED)  # its table declares the shipped types (no type module imported)


def type_names() -> tuple[str, ...]:
    """Every type's tag, declared ones first in table order, without importing any type's module."""
    _shipped()
    return (*_DECLARED, *(n for n in _TYPES if n not in _DECLARED))


def rule_type(name: str) -> type[RuleBase]:
    """The class of the type tagged ``name``, its module imported now if it was not; KeyError names the
    known types."""
    found = _TYPES.get(name)
    if found is not None:
        return found
    _shipped()
    target = _DECLARED.get(name)
    if target is None:
        raise KeyError(f"unknown rule type {name!r}; known types: {', '.join(type_names())}")
    module, _, attr = target.partition(":")
    try:
        cls: type[RuleBase] = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ImportError(f"rule type {name!r} is declared as {target}, which cannot be imported: {exc}"
                          f"\n  fix: correct its line in {_SHIPPED.replace('.', '/')}/__init__.py") from exc
    if _tag(cls) != name:
        raise TypeError(f"rule type {name!r} is declared as {target}, whose type literal is {_tag(cls)!r}"
                        f"\n  fix: make the table's tag and the class's `type: Literal[...]` agree")
    _TYPES[name] = cls
    return cls


def rule_types() -> dict[str, type[RuleBase]]:
    """Every type by tag, in ``type_names`` order (each declared type's module imported)."""
    return {name: rule_type(name) for name in type_names()}


def rule_adapter() -> TypeAdapter[Any]:
    """A TypeAdapter for the union of every type, discriminated on ``type``."""
    global _adapter
    if _adapter is None:
        from pydantic import Field, TypeAdapter

        members = tuple(rule_types().values())
        if not members:
            raise RuntimeError(f"no rule types registered (import {_SHIPPED})")
        union: Any = members[0] if len(members) == 1 else Union[members]  # noqa: UP007 (runtime union of classes)
        _adapter = TypeAdapter(Annotated[union, Field(discriminator="type")])
    return _adapter
