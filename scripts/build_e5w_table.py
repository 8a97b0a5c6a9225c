"""Build the ``e5w`` word table (studio/checks/embed.py ``WordTable``): every word of the exemplar banks and
their background lines, and the most frequent words of the e5 languages (wordfreq), each embedded once with
multilingual-e5. Written beside the encoders' warm copies (``~/.cache/studio/encoders/e5w-words.npz``); it
is a cache, never committed: words it lacks are embedded when first met.

    .venv/bin/python scripts/build_e5w_table.py [--top 3000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.checks.concepts import load_background, load_banks  # noqa: E402
from studio.checks.embed import WordTable, default_embedder  # noqa: E402
from studio.core.config import get_settings  # noqa: E402

E5_LANGS = ("vi", "id", "ms", "hi")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=3000, help="most frequent words per e5 language (wordfreq)")
    args = ap.parse_args()
    from wordfreq import top_n_list

    folder = Path(get_settings().rules_dir) / "concepts"
    texts = [ex.text for lc in load_banks(folder) for ex in (*lc.concept.positives, *lc.concept.negatives)]
    texts += [ex.text for ex in load_background(folder)]
    words = [w for t in texts for w in WordTable.words(t)]
    for lang in E5_LANGS:
        words += [w for t in top_n_list(lang, args.top) for w in WordTable.words(t)]
    embedder = default_embedder()
    table = embedder._model("e5w")
    todo = [w for w in dict.fromkeys(words) if w not in table.index]
    print(f"{len(table.index)} words in the table, {len(todo)} to embed", flush=True)
    t = time.perf_counter()
    for start in range(0, len(todo), 2048):
        table.add(todo[start : start + 2048])
        table.save()
        print(f"  {start + len(todo[start : start + 2048])}/{len(todo)} in {time.perf_counter() - t:.0f} s", flush=True)
    print(f"table: {len(table.index)} words -> {table.path}")


if __name__ == "__main__":
    main()
