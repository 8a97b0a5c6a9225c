"""Glossary reading across Han character forms (checks-rest56, issue 9): a Han name written with another form of
the same character: the Chinese form of a Japanese character ("藍步" for 藍歩: 步 is the Chinese form, 歩 the
Japanese shinjitai), the old Japanese form (kyūjitai, "櫻" for 桜), a simplified form in a traditional name or
the reverse ("龍" for 龙), or a name-variant (itaiji, "髙" for 高, "﨑" for 崎). A brand is written one way (ICC
Code art. 1; the glossary's kept terms), and the reader sees another character, so it is the name altered, not
absent: a warn at that span, as ``altered`` warns for a Latin name one letter off. A variant of the same
character is no other word, so this reads two-character names too (native_altered needs three: a character
*off* in a two-character word is too often another word).

The forms, with their sources (Unihan's variant fields, the Jōyō table's kyūjitai column, the 人名用漢字 list), are
data: ``cultural_rules/lexicons/han_variants.txt``, read and checked on first use (every character a Han one).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from studio.core.errors import RuleError

VARIANTS_FILE = "lexicons/han_variants.txt"  # under the rules directory


def _groups(path: Path) -> list[str]:
    """The file's groups in order (one character's forms each); a character that is not Han is refused with its line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for group in line.split():
            bad = [ch for ch in group if not _is_han(ch)]
            if bad:
                raise RuleError(f"{''.join(bad)!r} in {group!r} is not a Han character", where=f"{path}:{n}",
                                fix="write one character's forms together, groups apart by spaces, '#' for comments")
            out.append(group)
    return out


@lru_cache(maxsize=1)
def _fold_map() -> dict[str, str]:
    from studio.core.config import get_settings

    out: dict[str, str] = {}
    for group in _groups(Path(get_settings().rules_dir) / VARIANTS_FILE):
        chars = list(dict.fromkeys(group))
        if len(chars) < 2:
            continue
        head = chars[0]
        for ch in chars:
            out.setdefault(ch, head)
    return out


def _fold(text: str) -> str:
    fm = _fold_map()
    return "".join(fm.get(ch, ch) for ch in text)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def han_variant(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` written in ``text`` with one or more of its Han characters in another form of the same
    character (see the module docstring); (-1, -1) if none. Compared character for character: ``term`` and the
    span fold to the same characters and differ where written."""
    t = term.strip()
    if not any(_is_han(ch) for ch in t) or len(t) < 2:
        return -1, -1
    ft, fx = _fold(t), _fold(text)
    if ft == t and not any(ch in _fold_map() for ch in t):
        return -1, -1
    k = fx.find(ft)
    while k >= 0:
        piece = text[k : k + len(t)]
        if piece != t:
            return k, k + len(t)
        k = fx.find(ft, k + 1)
    return -1, -1
