"""The semantic layer's exemplar banks: their files, their schema and their validation at load.

A bank (``cultural_rules/concepts/<category>.yaml``) holds, per concept, positives (ways copywriters
say the violation, in many languages) and hard negatives (same topic or words, not a violation), with
the markets it applies and blocks in, the words that clear or require it, and examples the test suite
runs; ``background.yaml`` beside the banks holds ordinary clean copy. Every problem is reported with
its file:line. The layer that decides with these exemplars is ``studio.checks.concepts``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from studio.checks.asset import CheckInput
from studio.checks.rules.base import compile_patterns, compiled_regex
from studio.core.errors import RuleError
from studio.core.yamlfile import load_yaml_file, validation_error

CONCEPTS_DIR = "concepts"  # under the rules directory; not a rule pack
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
# A concept must transfer across languages, so its positives are written in at least this many.
MIN_LANGUAGES = 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first validation


class Exemplar(_Strict):
    lang: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language of the line")
    text: str = Field(min_length=2, max_length=400)


class ConceptExamples(_Strict):
    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(min_length=1)


class Concept(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=3)
    message: str = Field(min_length=10)
    suggestion: str | None = None
    source: str = Field(min_length=3)
    applies_in: Literal["all"] | list[str] = "all"
    block_in: list[str] = Field(default_factory=list)
    audience: Literal["children", "any"] | None = None
    # Regexes (case-insensitive, on the NFKC text): a draft where one matches carries what the law asks
    # for (the lowest price of the prior 30 days beside a reduction), so the concept is not raised there.
    cleared_by: list[str] = Field(default_factory=list)
    # The markets where ``cleared_by`` holds ("all": every one): a licensed market's mandatory gambling notice
    # ("18+, play responsibly") settles a casino ad there, never in a market that bans gambling outright.
    cleared_in: Literal["all"] | list[str] = "all"
    # Regexes, the other way round: the concept is raised only on a draft where one matches (a drinking
    # concept on copy that names a drink, a glass or drinking at all; a road trip with a coffee is none).
    only_with: list[str] = Field(default_factory=list)
    positives: list[Exemplar] = Field(min_length=8)
    negatives: list[Exemplar] = Field(min_length=4)
    examples: ConceptExamples

    @field_validator("applies_in", "block_in", "cleared_in")
    @classmethod
    def _locales(cls, value: object) -> object:
        if isinstance(value, list):
            bad = [v for v in value if not _LOCALE.match(v)]
            if bad:
                raise ValueError(f"not a locale code: {', '.join(bad)} (write e.g. de-DE)")
        return value

    @field_validator("cleared_by", "only_with")
    @classmethod
    def _patterns(cls, value: list[str], info: ValidationInfo) -> list[str]:
        compile_patterns(value, re.IGNORECASE, info.field_name or "cleared_by")  # refuses invalid and backtracking ones
        return value

    @model_validator(mode="after")
    def _languages(self) -> Concept:
        langs = {ex.lang for ex in self.positives}
        if len(langs) < MIN_LANGUAGES:
            raise ValueError(
                f"positives are written in {len(langs)} languages ({', '.join(sorted(langs))}); "
                f"write them in at least {MIN_LANGUAGES}, as copywriters in those markets would"
            )
        return self


class Background(_Strict):
    background: list[Exemplar] = Field(min_length=1)


BACKGROUND_FILE = "background.yaml"


class Bank(_Strict):
    category: str = Field(pattern=r"^[a-z_]+$")
    concepts: list[Concept] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedConcept:
    key: str  # "<category>.<concept id>"
    category: str
    concept: Concept
    where: str  # file:line, for errors and `studio rules`

    @property
    def rule_id(self) -> str:
        return f"concept.{self.key}"

    def applies(self, item: CheckInput) -> bool:
        c = self.concept
        if item.kind == "brief":
            return False
        if c.applies_in != "all" and item.locale not in c.applies_in:
            return False
        if (c.audience or ("children" if self.category == "children" else None)) == "children":
            return item.meta.audience == "children"
        return True

    def cleared(self, item: CheckInput) -> bool:
        """Whether the draft's own words settle this concept (``cleared_by`` matches, or ``only_with`` names
        nothing it needs). Read after the decision: a finding of this concept is dropped, and the other
        categories' votes stay as they were (the concept's exemplars still compete for the sentence)."""
        c = self.concept
        if not (c.cleared_by or c.only_with):
            return False
        text = unicodedata.normalize("NFKC", item.text)
        here = c.cleared_in == "all" or item.locale in c.cleared_in
        if here and any(rx.search(text) for rx in _compiled(tuple(c.cleared_by))):
            return True
        return bool(c.only_with) and not any(rx.search(text) for rx in _compiled(tuple(c.only_with)))


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    """The regexes ``compile_patterns`` gives, without reading them for backtracking again: ``Concept``'s validator
    read them when the bank was loaded (a bank read back from the rule-pack copy was validated when it was built).
    ~0.1 s of CPU per process, in the batch that first clears a concept (speed-batch54)."""
    return [compiled_regex(p, re.IGNORECASE) for p in patterns]


def load_banks(folder: Path | str, categories: Iterable[str] | None = None) -> list[LoadedConcept]:
    """Every concept of every bank under ``folder``; one RuleError listing all problems."""
    root = Path(folder)
    if not root.is_dir():
        return []
    known = set(categories) if categories is not None else None
    out: list[LoadedConcept] = []
    errors: list[str] = []
    for path in sorted(root.glob("*.yaml")):
        if path.name == BACKGROUND_FILE:
            continue
        try:
            data, lines = load_yaml_file(path, RuleError, fast=True)
            bank = Bank.model_validate(data)
        except RuleError as exc:
            errors.append(str(exc))
            continue
        except ValidationError as exc:
            errors.append(
                str(
                    validation_error(
                        exc, str(path), lines, RuleError, fix="see the bank format in studio/checks/concept_banks.py"
                    )
                )
            )
            continue
        if known is not None and bank.category not in known:
            errors.append(
                f"{path}:{lines.get(('category',), 1)}: unknown category {bank.category!r}"
                f"\n  fix: use a category from global/categories.yaml"
            )
            continue
        seen: set[str] = set()
        for i, concept in enumerate(bank.concepts):
            where = f"{path}:{lines.get(('concepts', i), 1)}"
            if concept.id in seen:
                errors.append(f"{where}: duplicate concept id {concept.id!r}\n  fix: give each concept its own id")
                continue
            seen.add(concept.id)
            out.append(LoadedConcept(f"{bank.category}.{concept.id}", bank.category, concept, where))
    if errors:
        raise RuleError("invalid concept banks:\n" + "\n".join(errors), fix="fix each listed file:line")
    return out


def load_background(folder: Path | str) -> list[Exemplar]:
    """Ordinary clean copy that votes "none" in the index (``<folder>/background.yaml``)."""
    path = Path(folder) / BACKGROUND_FILE
    if not path.exists():
        return []
    data, lines = load_yaml_file(path, RuleError, fast=True)
    try:
        return list(Background.model_validate(data).background)
    except ValidationError as exc:
        raise validation_error(
            exc, str(path), lines, RuleError, fix="write `background: [{lang: xx, text: ...}]`"
        ) from None
