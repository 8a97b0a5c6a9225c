"""A post as the model wrote it, made publishable without a model call: a line said twice dropped
(``drop_repeated_line``), a last sentence the token budget cut dropped (``drop_cut_sentence``), and a post over its
channel's limit cut after a whole sentence (``budget_cut``). Drafting applies them before the gates
(studio.generate.headlines.tidy_copy) and records each in the asset's generation meta: nothing is cut silently."""

from __future__ import annotations

import re

from studio.market.channels import fits, get_channel
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

_AFTER_STOP = re.compile(r"(?<=[.!?。！？])\s+")  # where a line splits into sentences


def drop_repeated_line(text: str) -> tuple[str, list[str]]:
    """``text`` without a line or sentence it already said word for word (case and spaces aside): a 1.5B model
    closed a post with its first line again ("Stay cool, stay warm, stay fresh." twice), which a reader
    rejects and the repeated_claim gate fails. (text, the repeats dropped); lines stay lines."""
    seen: set[str] = set()
    dropped: list[str] = []
    lines = []
    for line in text.splitlines():
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
    tags = lines[-1] if len(lines) > 1 and lines[-1].lstrip().startswith(("#", "＃")) else None
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


def drop_cut_sentence(text: str, locale: str = "en-US") -> tuple[str, str | None]:
    """A post whose reply ran out of tokens mid-sentence without that last sentence, when whole sentences come
    before it: (text, the sentence dropped), else (text, None). Cut: ``cut_sentence`` ("... est aussi confor"),
    or a last piece that ends on a word that needs what follows (reader_gates.yaml ``ends_open``: "... de
    plástico.\nCon")."""
    from studio.checks.language import language_of_locale
    from studio.generate.gates import cut_sentence
    from studio.generate.reader_rules import fold, reader_rules

    stops = list(re.finditer(r"[.!?。！？]", text))
    if not stops:
        return text, None
    head, tail = text[: stops[-1].end()].rstrip(), text[stops[-1].end() :].strip()
    if not head or not tail or "#" in tail or "＃" in tail:
        return text, None
    last = re.findall(r"[^\W\d_]+", tail)[-1:]
    open_end = bool(last) and fold(last[0]) in reader_rules().ends_open.get(language_of_locale(locale), ())
    return (head, tail) if cut_sentence(text) or open_end else (text, None)
