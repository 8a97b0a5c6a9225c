"""The rule-type registry: the ``type:`` tag of a YAML rule -> its pydantic model.

The discriminated union the loader validates with is built from this table, so adding a rule type
is one module (its model with ``term_groups``/``regex_groups``/``evaluate``) plus one ``register``
line (``studio/checks/rules/types/__init__.py`` for the shipped ones).
"""

from __future__ import annotations

from typing import Annotated, Any, Union, get_args

from pydantic import Field, TypeAdapter

from studio.checks.rules.base import RuleBase

_TYPES: dict[str, type[RuleBase]] = {}
_adapter: TypeAdapter[Any] | None = None


def _tag(cls: type[RuleBase]) -> str:
    field = cls.model_fields.get("type")
    args = get_args(field.annotation) if field is not None else ()
    if len(args) != 1 or not isinstance(args[0], str):
        raise TypeError(f"{cls.__name__} needs a field `type: Literal['<name>']` to be a rule type")
    return args[0]


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
    _adapter = None


def rule_types() -> dict[str, type[RuleBase]]:
    """Registered types by tag, in registration order."""
    return dict(_TYPES)


def type_names() -> tuple[str, ...]:
    return tuple(_TYPES)


def rule_adapter() -> TypeAdapter[Any]:
    """A TypeAdapter for the union of every registered type, discriminated on ``type``."""
    global _adapter
    if _adapter is None:
        if not _TYPES:
            raise RuntimeError("no rule types registered (import studio.checks.rules.types)")
        members = tuple(_TYPES.values())
        union: Any = members[0] if len(members) == 1 else Union[members]  # noqa: UP007 (runtime union of classes)
        _adapter = TypeAdapter(Annotated[union, Field(discriminator="type")])
    return _adapter
