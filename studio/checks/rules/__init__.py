"""Rule packs: the schema (rule types) and the loader (cultural_rules/ -> RuleSet)."""

from studio.checks.rules.loader import LoadedRule, Pack, RuleSet, load_rules

__all__ = ["LoadedRule", "Pack", "RuleSet", "load_rules"]
