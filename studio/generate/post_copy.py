"""A post as the model wrote it, made publishable without a model call: a label it opens with dropped
(``drop_label``), a line or closing hashtag said twice dropped (``drop_repeated_line``), a last sentence the token
budget cut dropped (``drop_cut_sentence``), a post over its channel's limit cut after a whole sentence
(``budget_cut``), a sentence, line or hashtag a reader would delete (the worked example's, another language's, an
invented number's) dropped when the rest passes (``drop_stray_sentences``), and a listed claim word (th 'ที่ดีที่สุด') taken out
of the sentence that names the product when the rest passes (``drop_claim_word``). Drafting applies them before the
gates (studio.generate.headlines.tidy_copy) and records each in the asset's generation meta: nothing is cut
silently. The closing hashtags' tidy-ups are in studio.generate.post_tags."""

from __future__ import annotations

import re

from studio.market.channels import fits, get_channel
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

_AFTER_STOP = re.compile(r"(?<=[.!?。！？])\s+")  # where a line splits into sentences
HASHTAG_MARKS = ("#", "＃")  # what a hashtag starts with


def words_before_tags(text: str) -> str:
    """Each line's words before its first hashtag, the lines joined by spaces: what a post says, its tags and anything
    written on after them aside."""
    return " ".join(re.split(r"[#＃]", line, maxsplit=1)[0] for line in text.splitlines())


def names_product(said: str, brief: Brief) -> bool:
    """Whether ``said`` names the brand or the product (any case)."""
    folded = said.casefold()
    return any(name.casefold() in folded for name in (brief.brand, brief.product.name))


def drop_repeated_line(text: str) -> tuple[str, list[str]]:
    """``text`` without a line or sentence it already said word for word (case and spaces aside): a 1.5B model
    closed a post with its first line again ("Stay cool, stay warm, stay fresh." twice), which a reader
    rejects and the repeated_claim gate fails; a closing hashtag given again (``_drop_repeated_tags``). (text, the
    repeats dropped); lines stay lines."""
    seen: set[str] = set()
    dropped: list[str] = []
    lines = []
    tags_seen: set[str] = set()
    for line in text.splitlines():
        line, again = _drop_repeated_tags(line, tags_seen)
        dropped += again
        kept = []
        for sentence in _AFTER_STOP.split(line.strip()):
            key = re.sub(r"\s+", " ", sentence).strip().casefold()
            if key and key in seen and len(key) >= 8:
                dropped.append(sentence.strip())
                continue
            seen.add(key)
            kept.append(sentence)
        if " ".join(kept).strip():
            lines.append(" ".join(kept).strip())
    return ("\n".join(lines), dropped) if dropped else (text, [])


def _drop_repeated_tags(line: str, seen: set[str]) -> tuple[str, list[str]]:
    """``line`` without the closing hashtags it (or a line above, ``seen``) already gave, case aside, and a bare '#'
    among them (a tag with no word): an editor keeps '#Fjell #ماء #كوب' of q23d's ar-AE '#Fjell #ماء #كوب #ودع #لحم
    #كوب #ماء #كوب #كوب #كوب ... #', a list the model looped on, which the repetition gate failed as 'كوب كوب كوب'
    and its repair wrote back looping. Only the hashtags a line ends on; a tag inside a sentence is a word of it.
    (line, the tags dropped); ``seen`` gains the tags kept."""
    words = line.split()
    k = len(words)
    while k and words[k - 1].startswith(HASHTAG_MARKS):
        k -= 1
    kept, dropped = [], []
    for tag in words[k:]:
        key = tag.lstrip("#＃").casefold()
        if not key or key in seen:
            dropped.append(tag)
            continue
        seen.add(key)
        kept.append(tag)
    return (" ".join([*words[:k], *kept]), dropped) if dropped else (line, [])


POST_LABELS_FILE = "post_labels.yaml"


def drop_label(text: str, locale: str) -> tuple[str, str | None]:
    """``text`` without a label it opens with (``prompts/post_labels.yaml``: pl 'Zawartość:', any language's
    'Content:'), a word that names the post instead of saying anything, then a colon: (text, the label) or (text,
    None) where it opens with none or nothing follows it. q23d's pl-PL post opened 'Zawartość: Czytelników, ...' and
    closed with that sentence again, which drop_repeated_line did not read as a repeat with the label before it."""
    from studio.checks.language import language_of_locale
    from studio.generate.prompt_words import language_words

    labels = {*language_words(POST_LABELS_FILE, "labels", "en"),
              *language_words(POST_LABELS_FILE, "labels", language_of_locale(locale))}
    for label in sorted(labels, key=len, reverse=True):
        m = re.match(rf"\s*(?:\*\*)?{re.escape(label)}(?:\*\*)?\s*[:：]\s*", text, re.IGNORECASE)
        if m and text[m.end():].strip():
            return text[m.end():], text[:m.end()].strip()
    return text, None


def budget_cut(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, str | None]:
    """A post over its channel's limit cut after its last whole sentence (or line) that fits with the AI label
    drafting appends; a last line of hashtags is kept when it fits too. (text, what was cut off) or (text,
    None) when it fits or when not even its first sentence fits: then the whole text stays and gets its
    length finding, never a cut mid-word."""
    from studio.generate.labels import with_labels

    channel, locale = get_channel(job.channel), get_locale(job.locale)

    def ok(candidate: str) -> bool:
        return fits(with_labels(candidate, job.locale, job.channel, brief), channel, locale)

    if not text or ok(text):
        return text, None
    lines = text.splitlines()
    tags = lines[-1] if len(lines) > 1 and lines[-1].lstrip().startswith(HASHTAG_MARKS) else None
    body = lines[:-1] if tags else lines
    units = [(k, s) for k, line in enumerate(body) for s in _AFTER_STOP.split(line.strip()) if s]
    for n in range(len(units) - 1, 0, -1):
        kept = [[s for k, s in units[:n] if k == row] for row in range(len(body))]
        head = "\n".join(" ".join(row) for row in kept if row)
        if not re.search(r"[.!?。！？]$", head.rstrip()) and units[n][0] == units[n - 1][0]:
            continue  # a cut ends on a whole sentence or a whole line
        for candidate in ([f"{head}\n{tags}"] if tags else []) + [head]:
            if ok(candidate):
                return candidate, " ".join(s for _, s in units[n:]) + ("" if candidate != head or not tags else f" {tags}")
    return text, None


def drop_cut_sentence(text: str, locale: str = "en-US", brief: Brief | None = None) -> tuple[str, str | None]:
    """A post whose reply ran out of tokens mid-sentence without that last sentence, when whole sentences come
    before it: (text, the sentence dropped), else (text, None). Cut: ``cut_sentence`` ("... est aussi confor"),
    or a last piece that ends on a word that needs what follows (reader_gates.yaml ``ends_open``: "... de
    plástico.\nCon"), or a short last piece that ends on no word at all (``_cut_word``: "... garanti sunar. Fiy")."""
    from studio.checks.language import language_of_locale
    from studio.generate.gates import cut_sentence
    from studio.generate.prompt_words import fold
    from studio.generate.reader_rules import reader_rules

    # a point between digits is a decimal, no stop: drafts-posts30's pt-BR reply ran out at 'Preço 29.99 USD, uma só
    # garrafa em vez de', and the cut kept 'Preço 29.' (then dropped as a number the brief never gave)
    stops = list(re.finditer(r"[!?。！？]|\.(?!\d)", text))
    if not stops:
        return text, None
    head, tail = text[: stops[-1].end()].rstrip(), text[stops[-1].end() :].strip()
    if not head or not tail or "#" in tail or "＃" in tail:
        return text, None
    last = re.findall(r"[^\W\d_]+", tail)[-1:]
    open_end = bool(last) and fold(last[0]) in reader_rules().ends_open.get(language_of_locale(locale), ())
    alone = last if len(re.findall(r"[^\W\d_]+", tail)) == 1 else []  # a last piece of one word, nothing else
    return (head, tail) if cut_sentence(text) or open_end or _cut_word(alone, locale, brief) else (text, None)


def _cut_word(last: list[str], locale: str, brief: Brief | None) -> bool:
    """Whether a post's last piece, one word alone (``last``), is a word cut off: not the language's (wordfreq knows
    it at no frequency at all), no English word (under ``CUT_WORD_EN``), nor the brand's, the product's or the
    glossary's. q23g's tr-TR post ended '... çok güvenli bir garanti sunar. Fiy' (Fiyat, price, cut by the token budget) and passed every gate:
    one word is too short for ``cut_sentence``, which spares a closing call to action ('Jetzt entdecken'). Not read
    in languages written without spaces (wordfreq splits them with MeCab or jieba)."""
    from studio.checks.language import language_of_locale, word_zipf
    from studio.generate.language_gates import SEGMENTED

    lang = language_of_locale(locale)
    if not last or len(last[0]) < 2 or lang in SEGMENTED:
        return False
    word = last[0].casefold()
    if brief is not None and any(word in fold_words.casefold().split()
                                 for fold_words in (brief.brand, brief.product.name, *brief.glossary_terms(locale))):
        return False
    return word_zipf(word, lang, "best") == 0 and word_zipf(word, "en", "best") < CUT_WORD_EN


# English's list holds noise at the bottom ('fiy' 1.3, 'fjell' 1.28): a cut word may be there, an English word a post
# ends on ('Enjoy', 'Now') is far above it
CUT_WORD_EN = 2.0


# The gates a post can fail for one sentence, line or hashtag of its own, which a reader would simply delete: the
# worked example's sentence or hashtag carried over (copied, example_product: ja-JP 'ハンドルに付けて…' from the bike
# light's post, es-ES '#EnBici'), a line of another language (foreign_words: tr-TR's brief key message in English,
# 'One bottle, everywhere you go.'), a number the brief never gave (grounded: vi-VN 'nhận giá ưu đãi 25%!'), and
# a sentence that says again what another sentence says (repeated_claim: q23b's ja-JP post opened '一日中、どこでも冷たい
# 水を楽しむことができます。' and said '一日中冷たい水を楽しむことができます' again beside the product's name; its repair
# came back word for word).
STRAY_GATES = ("copied", "example_product", "foreign_words", "grounded", "repeated_claim")


def _units(text: str) -> list[tuple[int, str]]:
    """A post's droppable pieces, in order: (line number, a sentence) and (line number, a hashtag) of a line's
    closing hashtags."""
    units: list[tuple[int, str]] = []
    for row, line in enumerate(text.splitlines()):
        words = line.split()
        k = len(words)
        while k and words[k - 1].startswith(HASHTAG_MARKS):
            k -= 1
        body = " ".join(words[:k])
        units += [(row, s) for s in _AFTER_STOP.split(body) if s.strip()]
        units += [(row, tag) for tag in words[k:]]
    return units


def _join(units: list[tuple[int, str]]) -> str:
    rows: dict[int, list[str]] = {}
    for row, piece in units:
        rows.setdefault(row, []).append(piece)
    return "\n".join(" ".join(pieces) for _, pieces in sorted(rows.items()))


def post_gates(text: str, job: PlannedAsset, brief: Brief) -> dict[str, str]:
    """The copy gates and the sense gate of ``text`` as published (labels added), as the bench counts them for copy:
    gate -> why (empty: it passes). A post's stray pieces are weighed by it, and each headline option
    (headlines.option_gates)."""
    from studio.generate.gates import copy_gates
    from studio.generate.labels import with_labels
    from studio.generate.sense import sense_fields, sense_gate

    labelled = with_labels(text, job.locale, job.channel, brief)
    failed = copy_gates(labelled, job.channel, job.locale, brief)
    failed.update(sense_gate(sense_fields(labelled), job.locale, brief))
    return failed


# The sense gate's faults that one sentence carries (studio.generate.sense.sense_problem): a sentence that reads as the
# prompt's own lines or as the worked example more than as the brief; it quotes that sentence. q23e's fr-FR post
# closed on 'Fjell Bottle est en ligne et disponible en France.' (online, available in France: the brief says
# neither), which its repair, asked in French to say what Fjell Bottle does, wrote back. "Says nothing the brief
# says" is the whole post's fault: no piece of it is dropped for that.
SENSE_STRAY = ("reads as the prompt's own lines", "reads as the worked example")


def _sense_stray(text: str, job: PlannedAsset, brief: Brief) -> str | None:
    """The sentence the sense gate quotes where it fails ``text`` (as published) for that sentence alone
    (``SENSE_STRAY``) and it is not the whole post, else None."""
    from studio.generate.labels import strip_ai_label, with_labels
    from studio.generate.sense import sense_fields, sense_problem

    labelled = with_labels(text, job.locale, job.channel, brief)
    problem = sense_problem(sense_fields(labelled), job.locale, brief)
    if problem is None or not problem.why.startswith(SENSE_STRAY):
        return None
    said = problem.text.strip()
    whole = strip_ai_label(labelled, job.locale).strip()
    return said if said and said != whole and said != text.strip() else None


def drop_stray_sentences(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` without the one or two whole sentences, lines or hashtags that alone fail a ``STRAY_GATES`` gate (or,
    for repeated_claim, say again what another sentence says; for sense, the sentence it quotes as the prompt's or the
    worked example's, ``SENSE_STRAY``), when what remains passes every gate (``post_gates``) and still names the product outside its hashtags: (text,
    {"dropped": [...], "why": {gate: why}}), else (text, None). A piece is dropped only when it
    fails that gate on its own, so a good sentence is never dropped to pass; nothing is reworded or added."""
    from studio.generate.gates import copy_gates

    if not text.strip():
        return text, None
    failed = post_gates(text, job, brief)
    stray = {g: why for g, why in failed.items() if g in STRAY_GATES}
    units = _units(text)
    quoted = _sense_stray(text, job, brief) if "sense" in failed else None
    if quoted is not None:
        stray["sense"] = failed["sense"]
    if not stray or len(units) < 2:
        return text, None
    tagged = any(piece.startswith(HASHTAG_MARKS) for _, piece in units)

    def passes(kept: list[tuple[int, str]]) -> bool:
        """What remains passes every gate and names the product outside its hashtags (a #Fjell alone says nothing)."""
        named = names_product(" ".join(piece for _, piece in kept if not piece.startswith(HASHTAG_MARKS)), brief)
        # a post that ended on hashtags keeps one: its last tag dropped, it is asked to write new ones (repair)
        still_tagged = not tagged or any(piece.startswith(HASHTAG_MARKS) for _, piece in kept)
        return named and still_tagged and not post_gates(_join(kept), job, brief)

    def says_again(k: int) -> bool:
        """Piece ``k`` says what another piece says (without it the post says nothing twice; alone it does not)."""
        from studio.generate.shape_gates import repeated_claim

        piece = units[k][1]
        if "repeated_claim" not in stray or piece.startswith(HASHTAG_MARKS) or repeated_claim(piece, job.locale, brief):
            return False
        return repeated_claim(_join([u for j, u in enumerate(units) if j != k]), job.locale, brief) is None

    # the pieces that fail a stray gate on their own: the sentence that names the bike light, not the one beside it;
    # then, of a claim said twice, either sentence that says it, the later first (the repeat, not the hook it repeats)
    carriers = [k for k, (_, piece) in enumerate(units)
                if any(g in stray for g in copy_gates(piece, job.channel, job.locale, brief))]
    # the sentence the sense gate quotes goes alone, never with another piece: dropped with a repeat beside it, an
    # it-IT post (drafts-posts22) kept 'Lei può preparare il pranzo in bici ...', the bike example retold
    quoted_at = [k for k, (_, piece) in enumerate(units)
                 if quoted is not None and k not in carriers and not piece.startswith(HASHTAG_MARKS) and quoted in piece.strip()]
    carriers += [k for k in reversed(range(len(units))) if k not in carriers and says_again(k)]
    tries = [[k] for k in [*carriers, *quoted_at]] + [[a, b] for i, a in enumerate(carriers) for b in carriers[i + 1:]]
    for drop in tries:  # one piece, else two (the leaked sentence and the example's hashtag)
        kept = [u for k, u in enumerate(units) if k not in drop]
        if kept and passes(kept):
            return _join(kept), {"dropped": [units[k][1] for k in drop], "why": stray}
    return text, None


CLAIM_WORDS_FILE = "claim_words.yaml"


def claim_words(language: str) -> tuple[str, ...]:
    """``prompts/claim_words.yaml`` ``words`` of ``language``: claim modifiers a post's sentence reads without."""
    from studio.generate.prompt_words import language_words

    return language_words(CLAIM_WORDS_FILE, "words", language)


def without_word(text: str, word: str) -> str:
    """``text`` with ``word`` taken out: with the comma or space before it in a script written with spaces (vi ', bền
    vững'), as written in one without (th 'ที่ดีที่สุด' between 'ml ' and 'ในช่วงเช้า')."""
    from studio.generate.reader_rules import SPACELESS

    if SPACELESS.search(word):
        out = re.sub(re.escape(word), "", text, flags=re.IGNORECASE)
    else:
        out = re.sub(rf"[ \t]*,?[ \t]*(?<![^\W_]){re.escape(word)}(?![^\W_])", " ", text, flags=re.IGNORECASE)
    out = re.sub(r"[ \t]+([,.!?])", r"\1", out)
    return "\n".join(re.sub(r"^[,;:]\s*", "", re.sub(r"[ \t]{2,}", " ", line).strip()) for line in out.splitlines())


def drop_claim_word(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` without a claim word of ``claim_words`` that the unsupported_claim gate finds in it (th 'ที่ดีที่สุด',
    vi 'bền vững'), when what remains passes every gate (``post_gates`` and the claim gate) and still names the
    product: (text, {"dropped": word, "why": the gate's reason}), else (text, None). Only a listed word is taken out,
    never a sentence reworded; the checks run only when a listed word is in the post."""
    from studio.checks.language import language_of_locale
    from studio.generate.grounding import claim_failure

    found = [w for w in claim_words(language_of_locale(job.locale)) if w.casefold() in text.casefold()]
    if not found or not text.strip():
        return text, None
    said = _post_claims(text, job, brief)
    named = [w for w in found if any(w.casefold() in quoted.casefold() or quoted.casefold() in w.casefold()
                                     for _, quoted, _ in said)]
    for word in named:
        kept = without_word(text, word)
        if names_product(kept, brief) and not post_gates(kept, job, brief) and not _post_claims(kept, job, brief):
            return kept, {"dropped": word, "why": claim_failure(said)["unsupported_claim"]}
    return text, None


def _post_claims(text: str, job: PlannedAsset, brief: Brief) -> list:
    """The unsupported_claim gate's claims of ``text`` as published (labels added): (finding, words, why) each."""
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine
    from studio.generate.grounding import unsupported_claims
    from studio.generate.labels import with_labels

    labelled = with_labels(text, job.locale, job.channel, brief)
    item = CheckInput(id="post", locale=job.locale, kind="copy", text=labelled)
    return unsupported_claims(item.text, get_check_engine().check(item), job.locale, brief)


def drop_claim_sentence(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` without the one sentence that carries a claim the brief does not make (the unsupported_claim gate's
    words in it) where that sentence does not name the brand or the product, and what remains passes every gate
    (``post_gates``), makes no unsupported claim and still names the product outside its hashtags: (text,
    {"dropped": sentence, "why": the gate's reason}), else (text, None). q23f's de-DE post closed on
    'Spülmaschinenfester Deckel garantiert.' (guaranteed: the brief says dishwasher-safe, never guaranteed) and its
    repair, asked in German to leave the claim out, dropped the product's name instead; es-ES's first candidate opened
    '¿Cuál es la mejor opción para ...?' (the best option). The sentence that names the product is never dropped (a
    listed claim word may be taken out of it, ``drop_claim_word``); nothing is reworded."""
    from studio.generate.grounding import claim_failure

    if not text.strip():
        return text, None
    units = _units(text)
    sentences = [k for k, (_, piece) in enumerate(units) if not piece.startswith(HASHTAG_MARKS)]
    if len(sentences) < 2:  # one sentence is never dropped: no check run for it
        return text, None
    said = _post_claims(text, job, brief)
    if not said:
        return text, None
    quoted = [q.strip() for _, q, _ in said if q.strip()]
    carriers = [k for k in sentences if any(q.casefold() in units[k][1].casefold() for q in quoted)
                and not names_product(units[k][1], brief)]
    for k in carriers:
        kept = [u for j, u in enumerate(units) if j != k]
        rest = _join(kept)
        if (names_product(words_before_tags(rest), brief) and not post_gates(rest, job, brief)
                and not _post_claims(rest, job, brief)):
            return rest, {"dropped": units[k][1], "why": claim_failure(said)["unsupported_claim"]}
    return text, None


RUN_TOGETHER_FILE = "run_together.yaml"


def split_run_together(text: str, locale: str, brief: Brief) -> tuple[str, list[list[str]]]:
    """``text`` with a word the words gate does not know split after a listed short word (``prompts/run_together
    .yaml``: it 'in', 'di', ...) where the rest is a common word of the language and only one listed word splits it:
    q23e's it-IT post failed words for 'inacciaio' alone ('in acciaio', in steel). (text, [[word, as split], ...]);
    hashtags, the brand and the brief's words are left as written."""
    from studio.checks.language import language_of_locale, word_zipf
    from studio.generate.language_gates import _known
    from studio.generate.prompt_words import language_words
    from studio.generate.reader_rules import reader_rules

    rules = reader_rules()
    lang = language_of_locale(locale)
    short = sorted(language_words(RUN_TOGETHER_FILE, "words", lang), key=len, reverse=True)
    if rules.words is None or lang not in rules.words.languages or not short:
        return text, []
    own = {w.casefold() for st in (*brief.statements(), brief.brand, brief.product.name,
                                   *brief.glossary_terms(locale)) for w in re.findall(r"[^\W\d_]+", st)}
    split: list[list[str]] = []

    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.casefold()
        opens = not text[:m.start()].strip() or re.search(r"[.!?:;\n¡¿«»\"“„(–—-]\s*$", text[:m.start()])
        if low in own or _known(low, lang, rules) or (word[0].isupper() and not opens and lang != "de"):
            return word  # a name inside a sentence ('Conrad') is the words gate's to leave, and so here
        ways = [k for k in {len(s) for s in short if low.startswith(s.casefold())}
                if len(low) - k >= 4 and word_zipf(low[k:], lang, "best") >= rules.words.compound_zipf]
        if len(ways) != 1:
            return word
        out = f"{word[:ways[0]]} {word[ways[0]:]}"
        split.append([word, out])
        return out

    out = re.sub(r"(?<![#＃@\w])[^\W\d_]+(?![\w'’-])", mend, text)
    return (out, split) if split else (text, [])


# How close (the sense gate's centred cosine) a post's sentence must come to a statement of the brief not to be off it:
# read over the 295 sentences of stored posts of six bench DBs (q23b-q23g, /tmp/dp31/sent.py of drafts-posts31), those
# under it that do not name the product are all off the brief or nonsense: fr-FR 'Faites-vous plaisir à partager vos
# conseils en ligne ou sur vos réseaux sociaux.' (0.09, share your tips online), 'Disez-le à votre ami ou à votre petit
# ami.' (0.10), ar-AE 'ما تبحث عن؟' (0.10), vi-VN 'Đặt trong nhà và yên tâm đạp xe về nhà.' (0.13, the bike example),
# th-TH 'ใช้ฟรีสปอร์ตฟอร์ม และช่วยให้คุณประหยัดเงิน' (0.13, garbled). Kept above it: th-TH's cut 'ตัวเลือกเดียว แทนที่จะใช'
# (0.18), filler such as en-IN "Perfect for any trip, whether you're hiking, cycling, or just chilling at home." (0.20),
# hooks at 0.44 and up ('Vai ficar quente ou gelado?'). Far under the sense gate's bar (0.45), which one sentence of
# the post meeting passes the whole post.
OFF_BRIEF = 0.15


def drop_off_brief_sentence(text: str, job: PlannedAsset, brief: Brief) -> tuple[str, dict | None]:
    """``text`` without its sentences that say nothing near the brief (under ``OFF_BRIEF``, not in the brief's words in
    the language, not naming the brand or the product), the farthest first, one at a time while what remains passes
    every gate (``post_gates``) and names the product outside its hashtags where the post did: (text, {"dropped":
    [...], "why": ...}),
    else (text, None). The sense gate passes a post one of whose sentences says the brief, so q23g's fr-FR post kept
    'Faites-vous plaisir à partager vos conseils en ligne ou sur vos réseaux sociaux.' beside two that say it."""
    from studio.generate.grounding import EmbeddingSpace
    from studio.generate.sense import _bare, clauses, in_brief_words, targets

    if not text.strip():
        return text, None
    units = _units(text)
    bare = {k: _bare(piece, brief, job.locale) for k, (_, piece) in enumerate(units)
            if not piece.startswith(HASHTAG_MARKS) and not names_product(piece, brief)}
    bare = {k: b for k, b in bare.items() if b and not any(in_brief_words(c, job.locale, brief) for c in clauses(b))}
    if not bare or len(units) < 2:
        return text, None
    space = EmbeddingSpace(job.locale)
    near = (space.vectors(list(bare.values()), space.lang) @ space.vectors(targets(brief), "en").T).max(axis=1)
    far = sorted((n, k) for n, k in zip(near, bare) if n < OFF_BRIEF)
    dropped: list[str] = []
    kept = list(units)
    named = names_product(words_before_tags(text), brief)
    for n, k in far:
        rest = [u for u in kept if u is not units[k]]
        if rest and any(not piece.startswith(HASHTAG_MARKS) for _, piece in rest) and not post_gates(_join(rest), job, brief) \
                and (not named or names_product(words_before_tags(_join(rest)), brief)):
            kept = rest
            dropped.append(f"{units[k][1]} ({float(n):.2f})")
    if not dropped:
        return text, None
    return _join(kept), {"dropped": dropped, "why": f"says nothing near the brief (under {OFF_BRIEF:g})"}
