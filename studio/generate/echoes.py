"""Whether a draft copies the prompt instead of writing for the brief (``copied_example``): it names the worked
example's product, repeats an instruction line of the prompt or of a repair request, or reuses a sentence or a
claim of the worked example. Also the folding (``_folded``, ``_named``) the scene rules share, and ``repeats_problem``:
a repair reply that quotes back the problem it was asked to fix. The gates (``copied``) and the repair loop
(studio.generate.repair) act on what this finds."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import regex

from studio.core.config import get_settings
from studio.generate.examples import LocaleExamples, locale_examples
from studio.generate.prompt_lines import RepairLines, repair_lines
from studio.generate.reader_rules import SPACELESS
from studio.plan.brief import Brief


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
    if said := _example_name_heard(text, locale, names, brief):
        return [said]
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
        _echoed_run(text, template_instructions(), ECHO_WORDS + 1) or \
        (_length_request_echo(text, lines, brief.brand) if lines is not None else None)
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
    stated = _folded(" ".join(brief.statements()))
    for run in _post_runs(example):
        if re.search(rf"(?<![^\W_]){re.escape(run)}(?![^\W_])", folded) and run not in stated:
            return [f"the draft reuses {run!r} of the worked example for another product: "
                    "say what this brief's product does, in its own words"]
    return []


def _example_name_heard(text: str, locale: str, names: list[str], brief: Brief) -> str | None:
    """Why the draft says an example product's name in another script (the hearing of the ``transliterated`` gate, near:
    sounds_like.heard_in), else None: h47a's hi-IN SMS for Lumo Daily Cream began 'विज्ञापन: ब्रियू: Lumo ...', the
    tea's 'Brio' written in Devanagari, and passed every gate. A name the brief itself has (campaign_hard's brand is the
    bike light's Lumo) is the brand gate's to hear."""
    from studio.generate.reader_rules import reader_rules
    from studio.generate.sounds_like import heard_in

    own = f"{brief.brand} {brief.product.name}".casefold()
    for name in (n for n in names if n.casefold() not in own):
        if piece := heard_in(text, name, locale, reader_rules(), near=True):
            # the word first: the repair request quotes the first quoted text (problems.py, repair_lines `copied`)
            return (f"the draft writes {piece!r}, that is {name!r} (the worked example's product) in another script, "
                    f"not {brief.product.name!r}: rewrite it, or regenerate with a larger profile")
    return None


POST_RUN_WORDS = 3  # words in a row of the worked example's post that a draft has no business saying
POST_RUN_CHARS = 12  # folded, spaces included: not a run of short pieces (a vowel sign split off in hi)


def _post_runs(example: LocaleExamples) -> list[str]:
    """Every run of three words of the worked example's post lines (hashtags and its product's name left out),
    folded, in languages written with spaces. The post shown as the earlier turn is read line by line, and a 1.5B
    model carried its hook or its handlebar line into a water bottle's post in words around the name or none:
    tr-TR 'Hava karardıktan sonra bir su şişeli ne kadar sıcak?' (after dark, the bike light's hook) passed every
    gate, as id-ID's 'Jadi, siap untuk bersepeda setelah gelap?' (drafts-posts25's run); _example_runs reads runs
    next to the name only."""
    if example.other is None or SPACELESS.search(example.other.post):
        return []
    out = []
    for line in example.other.post.splitlines():
        for piece in _named(_folded(_TAGS.sub(" ", line)), (example.other.product_name,)).split(_NAME):
            words = piece.split()
            runs = [words[i:i + POST_RUN_WORDS] for i in range(len(words) - POST_RUN_WORDS + 1)]
            # two words of five letters or more, as _example_runs' cut runs: not 'ride home with', 'see you from'
            out += [" ".join(run) for run in runs if sum(len(w) >= 5 for w in run) >= 2]
    return [run for run in dict.fromkeys(out) if len(run) >= POST_RUN_CHARS]


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


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def asked_back(said: str, ask: str) -> str | None:
    """The words of a prompt line's fixed wording (``ask`` with its ``{placeholders}`` taken out) that ``said``
    repeats as a run of ECHO_WORDS words (ECHO_CHARS letters without spaces), else None: a th-TH voiceover went on
    with the scene ask's own 'เขียนใจความนี้เป็นประโยคภาษาไทยใหม่ด้วยคำของค' (write this point as a new Thai
    sentence in your own words), an ar-AE one was 'قلها في جملة عربية جديدة بكلماتك الخاصة' and nothing else."""
    return _echoed_run(said, tuple(p.strip() for p in _PLACEHOLDER.split(ask) if p.strip()), ECHO_WORDS)


def _repair_phrases(locale: str) -> list[str]:
    """What a repair prompt for ``locale`` says besides the draft: the English requests and the length
    lines in the locale's language (prompts/repair_lines.yaml), the parts between their numbers."""
    said = repair_lines(locale)
    return [*_REPAIR_PHRASES, *(said.fixed_parts() if said is not None else [])]


LENGTH_ECHO_WORDS = 3  # a run of this many words of a length request's fixed wording is an echo


def _length_request_echo(text: str, lines: RepairLines, brand: str = "") -> str | None:
    """The words of a headline length request (repair_lines.yaml ``cut``, ``options``, ``headlines``) that ``text``
    says as the ad, else None: its fixed wording as a run of LENGTH_ECHO_WORDS words (ECHO_CHARS letters without
    spaces), or the count it asked for with its word for words, or (``brand`` given) all that the headline says
    besides the brand, when that is two words or more of the fixed wording in its order. drafts-length21 saw the 1.5B
    model answer the cut request with 'Fjell : garde l'idée principale' (keep the main point), 'Fjell i 2–3 słowa' and
    'Fjell dan 2–3 kata' (the brand and 2–3 words); four-word runs and the 40-letter prefix of ``_repair_phrases``
    missed them. drafts-headlines22: ms-MY answered 'Fjell - Mesej utama' (main message, of 'kekalkan mesej utama')
    and 'Fjell - Buang yang lain' (drop the rest); the first, two words, failed only the sense gate."""
    asks = tuple(ask for ask in (lines.cut, lines.options, lines.headlines) if ask)
    for ask in asks:
        tail = ask.split("{words}", 1)[1] if "{words}" in ask else ""
        unit = re.split(r"[\s:,.、，：。（(]", tail.strip(), maxsplit=1)[0]
        if not unit:
            continue
        spaceless = SPACELESS.search(unit) is not None
        count = r"\d+(?:\s*[–-]\s*\d+)?" if spaceless else r"\d+\s*[–-]\s*\d+"  # "2–3 słowa"; "10文字"
        said = re.search(rf"{count}\s*{re.escape(unit)}", text, re.IGNORECASE)
        if said:
            return said.group(0)
    parts = tuple(p.strip() for ask in asks for p in _PLACEHOLDER.split(ask) if p.strip())
    return _echoed_run(text, parts, LENGTH_ECHO_WORDS) or (_request_words_only(text, parts, brand) if brand else None)


def _request_words_only(text: str, parts: tuple[str, ...], brand: str) -> str | None:
    """What ``text`` says besides ``brand``, when that is two words or more (ECHO_CHARS // 2 letters without spaces)
    and a run of one of ``parts`` (folded) in its order, else None."""
    rest = _folded(re.sub(re.escape(brand), " ", text, flags=re.IGNORECASE))
    words = rest.split()
    if not words or (len(words) < 2 and (not SPACELESS.search(rest) or len(rest) < ECHO_CHARS // 2)):
        return None
    spaceless = SPACELESS.search(rest) is not None
    for part in parts:
        own = _folded(part)
        if ("".join(words) in own.replace(" ", "")) if spaceless else \
                re.search(rf"(?<![^\W_]){re.escape(rest)}(?![^\W_])", own):
            return rest
    return None


def repeats_problem(text: str, lines: list[str]) -> str | None:
    """The line of a repair prompt (a quoted problem) that ``text`` repeats, else None."""
    folded = _folded(text)
    return next((line for line in lines if len(_folded(line)) >= 12 and _folded(line)[:40] in folded), None)


def echoed(gates: dict[str, str]) -> bool:
    """Whether a draft's gates say it repeats the prompt's instruction (an echo is no draft: never picked)."""
    return gates.get("copied", "").startswith(ECHO)


# The gates of a draft that carries the prompt's worked example over: it names the example's product ("Lumo"), retells
# its lines ("Fjell: sicher im Dunkeln"), or talks about what it is ("luz de bici", "Fahrradlicht").
EXAMPLE_GATES = ("copied", "example_product")


def carries_example(gates: dict[str, str]) -> bool:
    """Whether a draft's gates say it carries the worked example over (``EXAMPLE_GATES``; an echo of the instruction
    is ``echoed``): an ad for another product, which no repair of length or wording makes this brief's. It ranks
    with a draft that names neither brand nor product (candidates.Candidate.score, headlines._rank_option): a
    headline's length repair showed the bike light's cut and its options came back with it, and "Fjell: sicher im
    Dunkeln" (the example's line, 24 characters) beat the branded line over the limit, whose length is a block."""
    return any(gate in gates for gate in EXAMPLE_GATES) and not echoed(gates)


# A word is letters, their combining marks and digits: Python's ``\w`` leaves the marks out, so 'विज्ञापन' (the hi-IN
# ad label) read as four words ('व ज ञ पन') and a Thai word broke at every vowel sign; a word of one of them matched
# a piece of the prompt's instruction and a sponsored script failed the copied gate on its own label (drafts-scripts31).
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def _folded(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


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
    (script_plan.scene_example), and a scene that copies it names no example product: 'Eine Tasse Grüntee.' is
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
    # and the headline cut to fit that a headline's repair showed ("Lumo: das helle aufladbare Fahrradlicht")
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
