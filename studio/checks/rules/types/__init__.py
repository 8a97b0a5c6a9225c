"""The shipped rule types, one module each. Declaring a type is its one line in ``TYPES`` below.

To add a type: write ``studio/checks/rules/types/<name>.py`` with a ``RuleBase`` subclass
(``type: Literal["<name>"]``, its fields, ``term_groups``/``regex_groups`` if it uses the shared
index, and ``evaluate(ctx)``), then add ``"<name>": "<module>:<Class>",`` to ``TYPES``. The loader, the
engine, ``studio rules`` and the error messages pick it up from the registry (studio.checks.rules.registry).

Nothing here imports a type's module: the registry imports one when a type is asked for, and `studio check`,
which reads the packs validated already, imports the modules of the rules it loads (unpickling a rule imports
its class), not those of types no loaded rule uses (engine59: the eight types of session 58 had put the
one-draft check back over 1 s). ``from studio.checks.rules.types import PatternRule`` still works
(``__getattr__`` below imports the one module).
"""

from __future__ import annotations

from typing import Any

from studio.checks.rules.registry import declare

# type tag -> "module under studio/checks/rules/types/:class"; the order is the one error messages list.
TYPES: dict[str, str] = {
    "terms": "terms:TermsRule",
    "pattern": "pattern:PatternRule",
    "requires": "requires:RequiresRule",
    "number": "number:NumberRule",
    "calendar": "calendar:CalendarRule",
    "mix": "mix:MixRule",
    "format": "format:FormatRule",
    "theme": "theme:ThemeRule",
    "grounded": "grounded:GroundedRule",
    "contradiction": "contradiction:ContradictionRule",
    "origin_elsewhere": "origin:OriginElsewhereRule",
    "footnote": "footnote:FootnoteRule",
    "register": "verb_register:RegisterRule",
    "rival_name": "rival_name:RivalNameRule",
    "compared": "compared:ComparedRule",
    "reduction": "reduction:ReductionRule",
    "stated_pair": "stated_pair:StatedPairRule",
    "fast_hours": "fast_hours:FastHoursRule",
    "odds": "odds:OddsRule",
    "likeness": "likeness:LikenessRule",
    "drink_stated": "drink_stated:DrinkStatedRule",
    "health_triple": "health_triple:HealthTripleRule",
    "copy_language": "copy_language:CopyLanguageRule",
    "glossary_name": "glossary_name:GlossaryNameRule",
    "lottery": "lottery:LotteryRule",
    "drink_day": "drink_day:DrinkDayRule",
    "sacred_use": "sacred_use:SacredUseRule",
    "reference_stated": "reference_stated:ReferenceStatedRule",
    "ceiling": "ceiling:CeilingRule",
    "solemn_day": "solemn_day:SolemnDayRule",
    "announced": "announced:AnnouncedRule",
    "ai_role": "ai_role:AiRoleRule",
    "ad_placed": "ad_placed:AdPlacedRule",
    "free_condition": "free_condition:FreeConditionRule",
    "contrast": "contrast:ContrastRule",
}

for _tag, _where in TYPES.items():
    declare(_tag, f"{__name__}.{_where}")

_CLASS_TAG = {where.partition(":")[2]: tag for tag, where in TYPES.items()}
__all__ = sorted(_CLASS_TAG)


def __getattr__(name: str) -> Any:
    """A type's class by its class name, its module imported now (``from studio.checks.rules.types import X``)."""
    tag = _CLASS_TAG.get(name)
    if tag is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from studio.checks.rules.registry import rule_type

    return rule_type(tag)
