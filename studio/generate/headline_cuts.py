"""The editor's cuts that make a headline option shorter from the words the model wrote, never a word cut inside: a
line's whole phrases (``clause_options``, ``phrases``), a brandless line said after the brand (``composed_options``),
a branded line without the words its language reads without (``compressed_options``), a line up to its first listed
"and" (``conjunct_options``), without a last phrase a listed preposition opens (``trailing_options``), up to a listed
postposition (``leading_options``) and the brand before a run of the brief's words the line says (``brand_first_options``).
Each offers a
shorter line only where it fits and passes the callers' gates, and records how it was made; the words per language are
``studio.generate.headline_words``'s, and the readings of a line against the brief they rely on (the brand said,
the brief's words said back to back, every word known) are ``studio.generate.headline_reads``'s."""

from __future__ import annotations

import re

from studio.generate.headline_reads import (
    _UNSPACED,
    _besides_brand,
    _brief_terms_said,
    all_known,
    brief_runs,
    names_brand,
)
from studio.generate.headline_words import joins, leading, spare_words, trailing, without_spare_words
from studio.plan.brief import Brief

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


def _offer(out: list[str], line: str, fitting, passes, made: dict | None, how: dict) -> None:
    """Offer ``line`` after the options in ``out`` where it is not there yet, fits and ``passes`` (the callers' gates),
    and record ``how`` it was made in ``made``: the last step of every cut that puts a line of its own in the list."""
    if line in out or not fitting(line) or not passes(line):
        return
    out.append(line)
    if made is not None:
        made.setdefault(line, how)


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
            first = f"{brief.brand}{colon}"
            _offer(out, f"{first}{line}", fitting, kept, made, {"made": "composed", "of": line, "brand_first": first})
    return out


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
            if not dropped or not names_brand(shorter, brief):
                continue
            _offer(out, shorter, fitting, kept, made, {"made": "compressed", "of": option, "dropped": dropped,
                                                       **({"phrase": line} if line != option else {})})
    return out


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
            # the words besides the brand are read: 'Fjell' is no French word, and 'Fjell : Boissons chaudes' of q23e's
            # fr-CA 'Fjell : Boissons chaudes et froides' (35 of 30) was never offered
            if (len(phrase.split()) < 2 or not all_known(_besides_brand(phrase, brief), locale.code) or _opened(phrase)
                    or _asks(option, at)):
                continue
            first = "" if names_brand(phrase, brief) else f"{brief.brand}{locale.brand_colon}"
            _offer(out, f"{first}{phrase}", fitting, carried, made, {"made": "first_conjunct", "of": option,
                                                                    "phrase": phrase,
                                                                    **({"brand_first": first} if first else {})})
    return out


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
                words = _besides_brand(rest, brief)
                # and the phrase the cut shortens keeps two words: 'Fjell: air dingin, suka' of '..., suka untuk ...'
                # (cold water, like) leaves a verb without what it took
                last = _CLAUSE_END.split(rest)[-1].split()
                if (len(words.split()) < 2 or len(last) < 2 or not all_known(words, locale.code) or _opened(rest)
                        or _asks(line, at)):
                    continue
                _offer(out, f"{first}{rest}", fitting, carried if first else kept, made,
                       {"made": "trailing_cut", "of": option, "dropped": line[at:].strip(),
                        **({"phrase": line} if line != option else {}), **({"brand_first": first} if first else {})})
    return out


def _leading_at(line: str, language: str) -> list[int]:
    """Where ``line`` says a listed postposition (``leading``) with words before and after it: the start of that word,
    where no comma, colon, dash nor sentence end follows it but the line's own last mark (what it opens into runs to
    the line's end)."""
    out: list[int] = []
    body = line.rstrip(" .!?。！？")
    for word in leading(language):
        # ja writes its particle on the word before it and no space ('冷たい水を飲んでください': cold water, please drink)
        said = rf"(?<=[^\W\d_]){re.escape(word)}" if language in _UNSPACED else rf"(?<=\s){re.escape(word)}(?=\s)"
        for m in re.finditer(said, body, re.IGNORECASE):
            if _CLAUSE_END.search(body, m.end()) is None:
                out.append(m.start())
    return sorted(set(out))


def leading_options(options: list[str], brief: Brief, locale, fitting, carried, made: dict | None = None) -> list[str]:
    """The options, each too long for the channel (or brandless, and too long with the brand before it) followed by
    itself up to a listed postposition (``leading``: tr "Fjell, soğuk su için en iyi seçenek", the best choice for
    cold water, 35 characters -> "Fjell, soğuk su"), the brand before it where what is left does not name it, where
    that fits and passes ``carried`` (every copy gate and the sense gate at the composed bar: the line now says the
    phrase the postposition took, not what it said of it). A language that puts "for" after its noun says the fact
    first and its praise of it last ("en iyi seçenek", the best choice, is also a claim the brief does not make); the
    cut drops the postposition and the rest of the line whole. At least two words left besides the brand and in the
    phrase the cut ends on (letters where words are not parted by spaces), real words only (``all_known``), none of
    the words for what the product replaces (``_brief_terms_said``), never the start of a question nor a mark left
    open. A line that still does not fit keeps its full text. ``made`` records each as leading_phrase of its line, with what
    was dropped (and the brand put before it, ``brand_first``)."""
    from studio.checks.language import language_of_locale

    language = language_of_locale(locale.code)
    if not leading(language):
        return options
    first_of = f"{brief.brand}{locale.brand_colon}"
    contrasted = _brief_terms_said(brief, locale.code, contrasted=True).values()
    out = list(options)
    for option in options:
        if fitting(option) and (names_brand(option, brief) or fitting(f"{first_of}{option}")):
            continue
        for at in _leading_at(option, language):
            rest = option[:at].rstrip(" ,;:-–—，；：、")
            words, last = _besides_brand(rest, brief), _CLAUSE_END.split(rest)[-1]
            # two words left besides the brand and in the phrase the cut ends on; where words are not parted by spaces,
            # three letters and two (ja '冷たい水', cold water)
            short = (len(re.findall(r"[^\W\d_]", words.replace(brief.brand, ""))) < 3
                     or len(re.findall(r"[^\W\d_]", last.replace(brief.brand, ""))) < 2) if language in _UNSPACED else (
                len(words.split()) < 2 or len(last.split()) < 2)
            # what the product replaces, left alone, says the opposite (ja 'プラスチックをやめよう', stop plastic: not
            # 'Fjell：プラスチック')
            replaced = any(own.casefold() in words.casefold() for own in contrasted)
            if short or replaced or not all_known(words, locale.code) or _opened(rest) or _asks(option, at):
                continue
            first = "" if names_brand(rest, brief) else first_of
            _offer(out, f"{first}{rest}", fitting, carried, made, {"made": "leading_phrase", "of": option,
                                                                  "dropped": option[at:].strip(),
                                                                  **({"brand_first": first} if first else {})})
    return out


def brand_first_options(options: list[str], brief: Brief, locale, fitting, carried, made: dict | None = None) -> list[str]:
    """The options, each too long for the channel followed by the brand and a run of the brief's words it says
    (``brief_runs``) in the market's punctuation ("Fjell: agua fría todo el día" of q23e's es-MX "¿Tú necesitas agua
    fría todo el día? Fjell te ofrece una botella térmica que mantiene las bebidas frías hasta 24 horas.", 119 of 30),
    where that fits and passes ``carried`` (every copy gate and the sense gate at the composed bar). A brand-first short
    form: the line's own words for what the brief says, word for word, in the model's order; the question or sentence
    around them is left, never a word cut inside. ``made`` records each as brand_first of its line, with the run."""
    first = f"{brief.brand}{locale.brand_colon}"
    out = list(options)
    for option in options:
        if fitting(option):
            continue
        for run in brief_runs(option, brief, locale.code):
            _offer(out, f"{first}{run}", fitting, carried, made, {"made": "brand_first", "of": option, "phrase": run,
                                                                 "brand_first": first})
    return out
