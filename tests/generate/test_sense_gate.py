"""The sense gate (studio.generate.sense): a draft that says nothing the brief says fails, read by meaning in the
locale's language; drafts that say the brief pass. Calibrated on tests/generate/data/sense_drafts.yaml, a labelled
set of good and nonsense drafts (most of the nonsense passed every other gate in a bench run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.candidates import Candidate
from studio.generate.sense import SENSE_FILE, meta_talk, sense_gate, sense_problem
from studio.plan.brief import PlannedAsset, load_brief
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
BRIEF = load_brief("examples/campaign.yaml")
BRIEFS = {"sample": BRIEF, "hard": load_brief("examples/campaign_hard.yaml")}
DRAFTS = load_yaml_file(Path(__file__).parent / "data" / "sense_drafts.yaml")[0]["drafts"]
EXAMPLES = load_yaml_file(ROOT / "prompts" / SENSE_FILE)[0]["examples"]


def _id(d):
    return f"{d['label']}-{d['locale']}-{d['text'][:24]}"


@pytest.mark.parametrize("text", EXAMPLES["meta"])
def test_every_meta_talk_example_is_found(text):
    assert meta_talk(text), text


@pytest.mark.parametrize("text", EXAMPLES["clean"])
def test_ad_copy_is_no_meta_talk(text):
    assert meta_talk(text) is None, text


@pytest.mark.parametrize("draft", DRAFTS, ids=_id)
def test_the_gate_reads_each_labelled_draft_as_labelled(draft):
    """Good drafts pass but for those marked ``rejected``; nonsense fails, but for the drafts marked ``missed`` (the
    brief's words, garbled), which still pass: a change to the gate that catches or fixes one shows here."""
    failed = sense_gate([draft["text"]], draft["locale"], BRIEFS[draft.get("brief", "sample")])
    fails = bool(draft.get("rejected")) if draft["label"] == "good" else not draft.get("missed")
    assert bool(failed) == fails, (draft["text"], draft.get("gloss"), failed)


def test_precision_on_both_labels():
    """The figures the commit reports: the good drafts that fail are those marked ``rejected`` (one, a thin Korean
    headline at 0.44), and the nonsense that passes is the set marked ``missed`` (9 of 41 since drafts-sense21 added
    real lines of the weak languages: garbled or negated words of the brief's facts, '24시간 동안 쓰레기가
    냉장됩니다', garbage refrigerated for 24 hours, that the embeddings read as the fact; 18 of 66 since drafts-sense25
    labelled stored drafts of hi, ar, fr-CA, id, ko and vi: a glass for the bottle, broken agreement, 'heavy')."""
    good = [d for d in DRAFTS if d["label"] == "good"]
    bad = [d for d in DRAFTS if d["label"] == "nonsense"]
    assert len(good) >= 25 and len(bad) >= 15 and len({d["locale"][:2] for d in DRAFTS}) >= 12
    def failed(d):
        return bool(sense_gate([d["text"]], d["locale"], BRIEFS[d.get("brief", "sample")]))

    good_failed = [d["text"] for d in good if failed(d)]
    bad_passed = [d["text"] for d in bad if not failed(d)]
    assert good_failed == [d["text"] for d in good if d.get("rejected")]
    assert len(good_failed) <= 1, good_failed
    assert bad_passed == [d["text"] for d in bad if d.get("missed")]
    assert len(bad_passed) <= 18, bad_passed


def test_a_good_post_with_a_hook_and_an_invitation_passes_on_its_sentence_that_says_the_brief():
    """A post's hook ("Ready for summer?") and invitation say nothing of the brief on their own; one sentence that
    says the key message carries the draft."""
    post = "Bereit für den Sommer? Kaltes Wasser den ganzen Tag, wohin du auch gehst. Hol dir jetzt deine Fjell! #Fjell"
    assert sense_gate([post], "de-DE", BRIEF) == {}


def test_chatter_inside_a_good_post_fails():
    """A sentence that reads as the prompt talking fails the draft, however good the rest."""
    post = "Fjell: air dingin sepanjang hari. Anda tidak perlu mengikuti semua aturan ini, tulis saja apa yang Anda suka."
    assert "sense" in sense_gate([post], "id-ID", BRIEF)


def test_a_script_is_read_by_its_voiceovers_and_on_screen_texts():
    said = ["Kaltes Wasser den ganzen Tag.", "Fjell", "Eine Flasche statt Hunderter aus Plastik.", "Hol sie dir!"]
    assert sense_gate(said, "de-DE", BRIEF) == {}
    garbled = ["Wo ist mein Name geblieben?", "Fjell", "Der Himmel tanzt im Regen.", "#Fjell"]
    assert "sense" in sense_gate(garbled, "de-DE", BRIEF)


def test_the_sponsored_label_on_screen_is_not_read_as_the_scripts_meaning():
    # drafts-scripts31's second-brief run: a correct hi-IN script for the sponsored cream failed sense because its
    # first on-screen text, the market's ad label, read as the prompt's own lines (the prompt names the label)
    said = ["विज्ञापन", "सुबह से शाम तक मुलायम त्वचा।", "8 घंटे तक नमी देती है।",
            "खुशबू रहित, रूखी और संवेदनशील त्वचा के लिए।", "जार दोबारा भरें, नया न खरीदें।"]
    assert BRIEFS["hard"].sponsored
    assert sense_gate(said, "hi-IN", BRIEFS["hard"]) == {}
    # the label is left out, the ad is not: a script of the label and nonsense still fails
    assert "sense" in sense_gate(["विज्ञापन", "आसमान बारिश में नाचता है।"], "hi-IN", BRIEFS["hard"])


def test_only_names_are_left_to_the_other_gates():
    assert sense_gate(["Fjell Bottle #Fjell"], "de-DE", BRIEF) == {}
    assert sense_gate([""], "de-DE", BRIEF) == {}


def test_a_bad_meta_file_names_the_line_and_the_fix(tmp_path):
    (tmp_path / SENSE_FILE).write_text("meta:\n  en: [\"ok\"]\n  de: \"not a list\"\n", encoding="utf-8")
    with pytest.raises(StudioError) as err:
        meta_talk("x", prompts_dir=tmp_path)
    assert f"{SENSE_FILE}:3" in str(err.value) and "meta.de" in str(err.value)


# ---------------------------------------------------------------- the repair


@pytest.mark.parametrize(
    ("locale", "text", "line"),
    [
        ("hi-IN", "मेरा नाम कहाँ रहा हूं? #Fjell", "के बारे में कुछ नहीं कहता"),
        ("tr-TR", "Ne zaman? #Fjell #Sushi", "hakkında bir şey söylemiyor"),
        ("de-DE", "Hier ist der Text für die Anzeige, wie du es gewünscht hast.", "sagt nichts über Fjell Bottle"),
    ],
)
def test_the_repair_quotes_the_nonsense_in_the_locales_language(locale, text, line):
    """A headline that says nothing of the product gets the sense line with its sentence quoted, in the locale's
    language. (A post that is only a question gets the question line alone instead: test_post_copy.)"""
    from studio.generate.problems import repair_problems

    problem = sense_problem([text], locale, BRIEF)
    assert problem is not None
    cand = Candidate("candidate 1", text, text, {}, gates={"sense": problem.why}, sense=problem)
    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale=locale, variant=0)
    asked = [p for p in repair_problems(cand, job, BRIEF) if line in p]
    assert asked and problem.text in asked[0], repair_problems(cand, job, BRIEF)


# ---------------------------------------------------------------- the drafting loop

NONSENSE_DE = "Wo ist mein Name geblieben? #Fjell"  # where has my name gone? (the hi-IN post, in German)
GOOD_DE = "Kaltes Wasser den ganzen Tag, wohin du auch gehst. #Fjell"


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


def test_the_loop_repairs_nonsense_quoting_it_in_german_and_keeps_the_repair(db_url, use_model, monkeypatch):  # noqa: F811
    from sqlmodel import select

    from studio.runs.pipeline import run_brief
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    model = use_model(QueuedTextModel(lambda p: GOOD_DE if p.is_repair else NONSENSE_DE))
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    fixes = [p for call in model.calls for p in call if p.is_repair and p.history[-1][1] == NONSENSE_DE]
    assert fixes, "the nonsense post was not repaired"
    assert f"„{NONSENSE_DE}“ sagt nichts über Fjell Bottle." in fixes[0].user
    with session_scope(db_url) as s:
        post = s.exec(select(Asset).where(Asset.locale == "de-DE", Asset.channel == "instagram")).one()
        assert post.text.startswith("Kaltes Wasser den ganzen Tag")
        assert "sense" in post.generation["candidates"][0]["failed"]


HEADLINES = load_yaml_file(Path(__file__).parent / "data" / "sense_headlines.yaml")[0]["drafts"]


@pytest.mark.parametrize("draft", HEADLINES, ids=_id)
def test_the_gate_reads_each_labelled_headline_as_labelled_but_for_its_known_errors(draft):
    """Real headlines of the kept bench databases, read near the threshold: good ones pass but for those marked
    ``rejected``, nonsense fails but for those marked ``missed``; a change that fixes or adds an error shows here."""
    failed = bool(sense_gate([draft["text"]], draft["locale"], BRIEF))
    expected = draft.get("rejected") is not None if draft["label"] == "good" else not draft.get("missed")
    assert failed == expected, (draft["text"], draft.get("gloss"))


def test_the_gate_on_short_headlines_fails_fewer_good_ones_than_the_embeddings_alone_and_passes_no_more_nonsense():
    """The figures of the commit (drafts-headlines20): the embeddings alone failed 14 of the 40 good headlines and
    passed 16 of the 39 nonsense; read also in the brief's own words (sense.in_brief_words), 7 and 16; with the
    language's commonest words not counted against a line of two terms (drafts-sense21), 6 and 16."""
    good = [d for d in HEADLINES if d["label"] == "good"]
    bad = [d for d in HEADLINES if d["label"] == "nonsense"]
    assert (len(good), len(bad)) == (40, 39)
    assert sum(bool(sense_gate([d["text"]], d["locale"], BRIEF)) for d in good) == 6
    assert sum(not sense_gate([d["text"]], d["locale"], BRIEF) for d in bad) == 16
