"""Load ``cultural_rules/``: validate every pack file and resolve packs per locale.

Resolution per locale: global -> region packs in ``extends`` order -> market pack. Later packs may
``disable`` or ``override`` inherited rule ids. Every problem of a directory is collected and raised
as one ``RuleError`` naming file:line and the fix; a pack never loads half-way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from studio.checks.rules.base import RuleBase
from studio.checks.rules.lexicon import LEXICONS_DIR, Lexicon, expand, load_lexicons
from studio.checks.rules.registry import rule_adapter, type_names
from studio.checks.rules.schema import CategoriesFile, Override, PackFile
from studio.core.errors import RuleError
from studio.core.yamlfile import format_loc, line_for, load_yaml_file

LOCALE_DIR = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?-([A-Z]{2}|\d{3})$")


@dataclass
class LoadedRule:
    rule: RuleBase  # an instance of a registered rule type
    pack: str
    where: str  # file:line of the rule mapping


@dataclass
class Pack:
    name: str
    kind: str  # global | region | market
    extends: list[str] = field(default_factory=list)
    disable: dict[str, str] = field(default_factory=dict)  # rule id -> file:line
    override: dict[str, tuple[Override, str]] = field(default_factory=dict)
    rules: list[LoadedRule] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


@dataclass
class RuleSet:
    """Every pack of a rules directory; ``rules_for(locale)`` gives the rules that apply there."""

    root: Path
    categories: dict[str, str]
    packs: dict[str, Pack]
    by_id: dict[str, LoadedRule]
    _resolved: dict[str, list[LoadedRule]] = field(default_factory=dict)

    @property
    def markets(self) -> list[str]:
        return sorted(n for n, p in self.packs.items() if p.kind == "market")

    def chain(self, pack: str) -> list[str]:
        """Packs applied for ``pack`` in order: global, its regions (depth first), then itself."""
        order: list[str] = ["global"] if "global" in self.packs else []

        def visit(name: str, stack: tuple[str, ...]) -> None:
            p = self.packs[name]
            for parent in p.extends:
                if parent not in order and parent not in stack:
                    visit(parent, stack + (name,))
            if name not in order:
                order.append(name)

        if pack in self.packs:
            visit(pack, ())
        return order

    def rules_for(self, locale: str) -> list[LoadedRule]:
        """Resolved rules for a locale (global only where no market pack exists)."""
        if locale not in self._resolved:
            self._resolved[locale] = self._resolve(locale)
        return self._resolved[locale]

    def _resolve(self, locale: str) -> list[LoadedRule]:
        active: dict[str, LoadedRule] = {}
        for name in self.chain(locale) if locale in self.packs else self.chain("global"):
            pack = self.packs[name]
            for rid in pack.disable:
                active.pop(rid, None)
            for rid, (ov, _) in pack.override.items():
                if rid in active:
                    lr = active[rid]
                    changes = ov.model_dump(exclude_none=True)
                    if "applies_to" in changes:
                        changes["applies_to"] = ov.applies_to
                    active[rid] = LoadedRule(lr.rule.model_copy(update=changes), lr.pack, lr.where)
            for lr in pack.rules:
                active[lr.rule.id] = lr
        return list(active.values())


def _pack_kind(name: str) -> str:
    return "global" if name == "global" else ("market" if LOCALE_DIR.match(name) else "region")


def _load_categories(root: Path, errors: list[str]) -> dict[str, str]:
    path = root / "global" / "categories.yaml"
    if not path.exists():
        errors.append(f"{path}: missing\n  fix: create global/categories.yaml with `categories: [{{id, description}}]`")
        return {}
    try:
        data, lines = load_yaml_file(path, RuleError, fast=True)
        cats = CategoriesFile.model_validate(data)
    except RuleError as exc:
        errors.append(str(exc))
        return {}
    except ValidationError as exc:
        for e in exc.errors():
            errors.append(f"{path}:{line_for(lines, e['loc'])}: {format_loc(e['loc'])}: {e['msg']}"
                          "\n  fix: each category needs `id` (lowercase_with_underscores) and `description`")
        return {}
    return {c.id: c.description for c in cats.categories}


def _load_file(path: Path, folder: str, categories: dict[str, str], pack: Pack,
               seen: dict[str, str], errors: list[str], lexicons: dict[str, Lexicon]) -> None:
    try:
        data, lines = load_yaml_file(path, RuleError, fast=True)
    except RuleError as exc:
        errors.append(str(exc))
        return
    try:
        pf = PackFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        for e in exc.errors():
            errors.append(f"{path}:{line_for(lines, e['loc'])}: {format_loc(e['loc'])}: {e['msg']}"
                          "\n  fix: a pack file has `pack`, optional `extends`, `disable`, `override`, and `rules: [...]`")
        return
    if pf.pack != folder:
        errors.append(f"{path}:{line_for(lines, ('pack',))}: pack is {pf.pack!r} but the folder is {folder!r}"
                      f"\n  fix: write `pack: {folder}` or move the file to cultural_rules/{pf.pack}/")
    for parent in pf.extends:
        if parent not in pack.extends:
            pack.extends.append(parent)
    for i, rid in enumerate(pf.disable):
        pack.disable[rid] = f"{path}:{line_for(lines, ('disable', i))}"
    for rid, ov in pf.override.items():
        pack.override[rid] = (ov, f"{path}:{line_for(lines, ('override', rid))}")
    pack.files.append(path)
    for i, raw in enumerate(pf.rules):
        where = f"{path}:{line_for(lines, ('rules', i))}"
        n_errors = len(errors)
        raw = expand(raw, lexicons, lambda loc, i=i: f"{path}:{line_for(lines, ('rules', i) + loc)}", errors)
        if len(errors) > n_errors:
            continue
        try:
            rule: RuleBase = rule_adapter().validate_python(raw)
        except ValidationError as exc:
            for e in exc.errors():
                # The union tag (e.g. 'terms') is not a key of the YAML mapping: drop it for the line.
                loc = tuple(e["loc"])
                if loc and loc[0] in type_names() and isinstance(raw, dict) and loc[0] == raw.get("type"):
                    loc = loc[1:]
                rid = raw.get("id", f"rules[{i}]") if isinstance(raw, dict) else f"rules[{i}]"
                errors.append(f"{path}:{line_for(lines, ('rules', i) + loc)}: rule {rid}: {format_loc(loc)}: {e['msg']}"
                              f"\n  fix: {_fix_for(e, loc)}")
            continue
        if rule.category not in categories:
            errors.append(f"{where}: rule {rule.id}: unknown category {rule.category!r}"
                          f"\n  fix: use one of {', '.join(sorted(categories))} or add it to global/categories.yaml")
            continue
        if rule.id in seen:
            errors.append(f"{where}: duplicate rule id {rule.id!r} (first defined at {seen[rule.id]})"
                          "\n  fix: rule ids are unique across all packs; rename one")
            continue
        seen[rule.id] = where
        pack.rules.append(LoadedRule(rule, folder, where))


def _fix_for(err: ErrorDetails, loc: tuple[int | str, ...]) -> str:
    if err["type"] == "union_tag_invalid" or loc[:1] == ("type",):
        return f"type must be one of {', '.join(type_names())}"
    if err["type"] == "missing":
        return f"add the `{loc[-1] if loc else 'field'}` field"
    if err["type"] == "extra_forbidden":
        return f"remove `{loc[-1]}` (unknown field; check the spelling)"
    if loc[:1] == ("id",):
        return "ids are lowercase and dotted, e.g. de.claims.testsieger"
    return "see the rule pack format in studio/checks/rules/schema.py"


def _check_links(ruleset: RuleSet, errors: list[str]) -> None:
    for name, pack in ruleset.packs.items():
        for parent in pack.extends:
            if parent not in ruleset.packs or ruleset.packs[parent].kind != "region":
                errors.append(f"{pack.files[0] if pack.files else name}: extends unknown region pack {parent!r}"
                              f"\n  fix: extend one of {', '.join(p for p, v in ruleset.packs.items() if v.kind == 'region') or '(no region packs)'}")
                return
        inherited = {lr.rule.id for p in ruleset.chain(name) if p != name for lr in ruleset.packs[p].rules}
        for rid, where in pack.disable.items():
            if rid not in inherited:
                errors.append(f"{where}: disable names {rid!r}, which {name} does not inherit"
                              "\n  fix: name a rule id from global or an extended region pack")
        for rid, (_, where) in pack.override.items():
            if rid not in inherited:
                errors.append(f"{where}: override names {rid!r}, which {name} does not inherit"
                              "\n  fix: name a rule id from global or an extended region pack")


def load_rules(rules_dir: Path | str) -> RuleSet:
    """Load and validate every pack under ``rules_dir``; raise one RuleError listing all problems."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise RuleError("rules directory not found", where=str(root), fix="set STUDIO_RULES_DIR or create cultural_rules/")
    errors: list[str] = []
    categories = _load_categories(root, errors)
    packs: dict[str, Pack] = {}
    seen: dict[str, str] = {}
    lexicons = load_lexicons(root, errors)
    # concepts/ holds the semantic layer's exemplar banks (studio.checks.concepts), learned/ the learned
    # layer's model (studio.checks.learned) and lexicons/ the word lists rules name (rules.lexicon): none is a pack.
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                         and p.name not in ("concepts", "learned", LEXICONS_DIR)):
        pack = packs[folder.name] = Pack(folder.name, _pack_kind(folder.name))
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            if folder.name == "global" and path.name == "categories.yaml":
                continue
            _load_file(path, folder.name, categories, pack, seen, errors, lexicons)
    by_id = {lr.rule.id: lr for p in packs.values() for lr in p.rules}
    ruleset = RuleSet(root, categories, packs, by_id)
    _check_links(ruleset, errors)
    if errors:
        raise RuleError(f"{len(errors)} problem(s) in rule packs:\n" + "\n".join(errors),
                        where=str(root), fix="fix each file:line above, then run `studio rules validate`")
    return ruleset
