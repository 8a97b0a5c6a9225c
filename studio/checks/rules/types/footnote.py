"""``footnote``: a claim that carries a reference mark (``*``, ``†``, ``¹``) read together with its note.

A headline claim with a mark ("FREE*", "R$ 199*", "Nuit gratuite !*") promises that its conditions stand
in a note. Two structures are findings, whatever the words of the claim:

- the note is not in the copy at all (``missing: true``): the mark points at conditions the reader never
  sees ("Stay 2 nights, get 1 FREE*");
- the note makes the claim conditional on paying for something else (``conditions``): "free*" or a low
  price whose note reads "*when you book 7 nights", "*with the purchase of a coffee", "*for customers of
  our implant treatment". The condition belongs beside the claim, as plainly as the claim.

A note is a mark at the start of a line or after a space or bracket, followed by text ("*when you ...",
"*₹99 fee"); with ``brackets: true`` a bracketed aside is a note too, and ``labels`` name the words that open one
("Conditions:", "เงื่อนไข:"), read like a marked note;
the claim's own mark follows the claim within ``gap`` characters on its line. With ``elsewhere: true`` a condition
names a place (its regex's group ``place``: "*base wine sourced from northern France", "※原料梅は中国産") and counts
only when the claim's line does not name it (the place's first ``PLACE_STEM`` letters, case-folded): "Rheingauer Sekt*
*Grundwein aus Rheinhessen" is a finding, "*Grundwein aus dem Rheingau" is not. ``unless`` (regexes) read in
the claim's line and in its note make the claim acceptable: free delivery over a threshold, "no purchase
necessary"; ``note_unless`` is read in the note alone. Every regex is case-insensitive and runs on the cased view.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.normalize import Normalized
from studio.checks.rules.base import EvalContext, RuleBase, compile_patterns
from studio.core.letters import HAN, HANGUL_SYLLABLES, KANA

NOTE_MAX = 240  # a note is read up to the next line, the next note or this many characters
# letters of a note's place compared with the claim's line (``elsewhere``): six tell Rheinhessen from Rheingau(er)
# and still find Rheingau in "Rheingauer"; a shorter place (Pfalz) is compared whole. A place in Han or Hangul is
# read by its first two characters, the length of most place names there (绍兴, 中国, 紀州, 안동), so "绍兴鉴湖"
# is found in "正宗绍兴黄酒"
PLACE_STEM = 6
CJK_PLACE_STEM = 2


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    """Han, kana and hangul: compiled on first use (~2.5 ms at every start otherwise; engine59)."""
    return re.compile(f"[{HAN}{KANA}{HANGUL_SYLLABLES}]")


# a bracketed aside read as a note (``brackets: true``): its opening bracket stands for the mark
_BRACKETED = re.compile(rf"([(（\[［])([^()（）\[\]［］\n]{{2,{NOTE_MAX}}})[)）\]］]")


@lru_cache(maxsize=256)
def _mark_after(marks: str, gap: int) -> re.Pattern[str]:
    """The claim's own mark: up to ``gap`` characters of its line after the claim, then a run of ``marks``."""
    return re.compile(rf"[^\n{re.escape(marks)}]{{0,{gap}}}?(?<=\S)([{re.escape(marks)}]+)")


class FootnoteRule(RuleBase):
    type: Literal["footnote"]
    claim: list[str] = Field(min_length=1)  # regexes: the claim that carries the mark
    marks: str = Field("*†‡¹²³", min_length=1)
    gap: int = Field(20, ge=0, le=80)  # characters allowed between the claim and its mark, on one line
    missing: bool = True  # a mark whose note is not in the copy is a finding
    # A claim with no mark of its own is read with the copy's notes too (a "free" headline over a note that
    # charges an activation fee): for claims whose every note concerns them, not for every price of a list.
    unmarked: bool = False
    conditions: list[str] = Field(default_factory=list)  # regexes: a note holding one is a finding
    # the conditions name a place (group ``place``) that counts only when the claim's line does not name it
    elsewhere: bool = False
    unless: list[str] = Field(default_factory=list)  # regexes: in the claim's line or its note, no finding
    # regexes read in the note alone: a note that only rules the condition out ("*no meat, no gelatine"), where
    # the claim's own line may say the same words as the claim itself ("纯素，无任何动物成分*")
    note_unless: list[str] = Field(default_factory=list)
    # A bracketed aside ("Ücretsiz otel! (… paketi satın alana)", "Batik asli Pekalongan (diproduksi di Tiongkok)") is a
    # note too: small print set apart by brackets instead of a mark (the opening bracket stands for the mark).
    brackets: bool = False
    # regexes that open a note without a mark: a label such as "Conditions:", "เงื่อนไข:", "条件：" (the note runs to
    # the end of its line)
    labels: list[str] = Field(default_factory=list)
    compiled: dict[str, list[re.Pattern[str]]] = Field(default_factory=dict, exclude=True, repr=False)

    needs_cased = True

    @model_validator(mode="after")
    def _build(self) -> FootnoteRule:
        if not (self.missing or self.conditions):
            raise ValueError("footnote needs missing: true or conditions: [regex]: otherwise it never fires")
        if self.elsewhere and not all("(?P<place>" in c for c in self.conditions):
            raise ValueError("elsewhere: true needs a group (?P<place>...) in every condition: the place it compares")
        self.compiled = {
            "claim": compile_patterns(self.claim, re.IGNORECASE, "claim"),
            "conditions": compile_patterns(self.conditions, re.IGNORECASE, "conditions"),
            "unless": compile_patterns(self.unless, re.IGNORECASE, "unless"),
            "note_unless": compile_patterns(self.note_unless, re.IGNORECASE, "note_unless"),
            "labels": compile_patterns(self.labels, re.IGNORECASE, "labels"),
        }
        return self

    gated_by = "claim"  # no finding without a match of one of its claims

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("claim", self.compiled["claim"])]

    def _notes(self, text: str) -> list[tuple[int, str, str]]:
        """(position, mark, note text) for every note in ``text``; a note runs to the end of its line."""
        marks = re.escape(self.marks)
        out = []
        for m in re.finditer(rf"(?:^|(?<=[\s(\[]))([{marks}]+)\s?(?=[^\s{marks}])", text, re.MULTILINE):
            body = re.split(rf"\n|\s[{marks}]", text[m.end() : m.end() + NOTE_MAX], maxsplit=1)[0]
            out.append((m.start(1), m.group(1), body))
        if "※" in self.marks:
            # ※ (kome-jirushi) opens an annotation in Japanese, Chinese and Korean copy; written straight after the
            # sentence it annotates ("無料体験実施中！※入会金が必要です"), or after the closing bracket of a name
            # ("泡盛「島あかり」※原酒の一部に…"), it is the note itself, not a mark on the claim
            for m in re.finditer(r"(?<=[。！？!?」』）)])(※)\s?(?=[^\s※])", text):
                body = re.split(rf"\n|\s?[{marks}]", text[m.end() : m.end() + NOTE_MAX], maxsplit=1)[0]
                out.append((m.start(1), m.group(1), body))
        if self.brackets:
            out.extend((m.start(), m.group(1), m.group(2).strip()) for m in _BRACKETED.finditer(text))
        for rx in self.compiled["labels"]:
            for m in rx.finditer(text):
                out.append((m.start(), m.group(0), text[m.end() : m.end() + NOTE_MAX].split("\n", 1)[0].strip()))
        out.sort()
        return out

    def _unmarked(
        self, m: re.Match[str], notes: list[tuple[int, str, str]], text: str, view: Normalized
    ) -> list[Finding]:
        """A claim with no mark of its own, read with every note of the copy (``unmarked: true``)."""
        if any(at <= m.start() <= at + len(mark) + 1 + len(body) for at, mark, body in notes):
            return []  # the claim stands inside a note: a note is no headline
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if self._any("unless", line):
            return []
        for _, _, note in notes:
            cond = self._condition(note, line)
            if cond and not self._cleared(note):
                return [
                    self.finding(
                        *view.span(m.start(), m.end()),
                        extra=f"a note of the copy makes it conditional: {cond.group(0).strip()!r}",
                    )
                ]
        return []

    def _cleared(self, note: str, line: str = "") -> bool:
        """Whether a note that holds a condition still leaves the claim acceptable: ``unless`` in the claim's line
        or in the note, ``note_unless`` in the note alone. The one place both readings (a marked claim and its
        note, an unmarked claim and every note of the copy) decide it. An unmarked claim's line was read by its
        caller before any note, so it passes none here."""
        return bool(
            (line and self._any("unless", line)) or self._any("unless", note) or self._any("note_unless", note)
        )

    def _condition(self, note: str, line: str) -> re.Match[str] | None:
        """The first condition in ``note``; with ``elsewhere``, the first whose place the claim's ``line`` does not
        name."""
        if not self.elsewhere:
            return self._any("conditions", note)
        # a note on the claim's own line ("Sotol de Chihuahua* *destilado en Jalisco") is no part of what the claim names
        named = line.replace(note, " ").casefold()
        for rx in self.compiled["conditions"]:
            for m in rx.finditer(note):
                place = (m.group("place") or "").strip().casefold()
                stem = place[: CJK_PLACE_STEM if _cjk().match(place) else PLACE_STEM]
                if stem and stem not in named:
                    return m
        return None

    def _any(self, role: str, text: str) -> re.Match[str] | None:
        for rx in self.compiled[role]:
            if m := rx.search(text):
                return m
        return None

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        text = view.text
        mark_after = _mark_after(self.marks, self.gap)
        notes = None
        out: list[Finding] = []
        for rx in ctx.runnable((self.id, "claim")):
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue
                after = mark_after.match(text, m.end())
                if notes is None:
                    notes = self._notes(text)
                if not after:
                    if self.unmarked and notes:
                        out.extend(self._unmarked(m, notes, text, view))
                    continue
                mark, at = after.group(1), after.start(1)
                # a ※ that opens a note (after a sentence, or a bracket: "（※原産国：…）") annotates what precedes it: the
                # claim has no mark of its own and is read with the copy's notes
                if mark == "※" and any(n[0] == at for n in notes):
                    if self.unmarked:
                        out.extend(self._unmarked(m, notes, text, view))
                    continue
                own = [n for n in notes if n[0] != at]
                line_start = text.rfind("\n", 0, m.start()) + 1
                line = text[line_start : text.find("\n", at) if "\n" in text[at:] else len(text)]
                if not own:
                    if self.missing and not self._any("unless", line):
                        out.append(
                            self.finding(
                                *view.span(m.start(), after.end()),
                                extra="the note its mark points to is not in the copy",
                            )
                        )
                    continue
                later = [n for n in own if n[0] > at]
                same = [n for n in later or own if n[1] == mark]
                note = (same or later or own)[0][2]
                cond = self._condition(note, line)
                if cond and not self._cleared(note, line):
                    out.append(
                        self.finding(
                            *view.span(m.start(), after.end()),
                            extra=f"its note makes it conditional: {cond.group(0).strip()!r}",
                        )
                    )
        return out
