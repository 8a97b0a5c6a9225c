"""What the semantic layers judge: a draft cut into units, every sentence and a short draft as a whole.

The concept layer (``studio.checks.concepts``), the learned layer and the drafting gates that read sentences all cut
text here, so a unit means the same thing to each of them. Regular expressions only: importing this loads no
encoder and no numpy.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at . ! ? ; or a line break, but not at the point of a number (29.99, Rp15.000).
_SENTENCE = re.compile(r"(?:[^.!?。！？\n;]|\.(?=\d))+[.!?。！？\n;]*")
# Script and prompt labels ("SCÈNE 2 :", "VO:", "Image prompt:", "画像プロンプト：") say how the copy is laid
# out, not what it says; embedded, they pull a script toward other scripts rather than toward the
# exemplars of what it shows. They are left out of the text that is embedded (spans stay the draft's).
_LABEL = re.compile(
    r"(?i)(?:^|(?<=[.。!?！？»”\"'\n]\s)|(?<=[.。!?！？\n]))(?:"
    r"(?:scene|scène|szene|escena|scena|cena|scène|sahne|adegan|cảnh|ฉาก|场景|シーン|장면|مشهد|दृश्य)\s*\d*"
    r"|vo|v\.o\.|voice[- ]?over|voix(?: off| hors champ)?|sprecher|locução|locutor|narrador|voz en off"
    r"|voce(?: fuori campo)?|end card|super|texto?|testo|tekst|caption|visuel|visual|lời thoại|ナレーション"
    r"|image prompt|prompt de imagen|prompt de imagem|prompt d'image|bildprompt|prompt immagine|prompt obrazu"
    r"|görsel|prompt gambar|prompt hình ảnh|พรอมต์ภาพ|画像プロンプト|이미지 프롬프트|图片提示词|图像提示词"
    r")\s*[:：]")
MAX_SENTENCE = 300
MAX_WHOLE = 600  # a draft up to this long is also judged as a whole

# Thai writes no full stop: a space between two Thai words ends a clause or a sentence. Read at punctuation
# alone, a long Thai draft was one unit whatever it said, so a violating sentence was embedded diluted by all the
# others, and one over MAX_SENTENCE characters was cut mid-word. A Thai sentence longer than THAI_SENTENCE is
# cut at those spaces into pieces of at most THAI_SENTENCE characters (clauses packed greedily). Shorter ones stay
# whole: cut at every space (measured), a claim and the qualifier that clears it ("ได้รับเครื่องหมายฮาลาลจาก...")
# landed in different units and the semantic layer's false warns on clean Thai copy rose (open corpora +3,
# sealed +5). Japanese and Chinese end sentences with 。！？ and keep the punctuation split.
_THAI_BREAK = re.compile(r"(?<=[\u0e01-\u0e4e])[ \t\u00a0]+(?=[\u0e01-\u0e4e])")
THAI_SENTENCE = 90


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A long span cut at the spaces between Thai words into pieces of at most THAI_SENTENCE characters."""
    if b - a <= THAI_SENTENCE:
        return [(a, b)]
    cuts = [(m.start(), m.end()) for m in _THAI_BREAK.finditer(text, a, b)]
    if not cuts:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    start = a
    last: tuple[int, int] | None = None  # the latest gap that keeps the piece within THAI_SENTENCE
    for gap in cuts:
        if gap[0] - start > THAI_SENTENCE and last is not None:
            out.append((start, last[0]))
            start = last[1]
        last = gap
    if b - start > THAI_SENTENCE and last is not None and last[1] > start:
        out.append((start, last[0]))
        start = last[1]
    out.append((start, b))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (Thai also at the spaces between its clauses; long sentences cut at MAX_SENTENCE
    characters), whitespace trimmed."""
    return list(_sentences(text))


# A draft is cut by the concept layer, the theme layer's prefetch and each of its theme rules, and the learned
# layer: the cuts of the latest texts up to KEEP_CHARS long are kept (3-4 cuts of each draft in a batch were
# repeats); at most 4,096 x 2,000 characters held.
KEEP_CHARS = 2_000


def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return _kept_sentences(text) if len(text) <= KEEP_CHARS else _cut_sentences(text)


def _cut_sentences(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        for ca, cb in _clauses(text, a, b):
            out.extend(_cut(text, ca, cb))
    return tuple(out)


_kept_sentences = lru_cache(maxsize=4096)(_cut_sentences)


def _cut(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for start in range(a, b, MAX_SENTENCE):
        end = min(b, start + MAX_SENTENCE)
        if len(text[start:end].strip()) >= 2:
            out.append((start, end))
    return out


def content(text: str) -> str:
    """The words of a unit without layout labels, as the encoder sees them."""
    return " ".join(_LABEL.sub(" ", text).split())


def units(text: str) -> list[tuple[int, int]]:
    """What the layer judges: every sentence, and the whole draft when it has several sentences and is
    short enough to read as one (a script whose scenes are harmless one by one - a teenager at a party,
    a beer, applause - is a violation read together)."""
    spans = list(_sentences(text))
    if len(spans) > 1 and spans[-1][1] - spans[0][0] <= MAX_WHOLE:
        spans.append((spans[0][0], spans[-1][1]))
    return spans
