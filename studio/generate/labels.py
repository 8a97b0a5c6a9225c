"""The AI-content label on copy: appended by one function, checked by one gate.

The copy prompt used to ask the model to "End with (AI-generated)". A 1.5B model wrote it twice, in the
middle, misspelt, or not at all, and a post cut to its channel's limit lost it. Now the model writes the ad
and ``with_ai_label`` puts the locale's label (locales/<code>.yaml ``ai_label``) after it exactly once
where the brief asks for disclosure and the channel's platform does not label ads itself; the ``ai_label``
gate (``ai_label_problem``) fails copy that carries it missing, twice, or where it should not be.
"""

from __future__ import annotations

from typing import Any

from studio.market.labels import other_forms as _other_forms
from studio.market.labels import strip_ad_label as strip_ad_label
from studio.market.labels import strip_ai_label as strip_ai_label


def needs_ai_label(brief: Any, channel: Any, locale: str | None = None) -> bool:
    """Whether copy for ``channel`` carries the AI label: the brief discloses AI (``ai_disclosure``) and the
    platform does not label its ads itself (Google and Meta do: locales/channels.yaml ``platform_labels_ads``),
    or the ``locale``'s law wants the label in the text anyway (locales/<code>.yaml ``ai_label_in_text``: zh-CN,
    whose zh.ai.label rule blocked every Google headline without it)."""
    from studio.market.channels import get_channel
    from studio.market.locales import get_locale

    disclosed = brief.get("ai_disclosure", False) if isinstance(brief, dict) else getattr(brief, "ai_disclosure", False)
    if not disclosed:
        return False
    return not get_channel(channel).platform_labels_ads or (locale is not None and get_locale(locale).ai_label_in_text)


def label_room(brief: Any, channel: Any, locale: str) -> str:
    """What ``with_ai_label`` adds to a one-line text (the characters a text must leave for it), or ''."""
    from studio.market.locales import get_locale

    return f" ({get_locale(locale).ai_label})" if needs_ai_label(brief, channel, locale) else ""


def with_ai_label(text: str, locale: str, channel: Any, brief: Any) -> str:
    """The copy with the AI label exactly once, last: " (AI-generated)" after a line, on a line of its own
    after a post of several lines; any label the model wrote is taken out first. Unchanged where no label
    is needed (``needs_ai_label``) or there is no text."""
    if not text.strip() or not needs_ai_label(brief, channel, locale):
        return text
    from studio.market.locales import get_locale

    body = strip_ai_label(text, locale)
    label = f"({get_locale(locale).ai_label})"
    if not body:
        return text
    return f"{body}\n{label}" if "\n" in body else f"{body} {label}"


def ai_label_problem(text: str, locale: str, channel: Any, brief: Any) -> str | None:
    """Why copy fails the ``ai_label`` gate, else None: the label is missing or said more than once where it
    is needed (``needs_ai_label``)."""
    from studio.market.locales import get_locale

    if not text.strip():
        return None
    loc = get_locale(locale)
    label = loc.ai_label
    other = _other_forms(loc)
    # '(智能生成)' beside '(AI生成)' is the label twice; '(由AI生成)' once
    count = len(other.findall(text)) if other is not None else 0
    count += (other.sub("", text) if other is not None else text).casefold().count(label.casefold())
    if needs_ai_label(brief, channel, locale):
        if count == 0:
            return f"has no AI label: end it with ({label})"
        if count > 1:
            return f"says the AI label {label!r} {count} times: once, at the end"
    return None


def needs_ad_label(brief: Any, channel: Any) -> bool:
    """Whether copy for ``channel`` carries the market's sponsored label: the brief is sponsored and the platform
    does not show its own (locales/channels.yaml ``platform_labels_ads``)."""
    from studio.market.channels import get_channel

    sponsored = brief.get("sponsored", False) if isinstance(brief, dict) else getattr(brief, "sponsored", False)
    return bool(sponsored) and not get_channel(channel).platform_labels_ads


def lacks_ad_label(text: str, locale: str, channel: Any) -> bool:
    """Whether the market's rules find no sponsored label in ``text`` (a block finding of category ad_disclosure
    on the copy checked as sponsored): the rules, not one spelling, say what counts ("Werbung" as well as
    "Anzeige" in German, "#publi" as well as "Publicidad" in Spanish)."""
    from studio.checks.asset import AssetMeta, CheckInput
    from studio.checks.engine import get_check_engine
    from studio.market.channels import get_channel

    item = CheckInput(id="label", locale=locale, kind="copy", text=text, channel=get_channel(channel).name,
                      meta=AssetMeta(sponsored=True, ai_generated=False))
    return any(f.category == "ad_disclosure" and f.severity == "block" for f in get_check_engine().check(item))


def with_ad_label(text: str, locale: str, channel: Any, brief: Any) -> str:
    """The copy with the market's sponsored label first ("Publicidad: ...") where it needs one
    (``needs_ad_label``) and the model left it out. The copy prompt asks for the label; a 1.5B model left it
    out of Japanese email subjects and Spanish SMS, whose ad-label rules (ja.ad.stealth, es.ad.label) then
    blocked drafts that were otherwise fine. Unchanged where the label is there or not needed."""
    if not text.strip() or not needs_ad_label(brief, channel) or not lacks_ad_label(text, locale, channel):
        return text
    from studio.market.locales import get_locale

    return f"{get_locale(locale).ad_label}: {text.lstrip()}"


def with_labels(text: str, locale: str, channel: Any, brief: Any) -> str:
    """The copy as published: the sponsored label first where it is missing (``with_ad_label``), the AI label
    once, last (``with_ai_label``)."""
    return with_ai_label(with_ad_label(text, locale, channel, brief), locale, channel, brief)
