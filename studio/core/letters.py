"""Unicode letter ranges of the scripts the studio reads, as regex character-class bodies (``f"[{HAN}]"``).

One home for the ranges the checks and the gates compose: which letters are Han, kana, Hangul, Thai, and so on.
Each reading still says which scripts it means (``SPACELESS`` is the common "no spaces between words" set; a
reading that also treats Hangul syllables as having no word boundary adds ``HANGUL_SYLLABLES`` itself).
"""

from __future__ import annotations

# CJK Unified Ideographs, Extension A and the compatibility ideographs.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Hiragana and katakana (full width); HALFWIDTH_KANA for the half-width forms.
KANA = "\u3040-\u30ff"
HALFWIDTH_KANA = "\uff66-\uff9f"
HANGUL_SYLLABLES = "\uac00-\ud7af"
# Jamo and compatibility jamo as well as the syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f" + HANGUL_SYLLABLES
THAI = "\u0e00-\u0e7f"
ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
DEVANAGARI = "\u0900-\u097f"
CYRILLIC = "\u0400-\u04ff"
GREEK = "\u0370-\u03ff"
HEBREW = "\u0590-\u05ff"

# Scripts written without spaces between words: kana, Han and Thai.
SPACELESS = KANA + HAN + THAI
