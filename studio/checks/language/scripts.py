"""Scripts: a run of another script is another language, decisive even on three words."""

from __future__ import annotations

import re
from functools import lru_cache

from studio.core.letters import ARABIC, CYRILLIC, DEVANAGARI, GREEK, HALFWIDTH_KANA, HAN, HANGUL, HEBREW, KANA, THAI

# Scripts a market's language is written in, besides Latin (brand names, "SALE", URLs are Latin
# everywhere). A run of another script is another language whatever the detector says about it.
_SCRIPTS = {
    name: re.compile(f"[{letters}]")
    for name, letters in {
        "cyrillic": CYRILLIC,
        "arabic": ARABIC,
        "devanagari": DEVANAGARI,
        "thai": THAI,
        "hangul": HANGUL,
        "kana": KANA + HALFWIDTH_KANA,
        "han": HAN,
        "greek": GREEK,
        "hebrew": HEBREW,
    }.items()
}
NATIVE_SCRIPTS = {
    "ar": {"arabic"},
    "hi": {"devanagari"},
    "th": {"thai"},
    "ko": {"hangul", "han"},
    "ja": {"kana", "han"},
    "zh": {"han"},
}
SCRIPT_LANGUAGE = {
    "cyrillic": "ru",
    "arabic": "ar",
    "devanagari": "hi",
    "thai": "th",
    "hangul": "ko",
    "kana": "ja",
    "han": "zh",
    "greek": "el",
    "hebrew": "he",
}
# Letters of Persian and Urdu that Arabic does not use (پ چ ژ گ ک ی, Urdu ٹ ڈ ڑ ں ہ ے): Arabic-script
# copy with them is not Arabic (Unicode Standard, ch. 9.2 "Arabic": Persian and Urdu extensions).
_NOT_ARABIC = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06c1\u06d2]")
MIN_SCRIPT_LETTERS = 4


def foreign_script(text: str, expected: str) -> str | None:
    """The language a run of another script shows (``"ru"`` for Cyrillic in de-DE copy, ``"zh"`` for
    Han without kana in ja-JP copy, ``"fa"`` for Persian letters in Arabic copy), else None.

    At least ``MIN_SCRIPT_LETTERS`` letters of the script are needed: a lone ™ or 🇯🇵 is not copy.
    """
    native = NATIVE_SCRIPTS.get(expected, set())
    for script, rx in _SCRIPTS.items():
        if script in native:
            continue
        if expected == "ja" and script == "han":
            continue
        if len(rx.findall(text)) >= MIN_SCRIPT_LETTERS:
            return SCRIPT_LANGUAGE[script]
    if expected == "ja" and not _SCRIPTS["kana"].search(text):
        han = _SCRIPTS["han"].findall(text)
        # Kanji-only lines are Japanese too (賞味期限：2026年12月, 原材料名：小麦粉、砂糖): only characters
        # Japanese does not write (这, 们, 优) make a kana-free run of Han Chinese; so do traditional forms
        # Japanese replaced by its own (單 for 単, 價 for 価, 會 for 会: 限時搶購，立即下單).
        if len(han) >= 6 and (
            sum(map(chinese_only, han)) >= MIN_CHINESE_ONLY
            or sum(c in TRADITIONAL_NOT_JAPANESE for c in han) >= MIN_TRADITIONAL
        ):
            return "zh"
    if (
        expected == "ko"
        and not _SCRIPTS["hangul"].search(text)
        and len(_SCRIPTS["han"].findall(text)) >= MIN_SCRIPT_LETTERS
    ):
        return "zh"  # Korean copy writes Hangul; a line of Han characters alone is Chinese (全场五折)
    if expected == "zh":
        # Mainland copy is written in simplified characters (Law on the Standard Spoken and Written Chinese
        # Language, 2000, art. 14: advertising uses the standard characters); a run of traditional ones
        # (下載我們的軟體) is copy for Taiwan or Hong Kong.
        han = _SCRIPTS["han"].findall(text)
        trad = sum(map(traditional_only, han))
        if trad >= MIN_TRADITIONAL + 1 and trad * 5 >= len(han):
            return "zh-Hant"
    if expected == "ar" and len(_NOT_ARABIC.findall(text)) >= 2:
        return "fa"
    return None


MIN_CHINESE_ONLY = 1
MIN_TRADITIONAL = 2
# Traditional forms whose Japanese form differs (the 旧字体 the 常用漢字表, 2010, gives beside its
# shinjitai: 亞→亜, 價→価, 會→会, ...), and Chinese words' characters Japanese never writes (們, 這, 搶, 您):
# in copy for Japan they are Chinese, even though Japanese character sets encode them (for names).
TRADITIONAL_NOT_JAPANESE = frozenset(
    "亞惡壓圍爲醫壹隱榮營衞驛圓鹽緣艷應歐毆奧假價畫會壞懷繪擴殼覺學嶽樂勸卷歡罐觀關陷顏歸氣龜僞戲犧舊據擧峽挾曉"
    "區驅勳徑惠溪經莖螢輕鷄藝缺儉劍圈檢權獻縣險顯驗嚴效恆鑛號國濟碎劑雜參慘棧蠶贊殘絲齒兒辭濕實舍寫釋壽收從"
    "澁獸縱肅處緖敍將燒稱證乘剩壤孃條淨疊穰讓釀囑觸寢愼晉盡圖粹醉隨髓數樞聲靜齊攝竊專戰淺潛纖踐錢禪雙壯搜插爭"
    "總聰莊裝騷藏臟卽屬續墮體對帶滯臺擇單擔膽團彈斷癡遲晝蟲鑄廳聽敕鎭遞鐵轉點傳黨盜燈當鬭德獨讀屆貳惱腦霸廢"
    "拜賣麥發髮拔晚蠻祕甁拂倂竝變辨瓣辯舖步寶豐襃沒飜每萬滿默彌藥譯豫餘與譽搖樣謠來賴亂覽兩獵綠壘淚勵禮"
    "隸靈齡戀爐勞樓郞祿錄灣"
    # Chinese words' characters with no place in Japanese writing.
    "們這搶您嗎呢啊吧麼說歲"
)
# Left out: 旧字体 still common in Japanese names (澤, 濱, 邊, 齋, 廣, 瀧, 龍, 櫻, 眞, 佛).


@lru_cache(maxsize=4096)
def traditional_only(char: str) -> bool:
    """True for a Han character of traditional Chinese (Big5) that simplified Chinese (GB 2312) does not
    have: 們, 體, 軟, 載 (their simplified forms are 们, 体, 软, 载)."""
    try:
        char.encode("gb2312")
        return False
    except UnicodeEncodeError:
        pass
    try:
        char.encode("big5")
        return True
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=4096)
def chinese_only(char: str) -> bool:
    """True for a Han character of simplified Chinese (GB 2312) that Japanese does not write: outside
    JIS X 0213, the Japanese character set of 11,233 characters (kanji of every level, names included)."""
    try:
        char.encode("euc_jis_2004")
        return False
    except UnicodeEncodeError:
        pass
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def has_native_script(text: str, expected: str) -> bool:
    """True when copy for a market with its own script (ar, hi, th, ko, ja, zh) carries a run of it:
    bilingual copy ("Buy 1 get 1 free ☕ كل يوم أربعاء") is partly in the market language."""
    return any(len(_SCRIPTS[s].findall(text)) >= MIN_SCRIPT_LETTERS for s in NATIVE_SCRIPTS.get(expected, ()))
