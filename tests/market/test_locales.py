"""Locale profiles: every market loads, babel formats are the market's, calendars are right."""

import datetime as dt

import pytest

from studio.core.errors import LocaleError
from studio.market.locales import get_locale, list_locales, load_locale_file

MARKETS = ["zh-CN", "ja-JP", "ko-KR", "de-DE", "fr-FR", "fr-CA", "en-GB", "en-US", "es-ES", "es-MX", "pt-BR",
           "it-IT", "ar-SA", "ar-AE", "id-ID", "ms-MY", "hi-IN", "en-IN", "tr-TR", "th-TH", "vi-VN", "pl-PL", "nl-NL"]


def test_all_23_markets_are_listed_sorted():
    assert list_locales() == sorted(MARKETS)


@pytest.mark.parametrize("code", MARKETS)
def test_every_profile_loads_and_formats(code):
    p = get_locale(code)
    assert p.code == code and p.language == code[:2] and p.language_name
    assert p.format_number(1234.5) and p.format_currency(10) and p.format_date(dt.date(2026, 3, 5))
    assert p.holidays(2026), f"{code} has no public holidays"
    assert p.ad_label and p.ai_label and p.cultural_notes


def test_babel_number_formats_differ_by_market():
    assert get_locale("de-DE").format_number(1234.56) == "1.234,56"
    assert get_locale("fr-FR").format_number(1234567.89) == "1\u202f234\u202f567,89"  # narrow no-break space
    assert get_locale("en-IN").format_number(1234567.89) == "12,34,567.89"  # lakh grouping
    assert get_locale("en-US").format_number(1234.56) == "1,234.56"
    de = get_locale("de-DE")
    assert (de.decimal_symbol, de.group_symbol) == (",", ".")


def test_currency_and_dates_come_from_babel():
    assert get_locale("de-DE").format_currency(1234.5) == "1.234,50\xa0€"
    assert get_locale("en-US").format_currency(9.99) == "$9.99"
    assert get_locale("ja-JP").format_currency(1200) == "￥1,200"
    assert get_locale("de-DE").format_date(dt.date(2026, 3, 5)) == "05.03.2026"
    assert get_locale("fr-FR").format_date(dt.date(2026, 3, 5), format="long") == "5 mars 2026"


def test_ar_sa_prints_latin_digits_unless_profile_asks_for_native(tmp_path):
    sa = get_locale("ar-SA")
    assert sa.direction == "rtl" and sa.rtl_isolate
    assert "1" in sa.format_number(1234.5) and "١" not in sa.format_number(1234.5)
    src = (sa.model_dump(exclude={"code"}) | {"numbering": "native"})
    import yaml

    path = tmp_path / "ar-SA.yaml"
    path.write_text(yaml.safe_dump(src, allow_unicode=True), encoding="utf-8")
    native = load_locale_file(path)
    assert native.format_number(1234.5) == "١٬٢٣٤٫٥"
    assert "٢٠٢٦" in native.format_date(dt.date(2026, 3, 5))


def test_ramadan_and_sensitive_windows():
    sa = get_locale("ar-SA")
    ramadan = [w for w in sa.sensitive_windows(2026) if w.kind == "ramadan"]
    assert [(w.start, w.end) for w in ramadan] == [(dt.date(2026, 2, 18), dt.date(2026, 3, 19))]
    assert any("Ramadan" in name for name in sa.holidays(2026).values())
    assert sa.sensitive_on(dt.date(2026, 3, 1)) and not sa.sensitive_on(dt.date(2026, 7, 1))
    zh = get_locale("zh-CN")
    assert any(w.start == dt.date(2026, 6, 4) for w in zh.sensitive_windows(2026))
    assert not any(w.kind == "ramadan" for w in get_locale("de-DE").sensitive_windows(2026))
    assert dt.date(2026, 4, 3) in get_locale("de-DE").holidays(2026)  # Good Friday from `holidays`


def test_speaking_rate_helpers():
    en, ja = get_locale("en-US"), get_locale("ja-JP")
    assert en.speech_units("Smoothies in thirty seconds, every day.") == 6
    assert ja.speech_units("毎朝、スムージー。") == 7  # punctuation is not spoken
    assert en.speech_budget(10) == 25 and en.speech_seconds("one two three four five") == 2.0


def test_unknown_code_lists_known_ones_and_aliases_work():
    with pytest.raises(LocaleError) as err:
        get_locale("xx-YY")
    assert "de-DE" in str(err.value) and "zh-CN" in str(err.value)
    assert get_locale("de_de") is get_locale("de-DE")


def test_invalid_profile_names_file_line_and_fix(tmp_path):
    good = (get_locale("de-DE").model_dump(exclude={"code"}))
    import yaml

    lines = yaml.safe_dump(good, allow_unicode=True, sort_keys=True).splitlines()
    idx = next(i for i, line in enumerate(lines) if line.startswith("direction:"))
    lines[idx] = "direction: sideways"
    path = tmp_path / "de-DE.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LocaleError) as err:
        load_locale_file(path)
    assert f"de-DE.yaml:{idx + 1}" in str(err.value) and "fix:" in str(err.value)
    assert "direction" in str(err.value)

    path.write_text("language: de\nlanguage_name: [oops\n", encoding="utf-8")
    with pytest.raises(LocaleError, match=r"de-DE.yaml:\d+"):
        load_locale_file(path)


def test_unknown_channel_override_is_rejected(tmp_path):
    import yaml

    data = get_locale("en-GB").model_dump(exclude={"code"}) | {"channel_limits": {"myspace": 10}}
    path = tmp_path / "en-GB.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LocaleError, match="unknown channel 'myspace'"):
        load_locale_file(path)
