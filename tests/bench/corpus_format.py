"""What every labelled corpus file shares (tests/corpus/fresh/, tests/corpus/apart/): the closed lists its
lines must come from and the reader that names the file and line of a bad one. Format only: nothing here
runs the check engine."""

import json
from pathlib import Path

LOCALES = {"ar-AE", "ar-SA", "de-DE", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "fr-CA", "fr-FR", "hi-IN",
           "id-ID", "it-IT", "ja-JP", "ko-KR", "ms-MY", "nl-NL", "pl-PL", "pt-BR", "th-TH", "tr-TR", "vi-VN",
           "zh-CN"}
KINDS = {"copy", "image_prompt", "video_script"}
# The closed list of DESIGN.md ("Finding").
CATEGORIES = set("""absolute_claim ad_disclosure ai_disclosure children health_claim alcohol gambling dietary
halal_claim religion politics national_symbol taboo_number taboo_colour taboo_symbol price free_claim green_claim
comparative origin_claim language length glossary format calendar formality profanity prompt_injection
nsfw""".split())
FIELDS = {"id", "locale", "kind", "text", "channel", "date", "meta", "glossary", "expect", "why"}


def read_rows(directory: Path) -> list[dict]:
    """Every line of every ``*.jsonl`` in ``directory`` as a dict, with ``_file`` (the locale file's stem)."""
    out = []
    for path in sorted(directory.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert line.strip(), f"{path.name}:{n}: blank line"
            rec = json.loads(line)
            rec["_file"] = path.stem
            out.append(rec)
    return out
