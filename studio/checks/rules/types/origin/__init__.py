"""``origin_elsewhere``: an origin claim for one country beside production in another in the same copy.

Three modules: ``table`` (the country table, its word lists and their compiled automaton, built once per rule),
``draft`` (one draft read against the table: what the rule finds, told in its docstring), ``rule`` (the rule type:
fields, validation, ``evaluate``).
"""

from studio.checks.rules.types.origin.rule import OriginElsewhereRule

__all__ = ["OriginElsewhereRule"]
