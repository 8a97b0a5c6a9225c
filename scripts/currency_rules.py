"""Generate cultural_rules/<market>/currency.yaml: a price in another market's currency (glossary).

For each market of locales/*.yaml, the currencies of the other markets, written as that market's
readers would see them: the ISO code, the CLDR symbol in the market's locale and in English (€, £,
US$, R$, ₹, ر.س), and the CLDR display names (singular and plural: "euros", "dólares
estadounidenses", "ريال سعودي"), from babel's copy of CLDR. A bare "$" counts as foreign only in a
market whose own currency is not written with it (not USD, MXN, CAD, BRL). A form is left out when it
is also one of the market's own symbols (¥ in ja-JP and zh-CN), and a code that is an English word
(TRY); plus the symbols the currency's own market writes (RM, Rp, Rs). Only a form next to a number is a finding: a symbol or code before it ("US$ 49", "€49", "EUR 49")
or any form after it ("49 euros", "49 €"); a name before a number is not a price ("Euro 2028").
Case-sensitive, so "try 3" is not Turkish lira.

    PYTHONPATH=. .venv/bin/python scripts/currency_rules.py      # rewrites the 23 files
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from babel.numbers import format_currency, get_currency_name, get_currency_symbol

ROOT = Path(__file__).resolve().parent.parent
DOLLAR_MARKETS = {"USD", "MXN", "CAD", "BRL"}
# Where the law, not only the reader, forbids it: Vietnam bars listing or advertising prices in a
# foreign currency, so there it is a price finding.
LAW = {"vi-VN": ("price", "A price in a foreign currency: Vietnamese law requires prices to be listed and advertised in VND.",
                 {"name": "Pháp lệnh Ngoại hối 2005 (sửa đổi 2013) Điều 22; Thông tư 32/2013/TT-NHNN Điều 3-4 (không niêm yết, quảng cáo giá bằng ngoại tệ)",
                  "url": "https://thuvienphapluat.vn/"})}


def _clean(form: str) -> str:
    return form.replace("\u200f", "").replace("\u200e", "").strip().rstrip(".") if form else ""


def markets() -> dict[str, str]:
    out = {}
    for path in sorted((ROOT / "locales").glob("*-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "currency" in data:
            out[path.stem] = data["currency"]
    return out


WORD_CODES = {"TRY"}
# Symbols the currency's own market writes that CLDR gives only in that market's locale: "RM 49" in
# Indonesian copy, "Rp 99.000" in Malay copy, "Rs 499" anywhere outside India (Bank Negara Malaysia,
# Bank Indonesia and Reserve Bank of India write their currency so).
LOCAL_SYMBOLS = {"MYR": ["RM"], "IDR": ["Rp"], "INR": ["Rs", "Rs."]}


# The bare unit a price is often written with after the number ("49 dólares", "٩٩ دولار", "49 ringgit"),
# where CLDR gives only the full display name ("dólares estadounidenses", "دولار أمريكي", "Ringgit Malaysia").
# The unit words of Wiktionary's entries for each currency in the market's language; a word that is also
# part of the market's own currency's name (dollar in en-US and fr-CA) is left out.
BARE_UNITS = {
    "USD": {"ar": ["دولار", "دولارات", "دولاراً", "دولارا"], "de": ["Dollar"], "en": ["dollars", "dollar"], "es": ["dólares", "dólar"],
            "fr": ["dollars", "dollar"], "hi": ["डॉलर"], "id": ["dolar"], "it": ["dollari", "dollaro"], "ms": ["dolar"],
            "nl": ["dollar"], "pl": ["dolarów", "dolary", "dolar"], "pt": ["dólares", "dólar"], "tr": ["dolar"]},
    "MYR": {"id": ["ringgit"], "en": ["ringgit"]},
    "IDR": {"ms": ["rupiah"], "en": ["rupiah"]},
}


def forms(market: str, own: str, other: str) -> tuple[list[str], list[str]]:
    """(symbols and codes, names) of ``other`` as written in ``market``."""
    loc = market.replace("-", "_")
    own_symbols = {_clean(get_currency_symbol(own, locale=loc)), _clean(get_currency_symbol(own, locale="en")), own}
    symbols = [] if other in WORD_CODES else [other]
    for sym in (get_currency_symbol(other, locale=loc), get_currency_symbol(other, locale="en")):
        sym = _clean(sym)
        if sym and sym not in own_symbols and sym != "$" and sym not in WORD_CODES:
            symbols.append(sym)
    symbols += [sym for sym in LOCAL_SYMBOLS.get(other, []) if sym not in own_symbols]
    if other == "USD" and own not in DOLLAR_MARKETS:
        symbols.append("$")
    names = []
    for count in (1, 2):
        name = _clean(get_currency_name(other, count=count, locale=loc))
        if name and name != other:
            names += [name, name[:1].lower() + name[1:], name[:1].upper() + name[1:]]
    own_name = " ".join(_clean(get_currency_name(own, count=c, locale=loc)) for c in (1, 2)).casefold()
    names += [w for w in BARE_UNITS.get(other, {}).get(market.split("-")[0], []) if w.casefold() not in own_name]
    return list(dict.fromkeys(symbols)), list(dict.fromkeys(names))


def rule(market: str, own: str, currencies: list[str]) -> dict:
    by_currency = {c: forms(market, own, c) for c in currencies if c != own}

    def alt(items: set[str]) -> str:
        return "|".join(re.escape(f) for f in sorted(items, key=lambda f: (-len(f), f)))

    symbols = {f for sy, _ in by_currency.values() for f in sy}
    names = {f for _, nm in by_currency.values() for f in nm}
    # Before a symbol, only a Latin letter or a digit makes it part of a word ("AUS$"): scripts written
    # without spaces run the price into the words before it ("今なら$29.99", "ราคา$49").
    pattern = rf"(?<![A-Za-z0-9\u00c0-\u024f$])(?:{alt(symbols)})\s?\d|\d(?:[\d.,\s]*\d)?\s?(?:{alt(symbols | names)})(?![\w$])"
    loc = market.replace("-", "_")
    sample = next(c for c in ("EUR", "USD", "GBP") if c != own)
    sy, nm = by_currency[sample]
    match = [f"{sy[-1]}49", f"49 {nm[-1]}"]
    category, message, source = LAW.get(market, (
        "glossary", f"A price in another market's currency: {market} prices are in {own}.",
        {"name": "Unicode CLDR currency symbols and display names (via babel); the market's currency in locales/" + market + ".yaml",
         "url": "https://cldr.unicode.org/"}))
    return {
        "id": f"{market.lower().replace('-', '')}.{category}.foreign_currency",
        "type": "pattern",
        "category": category,
        "severity": "warn",
        "message": message,
        "suggestion": f"Write the price in {own} ({format_currency(49, own, locale=loc)}).",
        "source": source,
        "applies_to": {"kinds": ["copy", "video_script"]},
        "flags": [],
        "patterns": [pattern],
        "examples": {"match": match,
                     "no_match": [format_currency(49, own, locale=loc), "Since 1949, 20 years of trust", "Euro 2028", "Try 3 for free"]},
    }


def main() -> None:
    m = markets()
    currencies = sorted(set(m.values()))
    for market, own in m.items():
        path = ROOT / "cultural_rules" / market / "currency.yaml"
        header = ("# Generated by scripts/currency_rules.py from CLDR (babel) and locales/*.yaml: edit the script, not this file.\n")
        body = yaml.safe_dump({"pack": market, "rules": [rule(market, own, currencies)]}, allow_unicode=True, sort_keys=False, width=200)
        path.write_text(header + body, encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
