"""Channel limits count the way each platform counts."""

import pytest

from studio.core.errors import InputError
from studio.market.channels import CHANNELS, get_channel, measure, truncate_to_limit
from studio.market.locales import get_locale


def test_required_channels_and_limits():
    expected = {"google_ads_headline": 30, "google_ads_description": 90, "meta_feed": 2200, "instagram": 2200,
                "tiktok": 2200, "x": 280, "sms": 1, "email_subject": 60}
    for name, limit in expected.items():
        assert CHANNELS[name].limit == limit
    assert CHANNELS["email_subject"].soft_limit == 40 and CHANNELS["meta_feed"].soft_limit == 125
    assert CHANNELS["web"].limit >= 2000


def test_unknown_channel_lists_known_ones():
    with pytest.raises(InputError) as err:
        get_channel("myspace")
    assert "google_ads_headline" in str(err.value) and "sms" in str(err.value)


@pytest.mark.parametrize("text, count, ok", [
    ("a" * 280, 280, True),
    ("a" * 281, 281, False),
    ("中" * 140, 280, True),
    ("中" * 141, 282, False),                    # CJK weighs 2
    ("Hi 😀 https://example.com/a/very/long/path/to/a/page.", 30, True),  # emoji 2, URL 23
    ("👨‍👩‍👧‍👦", 2, True),                            # one ZWJ family is one emoji
    ("Ünïcödé — “quoted” café", 23, True),        # Latin-1, dashes and curly quotes weigh 1
])
def test_x_weighted_counting(text, count, ok):
    m = measure(text, "x")
    assert (m.count, m.ok, m.unit) == (count, ok, "weighted")


def test_sms_gsm7_segments_and_ucs2():
    assert measure("a" * 160, "sms") .ok
    m = measure("a" * 161, "sms")
    assert (m.segments, m.encoding, m.ok) == (2, "gsm7", False)
    assert measure("a" * 306, "sms", "ar-SA").segments == 2  # 2 x 153
    emoji = measure("a" * 69 + "😀", "sms")
    assert emoji.encoding == "ucs2" and emoji.units == 71 and emoji.segments == 2  # 😀 is 2 UTF-16 units
    assert measure("a" * 68 + "😀", "sms").ok
    assert measure("€" * 80, "sms").units == 160 and measure("€" * 80, "sms").ok  # extension: 2 septets
    assert not measure("€" * 81, "sms").ok
    assert measure("Grüße aus München", "sms").encoding == "gsm7"
    assert measure("Ça coûte 5 €", "sms").encoding == "ucs2"  # û is not in GSM-7


def test_sms_locale_override_allows_two_segments():
    text = "تخفيضات كبيرة على جميع المنتجات هذا الأسبوع فقط! " * 2
    assert not measure(text, "sms").ok
    m = measure(text, "sms", get_locale("ar-SA"))
    assert m.limit == 2 and m.ok and m.encoding == "ucs2"


def test_google_ads_double_width():
    assert measure("Smoothies in 30 seconds", "google_ads_headline").count == 23
    m = measure("毎朝のスムージーが三十秒で完成", "google_ads_headline")  # 15 wide characters
    assert m.count == 30 and m.ok
    assert not measure("毎朝のスムージーが三十秒で完成！", "google_ads_headline").ok


def test_chars_count_graphemes_not_code_points():
    assert measure("नमस्ते", "meta_feed").count == 3
    assert measure("👍🏽 ok", "email_subject").count == 4
    m = measure("x" * 50, "email_subject")
    assert m.ok and not m.soft_ok


@pytest.mark.parametrize("text, channel, locale, expected", [
    ("Unser neuer Mixer ist leise. Er macht Smoothies in 30 Sekunden.", "google_ads_headline", "de-DE",
     "Unser neuer Mixer ist leise."),
    ("Smoothies in thirty seconds with the quiet TurboMix blender", "google_ads_headline", "en-GB",
     "Smoothies in thirty seconds"),
    ("新しいブレンダーで、毎朝のスムージーが30秒で完成します。", "google_ads_headline", "ja-JP", "新しいブレンダーで"),
])
def test_truncate_to_limit_cuts_on_boundaries(text, channel, locale, expected):
    out = truncate_to_limit(text, channel, get_locale(locale))
    assert out == expected and measure(out, channel).ok


def test_truncate_never_splits_a_grapheme():
    text = "👨‍👩‍👧‍👦" * 200
    out = truncate_to_limit(text, "x")
    assert out == "👨‍👩‍👧‍👦" * 140 and measure(out, "x").ok
    assert truncate_to_limit("short", "x") == "short"
