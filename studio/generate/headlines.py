"""Copy from a model reply: the text cleaned of labels, list marks and chatter (``clean_copy``), the options a
reply offers (``copy_options``, ``brand_named``, ``said_once``; with the editor's cuts of
``studio.generate.headline_cuts``, ``reply_options``) and the one picked for the job (``pick_option``: most gates
passed, then fits the channel, then the longest; ``fit_copy`` on channels not asked for options), and the tidying
before the gates (``tidy_copy``: a repeated line, a sentence cut by the token budget, a post over its limit)."""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.generate.candidates import MAX_NEW_TOKENS, NOTHING_SAID
from studio.generate.echoes import carries_example, echoed
from studio.generate.headline_cuts import (
    brand_first_options,
    clause_options,
    composed_options,
    compressed_options,
    conjunct_options,
    leading_options,
    trailing_options,
)
from studio.generate.language_gates import drop_odd_hashtags
from studio.generate.post_copy import (
    budget_cut,
    drop_claim_sentence,
    drop_claim_word,
    drop_cut_sentence,
    drop_label,
    drop_off_brief_sentence,
    drop_repeated_line,
    drop_stray_sentences,
    post_gates,
    split_run_together,
)
from studio.generate.post_tags import close_tags, drop_words_after_tags
from studio.market.channels import fits, get_channel, measure
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

_LABEL = re.compile(r"^\s*(?:\*\*)?(?:headline|description|caption|subject|copy|text|ad|post|tweet|sms|"
                    r"image prompt|prompt|variant \d+)\s*(?:\*\*)?\s*[:\-–]\s*(?:\*\*\s*)?", re.IGNORECASE)

_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")  # "1. ", "- " before an option of a list
# A whole reply wrapped in markdown emphasis (**...**, __...__, *...*) with none inside: an ad text carries no markup,
# and a hi-IN headline '**Fjell - एक इंसुलेटेड पानी की बोतल**' passed every gate with its stars (q23e, session 42).
_EMPHASIS = re.compile(r"^(?:\*\*|__|\*)([^*_\n](?:[^*\n]*[^*_\s])?)(?:\*\*|__|\*)$")


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
    text = _EMPHASIS.sub(r"\1", text.strip())  # "**Fjell - ...**": markdown bold is formatting, not copy
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


def _rank_option(failed: dict[str, str], count: int, made: int = 0) -> tuple[bool, bool, int, bool, int, int]:
    """Options first by saying something besides the brand, then by naming the brand (the product or a glossary
    term: the on_topic gate) and not carrying the worked example over (``carries_example``: "Fjell: sicher im
    Dunkeln", the bike light's line, fits and fails one gate, as the branded line too long does), then by failed
    gates, fitting, length: the longest of those that fit (it says the most), the shortest of those too long (the
    one a repair cuts to fit: quoted the longest, a 1.5B model kept most of it). A branded line too long goes to the
    length repair; a brandless line that fits fails on_topic for good (the most common cpu failure of ja-JP and zh-CN headlines, drafts-copy11). At equal gates, a line the
    model wrote whole before one ``made`` of it (1: its phrases, the brand composed before it), and those before a
    brand-first form (2: the brand before a run of the brief's words from inside a line, the furthest from the line
    the model wrote; es-MX "Fjell la mantiene fría." of "¿Quieres agua fría todo el día? Fjell la mantiene fría." stays). A line that says nothing the
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
    whole; else ``{"made": "phrases" | "composed" | "compressed" | "first_conjunct" | "trailing_cut" | "leading_phrase" | "brand_first" | "said_once", "of": the line}``), for the asset's meta."""
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    gates = option_gates(job, brief)
    made: dict[str, dict] = {}

    def rank(option: str) -> tuple[bool, bool, int, bool, int, int]:
        return _rank_option(gates(option), measure(with_labels(option, job.locale, job.channel, brief), channel, locale).count,
                            made_level(made.get(option)))

    picked = min(reply_options(text, raw, job, brief, gates, made), key=rank)
    return picked, made.get(picked)


def made_level(how: dict | None) -> int:
    """How far an option is from a line the model wrote, for the pick at equal gates (``_rank_option``): 0 the line
    itself, 1 made of it by a cut or with the brand before it, 2 a brand-first form (``brand_first_options``)."""
    return 0 if how is None else 2 if how.get("made") == "brand_first" else 1


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
    where a listed preposition opens it (``trailing_options``), up to a listed postposition (``leading_options``) and as
    the brand before a run of the brief's words it says (``brand_first_options``, read last). The first pick (``pick_option``) and the repair's second look (``repair.best_options``)
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
    options = leading_options(options, brief, locale, fitting, carried, made)
    # last: a line another cut makes is recorded as that cut (the brand before a whole phrase is composed)
    return brand_first_options(composed_options(options, brief, locale, fitting, carried, made), brief, locale, fitting,
                               carried, made)


def tidy_copy(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict]:
    """Copy before its gates: on one-text channels (posts) a label it opens with dropped ('Zawartość:',
    ``drop_label``); a repeated line or closing hashtag dropped (``drop_repeated_line``); on one-text channels the
    invented hashtags a line ends on (``drop_odd_hashtags``: English tags in a Malay post), a word run into the short
    word before it split (``split_run_together``, ``words_split``: it 'inacciaio'), a last sentence the
    token budget cut dropped (``drop_cut_sentence``) and a post over its limit cut at a sentence end
    (``budget_cut``), then a sentence, line or hashtag that alone fails a gate when the rest passes
    (``drop_stray_sentences``). The meta records each (``label_dropped``, ``repeated_dropped``, ``hashtags_dropped``,
    ``budget_cut`` with ``why``, ``stray_dropped``), words written on after the closing hashtags
    (``drop_words_after_tags``, ``after_tags_dropped``), closing hashtags that say no word of the brief or the post
    where the rest then passes (``close_tags``, ``tags_closed``), a listed claim word the rest reads without
    (``drop_claim_word``, ``claim_dropped``) and a sentence carrying an unsupported claim that does not name the product
    (``drop_claim_sentence``, ``claim_sentence_dropped``), and a sentence far from anything the brief says
    (``drop_off_brief_sentence``, ``off_brief_dropped``)."""
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
        text, split = split_run_together(text, job.locale, brief)
        if split:
            meta["words_split"] = split
        whole, cut = drop_cut_sentence(text, job.locale, brief)
        if cut is not None:
            meta["budget_cut"] = {"from": text, "dropped": cut, "why": "the reply ran out of tokens mid-sentence"}
            text = whole
        cut_text, cut = budget_cut(text, job, brief)
        if cut is not None:
            meta["budget_cut"] = {"from": meta.get("budget_cut", {}).get("from", text), "dropped": cut,
                                  "why": f"over the {job.channel} limit"}
            text = cut_text
        # before the stray pieces: a post that fails for a repeat and for its tags (q23f ar-SA) passes only with both
        text, closed = close_tags(text, job, brief)
        if closed is not None:
            meta["tags_closed"] = closed
        text, stray = drop_stray_sentences(text, job, brief)
        if stray is not None:
            meta["stray_dropped"] = stray
        text, after_tags = drop_words_after_tags(text, job, brief)
        if after_tags is not None:
            meta["after_tags_dropped"] = after_tags
        text, closed = close_tags(text, job, brief)  # and after them, where only the rest without them passes
        if closed is not None:
            meta["tags_closed"] = {"dropped": [*meta.get("tags_closed", {}).get("dropped", []), *closed["dropped"]]}
        text, claim = drop_claim_word(text, job, brief)
        if claim is not None:
            meta["claim_dropped"] = claim
        text, claim_sentence = drop_claim_sentence(text, job, brief)
        if claim_sentence is not None:
            meta["claim_sentence_dropped"] = claim_sentence
        text, off_brief = drop_off_brief_sentence(text, job, brief)
        if off_brief is not None:
            meta["off_brief_dropped"] = off_brief
    return text, meta


# A statement's first English words a headline may say alone: words that open no phrase (_OPEN_END), two or more (a
# hyphen parts two: 'Fragrance-free'), ending on no number, and followed by a word that opens a phrase the head reads
# without (_TAIL_OPENS: 'Cold water | all day', 'One bottle | instead of ...', 'Keeps drinks cold | for 24 hours');
# never before a noun the words before it qualify ('Dishwasher-safe | lid': the lid is, not the bottle), an object
# ('Refill | the jar') or a number's unit ('Moisturises for 8 | hours')
_OPEN_END = frozenset("a an and as at by during every for from in instead into of on or the to wherever whenever "
                      "with without".split())
_TAIL_OPENS = frozenset("all and at during every for from in instead on or wherever whenever with without".split())
_CLAUSE = re.compile(r"\s*[,;，、،；]\s*")


def _said_heads(statement: str, own: str, say: Callable[[str], str | None]) -> list[str]:
    """What a headline may say of one statement of the brief in the locale's words (``own``, the whole statement said
    by ``say``): the whole, its first clause (up to a comma of any script or a semicolon, where the English has one), then the first clause's
    heads (``_TAIL_OPENS``), longest first: each the locale's words for the statement's first English words, where
    those are said and open the first clause word for word (the same words the whole statement is said in, so the head
    keeps its agreement: 'Eau fraîche' of 'Eau fraîche toute la journée', never 'Garde boissons froides' of words said
    one by one where the phrase says 'Garde les boissons fraîches pendant')."""
    # the first clause where the English has one: a comma the locale's words put where the English has none is no
    # clause's end (ja '飲み物を24時間冷たく、12時間温かく保ちます': both halves share the verb)
    first = _CLAUSE.split(own, maxsplit=1)[0].strip() if _CLAUSE.search(statement) else own.strip()
    heads = [own.strip(), first]
    words = _CLAUSE.split(statement, maxsplit=1)[0].split()
    for n in range(len(words) - 1, 0, -1):
        head_words = [w.casefold() for w in words[:n]]
        if (words[n].casefold() not in _TAIL_OPENS or _OPEN_END.intersection(head_words)
                or sum(1 + w.count("-") for w in head_words) < 2 or re.fullmatch(r"[\d.,]+", head_words[-1])):
            continue
        head = say(" ".join(words[:n]))
        if head and first.casefold().startswith(head.casefold()) and len(head) < len(first):
            heads.append(head.strip())
    return [h for h in dict.fromkeys(heads) if h]


def assemble_headline(job: PlannedAsset, brief: Brief,
                      taken: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Headlines said in the locale's own words (prompts/examples ``words`` and ``phrases``, the brief's glossary,
    through ``LocaleExamples.say``; the brief's own words in its source language), best first: the brand, the
    locale's colon (``brand_colon``) and a key message, else a claim, a fact that says what the product does, another
    fact: each whole, its first clause or a head of it (``_said_heads``), the longest first; only those that fit the
    channel with their labels and pass every copy gate and the sense gate as published (``post_gates``), none of
    ``taken`` (the job's other variants); each with the brief's statement it says. Drafting puts the first in place of a headline whose every candidate and
    repair fails a gate (``DraftMaker._assembled``), the model's lines kept under its candidates: q23f's it-IT
    headline was a post-length sentence that invents a fact ('Lei può ridurre il tempo di preparazione...'), its
    repair the same sentence; fr-FR's 'Eau fraîche toute la journée, Fjell' (35 of 30) and tr-TR's 'Fjell: Güneş
    boyu, su yi soğuk tutar' (the sun's length, a broken word) were kept too long or cut mid-word. Empty where the
    locale's words say none of the brief whole (th and hi today) or nothing fits."""
    from studio.generate.assembled_post import DOES, brief_sayer
    from studio.generate.headline_cuts import names_brand
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    if (say := brief_sayer(job.locale, brief)) is None:
        return []
    facts = [*(c.text for c in brief.product.claims), *brief.product.facts]
    statements = [*brief.key_messages, *sorted(facts, key=lambda s: not DOES.match(s))]
    out: list[tuple[str, str]] = []
    folded_taken = {t.casefold() for t in taken}  # 'Fjell : Eau fraîche' is 'Fjell : eau fraîche' said again
    for statement in dict.fromkeys(statements):
        if (own := say(statement)) is None:
            continue
        for head in _said_heads(statement, own, say):
            line = head if names_brand(head, brief) else f"{brief.brand}{locale.brand_colon}{head}"
            labelled = with_labels(line, job.locale, job.channel, brief)
            if {line.casefold(), labelled.casefold()} & folded_taken or line in (o for o, _ in out):
                continue
            if fits(labelled, channel, locale) and not post_gates(line, job, brief):
                out.append((line, statement))
                break  # the longest of a statement; the next statement gives the next variant
    return out
