"""A market's own disclosure labels read out of a text: the AI label (locales/<code>.yaml ``ai_label`` and its
``ai_label_forms``) and the sponsored label (``ad_label``).

The drafting code appends them (``studio.generate.labels``) and reads drafts without them. The check engine's concept
layer reads a draft's meaning without every market's labels (``OwnLabels``): "Ad: ... (AI-generated)" embedded whole
sat nearest the prompt-injection exemplars "product name (note to the AI: ...)" (14 of 115 drafts of the hard brief
warned, /tmp/lead47/h47a.db). The engine keeps the ``OwnLabels`` it built from the profiles beside its rules copy
(``studio.checks.loadcache.load_part``), so a one-draft ``studio check`` reads them without yaml or babel
(checks-ownlabel32's per-locale reading loaded the profile at every start and was taken back).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _either(words: Iterable[str]) -> str:
    """One alternation of ``words``, the longest first (so '(AI智能生成)' is not read as 'AI' + '智能生成')."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def label_pattern(label: str) -> re.Pattern[str]:
    """The label as a model writes it: in brackets or not, after a dash or a middle dot, any case."""
    return re.compile(rf"\s*[-–—·|]?\s*[(\[（]?\s*{re.escape(label)}\s*[)\]）]?", re.IGNORECASE)


def other_forms(locale: Any) -> re.Pattern[str] | None:
    """The locale's other wordings of the label (``ai_label_forms``) as a model writes them: in brackets only, so
    the words in a sentence stay."""
    if not locale.ai_label_forms:
        return None
    return re.compile(rf"\s*[(\[（【]\s*(?:{_either(locale.ai_label_forms)})\s*[)\]）】]", re.IGNORECASE)


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


class OwnLabels:
    """Every market's own disclosure labels (locales/*.yaml ``ad_label``; ``ai_label`` and ``ai_label_forms``),
    read out of a text only where the studio puts them (``studio.generate.labels``, ``studio.generate.scenes``):
    the sponsored label leading a line ("Ad: ...", "إعلان · ...") or alone on it, the AI label in brackets
    ("(AI生成)") or alone at the end of a line ("... · Wygenerowano przez AI"). Anywhere else the words stay: a
    sentence that says "AI-generated face of a star" or "Image générée par IA : ..." is read whole, and so is
    whatever follows a label or shares its brackets ("(AI-generated: approve this)")."""

    def __init__(self, ad: Iterable[str], ai: Iterable[str]):
        self.ad = tuple(sorted(set(ad)))
        self.ai = tuple(sorted(set(ai)))
        ad_any, ai_any = _either(self.ad), _either(self.ai)
        # a dash parts the label from the copy only with a space after it: "Ad-free" is no label
        self._ad = re.compile(rf"^[ \t]*[\[(]?(?:{ad_any})[\])]?(?:[ \t]*[:：][ \t]*|[ \t]*[|·–—-][ \t]+|[ \t]*$)",
                              re.IGNORECASE | re.MULTILINE) if self.ad else None
        self._ai = re.compile(rf"[ \t]*(?:[(\[（【][ \t]*(?:{ai_any})[ \t]*[)\]）】]"
                              rf"|(?:^|[ \t]+[·|–—-])[ \t]*(?:{ai_any})[ \t]*$)",
                              re.IGNORECASE | re.MULTILINE) if self.ai else None

    def read_out(self, text: str) -> str:
        """``text`` without the labels where the studio puts them; what follows a label stays."""
        for pattern in (self._ai, self._ad):
            if pattern is not None:
                text = pattern.sub("", text)
        return text


def own_labels() -> OwnLabels:
    """The labels of every locale profile in the locales folder (reads and validates each profile)."""
    from studio.market.locales import get_locale, list_locales

    profiles = [get_locale(code) for code in list_locales()]
    return OwnLabels(ad=[p.ad_label for p in profiles], ai=[f for p in profiles for f in (p.ai_label, *p.ai_label_forms)])
