"""Named lexicons (``cultural_rules/lexicons/<name>.yaml``): one sourced word list that many rules read.

A rule names a lexicon by an entry ``"@lexicon:<name>"`` in one of its word lists (``terms``, ``near``, ``required``,
``when.terms``); the loader puts the lexicon's words in that entry's place before the rule is validated, so
every rule type, the term index and the inflection table see a plain list. A lexicon is grouped by language
(``language``: ISO 639-1, or ``mul`` for names written alike in many languages), each group with the
``source`` its words come from. A group's single words are inflected in its own language when the lexicon is
read (studio.checks.inflect: "wódka" also finds "wódki", "wódkę"), whatever the reading rule's ``inflect``
says; ``heads`` are the words that also end a compound in German or Dutch ("Kräuterschnaps",
"Doppelkornbier": written ``*schnaps``, a suffix term for studio.checks.matcher). A rule's exceptions and
``unless`` words stay in the rule: a lexicon says what a thing is called, a rule says where it does not count.

Every file is validated at load (file:line errors for a bad field, an empty or duplicated word, an unknown
lexicon named by a rule), and each is read once per process for one content (``_read``'s cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from studio.checks import inflect
from studio.checks.normalize import normalize
from studio.checks.rules.base import Source, _Strict, no_blank
from studio.core.errors import RuleError
from studio.core.yamlfile import format_loc, line_for, load_yaml_file

LEXICONS_DIR = "lexicons"
REF = "@lexicon:"  # "@<name>" alone would be a handle: global.claims lists "@Starbucks", "@docomo"
# The word lists a lexicon may fill (the last key of the list's place in the rule mapping).
# checks-restB58: the ``likeness`` type's word lists (who is public: fame, persons; how it was made: synthetic)
# checks-alcohol59: the ``lottery`` type's word lists (chance, prize, consideration: the three parts of a lottery) and
# ``drink_stated``'s ``paired`` (a period beside a vessel: a daily amount)
# checks-comparative59: the ``reference_stated`` type's named references (RRP, MRP, メーカー希望小売価格)
# checks-restB59: a ``basis``'s sources (research bodies and source markers: types/basis.py)
# checks-faith60: a ``sacred_use`` use's ``also`` (the offer a holy figure is measured against: types/sacred_use.py)
# checks-restB60: an ``ai_role``'s roles (a real person's role: founder, owner, customer: types/ai_role.py)
READS = frozenset({"terms", "near", "required", "fame", "persons", "synthetic", "chance", "prize", "consideration", "paired",
                   "named", "sources", "also", "roles",
                   "binding"})
# Lists a lexicon may not fill: where a word does not count is the rule's own (any other list, e.g. examples,
# may hold an "@handle" as plain text).
OWN = frozenset({"exceptions", "unless", "unless_exceptions"})


class LexiconGroup(_Strict):
    language: str = Field(pattern=r"^([a-z]{2,3}|mul)$")
    source: Source
    terms: list[str] = Field(min_length=1)
    heads: list[str] = Field(default_factory=list)

    @field_validator("terms", "heads")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "lexicon words")


class LexiconFile(_Strict):
    lexicon: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    groups: list[LexiconGroup] = Field(min_length=1)


@dataclass(frozen=True)
class Lexicon:
    name: str
    where: str  # the file
    words: tuple[str, ...]  # every entry, its inflected forms and its compound heads (``*head``), in file order
    by_language: tuple[tuple[str, tuple[str, ...]], ...]  # (language, its groups' entries): what is inflected


def inflected_entries(root: Path) -> dict[str, set[str]]:
    """{language: the single words of every lexicon under ``root``} (for studio.checks.inflect's shipped table)."""
    out: dict[str, set[str]] = {}
    for lex in load_lexicons(root, []).values():
        for lang, words in lex.by_language:
            out.setdefault(lang, set()).update(normalize(w).text for w in words if " " not in w)
    return out


def _words(data: LexiconFile) -> tuple[str, ...]:
    out: list[str] = []
    for g in data.groups:
        out += g.terms
        forms = inflect.variants((normalize(t).text for t in g.terms), g.language)
        out += [f for t in g.terms for f in forms.get(normalize(t).text, ())]
        out += ["*" + h for h in g.heads]
    return tuple(dict.fromkeys(out))


def _duplicates(data: LexiconFile, lines: dict[Any, int], path: Path) -> list[str]:
    seen: dict[str, str] = {}
    errors = []
    for gi, g in enumerate(data.groups):
        for role in ("terms", "heads"):
            for ti, word in enumerate(getattr(g, role)):
                key = role + ":" + normalize(word).text
                where = f"{path}:{line_for(lines, ('groups', gi, role, ti))}"
                if key in seen:
                    errors.append(f"{where}: {word!r} is listed twice (first at {seen[key]})"
                                  "\n  fix: keep one entry; a word shared by languages stands once, in its first group")
                else:
                    seen[key] = where
    return errors


@lru_cache(maxsize=16)
def _read(path: str, stamp: tuple[int, int]) -> Lexicon | list[str]:
    """One lexicon file, validated; the list of its problems where it has any (cached per content stamp)."""
    p = Path(path)
    try:
        raw, lines = load_yaml_file(p, RuleError, fast=True)
        data = LexiconFile.model_validate(raw if raw is not None else {})
    except RuleError as exc:
        return [str(exc)]
    except ValidationError as exc:
        return [f"{p}:{line_for(lines, e['loc'])}: {format_loc(e['loc'])}: {e['msg']}"
                "\n  fix: a lexicon has `lexicon`, `description` and `groups: [{language, source, terms, heads?}]`"
                for e in exc.errors()]
    errors = _duplicates(data, lines, p)
    if data.lexicon != p.stem:
        errors.append(f"{p}:{line_for(lines, ('lexicon',))}: lexicon is {data.lexicon!r} but the file is {p.name!r}"
                      f"\n  fix: write `lexicon: {p.stem}` or rename the file")
    langs: dict[str, list[str]] = {}
    for g in data.groups:
        langs.setdefault(g.language, []).extend(g.terms)
    return errors or Lexicon(data.lexicon, str(p), _words(data), tuple((k, tuple(v)) for k, v in langs.items()))


def load_lexicons(root: Path, errors: list[str]) -> dict[str, Lexicon]:
    """Every ``<root>/lexicons/*.yaml`` by name; problems are added to ``errors``."""
    out: dict[str, Lexicon] = {}
    for path in sorted((root / LEXICONS_DIR).glob("*.yaml")):
        st = path.stat()
        got = _read(str(path), (st.st_mtime_ns, st.st_size))
        if isinstance(got, list):
            errors.extend(got)
        else:
            out[got.name] = got
    return out


def expand(raw: Any, lexicons: dict[str, Lexicon], where: Any, errors: list[str], loc: tuple[Any, ...] = ()) -> Any:
    """``raw`` (a rule mapping) with each ``"@lexicon:<name>"`` entry of a word list replaced by that lexicon's words.

    ``where(loc)`` gives the file:line of a place in the rule; an unknown name, or a name in a list a lexicon
    may not fill (``OWN``), is added to ``errors``. Other lists (examples, regexes) are left as they are.
    """
    if isinstance(raw, dict):
        return {k: expand(v, lexicons, where, errors, loc + (k,)) for k, v in raw.items()}
    if not isinstance(raw, list) or not any(isinstance(x, str) and x.startswith(REF) for x in raw):
        return raw
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if field not in READS | OWN:
        return raw
    out: list[Any] = []
    for i, x in enumerate(raw):
        name = x[len(REF):] if isinstance(x, str) and x.startswith(REF) else None
        if name is None:
            out.append(x)
        elif field not in READS:
            errors.append(f"{where(loc + (i,))}: {format_loc(loc)} names lexicon {x!r}, but only "
                          f"{', '.join(sorted(READS))} lists read a lexicon"
                          "\n  fix: list this rule's own exceptions or unless words here; name the lexicon in its terms")
        elif name not in lexicons:
            errors.append(f"{where(loc + (i,))}: unknown lexicon {x!r}"
                          f"\n  fix: name one of {', '.join(REF + n for n in sorted(lexicons)) or '(none)'} "
                          f"or add cultural_rules/{LEXICONS_DIR}/{name}.yaml")
        else:
            out.extend(lexicons[name].words)
    return list(dict.fromkeys(out)) if all(isinstance(x, str) for x in out) else out
