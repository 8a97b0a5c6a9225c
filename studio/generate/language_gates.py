"""The gates that read a draft's language (studio.generate.gates composes them): lingua's verdict on the whole
text, and word by word with wordfreq: words of another language (``foreign_words``), words the language does not
know (``unknown_words``) and hashtags that are no words (``odd_hashtag``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import regex

from studio.checks.language import _NOISE, compatible, judgeable, language_of_locale, word_zipf, zipf_pairs
from studio.core.letters import HAN
from studio.generate.reader_rules import SPACELESS, WORD, ForeignSource, ReaderRules, reader_rules
from studio.generate.shape_gates import TAG, altered_brand

MIN_CONFIDENCE = 0.5


def language_verdict(text: str, locale: str, ignore: Sequence[str]) -> tuple[bool, str]:
    """(passes, why) for the language gate."""
    from studio.checks.language import _lingua

    expected = language_of_locale(locale)
    cleaned = text
    for term in sorted(ignore, key=len, reverse=True):
        cleaned = cleaned.replace(term, " ") if term else cleaned
    # a number with its unit ("750 ml", "24h", "29.99 USD": reader_gates.yaml latin_allowed) is in no language: left
    # in, "Fjell Bottle, 750 ml" read as Turkish and a scene that said it was asked again for its language
    if units := "|".join(map(re.escape, sorted(reader_rules().latin_allowed, key=len, reverse=True))):
        cleaned = re.sub(rf"\d[\d.,]*\s?(?:{units})\b", " ", cleaned, flags=re.IGNORECASE)
    cleaned = _NOISE.sub(" ", cleaned).strip()
    # the AI label is no words of the ad: "Fjell (AI生成)", the brand alone with its label, passed every gate as a
    # zh-CN headline (drafts-headlines20's base run)
    from studio.generate.labels import strip_ai_label

    if not re.search(r"[^\W\d_]", strip_ai_label(cleaned, locale)):
        return False, "no words besides brand, numbers and links"
    ranked = _lingua().compute_language_confidence_values(cleaned)
    if not ranked:
        return False, "lingua could not identify a language"
    top, confidence = ranked[0].language.iso_code_639_1.name.lower(), ranked[0].value
    if not compatible(top, expected):
        return False, f"reads as {top} ({confidence:.2f}), expected {expected}"
    long_enough = judgeable(text, list(ignore)) is not None
    if long_enough and confidence < MIN_CONFIDENCE:
        return False, f"{expected} with confidence {confidence:.2f} < {MIN_CONFIDENCE}"
    return True, f"{top} {confidence:.2f}"


# languages wordfreq reads only through a segmenter (MeCab for ja and ko, jieba for zh; none for th): a word
# looked up there (zipf_frequency) raises ModuleNotFoundError, since neither is installed
SEGMENTED = frozenset({"ja", "zh", "ko", "th"})
_RUN = re.compile(r"\d+|[^\W\d_]+")


def _camel_parts(tag: str) -> list[str]:
    """A hashtag's CamelCase words, in any Latin letters: the old pattern knew Latin-1 only, so Vietnamese
    "#ĐạpXe" and "#GiờTrà" (the vi-VN worked example's own tags) split wrongly and failed (drafts-latin18)."""
    out: list[str] = []
    for run in _RUN.findall(tag):
        start = 0
        for i in range(1, len(run)):
            if run[i].isupper() and run[i - 1].islower():
                out.append(run[start:i])
                start = i
            elif run[i].islower() and i - start >= 2 and run[i - 1].isupper() and run[i - 2].isupper():
                out.append(run[start:i - 1])  # "ABCDef" -> "ABC", "Def"
                start = i - 1
        out.append(run[start:])
    return out


def _fold(word: str, lang: str) -> str:
    """Case-folded as the language does: Turkish İ/I are i/ı ("#İçecek" folded to 'i̇çecek', a dotted i wordfreq
    does not know)."""
    if lang in ("tr", "az"):
        word = word.replace("İ", "i").replace("I", "ı")
    return word.casefold()


def _is_word(word: str, lang: str, min_zipf: float) -> bool:
    """At least ``min_zipf`` common in ``lang`` (wordfreq's large lists: the copy gates read every word a
    writer may use, where the language checks read the small ones)."""
    return word_zipf(word, lang, "best") >= min_zipf


def _tag_reads(tag: str, lang: str, own: frozenset[str], min_zipf: float, compound_zipf: float) -> bool:
    """A hashtag reads as words: one word of the language or of the brief, words in CamelCase, or two
    common words of four letters or more run together (#sommerzeit)."""
    def word(w: str, zipf: float = min_zipf) -> bool:
        w = _fold(w, lang)
        return w.isdigit() or w in own or _is_word(w, lang, zipf)

    if word(tag):
        return True
    if "_" in tag:  # #وقت_الشاي, #cold_water: words joined by underscores
        return all(_tag_reads(part, lang, own, min_zipf, compound_zipf) for part in tag.split("_") if part)
    parts = _camel_parts(tag)
    if len(parts) > 1 and "".join(parts) == tag:
        return all(word(p) for p in parts)
    low = _fold(tag, lang)
    return any(word(low[:k], compound_zipf) and word(low[k:], compound_zipf) for k in range(4, len(low) - 3))


# A hashtag is a word on its own, no sentence around it to say which language it is: an English word there needs
# a smaller lead than in running text (foreign_words' 1.5) to read as English. "cold" and "water" lead the Indonesian
# list by 1.3 and 1.25, "summer" the Malay by 1.5, "life" the Turkish by 1.75; Indonesian and Malay "air" (water)
# trails English by 0.5 below zero, so it stays theirs.
TAG_LEAD = 1.0
# and a smaller floor: a tag's English words are product words less common than running text's ("stainless" 3.76,
# "warranty" 3.73 in English, under 2 in Portuguese), and q23g's pt-BR post closed on '#StainlessSteel
# #LifetimeWarranty', which passed since each tag had one word under foreign_words' min_zipf of 4
TAG_MIN_ZIPF = 3.0


def _tag_foreign(tag: str, lang: str, own: frozenset[str], rules: ReaderRules) -> bool:
    """A hashtag in another language's words (foreign_words in reader_gates.yaml): wordfreq's Indonesian,
    Malay, Turkish and Vietnamese lists hold "cold" and "water" (Zipf 3.4-4.3), so "#ColdWater" read as words
    of those languages; a tag whose every word (CamelCase or underscore parts, or a lowercase run or its two
    halves: #coldwater) is far more common in English than there is English. The brand, the product, the
    glossary and `allowed` words are not read."""
    from dataclasses import replace

    allowed = rules.foreign_allowed | own
    parts = _camel_parts(tag)
    if len(parts) > 1:
        groups = [parts]
    else:  # one word, or (not a word of either language) two run together: #coldwater, not #outdoor's out|door
        low = _fold(tag, lang)
        if low in allowed:
            return False
        whole = word_zipf(low, "en") >= rules.hashtag_min_zipf or word_zipf(low, lang) >= rules.hashtag_min_zipf
        groups = [[low]] + ([] if whole else [[low[:k], low[k:]] for k in range(3, len(low) - 2)])
    for source in (replace(s, lead=min(s.lead, TAG_LEAD), min_zipf=min(s.min_zipf, TAG_MIN_ZIPF)) for s in rules.foreign
                   if lang in s.into and s.language not in ("ja", "zh")):
        for group in groups:
            words = [w for w in group if w.casefold() not in allowed and not w.isdigit()]
            if words and all(_foreign_in(w, lang, source, allowed) for w in words):
                return True
    return False


# A post is asked for two or three hashtags: more is a list the model ran on with ("#Clima #ClimaEsterno
# #ClimaInterior ... #ClimaPer" in an it-IT post that passed every gate), not copy a writer keeps.
MAX_HASHTAGS = 5


def odd_hashtags(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> list[str]:
    """The hashtags of ``text`` ("#ColdWater") that are neither words of the locale's language nor of the brief, in
    order, each once; none where the language is written without spaces or the rules read no hashtags."""
    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    if rules.hashtag_min_zipf is None or lang in SEGMENTED:
        return []
    own = frozenset(w.casefold() for w in WORD.findall(" ".join([brief.brand, brief.product.name,
                                                                     *brief.glossary_terms(locale)])))
    own |= rules.hashtag_allowed
    return [f"#{tag}" for tag in dict.fromkeys(TAG.findall(text))
            if not SPACELESS.search(tag) and re.search(r"[^\W\d_]", tag)
            and (not _tag_reads(tag, lang, own, rules.hashtag_min_zipf, rules.hashtag_compound_zipf)
                 or _tag_foreign(tag, lang, own, rules))]


# the hashtags a line ends on ("... wherever you go. #Fjell #ColdWater"): the only ones a tidy step may drop, since
# one inside a sentence ("Stay #hydrated today") is a word of it
_TAG_TAIL = re.compile(r"(?:^|(?<=\s))(?:[#＃][^\W_]\w*\s*)+$")


def _echo_tags(text: str, locale: str, brief: Any) -> list[str]:
    """The closing hashtags past MAX_HASHTAGS, last first, that only say a word of the post's own sentences again
    (ko-KR '... 하루 종일 차가운 음료를 보세요. #Fjell #스테인리스 #물병 #차가운 #물 #음료': #음료 is '음료를'; zh-CN
    '#一整天 #冷 #热 #水' after a body that says each): as many as the list runs past the limit, never the brand's
    tag. Read in every language: the languages without spaces as letters anywhere in the body, the others as the
    start of a word ("#Fresca" of "agua fresca")."""
    tails = [m for line in text.split("\n") if (m := _TAG_TAIL.search(line))]
    tags = list(dict.fromkeys(TAG.findall(text)))
    excess = len(tags) - MAX_HASHTAGS
    if excess <= 0 or not tails:
        return []
    body = _TAG_TAIL.sub("", text).replace("\n", " ")
    body = re.sub(r"[#＃][^\W_]\w*", " ", body).casefold()
    closing = [t[1:] for m in tails for t in m.group(0).split()]

    def said(tag: str) -> bool:
        low = tag.casefold()
        if SPACELESS.search(low):
            return low in body
        return re.search(rf"(?<![^\W\d_]){re.escape(low)}", body) is not None

    echoes = [f"#{t}" for t in reversed(closing) if t.casefold() != brief.brand.casefold() and said(t)]
    return echoes[:excess]


def drop_odd_hashtags(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> tuple[str, list[str]]:
    """``text`` without the odd hashtags (``odd_hashtags``) a line ends on: a 1.5B model closed Malay, Indonesian and
    Portuguese posts with English tags it invented ("#ColdWater #InsulatedBottle"), which a local editor deletes and
    the hashtag gate fails; a list run on past MAX_HASHTAGS loses its odd tags too ("#Fjell #Beverage #Insulated ...
    #DishwasherSafe" in a pt-BR post), and the gate still names what is left over. A list still past the limit loses
    the closing tags that only repeat a word of the post (``_echo_tags``: ko-KR's six tags, four of them the post's
    own words). (text, the tags dropped)."""
    odd = odd_hashtags(text, locale, brief, rules)
    if odd:
        text, dropped = _drop_tags(text, {tag[1:].casefold() for tag in odd})
    else:
        dropped = []
    if echoes := _echo_tags(text, locale, brief):
        text, more = _drop_tags(text, {tag[1:].casefold() for tag in echoes})
        dropped += more
    return text, dropped


def _drop_tags(text: str, drop: set[str]) -> tuple[str, list[str]]:
    """``text`` without the tags (folded, no #) of ``drop`` that its lines end on: (text, the tags dropped)."""
    dropped: list[str] = []
    lines = []
    for line in text.split("\n"):
        tail = _TAG_TAIL.search(line)
        if tail is None:
            lines.append(line)
            continue
        kept = []
        for tag in tail.group(0).split():
            (dropped if tag[1:].casefold() in drop else kept).append(tag)
        line = " ".join(part for part in (line[:tail.start()].strip(), " ".join(kept)) if part)
        if line:  # a line of odd tags only goes whole
            lines.append(line)
    return "\n".join(lines), dropped


def odd_hashtag(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a hashtag of the draft is not a word of the locale's language nor of the brief, else None
    ("#Trinkflasch", "#Fjellbottlelife" in French copy), or the draft has more than MAX_HASHTAGS. The words of
    hashtags in languages wordfreq cannot split (ja, zh, ko, th) are not read; their count is."""
    rules = rules or reader_rules()
    if rules.hashtag_min_zipf is None:
        return None
    lang = language_of_locale(locale)
    # counted in every language: ko-KR's post with six tags passed, since the words of the tags are not read there
    tags = list(dict.fromkeys(TAG.findall(text)))
    if len(tags) > MAX_HASHTAGS:
        return (f"has {len(tags)} hashtags ({' '.join('#' + t for t in tags[:3])} ...): keep two or three about the "
                f"product, one of them #{brief.brand}")
    if lang in SEGMENTED:
        return None  # wordfreq needs MeCab or jieba to read these (not installed): "#Brio" in a ja post crashed it
    # every odd hashtag, not the first: told of #Outdoorsy alone, a fr-FR repair dropped #Fjell #Gourde instead
    odd = odd_hashtags(text, locale, brief, rules)
    if not odd:
        return None
    if len(odd) == 1:
        return f"the hashtag {odd[0]} is not a word of {lang} nor of the brief: use real words or leave it out"
    return f"the hashtags {', '.join(odd)} are not words of {lang} nor of the brief: use real words or leave them out"


OWN_WORD_ZIPF = 2.0  # a run of Han letters this common in the copy's own language is a word of it
_HAN_RUN = re.compile(f"[{HAN}]+")


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's word list of ``lang`` read directly: Japanese and Chinese need a segmenter (MeCab, jieba)
    for ``zipf_frequency``, but a run of Han letters can be looked up as it is."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


def _zipf(word: str, lang: str) -> float:
    import math

    freq = _frequencies(lang).get(word, 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


def _foreign_in(text: str, lang: str, source: ForeignSource, allowed: frozenset[str]) -> list[str]:
    """The words of ``text`` that read as ``source.language`` rather than ``lang``: common there (``min_zipf``)
    and far more common there than in ``lang`` (``lead``), so a loanword the language uses ("cool", "design")
    is not one. Han runs (Japanese and Chinese are written without spaces) are read in windows of 2-4
    letters, the longest found kept."""
    found: list[str] = []
    if lang in ("ja", "zh") or source.language in ("ja", "zh"):
        for run in _HAN_RUN.findall(text):
            windows = [run[i:j] for i in range(len(run)) for j in range(i + 2, min(len(run), i + 4) + 1)]
            # a window with a numeral is a count ("一日", "数百"): wordfreq's Japanese list, cut by MeCab, has
            # none, so they would all read as Chinese; nor is one inside a longer word of the copy's language
            # ("全天" of "全天候")
            hits = [w for w in windows if not any(unicodedata.numeric(ch, None) is not None for ch in w)
                    and _zipf(w, source.language) >= source.min_zipf and _zipf(w, source.language) - _zipf(w, lang) >= source.lead
                    and not any(w != o and w in o and _zipf(o, lang) >= OWN_WORD_ZIPF for o in windows)]
            found += [h for h in hits if not any(h != o and h in o for o in hits)]
        return found
    for word in WORD.findall(text):
        w = word.casefold()
        if len(w) < 2 or w in allowed or any(ch.isdigit() for ch in w):
            continue
        [(theirs, own)] = zipf_pairs([w], source.language, lang, "best")
        # Zipf values come to two decimals: 'cold' leads Dutch by 5.02 - 3.52 = 1.5, which the float difference
        # (1.4999999999999996) read as short of 1.5, and q23g's nl-NL post 'Het is cold water de hele dag' passed
        if theirs >= source.min_zipf and round(theirs - own, 2) >= source.lead:
            found.append(word)
    return found


def foreign_words(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy carries words of another language, else None: English words in French copy ("la gourde
    pour votre summer"), Chinese words in Japanese copy ("一整天冷たい"). By word frequency in both languages
    (wordfreq; ``foreign_words`` in reader_gates.yaml), so loanwords the language uses pass; and, where the
    language has its own character set (JIS X 0213 for Japanese), Han letters outside it. The brand, the
    product's name, the glossary, the locale's labels and hashtags are not read."""
    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    sources = [s for s in rules.foreign if lang in s.into]
    codec = rules.charsets.get(lang)
    if not sources and codec is None:
        return None
    loc = get_locale(locale)
    cleaned = re.sub(r"[#＃@]\w+|https?://\S+", " ", text)
    for term in sorted((t for t in (brief.brand, brief.product.name, *brief.glossary_terms(locale), loc.ai_label,
                                    loc.ad_label) if t), key=len, reverse=True):
        cleaned = re.sub(re.escape(term), " ", cleaned, flags=re.IGNORECASE)
    found: dict[str, str] = {}  # word -> the language it reads as
    if codec is not None:
        for run in _HAN_RUN.findall(cleaned):
            for ch in run:
                try:
                    ch.encode(codec)
                except UnicodeEncodeError:
                    found.setdefault(run, "zh" if lang == "ja" else "another language")
                    break
    for source in sources:
        for word in _foreign_in(cleaned, lang, source, rules.foreign_allowed):
            if not any(word in w for w in found):
                found.setdefault(word, source.language)
    if not found:
        return None
    from babel import Locale

    names = sorted({Locale.parse(code).get_display_name("en") if code.isalpha() else code for code in found.values()})
    return (f"has {' and '.join(names)} words in {loc.language_name} copy: {', '.join(repr(w) for w in found)}; "
            f"say them in {loc.language_name}")


# a word with its marks: Devanagari's vowel signs are marks, not \w, and 'बोटल' read as 'ब', 'टल' (too short to read)
_NAMEISH = regex.compile(r"[^\W\d_][\w\p{M}'’-]*")


NUKTA = "\u093c"


def _misspelt(word: str, lang: str, floor: float) -> str | None:
    """The word of ``lang``'s list at least ``floor`` common that ``word`` is one letter (code point) from, else None:
    one left out, added or changed ('बोटल' for 'बोतल' bottle, 'लागते' for 'लगते', 'खरते' for 'करते')."""
    letters = _script_letters(word)
    seen = {word}
    for i in range(len(word) + 1):
        for cand in ([word[:i] + word[i + 1:]] if i < len(word) else []) + [word[:i] + ch + word[i:] for ch in letters] + (
                [word[:i] + ch + word[i + 1:] for ch in letters] if i < len(word) else []):
            if cand not in seen:
                seen.add(cand)
                if cand and _zipf(cand, lang) >= floor:
                    return cand
    return None


def _script_letters(word: str) -> list[str]:
    """The code points of the Unicode block of ``word``'s first letter (128 of them: Devanagari's letters and signs)."""
    start = ord(word[0]) & ~0x7F
    return [chr(c) for c in range(start, start + 0x80) if unicodedata.category(chr(c))[0] in "LM"]


def _lemma_known(word: str, lang: str) -> bool:
    """Whether simplemma's dictionary of ``lang`` (its inflected forms, from Wiktionary) has ``word``."""
    import simplemma

    return simplemma.is_known(word, lang=lang)


def _known(word: str, lang: str, rules: ReaderRules) -> bool:
    """A word of ``lang``'s list (wordfreq, at least ``words.min_zipf``), or its parts joined by hyphens, or two
    words of the list run together (German and Dutch compounds, a linking s or n allowed: "Isolierflasche" is
    not in the list, "Isolier" is not a word either; "Sommerabend" is "Sommer" + "abend")."""
    known = rules.words
    assert known is not None
    if word in known.allowed or word_zipf(word, lang, "best") >= known.min_zipf:
        return True
    # Hindi's nukta is written or left out alike ('ऑफ़र', 'ऑफर' offer): the list holds one of the two
    if lang == "hi" and NUKTA in word and word_zipf(word.replace(NUKTA, ""), lang, "best") >= known.min_zipf:
        return True
    if lang in known.lemmas and _lemma_known(word, lang):
        return True
    if "-" in word:
        return all(_known(part, lang, rules) for part in word.split("-") if part)
    for clitic in known.clitics.get(lang, ()):
        # "agganciala" is "aggancia" + "la"; Spanish marks the stress it moves ("colócala": "coloca")
        stem = word[:-len(clitic)]
        if word.endswith(clitic) and len(stem) >= 3 and (
                _known(stem, lang, rules) or _known(unicodedata.normalize("NFC", "".join(
                    ch for ch in unicodedata.normalize("NFD", stem) if unicodedata.category(ch) != "Mn")), lang, rules)):
            return True

    def common(w: str) -> bool:
        return word_zipf(w, lang, "best") >= known.compound_zipf

    return any(common(word[k:]) and (common(word[:k]) or (word[k - 1] in "sn" and common(word[:k - 1])))
               for k in range(3, len(word) - 2))


def unknown_words(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy has words its language does not know, else None: words a 1.5B model made up ("S'il voudre le
    memeûr", "a garrafa insulada"), found by wordfreq's word list of the locale's language (``words`` in
    reader_gates.yaml: only languages wordfreq splits without MeCab or jieba and whose human copy it knows;
    compounds of two known words pass). The brand, the product's name, the glossary, the brief's own words, the
    locale's labels, hashtags, numbers and names (a capital letter inside a sentence, outside German) are not
    read, nor a misspelt brand ("Fjel": the brand gate says so). A real but wrong word ("sich in der Natur
    wohlen") is not caught: the list knows it."""
    from wordfreq import tokenize

    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    if rules.words is None or lang not in rules.words.languages:
        return None
    loc = get_locale(locale)
    cleaned = re.sub(r"[#＃@]\w+|https?://\S+", " ", text)
    for term in sorted((t for t in (brief.brand, brief.product.name, *brief.glossary_terms(locale), loc.ai_label,
                                    loc.ad_label) if t), key=len, reverse=True):
        # with the rest of a word it starts: "Trinkflaschensystem" left "nsystem" to read
        cleaned = re.sub(rf"(?<![^\W_]){re.escape(term)}[^\W\d_]*", " ", cleaned, flags=re.IGNORECASE)
    stated = {w.casefold() for st in (*brief.statements(), brief.brand, brief.product.name) for w in WORD.findall(st)}
    misspelt = altered_brand(text, brief.brand) if brief.brand else None  # the brand gate names it: not twice
    if misspelt:
        stated |= {w.casefold() for w in WORD.findall(misspelt)}
    words, unknown = 0, []
    for m in _NAMEISH.finditer(cleaned):
        word = m.group(0)
        opens = not cleaned[:m.start()].strip() or re.search(r"[.!?:;\n¡¿«»\"“„(–—-]\s*$", cleaned[:m.start()])
        if word[0].isupper() and not opens and lang != "de":
            continue  # a name: "Lisboa", "Dolomiti"
        for token in tokenize(word, lang):
            if any(ch.isdigit() for ch in token):
                continue
            words += 1
            if len(token) > 2 and token not in stated and not _known(token, lang, rules) and (
                    lang not in rules.words.misspelt or _misspelt(token, lang, rules.words.misspelt[lang])):
                unknown.append(token)
    if not unknown:
        return None
    unknown = list(dict.fromkeys(unknown))
    return (f"has words that are not {loc.language_name}: {', '.join(repr(w) for w in unknown)} "
            f"({len(unknown)} of {words} words); use real {loc.language_name} words")
