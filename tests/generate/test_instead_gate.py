"""The ``instead`` reader gate (studio/generate/instead.py, prompts/instead.yaml): a brief's "A instead of B" said
backwards fails (tr 'Tek bir şişe yerine.' = "instead of a single bottle"), said the right way round passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate import instead
from studio.generate.candidates import Candidate
from studio.generate.gates import copy_gates, script_gates
from studio.generate.problems import repair_problems
from studio.generate.video_script import Scene, VideoScript
from studio.plan.brief import PlannedAsset, load_brief

BRIEF = load_brief("examples/campaign.yaml")
FILE = Path(__file__).resolve().parents[2] / "prompts" / instead.INSTEAD_FILE
EXAMPLES = load_yaml_file(FILE)[0]["examples"]


def test_the_examples_statement_is_the_briefs():
    assert {ex["statement"] for side in EXAMPLES.values() for ex in side} <= set(BRIEF.statements())


@pytest.mark.parametrize("ex", EXAMPLES["fail"], ids=lambda ex: ex["locale"] + " " + ex["text"][:20])
def test_a_statement_said_backwards_fails_and_the_why_quotes_it(ex):
    why = copy_gates(ex["text"], "instagram", ex["locale"], BRIEF).get("instead", "")
    assert why.startswith("says ") and "'One bottle' instead of 'hundreds of plastic ones'" in why


@pytest.mark.parametrize("ex", EXAMPLES["pass"], ids=lambda ex: ex["locale"] + " " + ex["text"][:20])
def test_a_statement_said_the_right_way_round_passes(ex):
    assert "instead" not in copy_gates(ex["text"], "instagram", ex["locale"], BRIEF)


def test_a_brief_without_an_instead_statement_reads_nothing():
    hard = load_brief("examples/campaign_hard.yaml")
    assert instead.said_backwards("Tek bir şişe yerine.", "tr-TR", hard) is None


def _script(voiceovers):
    return VideoScript([Scene(f"Shot {i}", "Fjell", said, 5) for i, said in enumerate(voiceovers, 1)])


def test_a_script_saying_it_backwards_fails_and_its_repair_quotes_the_line():
    # q23f's tr-TR script: 'Tek bir şişe yerine.' passed every gate
    script = _script(["Fjell Bottle ile gün boyu soğuk su.", "24 saat içinde içecekleri soğuk tutar.", "Tek bir şişe yerine."])
    gates = script_gates(script, "tr-TR", BRIEF)
    assert "tek bir şişe yerine" in gates.get("instead", "")
    job = PlannedAsset(locale="tr-TR", kind="video_script", channel="tiktok", variant=0, duration_s=15)
    cand = Candidate("candidate 1", "", "", {}, gates=gates, script=script)
    assert any("tek bir şişe yerine" in line and "instead of" in line for line in repair_problems(cand, job, BRIEF))


def test_a_broken_marker_names_the_file_and_line(tmp_path, monkeypatch):
    path = tmp_path / instead.INSTEAD_FILE
    path.write_text("window: {words: 4, letters: 8}\nmarkers:\n  en: [{marker: instead of, replaced: after}]\n"
                    "  tr: [{marker: yerine, replaced: left}]\n")
    with pytest.raises(StudioError) as err:
        instead._rules(str(path), path.stat().st_mtime)
    assert f"{path}:4" in str(err.value.where) and "markers.tr" in str(err.value)


def test_an_unknown_key_in_a_marker_names_the_file_and_line(tmp_path):
    path = tmp_path / instead.INSTEAD_FILE
    path.write_text("window: {words: 4, letters: 8}\nmarkers:\n  tr: [{marker: yerine, replaced: before, unles_next: [getir]}]\n")
    with pytest.raises(StudioError) as err:
        instead._rules(str(path), path.stat().st_mtime)
    assert f"{path}:3" in str(err.value.where) and "unless_next" in str(err.value)
