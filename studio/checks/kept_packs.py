"""The loaded rule packs as kept on disk (``studio.checks.loadcache``), read a piece at a time: the outline an engine
starts from, then each pack a market's rules come from (split out of engine.py, engine57)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.checks import loadcache
from studio.checks.concepts import CONCEPTS_DIR, Exemplar, LoadedConcept, load_background, load_banks
from studio.checks.rules.loader import LoadedRule, Pack, RuleSet

# The concept banks and the background lines of a rules directory.
Banks = tuple[list[LoadedConcept], list[Exemplar]]


def banks_of(ruleset: RuleSet) -> Banks:
    """The concept banks and background lines in ``<rules>/concepts/``."""
    folder = Path(ruleset.root) / CONCEPTS_DIR
    return load_banks(folder, ruleset.categories), load_background(folder)



@dataclass
class Outline:
    """What an engine needs of the loaded packs before it checks a draft: the packs' names, kinds and parents, the
    rules that need the theme layer and the concept banks. Kept as a part of its own beside the copy."""

    root: Path
    categories: dict[str, str]
    packs: dict[str, tuple[str, list[str]]]  # name -> (kind, extends)
    theme_rules: list[tuple[str, str]]  # (id, file:line) of every rule that needs the theme layer
    banks: Banks

    @classmethod
    def of(cls, ruleset: RuleSet, banks: Banks) -> Outline:
        return cls(ruleset.root, ruleset.categories, {n: (p.kind, list(p.extends)) for n, p in ruleset.packs.items()},
                   [(lr.rule.id, lr.where) for lr in ruleset.by_id.values() if lr.rule.needs_theme], banks)

    @property
    def markets(self) -> list[str]:
        return sorted(n for n, (kind, _) in self.packs.items() if kind == "market")


class KeptPacks:
    """The loaded packs kept under one key (``loadcache``), read a piece at a time: the outline, then each pack a
    market's rules come from (``rules_for``), and the whole copy only where something asks for every rule.

    `studio check` on one draft reads the global pack, its market's region packs and its market's pack, not the
    other 20-odd markets' (the whole copy took ~0.2 s of CPU to read back, global, eu and de-DE ~0.12 s; speed53).
    A pack read alone is the pack the whole copy holds (pickled from it, under the same key), and a market's rules
    resolve from it as ``RuleSet.rules_for`` resolves them, in the same order."""

    def __init__(self, cache_dir: Path, rules_key: str, build: Callable[[], tuple[RuleSet, Banks]]):
        # ``build``: the packs and banks loaded and validated from the rules directory, where no copy is kept yet
        self.cache_dir, self.key, self.build = cache_dir, rules_key, build
        self.whole: tuple[RuleSet, Banks] | None = None  # the whole copy, once read
        self._packs: dict[str, Pack] = {}

    def read_whole(self) -> tuple[RuleSet, Banks]:
        if self.whole is None:
            self.whole = loadcache.load_copy(self.cache_dir, self.key, self.build)
        return self.whole

    def outline(self) -> Outline:
        return loadcache.load_part(self.cache_dir, self.key, "outline", b"", self._outline_and_packs)

    def _outline_and_packs(self) -> Outline:
        """The outline of the whole copy, every pack kept apart first (a process that finds the outline finds them)."""
        ruleset, banks = self.read_whole()
        for name, pack in ruleset.packs.items():
            loadcache.save_part(self.cache_dir, self.key, f"pack {name}", b"", pack)
        return Outline.of(ruleset, banks)

    def pack(self, name: str) -> Pack:
        if name not in self._packs:
            self._packs[name] = loadcache.load_part(self.cache_dir, self.key, f"pack {name}", b"",
                                                    lambda: self.read_whole()[0].packs[name])
        return self._packs[name]

    def rules_for(self, outline: Outline, locale: str) -> list[LoadedRule]:
        """``RuleSet.rules_for(locale)`` of the whole copy, from the packs of the locale's chain alone."""
        stubs = RuleSet(outline.root, outline.categories,
                        {n: Pack(n, kind, list(extends)) for n, (kind, extends) in outline.packs.items()}, {})
        chain = stubs.chain(locale) if locale in stubs.packs else stubs.chain("global")
        return RuleSet(outline.root, outline.categories, {n: self.pack(n) for n in chain}, {}).rules_for(locale)
