"""checks-origin59: the stated reader of ``origin_elsewhere`` reads the towns of a gazetteer (``towns``: GeoNames
cities1000 in global/towns59.tsv) as places: a town the copy gives as the origin against the stated one, a town the
statement names against the copy's claim, and nothing where a town is a destination, a showroom or the same
subdivision. Lines written for the test, none a corpus or probe line."""

from __future__ import annotations

import pytest

from studio.checks.rules.types.origin.towns import gazetteer, place, towns_path
from studio.core.errors import RuleError
from tests.checks.origin_rule import load_origin_rule, origin_spans


@pytest.fixture(scope="module")
def rule(tmp_path_factory: pytest.TempPathFactory):
    return load_origin_rule(tmp_path_factory.mktemp("rules"))


@pytest.mark.parametrize(
    ("text", "locale", "facts", "span"),
    [
        ("Pizzi al tombolo di Cantù, lavorati a mano.", "it-IT", ["prodotti in Romania"], "Cantù"),
        ("Bone china teacups from Stoke-on-Trent, gift-boxed.", "en-GB", ["made in Sri Lanka"], "Stoke-on-Trent"),
        ("Faïence de Quimper peinte à la main.", "fr-FR", ["fabriquée en Tunisie"], "Quimper"),
        ("Cerámica de Manises, esmaltada a mano.", "es-ES", ["fabricado en Portugal"], "Manises"),
        ("Rebozo tejido en Tenancingo, Estado de México.", "es-MX", ["tejido en Puebla"], "Tenancingo"),
        ("Ceramika z Bolesławiec stoneware set, six mugs.", "en-US", None, None),
        # a Polish town in its genitive case ("z Kłodzka": Kłodzko)
        ("Miód wrzosowy z Kłodzka, prosto z pasieki.", "pl-PL", ["wyprodukowano na Ukrainie"], "Kłodzka"),
        # a town several states share, settled by the state written after it
        ("Barrel-proof bourbon distilled in Paducah.", "en-US", ["distilled in Columbus, Indiana"], "Paducah"),
    ],
)
def test_a_town_given_as_the_origin_against_the_stated_one(rule, text, locale, facts, span):
    got = origin_spans(rule, text, locale, facts)
    assert (span in got) if span else not got, got


@pytest.mark.parametrize(
    ("text", "locale", "facts"),
    [
        ("Pizzi al tombolo di Cantù, lavorati a mano.", "it-IT", ["prodotti a Cantù (CO)"]),
        ("Faïence de Quimper peinte à la main.", "fr-FR", ["fabriquée en France, Bretagne"]),
        ("Livraison express à Quimper, Brest et Lorient.", "fr-FR", ["fabriqué au Maroc"]),
        ("Showroom aperto a Cantù tutti i sabati.", "it-IT", ["prodotto in Cina"]),
        ("Inspired by Stoke-on-Trent's potteries, designed in London.", "en-GB", ["made in China"]),
        ("Barrel-proof bourbon distilled in Paducah.", "en-US", ["distilled in Columbus, Kentucky"]),
    ],
)
def test_a_town_the_statement_holds_or_no_origin_stays_silent(rule, text, locale, facts):
    assert origin_spans(rule, text, locale, facts) == []


def test_the_gazetteer_is_read_with_codes_and_checked(tmp_path):
    towns = gazetteer(str(towns_path()))
    assert place(towns["Sassuolo"]) == ("IT", frozenset({"IT-45"}))
    bad = tmp_path / "towns.tsv"
    bad.write_text("# a comment\nSomewhere\tXX\tXX-1\nElsewhere\tXX\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"towns.tsv:3"):
        gazetteer(str(bad))
    with pytest.raises(RuleError, match="another country"):
        place("XX\tYY-1")
