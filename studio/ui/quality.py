"""Quality signals of a draft that the checks do not (yet) report as findings: which model/profile wrote it,
text cut or picked from a longer reply, problems recorded while generating, repeated video scenes and
voiceover that does not fit its scene. Shown as badges in the queue and as a block on the asset page.

Read from the asset's generation meta (``studio.generate.drafting``) and its script; every value is escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.ui.common import esc, locale_attrs


@dataclass
class Quality:
    model: str = ""
    profile: str = ""
    translated_by: str = ""
    cut_from: str = ""  # the full text the draft was cut from (trimmed_from)
    picked_from: str = ""  # the longer reply the draft was picked from (a line that fits on its own)
    problems: list[str] = field(default_factory=list)
    note: str = ""
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (scene, the earlier scene it repeats), 1-based
    too_long: list[tuple[int, float, float]] = field(default_factory=list)  # (scene, speech s, scene s)

    @property
    def warnings(self) -> int:
        return len(self.problems) + len(self.repeated) + len(self.too_long) + bool(self.cut_from) + bool(self.note)


def _scene_key(scene: dict[str, Any]) -> tuple[str, ...]:
    return tuple(" ".join(str(scene.get(k) or "").lower().split()) for k in ("visual", "on_screen_text", "voiceover"))


def quality_of(kind: str, locale: str, generation: dict[str, Any] | None, script: dict[str, Any] | None,
               note: str | None = None) -> Quality:
    meta = generation or {}
    q = Quality(model=str(meta.get("model") or meta.get("image_model") or ""), profile=str(meta.get("profile") or ""),
                translated_by=str(meta.get("translated_by") or ""), cut_from=str(meta.get("trimmed_from") or ""),
                picked_from=str(meta.get("picked_from") or ""),
                problems=[str(p) for p in meta.get("problems") or []], note=note or "")
    if kind == "video_script" and script:
        scenes = [s for s in script.get("scenes") or [] if isinstance(s, dict)]
        first: dict[tuple[str, ...], int] = {}
        for i, scene in enumerate(scenes, 1):
            key = _scene_key(scene)
            if any(key) and key in first:
                q.repeated.append((i, first[key]))
            first.setdefault(key, i)
        try:
            from studio.market.locales import get_locale

            profile = get_locale(locale)
        except Exception:  # an unknown locale has no speaking rate: no timing signal
            profile = None
        if profile is not None:
            for i, scene in enumerate(scenes, 1):
                need, have = profile.speech_seconds(str(scene.get("voiceover") or "")), float(scene.get("duration_s") or 0)
                if need > have + 1e-9:
                    q.too_long.append((i, round(need, 1), round(have, 1)))
    return q


def badges_text(q: Quality) -> str:
    """One line for the queue row: model, then what needs a look."""
    parts = [q.model + (f" ({q.profile})" if q.profile else "")] if q.model else []
    if q.cut_from:
        parts.append("cut")
    if q.problems:
        parts.append(f"{len(q.problems)} generation problem(s)")
    if q.repeated:
        parts.append(f"{len(q.repeated)} repeated scene(s)")
    if q.too_long:
        parts.append(f"speech too long in {len(q.too_long)} scene(s)")
    if q.note:
        parts.append("note")
    return " · ".join(p for p in parts if p)


def _badge(text: str, colour: str = "#5f6368") -> str:
    return (f'<span class="quality-badge" style="background:{colour};color:#fff;border-radius:4px;padding:1px 6px;'
            f'font-size:0.85em;margin-right:4px">{esc(text)}</span>')


def quality_html(q: Quality, locale: str | None) -> str:
    """The asset page's quality block: badges, then each signal with its detail."""
    badges, items = [], []
    if q.model:
        badges.append(_badge(f"model {q.model}", "#1a73e8"))
    if q.profile:
        badges.append(_badge(f"profile {q.profile}", "#1a73e8"))
    if q.translated_by:
        badges.append(_badge(f"translated by {q.translated_by}", "#1a73e8"))
    if q.cut_from:
        badges.append(_badge("cut", "#f29900"))
        items.append(f'<li class="quality-cut">Cut from: <bdi class="draft-text"{locale_attrs(locale)}>'
                     f"{esc(q.cut_from)}</bdi></li>")
    if q.picked_from:
        items.append(f'<li class="quality-picked">Picked from a longer reply: '
                     f'<bdi class="draft-text"{locale_attrs(locale)}>{esc(q.picked_from)}</bdi></li>')
    if q.problems:
        badges.append(_badge(f"{len(q.problems)} generation problem(s)", "#f29900"))
        items += [f'<li class="quality-problem">Generation problem: {esc(p)}</li>' for p in q.problems]
    for scene, earlier in q.repeated:
        items.append(f'<li class="quality-repeat">Scene {scene} repeats scene {earlier}</li>')
    if q.repeated:
        badges.append(_badge(f"{len(q.repeated)} repeated scene(s)", "#f29900"))
    for scene, need, have in q.too_long:
        items.append(f'<li class="quality-speech">Scene {scene}: the voiceover needs {need:g} s of speech in '
                     f"{have:g} s</li>")
    if q.too_long:
        badges.append(_badge(f"speech too long in {len(q.too_long)} scene(s)", "#f29900"))
    if q.note:
        items.append(f'<li class="quality-note">Note: {esc(q.note)}</li>')
    if not badges and not items:
        return ""
    listed = f'<ul class="quality-items">{"".join(items)}</ul>' if items else ""
    return f'<div class="quality" id="asset-quality"><h3>Quality</h3><div>{"".join(badges)}</div>{listed}</div>'


def asset_quality_html(asset) -> str:
    """``quality_html`` for a stored Asset."""
    return quality_html(quality_of(str(asset.kind), asset.locale, asset.generation, asset.script, asset.note),
                        asset.locale)


def queue_badges(session, ids: list[int]) -> dict[int, str]:
    """The queue row's quality line for each asset id (one query for the page)."""
    from sqlmodel import col, select

    from studio.store.tables import Asset

    if not ids:
        return {}
    rows = session.exec(select(Asset.id, Asset.kind, Asset.locale, Asset.generation, Asset.script, Asset.note)
                        .where(col(Asset.id).in_(ids))).all()
    return {int(r[0]): badges_text(quality_of(str(r[1]), r[2], r[3], r[4], r[5])) for r in rows}
