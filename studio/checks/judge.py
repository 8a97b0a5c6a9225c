"""The optional judge: an instruction model confirms or dismisses borderline semantic findings.

The semantic layers (concept banks, theme rules) decide by similarity; a hit just above its cut-off
is where they err most. Where a model profile enables it (``checks: {judge: ...}`` in
``models/<profile>.yaml``, GPU profiles only), every semantic finding whose ``margin`` lies within
``band`` of its cut-off is put to the profile's text model with its category's instruction from
``prompts/judge.yaml``: the sentence quoted as written, the concept that fired, and a fixed answer
format (first word VIOLATION or CLEAN, then one sentence why).

- VIOLATION keeps the finding and adds "confirmed by the judge: <why>" to its message;
- CLEAN drops the finding and records it (``Judged.verdicts``: the caller stores them with the draft,
  so a reviewer or the audit sees what was dismissed and why);
- any other reply, or a model that fails, keeps the finding unchanged (fail safe) and records that.

Lexical findings (``margin`` None) and confident hits are never sent. All borderline hits of one
``check_many`` batch go to the model in one call. This module knows no model: the caller injects
``ask`` (prompts in, one reply each out), so ``studio.checks`` never imports ``studio.generate``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.checks.asset import CheckInput
from studio.checks.finding import Finding
from studio.core.errors import RuleError
from studio.core.yamlfile import load_yaml_file, validation_error

logger = logging.getLogger(__name__)

JUDGE_FILE = "judge.yaml"  # under the prompts folder
VIOLATION, CLEAN = "VIOLATION", "CLEAN"
MAX_WHY = 300
# What the semantic layers append to a finding's message (the similarity and closest examples): the
# judge is shown the rule's own words, not the layer's numbers.
_LAYER_NOTE = re.compile(r"\s*(?:\(semantic match, .*|\[similarity [0-9.]+\])$", re.S)
_LEAD = re.compile(r"^[\s*_#>\"'`“”«»\[\]()-]*")
_WORD = re.compile(r"^([A-Za-z]+)")
_SEP = re.compile(r"^[\s*_\"'`:.,;\-–—)\]]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")

Verdict = Literal["confirmed", "dismissed", "unreadable"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryInstruction(_Strict):
    """What the judge is told about one category: what counts as a violation, and the clean near-misses
    (same words or topic, no violation) it must not confirm."""

    violation: str = Field(min_length=20)
    clean: str = Field(min_length=20)


class JudgePrompts(_Strict):
    """``prompts/judge.yaml``: the shared instruction, the answer format, one instruction per category."""

    system: str = Field(min_length=20)
    answer: str = Field(min_length=20)
    categories: dict[str, CategoryInstruction] = Field(min_length=1)

    @field_validator("answer")
    @classmethod
    def _fixed_format(cls, value: str) -> str:
        missing = [w for w in (VIOLATION, CLEAN) if w not in value]
        if missing:
            raise ValueError(f"the answer format must name both first words, {VIOLATION} and {CLEAN}; "
                             f"missing {', '.join(missing)} (the reply is read by its first word)")
        return value

    def prompt(self, finding: Finding, unit: str, locale: str) -> JudgePrompt:
        """The question for one finding: the sentence as written, the concept, the answer format."""
        inst = self.categories[finding.category]
        system = (f"{self.system.strip()}\n\nCategory: {finding.category}.\n"
                  f"It is a violation when: {inst.violation.strip()}\n"
                  f"It is clean (a near-miss) when: {inst.clean.strip()}")
        rule = _LAYER_NOTE.sub("", finding.message).strip()
        user = (f"Market: {locale}\nThe screening flagged concept {finding.rule}: {rule}\n"
                f"The copy, quoted exactly as written between the lines:\n---\n{unit}\n---\n{self.answer.strip()}")
        return JudgePrompt(system=system, user=user)


@dataclass(frozen=True)
class JudgePrompt:
    """A chat prompt (the shape every TextModel takes: ``.system`` and ``.user``)."""

    system: str
    user: str


Ask = Callable[[list[JudgePrompt]], list[str]]


def load_judge_prompts(path: Path | str, categories: Iterable[str] | None = None) -> JudgePrompts:
    """Load and validate the judge prompts; errors name file:line and the fix. ``categories`` (the
    rule packs' closed list) rejects an instruction for a category that does not exist."""
    path = Path(path)
    if not path.is_file():
        raise RuleError(f"no judge prompts at {path}", where=str(path),
                        fix=f"restore prompts/{JUDGE_FILE}, or turn the judge off in the profile (remove checks.judge)")
    data, lines = load_yaml_file(path, RuleError)
    try:
        prompts = JudgePrompts.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, RuleError,
                               fix=f"see the format in studio/checks/judge.py and prompts/{JUDGE_FILE}") from None
    if categories is not None:
        known = set(categories)
        unknown = [c for c in prompts.categories if c not in known]
        if unknown:
            line = lines.get(("categories", unknown[0]), 1)
            raise RuleError(f"unknown category {unknown[0]!r} in the judge prompts", where=f"{path}:{line}",
                            fix="use a category from cultural_rules/global/categories.yaml")
    return prompts


@lru_cache(maxsize=4)
def _cached_prompts(path: str, mtime: float) -> JudgePrompts:
    return load_judge_prompts(path)


def judge_prompts(folder: Path) -> JudgePrompts:
    """``<folder>/judge.yaml``, loaded once per version of the file."""
    path = folder / JUDGE_FILE
    return _cached_prompts(str(path), path.stat().st_mtime if path.is_file() else 0.0)


class JudgeSettings(_Strict):
    """``checks: {judge: {...}}`` in a model profile. ``band``: a semantic finding at most this far
    above its cut-off (similarity or vote share) is borderline and goes to the judge. ``categories``:
    the categories judged (default: every category ``prompts/judge.yaml`` has an instruction for).
    ``max_new_tokens``: the reply's length (one word and one sentence)."""

    band: float = Field(0.08, gt=0.0, le=0.5)
    categories: list[str] | None = Field(default=None, min_length=1)
    max_new_tokens: int = Field(48, ge=8, le=256)

    @field_validator("categories")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        dup = sorted({c for c in value if value.count(c) > 1})
        if dup:
            raise ValueError(f"category listed twice: {', '.join(dup)}")
        from studio.core.config import get_settings

        have = judge_prompts(get_settings().prompts_dir).categories
        missing = [c for c in value if c not in have]
        if missing:
            raise ValueError(f"no judge instruction for {', '.join(missing)} in prompts/{JUDGE_FILE}; "
                             f"write one there or use one of: {', '.join(sorted(have))}")
        return value


@dataclass(frozen=True)
class JudgeRecord:
    """One question put to the judge and what came of it."""

    rule: str
    category: str
    start: int | None
    end: int | None
    unit: str
    margin: float
    verdict: Verdict
    why: str

    def record(self) -> dict[str, Any]:
        return {"rule": self.rule, "category": self.category, "start": self.start, "end": self.end,
                "text": self.unit, "margin": round(self.margin, 4), "verdict": self.verdict, "why": self.why}


@dataclass
class Judged:
    """One draft's findings after the judge, and every verdict on it (dismissed ones included)."""

    findings: list[Finding]
    verdicts: list[JudgeRecord] = field(default_factory=list)

    @property
    def dismissed(self) -> list[JudgeRecord]:
        return [v for v in self.verdicts if v.verdict == "dismissed"]

    def records(self) -> list[dict[str, Any]]:
        return [v.record() for v in self.verdicts]


def read_reply(reply: str) -> tuple[str | None, str]:
    """(VIOLATION | CLEAN | None, the one sentence why) from a reply; None: not in the answer format."""
    text = _LEAD.sub("", reply or "")
    m = _WORD.match(text)
    word = m.group(1).upper() if m else ""
    if word not in (VIOLATION, CLEAN):
        return None, " ".join((reply or "").split())[:MAX_WHY]
    rest = " ".join(_SEP.sub("", text[m.end():] if m else "").split())
    why = _SENTENCE_END.split(rest, maxsplit=1)[0] if rest else ""
    return word, (why[:MAX_WHY] or "no reason given")


class Judge:
    """Puts the borderline semantic findings of a batch of drafts to a model in one call."""

    def __init__(self, prompts: JudgePrompts, settings: JudgeSettings, ask: Ask):
        self.prompts, self.settings, self.ask = prompts, settings, ask
        wanted = settings.categories if settings.categories is not None else list(prompts.categories)
        self.categories = {c for c in wanted if c in prompts.categories}

    def borderline(self, finding: Finding) -> bool:
        """A semantic finding (it has a margin) in a judged category, within ``band`` of its cut-off."""
        return (finding.margin is not None and finding.category in self.categories
                and finding.margin <= self.settings.band)

    def review(self, items: Sequence[CheckInput], found: Sequence[Sequence[Finding]]) -> list[Judged]:
        """Each draft's findings with the judge's verdicts applied; one model call for the whole batch
        (none when nothing is borderline)."""
        asked: list[tuple[int, int, str, JudgePrompt]] = []  # (draft, finding, unit, prompt)
        for d, (item, findings) in enumerate(zip(items, found)):
            for k, f in enumerate(findings):
                if self.borderline(f):
                    unit = item.text[f.start:f.end] if f.start is not None else item.text
                    asked.append((d, k, unit, self.prompts.prompt(f, unit, item.locale)))
        out = [Judged(list(findings)) for findings in found]
        if not asked:
            return out
        distinct = list(dict.fromkeys(p for *_, p in asked))  # identical candidates ask once
        try:
            replies = self.ask(distinct)
            if len(replies) != len(distinct):
                raise ValueError(f"{len(replies)} replies to {len(distinct)} questions")
            answer = dict(zip(distinct, replies))
        except Exception as exc:  # fail safe: a judge that fails leaves every finding as the layers found it
            logger.warning("the judge failed; %d borderline finding(s) kept unjudged: %s", len(asked), exc)
            answer = {p: f"(the judge failed: {type(exc).__name__}: {exc})" for p in distinct}
        dropped: dict[int, set[int]] = {}
        for d, k, unit, prompt in asked:
            f = found[d][k]
            verdict, why = read_reply(answer[prompt])
            margin = f.margin if f.margin is not None else 0.0
            if verdict == VIOLATION:
                out[d].findings[k] = f.model_copy(update={"message": f"{f.message}; confirmed by the judge: {why}"})
                status: Verdict = "confirmed"
            elif verdict == CLEAN:
                dropped.setdefault(d, set()).add(k)
                status = "dismissed"
            else:
                status, why = "unreadable", f"kept unjudged; the reply was not {VIOLATION} or {CLEAN}: {why!r}"
            out[d].verdicts.append(JudgeRecord(f.rule, f.category, f.start, f.end, unit, margin, status, why))
        for d, ks in dropped.items():
            out[d].findings = [f for k, f in enumerate(out[d].findings) if k not in ks]
        return out


def judge_from_profile(settings: JudgeSettings | None, ask: Ask, prompts_dir: Path) -> Judge | None:
    """The judge a profile asks for (None when its ``checks.judge`` is off)."""
    if settings is None:
        return None
    return Judge(judge_prompts(prompts_dir), settings, ask)

