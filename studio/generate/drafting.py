"""Turn a batch of jobs into drafts: prompt, generate with the profile's models (loaded once), translate
when the profile has a translator, post-process to the channel's limit or the video's duration, and
check. Returns unsaved ``Asset`` rows with their findings; the pipeline stores them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from functools import cached_property, lru_cache
from pathlib import Path

from studio.checks.finding import Finding
from studio.core import timings
from studio.core.config import get_settings
from studio.generate.backends import ImageModel, TextModel, Translator, load_model
from studio.generate.cache import cached
from studio.generate.examples import LocaleExamples, locale_examples, repair_lines
from studio.generate.post_copy import budget_cut, drop_cut_sentence, drop_repeated_line
from studio.generate.prompts import headline_words, render, render_copy_repair, render_repair
from studio.generate.reader_rules import SPACELESS
from studio.generate.scenes import SceneWriter, unresolved_findings
from studio.generate.video_script import VideoScript
from studio.market.channels import fits, get_channel, limit_for, measure
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset
from studio.review import records as svc
from studio.store.tables import Asset, AssetKind, AssetStatus

# Token budgets per kind: copy is short; scripts need room for JSON scenes. The floor keeps small
# models from stopping after a word, but a high floor on copy pushes headlines past their limit.
MAX_NEW_TOKENS = {"copy": 96, "video_script": 320, "image": 96}
MIN_NEW_TOKENS = {"copy": 6, "video_script": 48, "image": 12}
NO_IMAGE_MODEL = ("No image model is configured in profile {profile}: this asset holds the localised image "
                  "prompt only. Generate the image with a profile that has one (e.g. --profile standard).")
# Kinds whose text is the deliverable in the locale's language (image prompts are written for the image model).
LOCALE_KINDS = ("copy", "video_script")
UNSUPPORTED_LOCALE = ("Profile {profile} cannot write {language} ({locale}) well enough to draft: measured {figure}. "
                      "No draft was generated, so nobody reviews gibberish. Generate this asset with a larger "
                      "profile (e.g. --profile standard on a GPU) or assign it to a human writer.")
WEAK_LOCALE = ("Profile {profile} is weak in {language} ({locale}): measured {figure}. Read this draft closely; "
               "regenerate with a larger profile or have a writer rework it if it does not read well.")
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


# The language gate's verdict on a text that is only the brand, numbers and links (or nothing).
NOTHING_SAID = ("empty draft", "no words besides")
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


def _rank_option(failed: dict[str, str], count: int) -> tuple[bool, bool, int, bool, int]:
    """Options first by saying something besides the brand, then by naming the brand (the product or a glossary
    term: the on_topic gate), then by failed gates, fitting, length: the longest of those that fit (it says the
    most), the shortest of those too long (the one a repair cuts to fit: quoted the longest, a 1.5B model kept
    most of it). A branded line too long goes to the length repair; a brandless line that fits fails on_topic
    for good (the most common cpu failure of ja-JP and zh-CN headlines, drafts-copy11)."""
    too_long = "length" in failed
    return (failed.get("language", "").startswith(NOTHING_SAID) or echoed(failed), "on_topic" in failed, len(failed),
            too_long, count if too_long else -count)


def pick_option(text: str, raw: str, job: PlannedAsset, brief: Brief) -> str:
    """The draft for a job from one reply. On a channel asked for options, the option that passes the most
    gates, then fits, then is the longest (says the most) among them; elsewhere ``fit_copy``. Nothing is
    cut: when no option fits, the best one stays whole (and gets its length finding)."""
    from studio.generate.gates import copy_gates
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    if not text or not asks_options(channel, locale):
        return fit_copy(text, raw, channel, locale) if text else text

    def rank(option: str) -> tuple[bool, bool, int, bool, int]:
        labelled = with_labels(option, job.locale, job.channel, brief)
        return _rank_option(copy_gates(labelled, job.channel, job.locale, brief), measure(labelled, channel, locale).count)

    def fitting(option: str) -> bool:
        return fits(with_labels(option, job.locale, job.channel, brief), channel, locale)

    return min(brand_named(copy_options(text, raw), brief, fitting), key=rank)


def _tidy_copy(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict]:
    """Copy before its gates: a repeated line dropped (``drop_repeated_line``); on one-text channels (posts) a
    last sentence the token budget cut dropped (``drop_cut_sentence``) and a post over its limit cut at a
    sentence end (``budget_cut``). The meta records each (``repeated_dropped``, ``budget_cut`` with ``why``)."""
    meta: dict = {}
    text, repeated = drop_repeated_line(text)
    if repeated:
        meta["repeated_dropped"] = repeated
    if text and not asks_options(get_channel(job.channel), get_locale(job.locale)):
        whole, cut = drop_cut_sentence(text, job.locale)
        if cut is not None:
            meta["budget_cut"] = {"from": text, "dropped": cut, "why": "the reply ran out of tokens mid-sentence"}
            text = whole
        cut_text, cut = budget_cut(text, job, brief)
        if cut is not None:
            meta["budget_cut"] = {"from": meta.get("budget_cut", {}).get("from", text), "dropped": cut,
                                  "why": f"over the {job.channel} limit"}
            text = cut_text
    return text, meta


def copied_example(text: str, locale: str, brief: Brief) -> list[str]:
    """Problems when the draft copies the prompt instead of writing for the brief: it names the worked
    example's product, repeats one of the prompt's instruction lines ("Schreibe auf Deutsch ..."), or
    reuses a sentence of the worked example word for word (a tea script turned into "A cup of Fjell")."""
    example = locale_examples(locale)
    if example is None or not text:
        return []
    names = [example.product_name, *([example.other.product_name] if example.other is not None else [])]
    for name in names:
        # a Latin name is a word of its own beside letters of another script too ("一杯のBrio緑茶。" names Brio)
        edge = r"[^\W_]" if not name.isascii() else r"[0-9A-Za-z\u00c0-\u024f]"
        mentioned = re.search(rf"(?<!{edge}){re.escape(name)}(?!{edge})", text, re.IGNORECASE)
        if mentioned and name.casefold() not in f"{brief.brand} {brief.product.name}".casefold():
            return [f"the draft names {name!r}, the product of the prompt's worked example, not {brief.product.name!r}: "
                    "rewrite it, or regenerate with a larger profile"]
    folded = _folded(text)
    for line in (example.instruction, example.reply, example.repair, *_repair_phrases(locale)):
        if line and len(_folded(line)) >= 8 and _folded(line)[:40] in folded:
            return [f"{ECHO} {line[:60]!r} instead of writing the ad"]
    # Four words of the locale's own instruction line; five of the English prompt templates, whose short
    # runs ("so it can be") ad copy may well say.
    # And the repair's request for the brand with the brand in it (repair_lines.yaml name): asked "文の中にFjellの名前を入れ",
    # a ja-JP headline came back as "Fjellの名前を含めて、冷たい水を飲むと…" (drafts-copy11).
    lines = repair_lines(locale)
    named = (lines.name.format(brand=brief.brand),) if lines is not None and lines.name else ()
    said = _echoed_run(text, (example.instruction, example.reply or "", *named), ECHO_WORDS) or \
        _echoed_run(text, template_instructions(), ECHO_WORDS + 1)
    if said:
        return [f"{ECHO} {said!r} instead of writing the ad"]
    own = {_folded(part) for part in _SENTENCE.split(text)}
    own |= {_named(part, (brief.brand, brief.product.name)) for part in own}
    own |= {_nameless(part) for part in own}  # "Eine Tasse Fjell Grüntee" reads as "eine tasse grüntee" too
    for sample, said in _example_sentences(example).items():
        if sample in own:
            return [f"the draft reuses the worked example's sentence {said[:60]!r} (written for another product): "
                    "rewrite it for this brief"]
    # A copy example's words around its product's name, put next to this brief's name: "Gourde Fjell : visible la
    # nuit" is the bike light's "Lumo : visible la nuit" (the demo's fr-FR headline; it passed every gate).
    for run in _example_runs(example):
        if (run in folded) if SPACELESS.search(run) else re.search(rf"(?<![^\W_]){re.escape(run)}(?![^\W_])", folded):
            return [f"the draft reuses {run!r} of the worked example for another product: "
                    "say what this brief's product does, in its own words"]
    return []


_SENTENCE = re.compile(r"[.!?。！？\n|]+")
ECHO = "the draft repeats the prompt's instruction"
# The fixed words of the English repair requests (repair.j2, repair_copy.j2, repair_problems): a draft
# that repeats one echoed the repair prompt instead of writing the ad.
_REPAIR_PHRASES = ("Rewrite this draft", "and fix these problems", "Reply with the fixed", "which the brief does not state",
                   "Use only the facts and claims above", "Use only numbers the brief states", "Say each thing once",
                   "in your own words", "Give five shorter options, one per line")


ECHO_WORDS = 4  # a run of this many words of the locale's instruction line is an echo (spaceless: ECHO_CHARS)
ECHO_CHARS = 8
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def template_instructions() -> tuple[str, ...]:
    """The fixed wording of the copy and script prompts (prompts/*.j2 with every Jinja expression taken
    out): the pieces of five words or more, which a draft has no reason to repeat."""
    return _template_instructions(str(get_settings().prompts_dir))


@lru_cache(maxsize=4)
def _template_instructions(prompts_dir: str) -> tuple[str, ...]:
    pieces: list[str] = []
    for path in sorted(Path(prompts_dir).glob("*.j2")):
        for part in _JINJA.split(path.read_text(encoding="utf-8")):
            for piece in re.split(r"[\n:]|\s-\s", part):
                if len(re.findall(r"[^\W\d_]+", piece)) >= 5:
                    pieces.append(piece.strip().strip('"'))
    return tuple(dict.fromkeys(pieces))


def _echoed_run(text: str, lines: tuple[str, ...], n: int) -> str | None:
    """The words of an instruction line that ``text`` repeats as a run of ``n`` words (ECHO_CHARS
    characters in scripts written without spaces), else None: "Schreibe auf Deutsch für Kunden und Kunden"
    echoes "Schreibe auf Deutsch für Kundinnen und Kunden" though the two differ after four words."""
    words = _folded(text).split()
    have = {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    dense = "".join(words)
    for gram in _instruction_runs(lines, n):
        if (gram in dense) if isinstance(gram, str) else (gram in have):
            return gram if isinstance(gram, str) else " ".join(gram)
    return None


@lru_cache(maxsize=64)
def _instruction_runs(lines: tuple[str, ...], n: int) -> tuple[tuple[str, ...] | str, ...]:
    """Every run ``_echoed_run`` looks for, in the lines' order, folded once per set of lines (every
    option of every draft is gated): ``n``-word tuples, and ECHO_CHARS-character strings of a line
    written without spaces (ja/zh/th: one "word" per clause)."""
    runs: list[tuple[str, ...] | str] = []
    for line in lines:
        own = _folded(line).split()
        runs += [tuple(own[i:i + n]) for i in range(len(own) - n + 1)]
        flat = "".join(own)
        if len(own) < n and len(flat) >= ECHO_CHARS:
            runs += [flat[i:i + ECHO_CHARS] for i in range(len(flat) - ECHO_CHARS + 1)]
    return tuple(runs)


def _repair_phrases(locale: str) -> list[str]:
    """What a repair prompt for ``locale`` says besides the draft: the English requests and the length
    lines in the locale's language (prompts/repair_lines.yaml), the parts between their numbers."""
    said = repair_lines(locale)
    return [*_REPAIR_PHRASES, *(said.fixed_parts() if said is not None else [])]


def _repeats(text: str, lines: list[str]) -> str | None:
    """The line of a repair prompt (a quoted problem) that ``text`` repeats, else None."""
    folded = _folded(text)
    return next((line for line in lines if len(_folded(line)) >= 12 and _folded(line)[:40] in folded), None)


def echoed(gates: dict[str, str]) -> bool:
    """Whether a draft's gates say it repeats the prompt's instruction (an echo is no draft: never picked)."""
    return gates.get("copied", "").startswith(ECHO)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


# A product's name in a folded sentence: the example's "a cup of Brio green tea" and a draft's "a cup of
# Fjell green tea" (or zh-CN "一杯Fjell绿茶" for "一杯Brio绿茶") both read "a cup of \x00 green tea".
_NAME = "\x00"


def _named(folded: str, names: tuple[str, ...]) -> str:
    for name in sorted(filter(None, map(_folded, names)), key=len, reverse=True):
        folded = folded.replace(name, _NAME)
    return folded


def _example_sentences(example: LocaleExamples) -> dict[str, str]:
    """The worked examples' sentences, folded (their product's name as a placeholder, and with the name left out
    altogether) -> as written. The scene prompt shows the example's scene without its product's name
    (prompts._scene_example), and a scene that copies it names no example product: 'Eine Tasse Grüntee.' is
    the example's 'Eine Tasse Brio Grüntee.' all the same."""
    texts = [*example.copy_texts, *((example.product_name, t) for scene in example.video_script
                                    for t in (scene.voiceover, scene.visual))]
    out = {}
    for product_name, text in texts:
        for part in _SENTENCE.split(text):
            folded = _named(_folded(part), (product_name,))
            # long enough to be a sentence of its own, not a common phrase (a CJK character counts two)
            if sum(2 if ord(ch) >= 0x2E80 else 1 for ch in folded.replace(_NAME, "")) >= 8:
                out.setdefault(folded, part.strip())
                out.setdefault(_nameless(folded), part.strip())
    return out


def _nameless(folded: str) -> str:
    """A folded sentence with its product-name placeholder (``_named``) left out: "eine tasse \x00 grüntee" ->
    "eine tasse grüntee"."""
    # between two words a space stays; inside a spaceless run ("一杯の\x00緑茶") nothing does
    return re.sub(f" ?{_NAME} ?", lambda m: " " if m.group(0) == f" {_NAME} " else "", folded).strip()


def _example_runs(example: LocaleExamples) -> list[str]:
    """The runs of words of the copy examples (headline and post, both products) between their product's
    name and the sentence's ends, folded: three words or more (spaceless scripts: a piece of 8 or more by
    _example_sentences' weight, a CJK character counting two), so a draft that keeps the example's
    claim and swaps in its own name is told ("Fjell : visible la nuit"). Video-script scenes are not read."""
    out = []
    # and the examples' products as the prompt describes them ("Lumo, una luce per bici ricaricabile": an it-IT
    # post called the Fjell Bottle "una luce per bici ricaricabile")
    products = [(example.product_name, example.product), *([(example.other.product_name, example.other.product)]
                                                           if example.other is not None else [])]
    # and the headline cut to fit that a headline's repair shows ("Lumo: das helle aufladbare Fahrradlicht")
    cuts = [(example.other.product_name, t) for t in (example.other.cut.long, example.other.cut.short)] \
        if example.other is not None and example.other.cut is not None else []
    # a headline cut from the long one keeps a few of its words, not all: every run of three with two words of five
    # letters or more ("mocna ładowana lampka"; not "that keeps you", which ad copy for anything may say)
    for _, text in cuts:
        words = _named(_folded(text), (example.other.product_name,)).replace(_NAME, " ").split()  # type: ignore[union-attr]
        if not SPACELESS.search(text):
            out += [" ".join(words[i:i + 3]) for i in range(len(words) - 2) if sum(len(w) >= 5 for w in words[i:i + 3]) >= 2]
    # a headline's claim of two long words, whole: the pl-PL bike light's "widoczny nocą" ("Lumo: widoczny nocą"),
    # which a headline repair can put after its own words ("Butelka Fjell – widoczny nocą") and no run of three reads
    heads = [(example.product_name, example.copy_.headline),
             *([(example.other.product_name, example.other.headline)] if example.other is not None else [])]
    for product_name, text in heads:
        for run in _named(_folded(text), (product_name,)).split(_NAME):
            if not SPACELESS.search(run) and len(run.split()) == 2 and len(run.strip()) >= 12:
                out.append(run.strip())
    for product_name, text in [*example.copy_texts, *products, *cuts]:
        for part in _SENTENCE.split(_TAGS.sub(" ", text)):
            for run in _named(_folded(part), (product_name,)).split(_NAME):
                # spaceless scripts: each piece between punctuation on its own ("で 静かな朝" -> "静かな朝")
                for piece in run.split() if SPACELESS.search(run) else [run.strip()]:
                    weight = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in piece)
                    if weight >= 8 and (len(piece.split()) >= 3 or SPACELESS.search(piece)):
                        out.append(piece)
    return list(dict.fromkeys(out))


_TAGS = re.compile(r"[#＃][^\W_][\w]*")


# A candidate k > 0 of a job is written from another opening angle of the copy prompt (prompts/copy.j2
# has five): different prompts give different drafts under greedy decoding too, and never share a
# result-cache entry with the job's own prompt.
ANGLE_STEP = 3
# Finding severities that make a draft worth repairing (info findings alone do not).
_ACTIONABLE = ("block", "warn")


def actionable(f) -> bool:
    """A block or warn finding that a rewrite of the text can fix: not one about the publish date as a whole (a
    calendar finding with no span: "sensitive date in China" on a 4 June launch). Every zh-CN draft of the sample
    brief carried that warn, so none was clean: each was repaired (three replies where one passed every gate), and
    the repair prompt asked the model to "avoid launches, candles and festive tone", which it cannot do."""
    return f.severity in _ACTIONABLE and not (f.category == "calendar" and f.start is None)
_UNIT_WORDS = {"chars": "characters", "weighted": "characters (CJK count double)", "segments": "SMS segments"}


@dataclasses.dataclass
class Candidate:
    """One draft for a job (a first candidate or a repair) with what the gates and checks found."""

    label: str  # "candidate 1", "repair 1"
    text: str  # copy: the ad text; video script: voiceover and on-screen text (what the gates read)
    raw: str
    meta: dict
    gates: dict[str, str] = dataclasses.field(default_factory=dict)  # gate -> why it failed
    findings: list = dataclasses.field(default_factory=list)
    script: VideoScript | None = None  # video scripts: the parsed, timed script (None: not parsed)
    checked: str = ""  # the text the checks read (finding offsets point into it)

    @property
    def draft(self) -> str:
        """What a repair prompt quotes: the copy text, the script as JSON, or the unreadable reply."""
        if self.script is not None:
            scenes = [{"visual": s.visual, "on_screen_text": s.on_screen_text, "voiceover": s.voiceover,
                       "duration_s": round(s.duration_s, 1)} for s in self.script.scenes]
            return json.dumps({"scenes": scenes}, ensure_ascii=False)
        return self.text or self.raw.strip()[:800]

    @property
    def score(self) -> tuple[int, int, int, int, int]:
        """Lower is better: an empty draft last (or one that is only the brand: "Fjell" fits every limit
        but is no ad), then copy that names neither the brand, the product nor a glossary term (the on_topic
        gate: no repair of length makes it an ad for the brand, while a branded headline too long is cut by the
        length repair or kept whole with its length finding; its block finding had let a brandless ja-JP line
        win), then block findings, failed gates, warn findings. A failed gate is a draft a reader
        rejects (repeated scenes, another language, too long); a warn asks the reviewer to look, and the
        semantic layer warns on some clean copy: a repair that fixed three repeated scenes was dropped for
        gaining one such warn ("Meet the Fjell Bottle." read as a bottle of liquor in a Thai religion line)."""
        sev = [f.severity for f in self.findings]
        off_topic = self.script is None and "on_topic" in self.gates  # copy only: scripts keep their order
        return int(self.empty), int(off_topic), sev.count("block"), len(self.gates), sev.count("warn")

    @property
    def empty(self) -> bool:
        """No draft: nothing, only the brand, or the prompt's instruction echoed back."""
        return not self.text.strip() or self.gates.get("language", "").startswith(NOTHING_SAID) or echoed(self.gates)

    @property
    def clean(self) -> bool:
        return not self.gates and not any(actionable(f) for f in self.findings)

    @property
    def semantic_warns_only(self) -> bool:
        """Passes every gate and its only block/warn findings are semantic warns (concept layer, theme rules:
        a similarity, not a quote of what is wrong): a copy repair asked to fix one gets the draft back word
        for word (the de-DE and fr-FR posts of the baseline, "Meet the Fjell Bottle." read as religion), so
        such a draft goes to the reviewer with its warn and costs no repair reply."""
        acted = [f for f in self.findings if actionable(f)]
        return not self.gates and bool(acted) and all(f.severity == "warn" and f.margin is not None for f in acted)

    def record(self) -> dict:
        """What the asset's generation meta keeps of this candidate (shown in the UI's history)."""
        _, _, block, gates, warn = self.score
        return {"label": self.label, "text": self.text, "score": {"block": block, "warn": warn, "gates": gates},
                "failed": dict(self.gates),
                "findings": sorted({f.rule for f in self.findings if f.severity in _ACTIONABLE}),
                # copy on channels asked for options: every option the reply offered (bench/headline_fit.py --db)
                **({"options": self.meta["options"]} if "options" in self.meta else {})}


def repair_problems(cand: Candidate, job: PlannedAsset, brief: Brief) -> list[str]:
    """The problems of a draft in words a model can act on: the limit and the count, the language,
    the unsupported claim, the block rule's message."""
    from studio.checks.language import language_of_locale

    lang = get_locale(job.locale).language_name
    out: list[str] = []
    rules = {f.rule for f in cand.findings}
    if job.kind != "video_script" and ("length" in cand.gates or "builtin.length" in rules):
        m = measure(cand.text, job.channel, get_locale(job.locale))
        unit = _UNIT_WORDS.get(m.unit, m.unit)
        if (said := repair_lines(job.locale)) is not None and m.unit != "segments":
            # in the locale's language and in the characters the copy prompt named (CJK: half the weighted count)
            count, limit = _in_prompt_chars(m, job)
            if said.cut and asks_options(get_channel(job.channel), get_locale(job.locale)):
                # a headline option: quoted with its length and the limit, to be cut (words dropped), not
                # rewritten: asked "write it shorter", a 1.5B model writes a new line as long as the first
                out.append(said.cut.format(text=cand.text, count=count, limit=limit, over=count - limit, brand=brief.brand,
                                           words=headline_words(job.locale, job.channel, limit, brief.brand))
                           + cut_example(job.locale, brief))
            else:
                out.append(said.too_long.format(count=count, limit=limit))
        else:
            out.append(f"It is {m.count} {unit} long; the limit is {m.limit} {unit}. Write it shorter.")
    if job.kind == "video_script":
        out += script_problems(cand, job, brief)
    if "language" in cand.gates or "builtin.language" in rules:
        out.append(f"It is not written in {lang} ({cand.gates.get('language', 'another language')}). "
                   f"Write it in {lang} ({language_of_locale(job.locale)}).")
    grounding = [f for f in cand.findings if f.category == "unsupported_claim"]
    for f in grounding:
        checked = cand.checked or cand.text
        said = checked[f.start:f.end] if f.start is not None and f.end is not None else ""
        out.append(f"It claims {said!r}, which the brief does not state. Use only the facts and claims above.")
    if "grounded" in cand.gates and not any(f.rule == "global.grounding.numbers" for f in grounding):
        out.append(f"It uses {cand.gates['grounded']}. Use only numbers the brief states.")
    if "repetition" in cand.gates:
        out.append(f"It {cand.gates['repetition']} again and again. Say each thing once.")
    if "brand" in cand.gates:
        out.append(f"The brand is written wrongly ({cand.gates['brand'].removeprefix('brand spelt ')}). "
                   f"Write it exactly as {brief.brand!r}.")
    if "refusal" in cand.gates:
        out.append(f"It is not an ad: {cand.gates['refusal']}. Reply with the ad text itself, about "
                   f"{brief.product.name}, using only the brief's facts.")
    lines = repair_lines(job.locale) if job.kind == "copy" else None
    if "on_topic" in cand.gates:
        out.append(lines.name.format(brand=brief.brand) if lines is not None and lines.name else
                   f"It is not an ad for {brief.product.name}: write the ad text itself and name {brief.brand}.")
    english = english_words(cand.gates) if lines is not None and lines.english else []
    if english:
        out.append(lines.english.format(pairs=english_pairs(english, job.locale)))  # type: ignore[union-attr]
    # Gates whose message reads as what the draft does ("It <message>."); for the ones after foreign_words a
    # copy job is repaired, not sampled again.
    said = {"foreign_words": "It {}.", "unfinished": "It {}.",
            "mixed_script": "It has {}: write them in " + lang + " or leave them out.",
            "foreign_script": "It has {}.", "contradicts": "It {}.", "transliterated": "It {}.", "example_product": "It {}.",
            "words": "It {}.", "repeated_claim": "It {}."}
    if lines is not None and lines.repeated and (quoted := _QUOTED.search(cand.gates.get("repeated_claim", ""))):
        said.pop("repeated_claim")  # in the locale's language below
        out.append(lines.repeated.format(text=quoted.group(1)))
    if english:  # said above in the locale's language, with its words for them
        said.pop("mixed_script")
        if cand.gates.get("foreign_words", "").startswith("has English words"):
            said.pop("foreign_words")
    out.extend(line.format(cand.gates[gate]) for gate, line in said.items() if gate in cand.gates)
    if "hashtag" in cand.gates:
        out.append(f"{cand.gates['hashtag'][0].upper()}{cand.gates['hashtag'][1:]}.")
    if "copied" in cand.gates:
        quoted = re.search(r"(?<![^\W_])'([^']+)'", cand.gates["copied"])  # not the apostrophe of "example's"
        if lines is not None and lines.copied and quoted and not cand.gates["copied"].startswith(ECHO):
            out.append(lines.copied.format(text=quoted.group(1), product=brief.product.name))
        else:
            out.append(f"It {cand.gates['copied'].removeprefix('the draft ')}. Write about {brief.product.name} "
                       "in your own words.")
    if tags := example_hashtags(cand.text, job.locale, brief):
        # quoted all together: told of one (#InBici), a 1.5B model ran the rest into a new one (#Lumobici)
        out.append(f"Leave out {' '.join(tags)}: they are the worked example's hashtags. End with hashtags about "
                   f"{brief.product.name}, such as #{brief.brand}.")
    for f in filter(actionable, cand.findings):
        if f.severity == "block" and f.category not in ("length", "language", "unsupported_claim"):
            out.append(f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
    for f in filter(actionable, cand.findings):
        if f.severity == "warn" and f.category not in ("length", "language", "unsupported_claim") and len(out) < 6:
            out.append(f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
    return list(dict.fromkeys(out))


_QUOTED = re.compile(r"'([^']+)'")


def english_words(gates: dict[str, str]) -> list[str]:
    """The English words the mixed_script and foreign_words gates found in a draft ("dishwasher", "One"), from their
    messages ("English words in Japanese copy: bottle, dishwasher"; "has English words in Vietnamese copy: 'One',
    'Bottle'; ..."), in order, once each."""
    found: list[str] = []
    if why := gates.get("mixed_script"):
        found += [w.strip() for w in why.split(": ", 1)[-1].split(",")]
    why = gates.get("foreign_words", "")
    if why.startswith("has English words"):
        found += _QUOTED.findall(why.split("; say them")[0])
    return list(dict.fromkeys(w for w in found if w))


def english_pairs(words: list[str], locale: str) -> str:
    """The words quoted, each with the locale's word for it where prompts/examples/<locale>.yaml ``words`` has one: the
    word itself, its plural, or a compound it starts ("dishwasher" -> "dishwasher-safe": “dishwasher” → “食洗機対応”)."""
    own = locale_examples(locale)
    table = own.words if own is not None else {}
    out = []
    for word in words:
        w = word.casefold()
        local = table.get(w) or table.get(w.removesuffix("s")) or next(
            (v for en, v in table.items() if en.startswith(f"{w}-")), None)
        out.append(f"“{word}” → “{local}”" if local else f"“{word}”")
    return ", ".join(out)


def cut_example(locale: str, brief: Brief | None = None) -> str:
    """The worked example of a headline cut to fit (prompts/examples/<locale>.yaml ``other.cut``), to follow
    a headline's cut request: ' "long" → "short"'; '' where the locale has none, or where its product bears a
    name of the brief's brand or product (prompts.own_shots: shown the bike light Lumo's cut for the brand
    Lumo, a de-DE Meta headline came back as "Lumo: das helle aufladbare Fahrradlicht")."""
    from studio.generate.prompts import own_shots

    example = locale_examples(locale)
    cut = example.other.cut if example is not None and example.other is not None else None
    if cut is None or (brief is not None and not own_shots([{"name": example.other.product_name}],
                                                           f"{brief.brand} {brief.product.name}")):
        return ""
    return f' "{cut.long}" → "{cut.short}"'


def example_hashtags(text: str, locale: str, brief: Brief) -> list[str]:
    """The hashtags of a draft that belong to the prompt's worked example: its own hashtags, or ones that name
    its product ("#Lumo", "#InBici", "#Lumobici" in a post for Fjell), unless the brief says them too."""
    from studio.generate.gates import _TAG

    example = locale_examples(locale)
    if example is None:
        return []
    names = [n.casefold() for n in (example.product_name, *([example.other.product_name] if example.other else [])) if n]
    theirs = {t.casefold() for _, post in example.copy_texts for t in _TAG.findall(post)}
    stated = " ".join([*brief.statements(), brief.brand, *brief.glossary_terms(locale)]).casefold()
    return [f"#{tag}" for tag in dict.fromkeys(_TAG.findall(text))
            if (tag.casefold() in theirs or any(n in tag.casefold() for n in names)) and tag.casefold() not in stated]


def finding_spans(cand: Candidate) -> list[tuple[str, str]]:
    """(the text it quotes, what to do) of each block or warn finding of a draft that points into its text:
    a script repaired scene by scene asks again the scene that holds the quote."""
    checked = cand.checked or cand.text
    return [(checked[f.start:f.end], f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
            for f in cand.findings if f.severity in _ACTIONABLE and f.start is not None and f.end is not None
            and f.end > f.start]


def _in_prompt_chars(m, job: PlannedAsset) -> tuple[int, int]:
    """A measure's count and limit in the characters the copy prompt named (``char_budget``): a weighted
    count of Japanese is told as full-width characters, as the prompt told the limit."""
    from studio.market.channels import char_budget

    budget = char_budget(job.channel, get_locale(job.locale))
    return (m.count, m.limit) if budget == m.limit else (-(-m.count * budget // m.limit), budget)


def copy_options_line(job: PlannedAsset, brief: Brief) -> str | None:
    """The repair's request for five cut versions (each the brand and a few words), in the locale's
    language, on channels asked for options."""
    from studio.market.channels import char_budget

    channel, locale = get_channel(job.channel), get_locale(job.locale)
    said = repair_lines(job.locale)
    if said is None or not asks_options(channel, locale):
        return None
    limit = char_budget(channel, locale)
    return said.options.format(limit=limit, brand=brief.brand, words=headline_words(job.locale, channel, limit, brief.brand))


def profile_judge(profile, text_model):
    """The judge a profile's ``checks.judge`` asks for, over its text model (``text_model()``, called on
    the first borderline finding only); None when the profile has none: nothing is loaded or asked."""
    settings = profile.checks.judge
    if settings is None:
        return None
    from studio.checks.judge import judge_from_profile

    def ask(prompts):
        # Greedy (every text backend takes temperature; 0 = no sampling): a verdict should not be a dice roll.
        return text_model().generate(prompts, max_new_tokens=settings.max_new_tokens, min_new_tokens=1, seed=0,
                                     temperature=0.0)

    return judge_from_profile(settings, ask, get_settings().prompts_dir)


def script_problems(cand: Candidate, job: PlannedAsset, brief: Brief) -> list[str]:
    """A video script's own problems in words a model can act on: not readable as scenes, scenes that
    repeat, a voiceover too long to speak in the video's time (scene by scene)."""
    out = []
    if cand.script is None:
        out.append('It could not be read as scenes. Reply with JSON only, in the form {"scenes": [{"visual": "...", '
                   '"on_screen_text": "...", "voiceover": "...", "duration_s": 5}]}, '
                   f"every scene about {brief.product.name}.")
        return out
    if "scenes" in cand.gates:
        out.append(f"{cand.gates['scenes'].capitalize()}. Give every scene its own visual and its own voiceover, "
                   f"each saying something new about {brief.product.name}.")
        out += scene_repeats(cand.script, job, brief)
    if "speech_fits" in cand.gates:
        out += speech_overruns(cand.script, job.locale)
    return out


def scene_repeats(script: VideoScript, job: PlannedAsset, brief: Brief) -> list[str]:
    """Each scene that repeats an earlier one (or says nothing, or is missing), quoted, with the line of
    the plan it should say or the shot it should show instead: a small model told only "scene 3 repeats
    an earlier voiceover" writes the same sentence again; told what scene 3 is for, it writes that."""
    from studio.generate.gates import repeated_scenes, scene_text_key
    from studio.generate.prompts import plan_for_script

    lang = get_locale(job.locale).language_name
    plan = plan_for_script(brief, job.locale, job.duration_s)
    scenes = script.scenes
    out = []
    if len(scenes) < len(plan):
        out.append(f"It has {len(scenes)} scene(s); write {len(plan)}, one for each line of the plan.")
    def goal(n: int) -> str:
        return f'make scene {n} say "{plan[n - 1]["say"]}" in {lang}' if n <= len(plan) else f"give scene {n} a new sentence"

    for i in repeated_scenes(scenes, "voiceover"):
        said = scenes[i - 1].voiceover
        if not scene_text_key(said):
            out.append(f"Scene {i} has no voiceover: {goal(i)}.")
            continue
        first = next(n for n, s in enumerate(scenes, 1) if scene_text_key(s.voiceover) == scene_text_key(said))
        # the scene out of place is the one whose own line this is not (scene 2 said scene 3's line early)
        own = i <= len(plan) and scene_text_key(plan[i - 1]["say"]) == scene_text_key(said)
        out.append(f'Scenes {first} and {i} both say "{said}": {goal(first if own else i)}.')
    for i in repeated_scenes(scenes, "visual", empty_ok=True):
        shown = scenes[i - 1].visual
        first = next(n for n, s in enumerate(scenes, 1) if scene_text_key(s.visual) == scene_text_key(shown))
        shot = f"show {plan[i - 1]['shot']}" if i <= len(plan) else "show something new"
        out.append(f'Scene {i} shows "{shown}" again, as scene {first} does: {shot}, in other words.')
    return out


def speech_overruns(script: VideoScript, locale: str) -> list[str]:
    """Which scenes say more than their seconds hold at the locale's speaking rate, by how much, in words a
    model can act on ("Scene 2 says 19 words in 5 s; at most 11 fit: cut 8."), then the total."""
    from studio.generate.video_script import speech_units

    rate = get_locale(locale).speaking_rate
    unit = "words" if rate.unit == "words" else "characters"
    out = []
    for n, scene in enumerate(script.scenes, 1):
        said, fits_in = speech_units(scene.voiceover, rate.unit), int(rate.per_second * scene.duration_s)
        if said > fits_in:
            out.append(f"Scene {n}'s voiceover has {said} {unit}; only {fits_in} fit in its {scene.duration_s:g} s: "
                       f"cut {said - fits_in}.")
    said = sum(speech_units(s.voiceover, rate.unit) for s in script.scenes)
    budget = int(rate.per_second * script.duration_s)
    out.append(f"The voiceover has {said} {unit} in all; only {budget} {unit} can be spoken in "
               f"{script.duration_s:g} seconds. Keep each voiceover to one short sentence.")
    return out


# Gates another sample (another opening angle of the prompt) fixes where a repair quoting the problem
# rarely does: the reply is no ad (nothing, an echo, a refusal, chatter without the product), not in the
# language, a loop, or the worked example retold. A draft that is only too long, unfinished, off by a number,
# a hashtag or a few foreign words goes straight to the repair, which quotes the problem: a second sample
# costs a whole prompt and reply per job and fixes none of these more often than the repair does.
RESAMPLE_GATES = frozenset({"language", "repetition", "refusal", "copied", "on_topic", "example_product", "transliterated",
                            "foreign_script"})


def resample(best: Candidate) -> bool:
    """Whether a copy job's best draft so far is worth another candidate (``RESAMPLE_GATES``), not only a repair."""
    return not best.clean and (best.empty or bool(RESAMPLE_GATES & set(best.gates)))


def _seed(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


class DraftMaker:
    """Generates drafts for one campaign with one model profile. Models come from the in-process
    registry, so a run (or a server worker) loads each model once."""

    def __init__(self, brief: Brief, profile: str, campaign_id: int, db_url: str | None = None, *,
                 note: str | None = None, seed_offset: int = 0):
        from studio.generate.profiles import load_profile

        self.brief, self.campaign_id, self.db_url = brief, campaign_id, db_url
        self.profile = load_profile(profile)
        self.note, self.seed_offset = note, seed_offset
        self.drafting = self.profile.drafting.effective()

    @cached_property
    def text_model(self) -> TextModel:
        spec = self.profile.require("text")
        return cached(load_model(spec), spec, get_settings().result_cache_dir)

    @cached_property
    def judge(self):
        """The profile's judge of borderline semantic findings (studio.checks.judge), asking the profile's
        text model; None where the profile has none (the CPU profiles), so no model is asked."""
        return profile_judge(self.profile, lambda: self.text_model)

    def _judged(self, items: list, found: list[list[Finding]]) -> list[tuple[list[Finding], list[dict]]]:
        """Findings after the judge (one model call for the batch) and its verdicts to record with each
        draft; unchanged findings and no verdicts without a judge."""
        if self.judge is None or not items:
            return [(list(f), []) for f in found]
        return [(j.findings, j.records()) for j in self.judge.review(items, found)]

    @cached_property
    def translator(self) -> Translator | None:
        spec = self.profile.model_for("translate")
        return load_model(spec) if spec else None

    @cached_property
    def image_model(self) -> ImageModel | None:
        spec = self.profile.model_for("image")
        return load_model(spec) if spec else None

    def _examples(self, job: PlannedAsset) -> list[str]:
        """A/B winners, then approved drafts, for the same brand, locale and channel: the studio learns from
        the market and from review (studio.experiments.learning)."""
        try:
            from studio.experiments.learning import preferred_examples
            from studio.store.database import session_scope
        except ImportError:
            return []
        with session_scope(self.db_url) as session:
            return preferred_examples(session, self.brief.brand, job.locale, job.channel, job.kind, k=2)

    def _needs_translation(self, job: PlannedAsset) -> bool:
        if self.profile.model_for("translate") is None or job.kind == "image":
            return False  # image prompts stay in English for the diffusion model
        return get_locale(job.locale).language != get_locale(self.brief.source_locale).language

    def _prompt(self, job: PlannedAsset, candidate: int = 0):
        locale = get_locale(job.locale)
        language = get_locale(self.brief.source_locale).language_name if self._needs_translation(job) else None
        prompt = render(AssetKind(job.kind).content_kind, brief=self.brief, locale=locale, channel=get_channel(job.channel),
                        variant=job.variant + ANGLE_STEP * candidate, examples=self._examples(job), language=language,
                        duration_s=job.duration_s)
        return self._with_note(prompt)

    def _with_note(self, prompt):
        """The prompt with the reviewer's note (a regeneration's "make it warmer") after its request."""
        if self.note:
            prompt = dataclasses.replace(prompt, user=f"{prompt.user}\nReviewer's note: {self.note}")
        return prompt

    def _support(self, job: PlannedAsset) -> tuple[str, str]:
        """(level, figure) of the profile for the job's locale; kinds not written in the locale: supported."""
        if job.kind not in LOCALE_KINDS or os.environ.get("STUDIO_DRAFT_ALL_LOCALES"):
            return "supported", ""  # the env var: measure or draft anyway (bench/quality.py --draft-all-locales)
        level, measure = self.profile.support_for(job.locale)
        return level, measure.describe() if measure else f"{level} (profile default, not measured)"

    def _support_findings(self, job: PlannedAsset) -> list[Finding]:
        level, figure = self._support(job)
        if level != "weak":
            return []
        message = WEAK_LOCALE.format(profile=self.profile.name, language=get_locale(job.locale).language_name,
                                     locale=job.locale, figure=figure)
        return [Finding(rule="profile_weak_locale", category="generation", severity="warn", message=message,
                        suggestion="regenerate with a larger profile, or have a writer rework the draft")]

    def _refused(self, job: PlannedAsset) -> tuple[Asset, list]:
        """An asset the profile cannot write: no draft, a note and a block finding that say why and what to do."""
        _, figure = self._support(job)
        message = UNSUPPORTED_LOCALE.format(profile=self.profile.name, language=get_locale(job.locale).language_name,
                                            locale=job.locale, figure=figure)
        asset = self._asset(job, text="", note=message,
                            generation={"problems": [message], "model": self.profile.require("text").name,
                                        "profile": self.profile.name, "locale_support": figure, "refused": True})
        finding = Finding(rule="profile_unsupported_locale", category="generation", severity="block",
                          message=message, suggestion="generate with a larger profile or assign a human writer")
        return asset, [finding]

    def run_batch(self, jobs: list[PlannedAsset]) -> list[tuple[Asset, list]]:
        """Drafts for jobs of one kind, generated in one batched model call (locales the profile cannot
        write get no draft, see ``_refused``)."""
        refused = [j for j in jobs if self._support(j)[0] == "unsupported"]
        if refused:
            rest = [j for j in jobs if j not in refused]
            return [self._refused(j) for j in refused] + (self.run_batch(rest) if rest else [])
        with timings.phase("load text model"):
            self.text_model  # noqa: B018 - loaded once per process, timed apart from the calls
        with timings.phase("prompts"):
            prompts = [self._prompt(j) for j in jobs]
        seed = _seed(self.campaign_id, jobs[0].key, self.seed_offset)
        kind = jobs[0].kind
        made: list[tuple[Asset, list | None]]
        if kind == "copy":
            made = list(self._copy_jobs(jobs, prompts, seed))
        elif kind == "video_script":
            made = self._script_jobs(jobs, prompts, seed)
        else:
            with timings.phase(f"{kind} candidates"):
                raws = self.text_model.generate(prompts, max_new_tokens=MAX_NEW_TOKENS[kind],
                                                min_new_tokens=MIN_NEW_TOKENS[kind], seed=seed)
            made = [(asset, None) for asset in self._images(jobs, raws, seed)]
        for prompt, (asset, _) in zip(prompts, made):
            asset.generation = {**(asset.generation or {}), "model": self.profile.require("text").name,
                                "profile": self.profile.name, "seed": seed,
                                "prompt_sha256": hashlib.sha256(f"{prompt.system}\n{prompt.user}".encode()).hexdigest()}
        # Image prompts are checked here (copy and scripts were checked while choosing among candidates);
        # the judge sees all their borderline findings in one call.
        unchecked = [k for k, (_, findings) in enumerate(made) if findings is None]
        with timings.phase(f"{kind} gates and checks"):
            checked = {k: svc.run_checks(made[k][0], self.brief) for k in unchecked}
        judged = self._judged([svc.check_input(made[k][0], self.brief) for k in unchecked], [checked[k] for k in unchecked])
        for k, (found, verdicts) in zip(unchecked, judged):
            checked[k] = found
            if verdicts:
                made[k][0].generation = {**made[k][0].generation, "judge": verdicts}
        out = []
        for k, (job, (asset, findings)) in enumerate(zip(jobs, made)):
            found = checked[k] if findings is None else findings
            out.append((asset, found + self._support_findings(job)))
        return out

    # ---------------------------------------------------------------- generate -> check -> repair

    def _best_of(self, jobs: list[PlannedAsset], prompts: list, seed: int, n: int, make,
                 first=None, fix=None, rounds: int | None = None) -> list[tuple[Candidate, list, list]]:
        """Up to ``n`` candidates per job (``make(job, raw, label)`` turns a reply into a Candidate), each
        scored by the gates and the checks: the first candidate of every job in one model call, the next
        ones only for jobs whose best so far still has a problem (copy: one another sample can fix, ``resample``;
        a clean first draft cannot be beaten: ties keep the earlier), one call per candidate. The best one, while it fails a gate or has a block/warn
        finding, gets a repair prompt quoting its problems (all jobs' repairs in one call per round, up to
        ``repair_rounds``); the best-scoring candidate is kept. Per job: (best, candidates, repairs as
        recorded in the asset's generation meta). ``first()``, when given, writes every job's first reply
        instead of one call with ``prompts`` (a script written scene by scene). ``fix(todo, best, seed)``, when
        given, makes a round's repairs instead of the repair prompts: {index into todo: (reply, problems)} (a
        script repaired scene by scene); a job it leaves out is not repaired. ``rounds`` overrides ``repair_rounds``."""
        kind, rounds = jobs[0].kind, self.drafting.repair_rounds if rounds is None else rounds
        budget = {"max_new_tokens": MAX_NEW_TOKENS[kind], "min_new_tokens": MIN_NEW_TOKENS[kind]}
        cands: list[list[Candidate]] = [[] for _ in jobs]
        best: list[Candidate] = []
        for k in range(n):
            todo = list(range(len(jobs))) if k == 0 else [i for i, b in enumerate(best)
                                                          if (resample(b) if kind == "copy" else not b.clean)]
            if not todo:
                break
            if k == 0 and first is not None:
                raws = first()
            else:
                asked = [prompts[i] if k == 0 else self._prompt(jobs[i], k) for i in todo]
                with timings.phase(f"{kind} candidates"):
                    raws = self.text_model.generate(asked, seed=seed, **budget)
            with timings.phase(f"{kind} gates and checks"):
                made = [make(jobs[i], raw, f"candidate {k + 1}") for i, raw in zip(todo, raws)]
                self._score(made, [jobs[i] for i in todo])
            for i, cand in zip(todo, made):
                cands[i].append(cand)
            best = [min(per_job, key=lambda c: c.score) for per_job in cands]
        tried = [list(per_job) for per_job in cands]  # every candidate and repair of a job
        repairs: list[list[dict]] = [[] for _ in jobs]
        for r in range(1, rounds + 1):
            # an unreadable script is repaired too (its reply is quoted); empty copy is not
            todo = [i for i, b in enumerate(best) if not b.clean and (b.text or (kind == "video_script" and b.raw.strip()))
                    and not (kind == "copy" and b.semantic_warns_only)]
            if fix is not None:
                with timings.phase(f"{kind} scene repair {r}"):
                    asked = fix(todo, [best[i] for i in todo], seed + r) if todo else {}
                problems = {todo[k]: said for k, (_, said) in asked.items()}
                fixed_raws = [raw for raw, _ in asked.values()]
                todo = [todo[k] for k in asked]
                if not todo:
                    break
            else:
                problems = {i: repair_problems(best[i], jobs[i], self.brief) for i in todo}
                todo = [i for i in todo if problems[i]]
                if not todo:
                    break
                fix_prompts = [self._repair_prompt(prompts[i], jobs[i], best[i], problems[i]) for i in todo]
                with timings.phase(f"{kind} repair {r}"):
                    fixed_raws = self.text_model.generate(fix_prompts, seed=seed + r, **budget)
            with timings.phase(f"{kind} gates and checks"):
                fixed = [make(jobs[i], raw, f"repair {r}") for i, raw in zip(todo, fixed_raws)]
                self._score(fixed, [jobs[i] for i in todo])
            for i, cand in zip(todo, fixed):
                if kind == "copy" and (line := _repeats(cand.text, problems[i])):
                    cand.gates["copied"] = f"{ECHO} {line[:60]!r} instead of writing the ad"  # never kept
                tried[i].append(cand)
                kept = cand.score < best[i].score
                repairs[i].append({"round": r, "of": best[i].label, "problems": problems[i], **cand.record(), "kept": kept})
                if kept:
                    best[i] = cand
        if kind == "copy":
            with timings.phase(f"{kind} gates and checks"):
                best = self._best_options(jobs, tried, best)
        return [(best[i], cands[i], repairs[i]) for i in range(len(jobs))]

    def _best_options(self, jobs: list[PlannedAsset], tried: list[list[Candidate]], best: list[Candidate]) -> list[Candidate]:
        """On channels asked for options, when the best draft still has a problem: every option of every
        candidate's and repair's reply competes (each reply picked its own best, but the best option of
        one reply may fail where another reply's second option passes). Options that fail no more gates
        than the best draft are checked (one batch); the best by score wins, the current best on a tie.
        No model call; nothing is cut: an option is a whole line the model wrote."""
        from studio.generate.gates import copy_gates
        from studio.generate.labels import with_labels

        pool: list[tuple[int, Candidate]] = []
        for i, job in enumerate(jobs):
            if best[i].clean or not asks_options(get_channel(job.channel), get_locale(job.locale)):
                continue
            seen = {c.text for c in tried[i]}
            for cand in tried[i]:
                channel, locale = get_channel(job.channel), get_locale(job.locale)
                replies = brand_named(copy_options(clean_copy(cand.raw), cand.raw), self.brief,
                                      lambda o, job=job, ch=channel, loc=locale: fits(with_labels(o, job.locale, job.channel, self.brief), ch, loc))
                for k, option in enumerate(replies, 1):
                    option = with_labels(option, job.locale, job.channel, self.brief)
                    if option in seen:
                        continue
                    seen.add(option)
                    gates = copy_gates(option, job.channel, job.locale, self.brief)
                    if len(gates) <= len(best[i].gates) and not echoed(gates):
                        meta = {**cand.meta, "problems": copied_example(option, job.locale, self.brief),
                                "picked_from": cand.raw.strip()[:800]}
                        pool.append((i, Candidate(f"{cand.label}, option {k}", option, cand.raw, meta)))
        if not pool:
            return best
        self._score([c for _, c in pool], [jobs[i] for i, _ in pool])
        out = list(best)
        for i, cand in pool:
            if not cand.empty and cand.score < out[i].score:
                out[i] = cand
        return out

    def _repair_prompt(self, prompt, job: PlannedAsset, cand: Candidate, problems: list[str]):
        """Copy: the fix asked as the next chat turn after the task and the draft, in the locale's language
        (``render_copy_repair``); video scripts: ``render_repair``."""
        if job.kind == "copy":
            return render_copy_repair(prompt, locale=job.locale, draft=cand.draft, problems=problems,
                                      options_line=copy_options_line(job, self.brief))
        return render_repair(prompt, locale=job.locale, draft=cand.draft, problems=problems)

    def _copy_jobs(self, jobs: list[PlannedAsset], prompts: list, seed: int) -> list[tuple[Asset, list]]:
        """Copy through ``_best_of``. Nothing is cut: a text that fits nowhere stays whole and carries its
        length finding."""
        out = []
        for job, (chosen, cands, repairs) in zip(jobs, self._best_of(jobs, prompts, seed, self.drafting.candidates,
                                                                     self._copy_candidate)):
            meta = {**chosen.meta, "chosen": chosen.label, "candidates": [c.record() for c in cands], "repairs": repairs}
            channel, locale = get_channel(job.channel), get_locale(job.locale)
            if chosen.text and not fits(chosen.text, channel, locale):
                meta["problems"] = [*meta["problems"], f"no candidate or repair fits the {job.channel} limit of "
                                    f"{limit_for(channel, locale)} {_UNIT_WORDS.get(channel.unit, channel.unit)}; the best text is kept in full for a "
                                    "writer to shorten"]
            out.append((self._asset(job, text=chosen.text, generation=meta), chosen.findings))
        return out

    def _copy_candidate(self, job: PlannedAsset, raw: str, label: str) -> Candidate:
        """One reply turned into a copy draft (cleaned, translated when the profile does; on a short channel
        the best of the reply's options), with its problems; not yet scored."""
        from studio.generate.labels import strip_ai_label, with_labels

        channel, locale = get_channel(job.channel), get_locale(job.locale)
        text = clean_copy(raw, post=channel.name in POST_CHANNELS and not asks_options(channel, locale))
        meta: dict = {"problems": [] if text else ["the model returned no usable text"]}
        if text and self._needs_translation(job):
            meta["source_text"], meta["translated_by"] = text, self.profile.require("translate").name
            text = self._translate([text], job)[0]
            fitted = fit_copy(text, raw, channel, locale)
        else:
            fitted = pick_option(text, raw, job, self.brief)
            if text and asks_options(channel, locale):
                meta["options"] = copy_options(text, raw)
        if fitted != text:
            meta["picked_from"] = text  # the option picked among the reply's lines
        fitted, said = _tidy_copy(strip_ai_label(fitted, job.locale) if fitted else fitted, job, self.brief)
        meta.update(said)
        fitted = with_labels(fitted, job.locale, job.channel, self.brief)
        meta["problems"] += copied_example(fitted, job.locale, self.brief)
        return Candidate(label, fitted, raw, meta)

    # ---------------------------------------------------------------- video scripts: the same loop

    def _script_jobs(self, jobs: list[PlannedAsset], prompts: list, seed: int) -> list[tuple[Asset, list | None]]:
        """Video scripts through ``_best_of``: scenes that repeat, a voiceover too long for the video, the
        wrong language or an unsupported claim get a repair prompt quoting them; the best script is kept."""
        out: list[tuple[Asset, list | None]] = []
        scene_logs: list[list[dict]] = [[] for _ in jobs]
        first = fix = writer = None
        if self.drafting.script_by_scene:
            writer = SceneWriter(self.text_model, self.brief, self._with_note, points=self.drafting.script_points,
                                 candidates=self.drafting.scene_candidates)

            def first() -> list[str]:
                raws, logs = writer.write(jobs, seed)
                scene_logs[:] = logs
                return raws

            def fix(todo: list[int], best: list[Candidate], seed: int) -> dict[int, tuple[str, list[str]]]:
                """Only the failing scenes asked again (``SceneWriter.repair``), not the whole script."""
                return writer.repair([jobs[i] for i in todo], [c.script for c in best], [c.gates for c in best],
                                     [finding_spans(c) for c in best], seed)
        for k, (job, (chosen, cands, repairs)) in enumerate(zip(jobs, self._best_of(
                jobs, prompts, seed, self.drafting.script_candidates, self._script_candidate, first=first, fix=fix,
                rounds=0 if self.drafting.script_by_scene and not self.drafting.scene_repair else None))):
            meta = {**chosen.meta, "chosen": chosen.label, "candidates": [c.record() for c in cands], "repairs": repairs}
            if scene_logs[k]:
                meta["scenes_written"] = scene_logs[k]  # candidate 1's replies, scene by scene, and any re-ask
            if chosen.script is None:
                out.append((self._asset(job, text=chosen.raw, generation=meta,
                                        note="The model's output could not be parsed into scenes: " + "; ".join(chosen.meta["problems"])),
                            None))
                continue
            unresolved = unresolved_findings(writer.unresolved[k], chosen.script) if writer is not None and writer.unresolved else []
            out.append((self._asset(job, script=chosen.script.to_dict(), generation=meta), chosen.findings + unresolved))
        return out

    def _script_candidate(self, job: PlannedAsset, raw: str, label: str) -> Candidate:
        """One reply parsed into a timed script (translated when the profile does), with its problems."""
        from studio.generate.gates import script_fields
        from studio.generate.video_script import fit_to_duration, parse_script, voiceover_fits

        locale = get_locale(job.locale)
        result = parse_script(raw, duration_s=job.duration_s, locale=locale)
        meta: dict = {"problems": list(result.problems), "raw_output": raw}
        if result.script is None:
            return Candidate(label, "", raw, meta)
        script = fit_to_duration(result.script, job.duration_s)
        if self._needs_translation(job):
            script = self._translate_script(script, job)
            meta["translated_by"] = self.profile.require("translate").name
        text, _ = script_fields(script)
        meta["problems"] += copied_example(text, job.locale, self.brief)
        needed, ok = voiceover_fits(script, locale.speaking_rate)
        meta["voiceover_seconds"] = round(needed, 1)
        if not ok:
            meta["problems"].append(f"voiceover needs {needed:.1f} s at the {job.locale} speaking rate; "
                                    f"the video is {job.duration_s:g} s")
        return Candidate(label, text, raw, meta, script=script)

    def _score(self, cands: list[Candidate], jobs: list[PlannedAsset]) -> None:
        """Gates and checks for every candidate; the checks run as one batch (``check_many``)."""
        from studio.checks.engine import get_check_engine
        from studio.generate.gates import copy_gates, off_topic, script_gates

        items = []
        for cand, job in zip(cands, jobs):
            if job.kind == "video_script":
                unparsed = "; ".join(cand.meta.get("problems", []))
                cand.gates = script_gates(cand.script, job.locale, self.brief, unparsed)
                if cand.script is not None and (why := off_topic(cand.text, self.brief, job.locale)):
                    cand.gates["on_topic"] = why
                asset = self._asset(job, script=cand.script.to_dict() if cand.script else None)
            else:
                cand.gates = copy_gates(cand.text, job.channel, job.locale, self.brief) if cand.text else {"language": "empty draft"}
                asset = self._asset(job, text=cand.text)
            items.append(svc.check_input(asset, self.brief))
            cand.checked = items[-1].text
        checkable = [k for k, item in enumerate(items) if item.text]
        batch = [items[k] for k in checkable]
        with timings.phase("load check engine"):
            get_check_engine()
        found = self._judged(batch, get_check_engine().check_many(batch))
        for k, (findings, verdicts) in zip(checkable, found):
            cands[k].findings = findings
            if verdicts:
                cands[k].meta["judge"] = verdicts  # kept in the asset's generation meta when chosen

    def _asset(self, job: PlannedAsset, **fields) -> Asset:
        # Table models skip validation on construction: give the enum fields enums, or storing the batch
        # (a model_dump) warns about unexpected values on every asset the user generates.
        return Asset(campaign_id=self.campaign_id, job_key=job.key, locale=job.locale, kind=AssetKind(job.kind),
                     channel=job.channel, variant=job.variant, status=AssetStatus.IN_REVIEW, **fields)

    def _translate(self, texts: list[str], job: PlannedAsset) -> list[str]:
        src, tgt = self.brief.source_locale, job.locale
        return self.translator.translate(texts, src, tgt)

    def _images(self, jobs: list[PlannedAsset], raws: list[str], seed: int) -> list[Asset]:
        """The text model wrote one localised image prompt per job; the image model (if any) renders
        them all in one call, which it splits into batches of its profile's ``batch_size``."""
        texts, metas = [], []
        for job, raw in zip(jobs, raws):
            text, meta = self._image_prompt(job, raw)
            texts.append(text)
            metas.append(meta)
        if self.image_model is None:
            return [self._asset(job, image_prompt=text, generation=meta, note=NO_IMAGE_MODEL.format(profile=self.profile.name))
                    for job, text, meta in zip(jobs, texts, metas)]
        from studio.generate.image import save_png

        spec = self.profile.require("image")
        images = self.image_model.generate(texts, seeds=[seed] * len(texts))
        out = []
        for job, text, meta, image in zip(jobs, texts, metas, images):
            path = get_settings().media_dir / str(self.campaign_id) / f"{job.key.replace('/', '_')}-{seed}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            save_png(image, path, model=spec.name, seed=seed, prompt=text)
            meta["image_model"] = spec.name
            out.append(self._asset(job, image_prompt=text, image_path=str(path), generation=meta))
        return out

    def _image_prompt(self, job: PlannedAsset, raw: str) -> tuple[str, dict]:
        """One reply as an image prompt (``studio.generate.image_prompt``): a last sentence cut by the token
        budget and phrases no picture shows are dropped, and the meta says what went."""
        from studio.generate.image_prompt import image_prompt_meta, tidy_image_prompt

        written = clean_copy(raw)
        text, dropped = tidy_image_prompt(written, job.locale)
        meta = {"problems": [] if text else ["the model returned no usable text"], **image_prompt_meta(written, text, dropped)}
        return text, meta

    def _translate_script(self, script, job: PlannedAsset):
        """Translate on-screen text and voiceover of every scene in one batched call."""
        fields = [(i, name) for i, scene in enumerate(script.scenes) for name in ("on_screen_text", "voiceover")
                  if getattr(scene, name)]
        texts = self._translate([getattr(script.scenes[i], name) for i, name in fields], job)
        scenes = list(script.scenes)
        for (i, name), text in zip(fields, texts):
            scenes[i] = dataclasses.replace(scenes[i], **{name: text})
        return dataclasses.replace(script, scenes=scenes)
