"""The agreement gate: an article of one gender before a noun the locale's verified words say only with the other's
(prompts/agreement.yaml's examples)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studio.generate.agreement import article_mismatch, listed_mismatch
from studio.generate.candidates import Candidate
from studio.generate.gates import copy_gates
from studio.generate.problems import repair_problems
from studio.plan.brief import PlannedAsset, load_brief

AGREEMENT = yaml.safe_load((Path(__file__).resolve().parents[2] / "prompts" / "agreement.yaml").read_text(encoding="utf-8"))
BRIEF = load_brief("examples/campaign.yaml")


@pytest.mark.parametrize("locale, text, noun", AGREEMENT["examples"], ids=lambda v: str(v)[:30])
def test_an_article_of_the_other_gender_before_a_known_noun_is_named(locale, text, noun):
    found = article_mismatch(text, locale)
    assert (found[1] if found else None) == noun


def test_the_stored_posts_that_passed_every_gate_with_a_wrong_article_now_fail_agreement_only():
    # q23e's fr-FR post and q23d's pt-BR post passed every other gate
    fr = "Vous pourrez boire de l'eau fraîche toute la journée avec Fjell Bottle.\nFjell Bottle est un gourde isotherme.\n#Fjell"
    pt = "Tudo o que você precisa para o dia todo!\nA Fjell Bottle é um garrafa térmica.\n#Fjell"
    for locale, text in (("fr-FR", fr), ("pt-BR", pt)):
        failed = copy_gates(text, "instagram", locale, BRIEF)
        assert "agreement" in failed, failed
        fixed = text.replace("un gourde", "une gourde").replace("um garrafa", "uma garrafa")
        assert "agreement" not in copy_gates(fixed, "instagram", locale, BRIEF)


def test_the_repair_quotes_the_article_and_its_noun():
    job = PlannedAsset(locale="fr-FR", kind="copy", channel="google_ads_headline", variant=0)
    text = "Fjell : Un seul gourde"
    cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, job.channel, job.locale, BRIEF))
    assert any("'un' before 'gourde'" in p for p in repair_problems(cand, job, BRIEF))


@pytest.mark.parametrize("locale, text, noun", AGREEMENT["listed_examples"], ids=lambda v: str(v)[:30])
def test_a_nl_or_de_determiner_of_another_gender_before_a_listed_noun_is_named(locale, text, noun):
    found = listed_mismatch(text, locale)
    assert (found[1] if found else None) == noun


def test_a_stored_de_post_that_passed_every_gate_with_a_wrong_article_now_fails_agreement_only():
    # q23d's de-DE post (published, in review): 'einem' is masculine or neuter, 'Trinkflasche' feminine
    text = ("Verwende Fjell Bottle! Die kalten Getränke bleiben kalt, auch nach dem Abend. Mit einem einzigen "
            "Trinkflasche können Sie den ganzen Tag warm oder kalt. #Fjell #Trinkflasche (KI-generiert)")
    assert list(copy_gates(text, "instagram", "de-DE", BRIEF)) == ["agreement"]
    assert copy_gates(text.replace("einem einzigen", "einer einzigen"), "instagram", "de-DE", BRIEF) == {}


def test_q23g_s_published_pl_post_with_takie_butelka_now_fails_agreement_only():
    # q23g's pl-PL post passed every gate; 'butelka' is feminine: 'Taka butelka'
    text = ("Zimna woda cały dzień, dokądkolwiek zabierze cię dzień\nZ Fjell butelka termiczna, która utrzymuje napoje "
            "zimne przez 24 godziny\nTakie butelka to jedna zamiast setek plastikowych butelek\n(Wygenerowano przez AI)")
    failed = copy_gates(text, "instagram", "pl-PL", BRIEF)
    assert list(failed) == ["agreement"]
    assert "'butelka', feminine" in failed["agreement"]  # the repair says what to agree with
    assert copy_gates(text.replace("Takie butelka", "Taka butelka"), "instagram", "pl-PL", BRIEF) == {}


def test_the_nl_repair_names_the_noun_s_article():
    job = PlannedAsset(locale="nl-NL", kind="copy", channel="google_ads_headline", variant=0)
    text = "Fjell: het geïsoleerde waterfles"
    cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, job.channel, job.locale, BRIEF))
    assert any("'het' before 'waterfles', a de-word" in p for p in repair_problems(cand, job, BRIEF))
