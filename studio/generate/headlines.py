"""Copy from a model reply: the text cleaned of labels, list marks and chatter (``clean_copy``), the options a
reply offers (``copy_options``, ``brand_named``) and the one picked for the job (``pick_option``: most gates
passed, then fits the channel, then the longest; ``fit_copy`` on channels not asked for options), and the tidying
before the gates (``tidy_copy``: a repeated line, a sentence cut by the token budget, a post over its limit)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from studio.generate.candidates import MAX_NEW_TOKENS, NOTHING_SAID
from studio.generate.echoes import carries_example, echoed
from studio.generate.language_gates import drop_odd_hashtags
from studio.generate.post_copy import (
    budget_cut,
    drop_claim_word,
    drop_cut_sentence,
    drop_label,
    drop_repeated_line,
    drop_stray_sentences,
    drop_words_after_tags,
    post_gates,
)
from studio.market.channels import fits, get_channel, measure
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

_LABEL = re.compile(r"^\s*(?:\*\*)?(?:headline|description|caption|subject|copy|text|ad|post|tweet|sms|"
                    r"image prompt|prompt|variant \d+)\s*(?:\*\*)?\s*[:\-–]\s*", re.IGNORECASE)

_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")  # "1. ", "- " before an option of a list


# A post is asked for in four short lines (prompts/repair_lines.yaml ``post``) and may end with the AI label:
# its lines are kept as lines, up to this many (three, run together, dropped its hashtags and label).
POST_LINES = 6
POST_CHANNELS = ("instagram", "tiktok")  # the channels prompts/copy.j2 asks for a post (hook, hashtags)


def clean_copy(raw: str, *, post: bool = False) -> str:
    """The ad text from a model reply: drop preambles like 'Headline:', wrapping quotes, trailing chatter.
    ``post`` (one-text channels: a post, not headline options): up to ``POST_LINES`` lines, kept one a line."""
    lines = [_LIST_MARK.sub("", line).strip() for line in raw.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and lines[0].rstrip().endswith(":") and len(lines[0]) < 60:
        lines = lines[1:]  # "Here is your headline:"
    joined = "\n".join(lines[:POST_LINES]) if post else " ".join(lines[:3])
    text = _LABEL.sub("", joined if len(lines) > 1 else lines[0])
    if len(text) >= 2 and text[0] in "\"'“«„「" and text[-1] in "\"'”»“」":
        text = text[1:-1]
    return text.strip()


def fit_copy(text: str, raw: str, channel, locale) -> str:
    """The draft within the channel limit: the whole text if it fits, else the first line of the reply
    that fits on its own (models often give a headline, then more). When nothing fits, the whole text:
    text is never cut silently; the length check then gives the draft a finding a writer acts on."""
    if fits(text, channel, locale):
        return text
    for line in raw.splitlines():
        candidate = clean_copy(_LIST_MARK.sub("", line))
        # "Headline:" on its own is a label the model wrote, not copy.
        if len(candidate) >= 8 and not candidate.endswith(":") and fits(candidate, channel, locale):
            return candidate
    return text


def asks_options(channel, locale) -> bool:
    """Whether the copy prompt asks this channel for five options, one a line (prompts/copy.j2)."""
    from studio.generate.prompts import OPTIONS_UP_TO
    from studio.market.channels import char_budget

    return channel.unit != "segments" and char_budget(channel, locale) <= OPTIONS_UP_TO


# UTF-8 bytes per token, low (English ~4, French and Spanish ~3, CJK 3-4.5, Arabic 4-6): a reply this long may
# have run out of tokens. 4 left an es-ES list of ~250 bytes whole, and its last line "Fjell: el" (cut by the
# token budget) fitted 30 characters and was picked over four whole options.
_BYTES_PER_TOKEN = 3


def copy_options(text: str, raw: str) -> list[str]:
    """The options a reply offers: each line that reads as copy on its own (list marks and labels
    dropped); the cleaned text when the reply is one line. The last line of a list long enough to have
    hit the token budget is left out: it may stop mid-word ("Fjell : une g"), and a cut line that fits
    must not win as the longest option. So is a last line whose last word starts a longer word of the
    reply ("Fjell : une gour" after lines with "gourde"): French runs ~3 bytes a token, so a list can
    run out of tokens below the byte estimate."""
    from studio.generate.gates import stops_mid_word

    lines = [clean_copy(_LIST_MARK.sub("", line)) for line in raw.splitlines() if line.strip()]
    if len(lines) > 2 and len(raw.encode()) / _BYTES_PER_TOKEN >= 0.75 * MAX_NEW_TOKENS["copy"]:
        lines = lines[:-1]
    elif len(lines) > 1 and stops_mid_word(lines[-1], " ".join(lines[:-1])):
        lines = lines[:-1]
    options = [o for o in dict.fromkeys(lines) if len(o) >= 4 and not o.endswith(":")]
    return options if len(options) > 1 else [text] if text else options


def brand_named(options: list[str], brief: Brief, fitting=None) -> list[str]:
    """The options, each followed by itself with the product's full name said as the brand alone ("...可能。Fjell
    Bottle" -> "...可能。Fjell") where the brand is a word of the name: a headline names its product by the
    brand, and the name's generic noun ("Bottle", "Trinkflasche") is what put a 1.5B model's ja-JP options
    (every one ending on "。Fjell Bottle") over 15 full-width characters. Nothing else changes; the ranking
    keeps the full name where it fits (the longer option says the most). With ``fitting`` (option -> fits the
    channel), only a shorter option that fits is added: one still too long is no better than the line as written."""
    name, brand = brief.product.name.strip(), brief.brand.strip()
    if not brand or name.casefold() == brand.casefold() or brand.casefold() not in name.casefold().split():
        return options
    said = re.compile(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", re.IGNORECASE)
    out: list[str] = []
    for option in options:
        out.append(option)
        shorter = re.sub(r"\s{2,}", " ", said.sub(brand, option)).strip()
        if shorter != option and (fitting is None or fitting(shorter)):
            out.append(shorter)
    return list(dict.fromkeys(out))


# One line that is a run of words said again and again ("Fjell: Botol termos Fjell: Botol termos Fjell: Botol termos"):
# the run, at least one word long, then itself once or more, spaces or a line's end between
_SAID_AGAIN = re.compile(r"(\S.*?\S)(?:\s+\1)+")


def said_once(options: list[str], made: dict | None = None) -> list[str]:
    """The options, each that says one run of words two times or more back to back replaced by the run said once:
    asked to cut a headline, the 1.5B model wrote its cut line three times on one line in 3 of the 7 length repairs
    of the re-scored 23-locale run of issue 10 (id-ID "Fjell: Botol termos" x3, 59 characters, failing length,
    language and repetition; ko-KR "차가운 물 즐기세요! Fjell" x2-3). The run is the line as the model wrote it, word for
    word, so nothing is cut; it then goes through the gates as any option does (one still too long stays too long,
    and its phrases are offered as any line's). The line said again is not offered: it is never the better draft, and
    its phrases cut across the runs ("Fjell : eau fraîche Fjell", of fr-FR's "Fjell : eau fraîche" x3, was the
    headline kept). ``made`` records each as said once of its line."""
    out: list[str] = []
    for option in options:
        m = _SAID_AGAIN.fullmatch(option.strip())
        if m is None or len(m.group(1)) < 4:
            out.append(option)
            continue
        once = m.group(1).strip()
        out.append(once)
        if made is not None and once not in options:
            made.setdefault(once, {"made": "said_once", "of": option})
    return list(dict.fromkeys(out))


# Where a headline's phrases meet: a comma, colon, semicolon or dash between words (", ", ": ", " - ", "，", "："),
# or a sentence end ("? ", "。"). Not the Japanese "、": it follows a topic or an object as often as a phrase
# ("Fjellの水筒は、食洗機に..."), and the line before it reads as cut off.
_CLAUSE_END = re.compile(r"(?:[,;:]|\s[-–—])\s+|[，；：。！？]|(?<=[.?!])\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[。！？])")


def clause_options(options: list[str], fitting, kept=None, made: dict | None = None) -> list[str]:
    """The options, each too long for the channel (``fitting`` is False) followed by the shorter lines it holds
    whole: its first phrases up to a comma, colon or dash ("Fjell: Cold water all day, wherever the day takes
    you" -> "Fjell: Cold water all day"; "Bottiglia termica Fjell: un'opzione per il lavoro." -> "Bottiglia
    termica Fjell") and each of its sentences on its own, where that fits. A 1.5B model asked for 30 characters
    writes a branded phrase and then one more (27 of the 44 failed gates of the 23-locale run of issue 10 were
    such headlines, kept whole with a length block). No word is cut: each line is phrases the model wrote, in
    its order. ``kept`` (a line -> whether to offer it) is the callers' "passes every copy gate": a shorter line
    is offered only as a clean draft. Offered with a problem, it wins by the problems it drops with the rest,
    and is no better than the whole line a writer shortens: "Clinically proven" of "Clinically proven: cold 48
    hours" (names nothing, keeps the health claim), "Fjell: cold water for" (unfinished), "Fjell dan 2–3 kata"
    of an id-ID repair that echoed its request ("{brand} dan {words} kata: pertahankan pesan utamanya"), or
    "Fjell: Cold water all day" in a vi-VN headline (English). ``made`` records each as phrases of its line."""
    out: list[str] = []
    for option in options:
        out.append(option)
        if fitting(option):
            continue
        # not what follows a colon: it drops the words before it, the brand the line said ("gourde isotherme en
        # plastique" of "Fjell Bottle : gourde isotherme en plastique"); composed_options says it after the brand
        shorter = [line for line in phrases(option, tails=False) if fitting(line) and (kept is None or kept(line))]
        out.extend(shorter)
        if made is not None:
            for line in shorter:
                made.setdefault(line, {"made": "phrases", "of": option})
    return list(dict.fromkeys(out))


# A colon between words ("Fjell: ", "Fjell : ", "Fjell："), not inside a time or a ratio ("10:00")
_COLON = re.compile(r"(?<=\S)\s?:\s+|：\s*")


def phrases(option: str, tails: bool = True) -> list[str]:
    """The shorter lines an option holds whole: its first phrases up to each comma, colon or dash, each of its
    sentences on its own (when it has more than one), and (``tails``) what follows its first colon with that part's
    own first phrases: an id-ID length repair wrote its request's words before its line ("Fjell dan 2–3 kata: Selalu
    air dingin", the brand and 2-3 words: always cold water), and "Selalu air dingin" is the line (composed_options
    puts the brand before it). Every line starts and ends where the model started or ended a phrase: no word is cut."""
    sentences = [s.strip() for s in _SENTENCE_END.split(option) if s.strip()]
    colon = _COLON.search(option) if tails else None
    tail = option[colon.end():].strip() if colon is not None and colon.start() > 0 else ""
    return [line for line in dict.fromkeys((*_heads(option), *(sentences if len(sentences) > 1 else ()),
                                            *((tail, *_heads(tail)) if tail else ()))) if line and line != option]


def _heads(option: str) -> list[str]:
    """An option's first phrases, up to each comma, colon or dash (``_CLAUSE_END``)."""
    ends = [m.start() for m in _CLAUSE_END.finditer(option) if 0 < m.start()]
    return [option[:end].rstrip(" ,;:-–—，；：") for end in ends]


def names_brand(option: str, brief: Brief) -> bool:
    """Whether the option says the brand as written (Latin 'Fjell', not a transliteration)."""
    return bool(brief.brand.strip()) and brief.brand.casefold() in option.casefold()


def all_known(line: str, locale: str) -> bool:
    """Whether every word of a line is a word of the locale's language (wordfreq's list knows it; numbers aside),
    where wordfreq splits the language without MeCab or jieba (ja, ko and zh pass). A brandless line with the brand
    said in letters of the script ("दिन भर गरम फ्यूल बोटल", all day hot 'fuel bottle', for Fjell Bottle) is no
    headline the brand can be put before: the brand would stand beside its own garbled name."""
    from wordfreq import tokenize

    from studio.checks.language.words import word_list_languages, word_zipf
    from studio.generate.gates import language_of_locale

    lang = language_of_locale(locale)
    if lang in _SEGMENTED or lang not in word_list_languages():
        return True  # no word list to judge by (th: wordfreq has none; the line still passes every copy gate)
    return all(word_zipf(token, lang, "best") > 0 for token in tokenize(line, lang) if not any(c.isdigit() for c in token))


_SEGMENTED = frozenset({"ja", "ko", "zh"})  # wordfreq needs MeCab or jieba to split these


def composed_options(options: list[str], brief: Brief, locale, fitting, kept, made: dict | None = None) -> list[str]:
    """The options, followed by each brandless one (and each brandless phrase of one, ``phrases``) said after the
    brand in the market's own punctuation ("Fjell: Cold water all day"; "Fjell：一日中、冷たい水を飲む";
    "Fjell : garde l'eau fraîche"; the locale profile's ``brand_colon``), where that fits and passes ``kept`` (the
    callers': every copy gate and the sense gate, since the brand before a phrase of no sense, "Fjell: Clinically
    proven", passes on_topic). A 1.5B model writes good brandless headlines in ja, zh, ar and hi, and transliterates
    or drops the brand (8 of the 19 failed headlines of the 23-locale run of issue 10 failed on_topic only). The
    line the model wrote stays after the brand, word for word, and only a line of real words (``all_known``).
    ``made`` records each as composed from its line."""
    colon = locale.brand_colon
    out = list(options)
    for option in options:
        for line in (option, *phrases(option)):
            if names_brand(line, brief) or len(line) < 4 or not all_known(line, locale.code):
                continue
            said = f"{brief.brand}{colon}{line}"
            if said in out or not fitting(said) or not kept(said):
                continue
            out.append(said)
            if made is not None:
                made.setdefault(said, {"made": "composed", "of": line, "brand_first": f"{brief.brand}{colon}"})
    return out


SPARE_WORDS_FILE = "spare_words.yaml"
_NUMBER = r"(\d+(?:[.,]\d+)?)"


def spare_words(language: str) -> tuple[tuple[str, str], ...]:
    """``prompts/spare_words.yaml`` ``spare`` of ``language``: (from, to) phrases, ``to`` being ``from`` without the
    words a headline reads without ("selama {n} jam" -> "{n} jam")."""
    from studio.generate.reader_rules import prompt_file

    return _spare_words(*prompt_file(SPARE_WORDS_FILE)).get(language, ())


@lru_cache(maxsize=4)
def _spare_words(path: str, mtime: float) -> dict[str, tuple[tuple[str, str], ...]]:
    """The file's ``spare`` pairs (read once per version of the file; none where it is missing). A pair whose ``to``
    is not ``from`` with whole words taken out is an error of the data: the step only removes words."""
    from studio.core.yamlfile import load_yaml_file

    if not mtime:
        return {}
    spare = (load_yaml_file(path)[0] or {}).get("spare") or {}
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for lang, pairs in spare.items():
        for said, without in pairs or ():
            if not _is_subsequence(without.split(), said.split()) or len(without.split()) >= len(said.split()):
                raise ValueError(f"{path}: {without!r} is not {said!r} with words taken out")
        out[str(lang)] = tuple((str(a), str(b)) for a, b in pairs or ())
    return out


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)


def without_spare_words(line: str, language: str) -> tuple[str, list[str]]:
    """``line`` with each listed phrase of ``spare_words`` said without its spare words ("Fjell: Air dingin selama 24
    jam" -> "Fjell: Air dingin 24 jam"), and the words dropped; (line, []) where no listed phrase is in it. Whole
    words only, matched case-insensitively; a number is kept as written."""
    dropped: list[str] = []
    for said, without in spare_words(language):
        words = said.split()
        pattern = r"\s+".join(_NUMBER if w == "{n}" else re.escape(w) for w in words)
        regex = re.compile(rf"(?<![^\W_]){pattern}(?![^\W_])", re.IGNORECASE)
        m = regex.search(line)
        if m is None:
            continue
        numbers, written = iter(m.groups()), re.split(r"\s+", m.group(0))
        wanted, out, gone = without.split(), [], []  # the words of ``to`` as the line wrote them (its case)
        for w, as_written in zip(words, written):
            if wanted and wanted[0] == w:
                out.append(next(numbers) if w == "{n}" else as_written)
                wanted.pop(0)
            else:
                gone.append(next(numbers) if w == "{n}" else as_written)
        line = line[:m.start()] + " ".join(out) + line[m.end():]
        dropped.extend(gone)
    return line, dropped


def compressed_options(options: list[str], brief: Brief, locale, fitting, kept, made: dict | None = None) -> list[str]:
    """The options, each too long for the channel that names the brand followed by itself without its spare words
    (``without_spare_words``: a duration's preposition, id "Fjell: Air dingin selama 24 jam", 31 characters, ->
    "Fjell: Air dingin 24 jam"), where that fits and passes ``kept`` (the callers': every copy gate and the sense gate
    as published) and still names the brand. An editor's cut of words the language reads without, never a word cut
    inside nor a phrase cut off: the brief's fact stays as the model wrote it. id-ID's line was kept one character
    over the limit in run after run of issue 10, its length repair writing it again. Where the whole line still does
    not fit, its first phrases too long are read the same way (the phrase recorded). ``made`` records each as
    compressed of its line, with the words dropped."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale.code)
    if not spare_words(language):
        return options
    out = list(options)
    for option in options:
        if fitting(option) or not names_brand(option, brief):
            continue
        # the line, else one of its first phrases (whole, up to a comma, colon or dash) still too long: "Fjell: Air
        # dingin selama 24 jam" of "Fjell: Air dingin selama 24 jam, tanpa banyak botol plastik."
        for line in (option, *(head for head in _heads(option) if not fitting(head) and names_brand(head, brief))):
            shorter, dropped = without_spare_words(line, language)
            if (not dropped or shorter in out or not names_brand(shorter, brief) or not fitting(shorter)
                    or not kept(shorter)):
                continue
            out.append(shorter)
            if made is not None:
                made.setdefault(shorter, {"made": "compressed", "of": option, "dropped": dropped,
                                          **({"phrase": line} if line != option else {})})
    return out


def joins(language: str) -> tuple[str, ...]:
    """``prompts/spare_words.yaml`` ``joins`` of ``language``: the words that join two phrases of one line ("and"), a
    word ending in "-" being a prefix written on the next word (ar "و-": "وسهل", and easy)."""
    from studio.generate.reader_rules import language_words

    return language_words(SPARE_WORDS_FILE, "joins", language)


def _joined_at(line: str, language: str) -> list[int]:
    """Where ``line`` says a listed join (``joins``) between two of its words: the start of the join word, or of the
    word a join prefix is written on where the rest of that word is the commoner word (ar "وسهل": "سهل", easy, is
    commoner than the word as written; "وقت", time, is a word of its own)."""
    from studio.checks.language.words import word_zipf

    out: list[int] = []
    for join in joins(language):
        if join.endswith("-"):
            prefix = join[:-1]
            for m in re.finditer(rf"(?<=\s){re.escape(prefix)}([^\W\d_]{{2,}})", line):
                if word_zipf(m.group(1), language, "best") > word_zipf(m.group(0), language, "best"):
                    out.append(m.start())
        else:
            out += [m.start() for m in re.finditer(rf"(?<=\s){re.escape(join)}(?=\s)", line, re.IGNORECASE)]
    return sorted(set(out))


_PAIRS = (("¿", "?"), ("¡", "!"), ("(", ")"), ("«", "»"), ("“", "”"), ("「", "」"))
_ASKED = re.compile(r"[.!?。！？؟]")


def _opened(phrase: str) -> bool:
    """Whether a phrase opens a mark it does not close (es "¿Quieres agua fría" of "¿Quieres agua fría y caliente?")."""
    return any(phrase.count(a) > phrase.count(b) for a, b in _PAIRS) or phrase.count('"') % 2 == 1


def _asks(line: str, at: int) -> bool:
    """Whether the sentence of ``line`` that goes on at ``at`` is a question: its first conjunct is an unfinished one."""
    end = _ASKED.search(line, at)
    return end is not None and end.group(0) in "?？؟"


def conjunct_options(options: list[str], brief: Brief, locale, fitting, carried, made: dict | None = None) -> list[str]:
    """The options, each too long for the channel followed by its first phrase up to a listed "and" (``joins``:
    ar "طوال اليوم بارد وسهل على غسالة الصحون", all day cold and easy on the dishwasher, 37 characters -> "طوال
    اليوم بارد", all day cold), said after the brand where the phrase does not name it (the market's ``brand_colon``),
    where that fits and passes ``carried`` (every copy gate and the sense gate at the composed bar: a line made of
    the model's words, as ``composed_options``). The first of two joined phrases reads whole; the rest of the line is
    left, never a word cut inside. At least two words before the join, real words only (``all_known``). ``made``
    records each as the first conjunct of its line, with the phrase (and the brand put before it, ``brand_first``)."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale.code)
    if not joins(language):
        return options
    out = list(options)
    for option in options:
        if fitting(option):
            continue
        for at in _joined_at(option, language):
            phrase = option[:at].rstrip(" ,;:-–—，；：")
            if len(phrase.split()) < 2 or not all_known(phrase, locale.code) or _opened(phrase) or _asks(option, at):
                continue
            first = "" if names_brand(phrase, brief) else f"{brief.brand}{locale.brand_colon}"
            said = f"{first}{phrase}"
            if said in out or not fitting(said) or not carried(said):
                continue
            out.append(said)
            if made is not None:
                made.setdefault(said, {"made": "first_conjunct", "of": option, "phrase": phrase,
                                       **({"brand_first": first} if first else {})})
    return out


def trailing(language: str) -> tuple[str, ...]:
    """``prompts/spare_words.yaml`` ``trailing`` of ``language``: the prepositions that open a phrase a headline can
    end without (pt "para" of "Garrafa térmica para o calor", es "en" of "... frías en todo el día")."""
    from studio.generate.reader_rules import language_words

    return language_words(SPARE_WORDS_FILE, "trailing", language)


def _trailing_at(line: str, language: str) -> list[int]:
    """Where ``line`` opens its last phrase with a listed preposition (``trailing``): the start of that word, where no
    comma, colon, dash nor sentence end follows it but the line's own last mark (the phrase runs to the line's end)."""
    out: list[int] = []
    body = line.rstrip(" .!?。！？")
    for word in trailing(language):
        for m in re.finditer(rf"(?<=\s){re.escape(word)}(?=\s)", body, re.IGNORECASE):
            if _CLAUSE_END.search(body, m.end()) is None:
                out.append(m.start())
    return sorted(set(out))


def trailing_options(options: list[str], brief: Brief, locale, fitting, kept, carried,
                     made: dict | None = None) -> list[str]:
    """The options, each too long for the channel (or brandless and too long with the brand before it) followed by
    itself without its last phrase where a listed preposition opens it (``trailing``: pt "Fjell: Garrafa térmica para
    o calor", 35 characters -> "Fjell: Garrafa térmica"), the brand before it where the rest does not name it (the
    market's ``brand_colon``), and the same for each first phrase of the line still too long; offered where that fits
    and passes ``kept`` (every copy gate and the sense gate as published: what is left must still say the brief), or
    where the brand is put before it, ``carried`` (the sense gate at the composed bar, by meaning only, as
    ``composed_options``). An editor's cut at a phrase boundary: the phrase dropped runs to the line's end and is
    dropped whole, at least two words are left besides the brand and in the phrase the cut shortens (not "Fjell: air
    dingin, suka" of "..., suka di mana pun"), never the start of a question nor a mark left open ("¿Es un buen
    choque para mantener ..."). A line that still does not fit keeps its full text. ``made`` records
    each as trailing_cut of its line, with the phrase dropped (and the phrase read, the brand put before it)."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale.code)
    if not trailing(language):
        return options
    first_of = f"{brief.brand}{locale.brand_colon}"
    out = list(options)
    for option in options:
        if fitting(option) and (names_brand(option, brief) or fitting(f"{first_of}{option}")):
            continue
        for line in (option, *(head for head in _heads(option) if not fitting(head))):
            for at in _trailing_at(line, language):
                rest = line[:at].rstrip(" ,;:-–—，；：")
                first = "" if names_brand(rest, brief) else first_of
                # the words left besides the brand ("Fjell:" is the brand and its colon)
                words = " ".join(w for w in (w.strip(":：-–—,") for w in rest.split()) if w and w.casefold() != brief.brand.casefold())
                # and the phrase the cut shortens keeps two words: 'Fjell: air dingin, suka' of '..., suka untuk ...'
                # (cold water, like) leaves a verb without what it took
                last = _CLAUSE_END.split(rest)[-1].split()
                if (len(words.split()) < 2 or len(last) < 2 or not all_known(words, locale.code) or _opened(rest)
                        or _asks(line, at)):
                    continue
                said = f"{first}{rest}"
                if said in out or not fitting(said) or not (carried if first else kept)(said):
                    continue
                out.append(said)
                if made is not None:
                    made.setdefault(said, {"made": "trailing_cut", "of": option, "dropped": line[at:].strip(),
                                           **({"phrase": line} if line != option else {}),
                                           **({"brand_first": first} if first else {})})
    return out


def _rank_option(failed: dict[str, str], count: int, made: bool = False) -> tuple[bool, bool, int, bool, bool, int]:
    """Options first by saying something besides the brand, then by naming the brand (the product or a glossary
    term: the on_topic gate) and not carrying the worked example over (``carries_example``: "Fjell: sicher im
    Dunkeln", the bike light's line, fits and fails one gate, as the branded line too long does), then by failed
    gates, fitting, length: the longest of those that fit (it says the most), the shortest of those too long (the
    one a repair cuts to fit: quoted the longest, a 1.5B model kept most of it). A branded line too long goes to the
    length repair; a brandless line that fits fails on_topic for good (the most common cpu failure of ja-JP and zh-CN headlines, drafts-copy11). At equal gates, a line the
    model wrote whole before one ``made`` of it (its phrases, the brand composed before it). A line that says nothing the
    brief says (the sense gate) ranks with the off-topic ones: no cut makes it say the brief, and its repair rarely did
    (lead39's 23-locale run: id-ID picked 'Fjell: Botol minum yang tenang', a calm drinking bottle, over 'Fjell: Air
    dingin selama 24 jam', one character over, and its repair came back 85 characters long; nl-NL 'Wat doet de Fjell
    waterfles?' was asked again and written again), where a branded line only too long is what the repair cuts."""
    too_long = "length" in failed
    return (failed.get("language", "").startswith(NOTHING_SAID) or echoed(failed),
            "on_topic" in failed or "sense" in failed or carries_example(failed), len(failed),
            too_long, made, count if too_long else -count)


def pick_option(text: str, raw: str, job: PlannedAsset, brief: Brief) -> str:
    """The draft for a job from one reply. On a channel asked for options, the option that passes the most
    gates, then fits, then is the longest (says the most) among them; elsewhere ``fit_copy``. Nothing is
    cut: when no option fits, the best one stays whole (and gets its length finding)."""
    channel, locale = get_channel(job.channel), get_locale(job.locale)
    if not text or not asks_options(channel, locale):
        return fit_copy(text, raw, channel, locale) if text else text
    return pick_made(text, raw, job, brief)[0]


def pick_made(text: str, raw: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``pick_option`` on a channel asked for options, with how the picked option was made (None: the model wrote it
    whole; else ``{"made": "phrases" | "composed" | "compressed" | "first_conjunct" | "trailing_cut" | "said_once", "of": the line}``), for the asset's meta."""
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    gates = option_gates(job, brief)
    made: dict[str, dict] = {}

    def rank(option: str) -> tuple[bool, bool, int, bool, bool, int]:
        return _rank_option(gates(option), measure(with_labels(option, job.locale, job.channel, brief), channel, locale).count,
                            option in made)

    picked = min(reply_options(text, raw, job, brief, gates, made), key=rank)
    return picked, made.get(picked)


def option_gates(job: PlannedAsset, brief: Brief) -> Callable[[str], dict[str, str]]:
    """The failed copy gates of an option as the draft would carry it (with the channel's labels), and the sense gate
    the drafting loop runs on the picked draft (studio.generate.sense), each option gated once however often the
    pickers ask."""
    gated: dict[str, dict[str, str]] = {}

    def gates(option: str) -> dict[str, str]:
        if option not in gated:
            gated[option] = post_gates(option, job, brief)
        return gated[option]

    return gates


def reply_options(text: str, raw: str, job: PlannedAsset, brief: Brief, gates: Callable[[str], dict[str, str]],
                  made: dict | None = None) -> list[str]:
    """Every option one reply offers on a channel asked for options: its options (``copy_options``), each also by
    the brand alone where that fits (``brand_named``), the whole phrases of one too long that pass ``gates``
    (``clause_options``) and a brandless line or phrase said after the brand where that passes ``gates``
    (``composed_options``); a branded line too long also without the words its language reads without where that
    fits and passes ``gates`` (``compressed_options``); a line too long also as its first phrase up to a listed "and" (``conjunct_options``) and without its last phrase
    where a listed preposition opens it (``trailing_options``). The first pick (``pick_option``) and the repair's second look (``repair.best_options``)
    read the same list. A line that says one run of words again and again is offered as the run said once
    (``said_once``) before all that. ``made`` (option -> how it was made) records each option the model did not write whole."""
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)

    def fitting(option: str) -> bool:
        return fits(with_labels(option, job.locale, job.channel, brief), channel, locale)

    def kept(option: str) -> bool:
        return not gates(option)

    def carried(option: str) -> bool:
        """Passes every copy gate and says something the brief says clearly (the sense gate at ``COMPOSED_SENSE``, by meaning only;
        the drafting loop runs it at ``SENSE`` after the pick): "Clinically proven" of "Clinically proven: cold 48 hours" passes every copy gate after
        the brand, and says a health claim, not the brief."""
        from studio.generate.sense import COMPOSED_SENSE, sense_problem

        labelled = with_labels(option, job.locale, job.channel, brief)
        return kept(option) and sense_problem([labelled], job.locale, brief, COMPOSED_SENSE, words=False) is None

    made = {} if made is None else made
    options = clause_options(brand_named(said_once(copy_options(text, raw), made), brief, fitting), fitting, kept, made)
    options = compressed_options(options, brief, locale, fitting, kept, made)
    options = conjunct_options(options, brief, locale, fitting, carried, made)
    options = trailing_options(options, brief, locale, fitting, kept, carried, made)
    return composed_options(options, brief, locale, fitting, carried, made)


def tidy_copy(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict]:
    """Copy before its gates: on one-text channels (posts) a label it opens with dropped ('Zawartość:',
    ``drop_label``); a repeated line or closing hashtag dropped (``drop_repeated_line``); on one-text channels the
    invented hashtags a line ends on (``drop_odd_hashtags``: English tags in a Malay post), a last sentence the
    token budget cut dropped (``drop_cut_sentence``) and a post over its limit cut at a sentence end
    (``budget_cut``), then a sentence, line or hashtag that alone fails a gate when the rest passes
    (``drop_stray_sentences``). The meta records each (``label_dropped``, ``repeated_dropped``, ``hashtags_dropped``,
    ``budget_cut`` with ``why``, ``stray_dropped``), words written on after the closing hashtags
    (``drop_words_after_tags``, ``after_tags_dropped``) and a listed claim word the rest reads without
    (``drop_claim_word``, ``claim_dropped``)."""
    meta: dict = {}
    if text and not asks_options(get_channel(job.channel), get_locale(job.locale)):
        text, label = drop_label(text, job.locale)  # before the repeats: 'Zawartość: X ... X' says X twice
        if label is not None:
            meta["label_dropped"] = label
    text, repeated = drop_repeated_line(text)
    if repeated:
        meta["repeated_dropped"] = repeated
    if text and not asks_options(get_channel(job.channel), get_locale(job.locale)):
        text, odd_tags = drop_odd_hashtags(text, job.locale, brief)
        if odd_tags:
            meta["hashtags_dropped"] = odd_tags
        whole, cut = drop_cut_sentence(text, job.locale)
        if cut is not None:
            meta["budget_cut"] = {"from": text, "dropped": cut, "why": "the reply ran out of tokens mid-sentence"}
            text = whole
        cut_text, cut = budget_cut(text, job, brief)
        if cut is not None:
            meta["budget_cut"] = {"from": meta.get("budget_cut", {}).get("from", text), "dropped": cut,
                                  "why": f"over the {job.channel} limit"}
            text = cut_text
        text, stray = drop_stray_sentences(text, job, brief)
        if stray is not None:
            meta["stray_dropped"] = stray
        text, after_tags = drop_words_after_tags(text, job, brief)
        if after_tags is not None:
            meta["after_tags_dropped"] = after_tags
        text, claim = drop_claim_word(text, job, brief)
        if claim is not None:
            meta["claim_dropped"] = claim
    return text, meta
