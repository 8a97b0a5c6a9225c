"""checks-comparative53: the rival_name type's context words (``near``, ``required``) and name list (``terms``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

RULES = Path(get_settings().rules_dir)


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(RULES)


def _flagged(ruleset, rule_id: str, text: str, locale: str) -> bool:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return any(f.rule == rule_id for f in LocaleChecker(locale, [ruleset.by_id[rule_id]]).check(item))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Chez Bricomax, c'est trop cher. Ici, deux paires pour 99 €.", True),
        # the rival named where a rival stands, but nothing said against it
        ("Chez Bricomax, vos lunettes en une heure. Ici, tout est fait sur place.", False),
        # faulted, but no turn to the advertiser: a review or a news line, not an ad's comparison
        ("Chez Bricomax, c'est trop cher, disent les clients interrogés.", False),
    ],
)
def test_a_named_rival_needs_a_failing_near_it_and_the_turn_to_the_advertiser(ruleset, text, flagged):
    assert _flagged(ruleset, "global.comparative.named_rival_faulted_then_us53", text, "fr-FR") is flagged


@pytest.mark.parametrize(
    ("text", "locale", "flagged"),
    [
        ("Safer than Ring, and no monthly fee.", "en-US", True),
        ("Moins cher que Free, box incluse.", "fr-FR", True),
        # the comparative word itself ("Plus") is a listed brand, the other term is not
        ("Plus doux que Lumière, notre nouvelle gamme.", "fr-FR", False),
        # the brand's word in lower case is the thing, not the brand
        ("Fresher than orange juice from the carton.", "en-GB", False),
    ],
)
def test_a_brand_named_by_an_everyday_word_counts_only_as_the_capitalised_other_term(ruleset, text, locale, flagged):
    assert _flagged(ruleset, "global.comparative.than_a_common_word_brand53", text, locale) is flagged
