"""Drafting as where the locale's words say none of the brief: for tests of what the model's own headlines become."""

from __future__ import annotations


def without_said_headlines(monkeypatch) -> None:
    """Drafting as where the locale's words say none of the brief (th and hi today): a headline whose every candidate
    and repair fails a gate keeps the model's best with its findings, none said in the locale's words in its place
    (studio.generate.headlines.assemble_headline; tests/generate/test_headline_said.py)."""
    monkeypatch.setattr("studio.generate.headlines.assemble_headline", lambda *args, **kwargs: [])
