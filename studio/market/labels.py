"""A market's own disclosure labels read out of a text: the AI label (locales/<code>.yaml ``ai_label`` and its
``ai_label_forms``) and the sponsored label (``ad_label``).

The drafting code appends them (``studio.generate.labels``) and reads drafts without them. Here, below the checks,
so that the check engine can share this reading once it can have the labels without loading the locale profile
(checks-ownlabel32's concept-layer reading was taken back: it made a one-draft ``studio check`` import babel and yaml).
"""

from __future__ import annotations

import re
from typing import Any


def label_pattern(label: str) -> re.Pattern[str]:
    """The label as a model writes it: in brackets or not, after a dash or a middle dot, any case."""
    return re.compile(rf"\s*[-–—·|]?\s*[(\[（]?\s*{re.escape(label)}\s*[)\]）]?", re.IGNORECASE)


def other_forms(locale: Any) -> re.Pattern[str] | None:
    """The locale's other wordings of the label (``ai_label_forms``) as a model writes them: in brackets only, so
    the words in a sentence stay."""
    if not locale.ai_label_forms:
        return None
    forms = "|".join(re.escape(f) for f in sorted(locale.ai_label_forms, key=len, reverse=True))
    return re.compile(rf"\s*[(\[（【]\s*(?:{forms})\s*[)\]）】]", re.IGNORECASE)


def strip_ai_label(text: str, locale: str) -> str:
    """``text`` without the locale's AI label wherever the model wrote it, in its own words or the locale's other
    bracketed wordings of it (``ai_label_forms``), and the lines it leaves empty."""
    from studio.market.locales import get_locale

    loc = get_locale(locale)
    other = other_forms(loc)
    out = label_pattern(loc.ai_label).sub("", other.sub("", text) if other is not None else text)
    return "\n".join(line.rstrip() for line in out.splitlines() if line.strip()).strip()


def strip_ad_label(text: str, locale: str) -> str:
    """``text`` without the locale's sponsored label (locales/<code>.yaml ``ad_label``) where it stands alone on a
    line or leads one ("विज्ञापन: ..."): a reader of the draft's meaning reads the ad, not its label. A hi-IN scene
    whose on-screen text was the label 'विज्ञापन' read as the prompt's own lines (the prompt names the label) and
    failed the sense gate (drafts-scripts31's second-brief run)."""
    from studio.market.locales import get_locale

    label = get_locale(locale).ad_label
    if not label:
        return text
    lead = re.compile(rf"^\s*[\[(]?{re.escape(label)}[\])]?\s*(?:[:：|\-–—·]\s*|$)", re.IGNORECASE)
    return "\n".join(line for raw in text.splitlines() if (line := lead.sub("", raw).rstrip()).strip()).strip()
