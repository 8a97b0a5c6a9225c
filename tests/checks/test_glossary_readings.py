"""The glossary readings (studio.checks.glossary_readings) on their own: where a draft renders a glossary
term other than as written, as a span the reviewer's warning points at."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studio.checks.glossary_readings import (
    altered,
    initials_used,
    rendered_otherwise,
    reordered,
    romanised,
    written_in_another_script,
)
from studio.generate.gates import transliterated


def _said(text: str, span: tuple[int, int]) -> str | None:
    return text[span[0] : span[1]] if span[0] >= 0 else None


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("Lumina", "新しいルミナで肌が明るく", "ルミナ"),
        ("QuickCash", "ควิกแคช สินเชื่อทันใจ", "ควิกแคช"),
        ("PayZap", "पेज़ैप से करें UPI पेमेंट", "पेज़ैप"),
        ("NovaBuds", "노바버즈 프로 출시", "노바버즈"),
    ],
)
def test_a_latin_name_written_in_another_script_is_found_where_it_stands(term, text, rendered):
    assert _said(text, written_in_another_script(term, text)) == rendered


def test_each_reading_points_at_the_rendering():
    assert _said("Try Aqua-Pure today", altered("AquaPure", "Try Aqua-Pure today")) == "Aqua-Pure"
    assert _said("Samar Noir Oud is here", reordered("Samar Oud Noir", "Samar Noir Oud is here")) == "Samar Noir Oud"
    assert _said("Nafahat Royal Oud", romanised("نفحات", "Nafahat Royal Oud")) == "Nafahat"
    assert _said("Meet GN serum", initials_used("GlowNeem", "Meet GN serum")) == "GN"
    near, end, how = rendered_otherwise("Lumina", "新しいルミナで", [], "ja", "copy")
    assert (near, end, how) == (3, 6, " (written in another script here)")
    assert written_in_another_script("Lumina", "Lumina is kept as written") == (-1, -1)


def test_the_reviewers_reading_and_the_drafting_gate_answer_different_questions():
    """By design: the reading warns a reviewer about any near rendering (consonants only, one off allowed);
    the gate throws a draft away, so it wants the brand's vowels and ending too."""
    # "ルミネ" (the Lumine store) shares Lumina's consonants: a reviewer looks at it, a draft is not resampled
    assert _said("ルミネで買い物", written_in_another_script("Lumina", "ルミネで買い物")) == "ルミネ"
    assert transliterated("ルミネで買い物", "ja-JP", SimpleNamespace(brand="Lumina")) is None
    # a short brand (Fjell) is too few consonants for the tolerant reading, but the gate hears it exactly
    assert written_in_another_script("Fjell", "フィエルの水筒") == (-1, -1)
    assert "'Fjell'" in (transliterated("フィエルの水筒", "ja-JP", SimpleNamespace(brand="Fjell")) or "")
