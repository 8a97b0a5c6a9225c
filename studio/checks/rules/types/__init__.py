"""The shipped rule types, one module each. Registering a type is its one line below.

To add a type: write ``studio/checks/rules/types/<name>.py`` with a ``RuleBase`` subclass
(``type: Literal["<name>"]``, its fields, ``term_groups``/``regex_groups`` if it uses the shared
index, and ``evaluate(ctx)``), then add ``register(<Name>Rule)`` here. The loader, the engine,
``studio rules`` and the error messages pick it up from the registry.
"""

from studio.checks.rules.registry import register
from studio.checks.rules.types.calendar import CalendarRule
from studio.checks.rules.types.ceiling import CeilingRule
from studio.checks.rules.types.compared import ComparedRule
from studio.checks.rules.types.contradiction import ContradictionRule
from studio.checks.rules.types.copy_language import CopyLanguageRule
from studio.checks.rules.types.drink_day import DrinkDayRule
from studio.checks.rules.types.drink_stated import DrinkStatedRule
from studio.checks.rules.types.fast_hours import FastHoursRule
from studio.checks.rules.types.footnote import FootnoteRule
from studio.checks.rules.types.format import FormatRule
from studio.checks.rules.types.glossary_name import GlossaryNameRule
from studio.checks.rules.types.grounded import GroundedRule
from studio.checks.rules.types.health_triple import HealthTripleRule
from studio.checks.rules.types.likeness import LikenessRule
from studio.checks.rules.types.lottery import LotteryRule
from studio.checks.rules.types.mix import MixRule
from studio.checks.rules.types.number import NumberRule
from studio.checks.rules.types.odds import OddsRule
from studio.checks.rules.types.origin import OriginElsewhereRule
from studio.checks.rules.types.pattern import PatternRule
from studio.checks.rules.types.reduction import ReductionRule
from studio.checks.rules.types.reference_stated import ReferenceStatedRule
from studio.checks.rules.types.requires import RequiresRule
from studio.checks.rules.types.rival_name import RivalNameRule
from studio.checks.rules.types.sacred_use import SacredUseRule
from studio.checks.rules.types.stated_pair import StatedPairRule
from studio.checks.rules.types.terms import TermsRule
from studio.checks.rules.types.theme import ThemeRule
from studio.checks.rules.types.verb_register import RegisterRule

register(TermsRule)
register(PatternRule)
register(RequiresRule)
register(NumberRule)
register(CalendarRule)
register(MixRule)
register(FormatRule)
register(ThemeRule)
register(GroundedRule)
register(ContradictionRule)
register(OriginElsewhereRule)
register(FootnoteRule)
register(RegisterRule)
register(RivalNameRule)
register(ComparedRule)
register(ReductionRule)
register(StatedPairRule)
register(FastHoursRule)
register(OddsRule)
register(LikenessRule)
register(DrinkStatedRule)
register(HealthTripleRule)
register(CopyLanguageRule)
register(GlossaryNameRule)
register(LotteryRule)
register(DrinkDayRule)
register(SacredUseRule)
register(ReferenceStatedRule)
register(CeilingRule)

__all__ = [
    "CalendarRule",
    "CeilingRule",
    "ComparedRule",
    "ContradictionRule",
    "CopyLanguageRule",
    "DrinkDayRule",
    "DrinkStatedRule",
    "FastHoursRule",
    "FootnoteRule",
    "FormatRule",
    "GlossaryNameRule",
    "GroundedRule",
    "HealthTripleRule",
    "LikenessRule",
    "LotteryRule",
    "MixRule",
    "NumberRule",
    "OddsRule",
    "OriginElsewhereRule",
    "PatternRule",
    "ReductionRule",
    "ReferenceStatedRule",
    "RegisterRule",
    "RequiresRule",
    "RivalNameRule",
    "SacredUseRule",
    "StatedPairRule",
    "TermsRule",
    "ThemeRule",
]
