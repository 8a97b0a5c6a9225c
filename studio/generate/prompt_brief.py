"""The brief as a prompt reads it: its fields flattened into plain values (``brief_context``; the brief is duck-typed:
a pydantic Brief, a dict or a SimpleNamespace all work), its statements in the locale's words where the locale's
worked example and the brief's glossary say them (``said_in_locale``, ``scene_points``, ``given_in_english``), and
what a prompt adds from it (the description a photo shows, a video's length, the calendar's notes). The prompts
themselves are rendered by studio.generate.prompts."""

from __future__ import annotations

from typing import Any

from studio.generate.examples import locale_examples
from studio.market.channels import Channel

DEFAULT_VIDEO_SECONDS = 15.0


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    value = obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)
    return default if value is None else value


def text_of(item: Any) -> str:
    return item if isinstance(item, str) else str(field_of(item, "text", ""))


def brief_context(brief: Any, target_code: str) -> dict[str, Any]:
    product = field_of(brief, "product", {})
    glossary = field_of(brief, "glossary", {})
    terms = field_of(glossary, "terms", {}) or {}
    return {
        "campaign": str(field_of(brief, "campaign", "")),
        "brand": str(field_of(brief, "brand", "")),
        "product": {
            "name": str(field_of(product, "name", "")),
            "description": str(field_of(product, "description", "")),
            # what a picture of it shows: the description without claims no photo shows (image_prompt.j2)
            "seen": seen_description(str(field_of(product, "description", ""))),
            "facts": [str(f) for f in field_of(product, "facts", [])],
            "claims": [text_of(c) for c in field_of(product, "claims", []) if text_of(c)],
        },
        "key_messages": [str(m) for m in field_of(brief, "key_messages", [])],
        "key_messages_said": [],  # copy: the key messages in the locale's words where they say all of them
        "facts_said": [],  # copy: the facts and claims too (a number and its symbol unit as written)
        "claims_said": [],
        "description_said": "",  # copy: the product's description in the locale's words where they say all of it
        "tone": str(field_of(brief, "tone", "")),
        "audience": str(field_of(brief, "audience", "general")),
        "sponsored": bool(field_of(brief, "sponsored", False)),
        "ai_disclosure": bool(field_of(brief, "ai_disclosure", False)),
        "do_not_translate": [str(t) for t in field_of(glossary, "do_not_translate", [])],
        "terms": dict(field_of(terms, target_code, {}) or {}),
    }


def said_in_locale(shots: Any, ctx: dict[str, Any]) -> dict[str, str | None]:
    """Each key message, fact and claim of the brief -> the locale's words for it (``LocaleExamples.say``: the brief's
    glossary and the locale's ``words``, numbers and do-not-translate words as written), None where a word of it is
    in neither and the prompt gives it in English. ``ctx["terms"]`` first gains the locale's words for the brief's
    English ones (prompts/examples ``words``; the brief's glossary wins), as the prompt lists them."""
    statements = [ctx["product"]["description"], *ctx["product"]["facts"], *ctx["product"]["claims"],
                  *ctx["key_messages"]]
    ctx["terms"] = {**shots.brief_words(statements), **ctx["terms"]}
    said = [*ctx["key_messages"], *ctx["product"]["facts"], *ctx["product"]["claims"]]
    # the product line's description too (drafts-scene30): given in English, it repeated the claim in English
    # ('..., that keeps drinks cold for 24 hours') in every locale's copy prompt
    said += [ctx["product"]["description"]] if ctx["product"]["description"] and ctx["product"]["description"] not in said else []
    return {s: shots.say(s, ctx["terms"], keep=ctx["do_not_translate"]) for s in said}


def scene_points(brief: Any, locale: str) -> dict[str, str]:
    """The brief's sentences a scene plan says (key messages, facts, claims, the description) -> the locale's words
    for them, where the copy prompt gives them so too (``said_in_locale``: ``LocaleExamples.say``); {} in an English locale and
    where the locale has no worked example. A scene plan carries them as its scenes' ``said`` (``with_said``), so the
    scene's ask and its gates read what the copy prompt gives: asked the brief's English sentence, the scene prompts
    gave 120 of 280 statements in English (bench/english_in_prompts.py). A point the model wrote (SceneWriter.points)
    wins over these."""
    from studio.market.locales import get_locale

    target = get_locale(locale) if isinstance(locale, str) else locale
    shots = locale_examples(target.code)
    if shots is None or target.language == "en":
        return {}
    ctx = brief_context(brief, target.code)  # its own: the scene prompt's terms line stays the glossary's
    return {s: own for s, own in said_in_locale(shots, ctx).items() if own}


def given_in_english(brief: Any, locale: str) -> list[str]:
    """The brief's key messages, facts and claims a copy prompt for ``locale`` gives the model in English: no
    ``words`` of prompts/examples/<locale>.yaml nor the brief's glossary say every word of them. [] in an English
    locale and where the locale has no worked example (its prompt is English throughout). Kept in a draft's
    generation meta (``given_in_english``) so a reviewer sees why an English word may be in it, and that the brief's
    glossary (``glossary.terms``) is the fix."""
    from studio.market.locales import get_locale

    target = get_locale(locale) if isinstance(locale, str) else locale
    shots = locale_examples(target.code)
    if shots is None:
        return []
    return said_in_english(said_in_locale(shots, brief_context(brief, target.code)), target)


def said_in_english(said: dict[str, str | None], target: Any) -> list[str]:
    """The statements of ``said`` (``said_in_locale``) no words of the locale say, which its prompt gives in English; none in an
    English locale."""
    return [] if target.language == "en" else [s for s, own in said.items() if own is None]


def seen_description(description: str) -> str:
    """A product description without the phrases of reader_gates.yaml ``not_seen`` ("keeps drinks cold for
    24 hours"): an image prompt given them wrote them into the picture (studio.generate.image_prompt)."""
    from studio.generate.image_prompt import drop_not_seen

    seen, _ = drop_not_seen(description, "en") if description else (description, [])
    return seen.rstrip(".!? ")


def video_seconds(brief: Any, channel: Channel | None) -> float:
    for asset in field_of(brief, "assets", []):
        if field_of(asset, "kind") == "video_script" and (channel is None or field_of(asset, "channel") == channel.name):
            if field_of(asset, "duration_s"):
                return float(field_of(asset, "duration_s"))
    return DEFAULT_VIDEO_SECONDS


def calendar_notes(brief: Any, locale) -> list[str]:
    notes: list[str] = []
    for day in field_of(brief, "publish_dates", []):
        for window in locale.sensitive_on(day):
            text = (f"It runs during {window.name} ({window.start:%d %b}-{window.end:%d %b}): respect fasting "
                    "hours, no daytime eating or drinking." if window.kind == "ramadan"
                    else f"It runs on {window.name}, a sensitive date: keep the tone calm, no party or sale hype.")
            if text not in notes:
                notes.append(text)
    return notes
