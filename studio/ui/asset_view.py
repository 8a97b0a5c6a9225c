"""What the asset page shows, built from the store: brief context, highlighted draft, findings, scenes,
variants, versions, comments and audit. Pure functions (no Gradio events) so tests read them directly.
Every string that came from a model, a brief or a reviewer is escaped here."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlmodel import Session, select

from studio.review.decisions import versions
from studio.review.queue import variants_of
from studio.review.records import checked_text
from studio.store.tables import Asset, AuditLog, Campaign, Comment, FindingRow
from studio.ui.common import SEVERITY_COLOURS, badge, esc, link, locale_attrs, text_direction

SCENE_COLUMNS = ["visual", "on_screen_text", "voiceover", "duration_s", "speech_s", "fits"]


def header(asset: Asset, campaign: Campaign) -> str:
    return (f"#{asset.id} · {campaign.name} ({campaign.brand}) · {asset.locale} · {asset.kind} · {asset.channel} · "
            f"variant {asset.variant} · status {asset.status} · version {asset.version} · "
            f"worst severity {asset.worst_severity or 'none'}")


def channel_line(asset: Asset) -> str:
    try:
        from studio.market.channels import get_channel

        ch = get_channel(asset.channel)
        limit = ch.limit
        try:
            from studio.market.locales import get_locale

            limit = get_locale(asset.locale).channel_limits.get(asset.channel, limit)
        except Exception:  # the locale profile may not override anything
            pass
        text = f"{ch.name}: limit {limit} {ch.unit}"
        if getattr(ch, "description", None):
            text += f" — {ch.description}"
        if asset.kind == "copy" and asset.text:
            try:
                from studio.market.channels import measure

                m = measure(asset.text, asset.channel, asset.locale)
                text += f" · this draft: {m.count} {m.unit} ({'fits' if m.ok else 'TOO LONG'})"
            except Exception:
                pass
        return text
    except Exception:
        return f"{asset.channel}: (no channel definition found)"


def brief_html(asset: Asset, campaign: Campaign) -> str:
    """Product facts, key messages, audience, channel and its limit — escaped."""
    b = campaign.brief or {}
    product = b.get("product") or {}
    facts = "".join(f"<li>{esc(f)}</li>" for f in product.get("facts") or []) or "<li>—</li>"
    claims = "".join(f"<li>{esc(c.get('text'))} <i>(evidence: {esc(c.get('evidence'))})</i></li>"
                     for c in product.get("claims") or [])
    messages = "".join(f"<li>{esc(m)}</li>" for m in b.get("key_messages") or []) or "<li>—</li>"
    flags = [f"audience: {b.get('audience', 'general')}", f"tone: {b.get('tone', '')}"]
    if b.get("sponsored"):
        flags.append("sponsored")
    return (
        '<div class="brief-context"><h3>Brief</h3>'
        f"<p><b>Product:</b> {esc(product.get('name'))} — {esc(product.get('description'))}</p>"
        f"<p><b>Facts</b></p><ul>{facts}</ul>"
        + (f"<p><b>Claims</b></p><ul>{claims}</ul>" if claims else "")
        + f"<p><b>Key messages</b></p><ul>{messages}</ul>"
        f"<p><b>{esc(' · '.join(flags))}</b></p>"
        f"<p><b>Channel:</b> {esc(channel_line(asset))}</p></div>"
    )


def highlighted(text: str, findings: list[FindingRow]) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    """Segments for gr.HighlightedText: each finding span labelled 'severity: rule' (first one wins on overlap)."""
    spans = sorted((f for f in findings if f.start is not None and f.end is not None and not f.waived
                    and 0 <= f.start < f.end <= len(text)), key=lambda f: (f.start, f.end))
    segments, colours, pos = [], {}, 0
    for f in spans:
        if f.start < pos:
            continue
        if f.start > pos:
            segments.append((text[pos:f.start], None))
        label = f"{f.severity}: {f.rule}"
        colours[label] = SEVERITY_COLOURS.get(f.severity, "#5f6368")
        segments.append((text[f.start:f.end], label))
        pos = f.end
    if pos < len(text) or not segments:
        segments.append((text[pos:], None))
    return segments, colours


def locale_marker(locale: str | None, asset_id: int | None = None) -> str:
    """A hidden element naming the open asset's locale; the page script gives the Gradio text fields
    (editor, highlighted draft, SRT preview, diff) its ``dir`` and ``lang``."""
    direction, lang = text_direction(locale)
    return (f'<span class="asset-locale" hidden data-locale="{esc(locale or "")}" data-dir="{esc(direction)}" '
            f'data-lang="{esc(lang)}" data-asset="{esc(asset_id or "")}"></span>')


def draft_run(value, locale: str | None) -> str:
    """A run of draft text inside English UI prose: isolated (<bdi>) with the locale's dir and lang."""
    return f'<bdi class="draft-text"{locale_attrs(locale)}>{esc(value)}</bdi>'


def findings_html(findings: list[FindingRow], text: str, locale: str | None = None,
                  asset_id: int | None = None) -> str:
    marker = locale_marker(locale, asset_id) if locale else ""
    if not findings:
        return f'{marker}<h3>Findings</h3><p class="no-findings">No findings on this version.</p>'
    items = []
    for f in findings:
        span = (f" on “{draft_run(text[f.start:f.end], locale)}”" if f.start is not None and f.end is not None
                else " (whole asset)")
        waived = (f'<div><i>waived by {esc(f.waived_by)}: {esc(f.waiver_reason)}</i></div>' if f.waived else "")
        suggestion = (f"<div><b>Suggestion:</b> {draft_run(f.suggestion, locale)}</div>" if f.suggestion else "")
        source = f"<div><b>Source:</b> {link(f.source)}</div>" if f.source else ""
        items.append(f'<li class="finding finding-{esc(f.severity)}">{badge(f.severity)} <b>{esc(f.category)}</b> '
                     f"<code>{esc(f.rule)}</code>{span}<div>{esc(f.message)}</div>{suggestion}{source}{waived}</li>")
    return f'{marker}<h3>Findings ({len(findings)})</h3><ul class="findings">{"".join(items)}</ul>'


def suggestion_choices(findings: list[FindingRow], asset: Asset) -> list[tuple[str, int]]:
    """Findings whose rule has an in-place fix, labelled with what the fix changes."""
    if asset.kind != "copy":
        return []
    from studio.review.decisions import suggested_text

    text = asset.text or ""
    choices = []
    for f in findings:
        if f.waived or suggested_text(text, f) is None:
            continue
        if f.start is None:
            label = f"{f.rule}: add at the start"
        else:
            fixed = suggested_text(text, f)
            new = fixed[f.start: len(fixed) - (len(text) - f.end)]
            label = f"{f.rule}: “{text[f.start:f.end]}” → “{new}”"
        choices.append((label, f.id))
    return choices


def scenes_frame(asset: Asset) -> pd.DataFrame:
    """The video script as a table, with the voiceover's speaking time at the locale's rate."""
    scenes = (asset.script or {}).get("scenes", []) if asset.kind == "video_script" else []
    rate = None
    try:
        from studio.market.locales import get_locale

        rate = get_locale(asset.locale)
    except Exception:
        pass
    rows = []
    for s in scenes:
        vo = s.get("voiceover") or ""
        need = round(rate.speech_seconds(vo), 1) if rate is not None else None
        dur = float(s.get("duration_s") or 0)
        rows.append([s.get("visual") or "", s.get("on_screen_text") or "", vo, dur, need,
                     "" if need is None else ("yes" if need <= dur + 1e-9 else "NO")])
    return pd.DataFrame(rows, columns=SCENE_COLUMNS)


def rate_line(asset: Asset) -> str:
    if asset.kind != "video_script":
        return ""
    try:
        from studio.market.locales import get_locale

        r = get_locale(asset.locale).speaking_rate
        return f"Speaking rate for {asset.locale}: {r.per_second} {r.unit}/s"
    except Exception as err:
        return f"Speaking rate unknown for {asset.locale} ({err})"


def script_from_frame(frame, old: dict | None) -> dict:
    rows = frame.values.tolist() if isinstance(frame, pd.DataFrame) else (frame or [])
    scenes = [{"visual": str(r[0] or ""), "on_screen_text": str(r[1] or ""), "voiceover": str(r[2] or ""),
               "duration_s": float(r[3] or 0)} for r in rows if any(str(c or "").strip() for c in r[:3])]
    return {"title": (old or {}).get("title", ""), "scenes": scenes}


def srt_preview(asset: Asset) -> str:
    if asset.kind != "video_script" or not asset.script:
        return ""
    try:
        from studio.generate.video_script import Scene, VideoScript, to_srt

        scenes = [Scene(visual=s.get("visual") or "", on_screen_text=s.get("on_screen_text") or "",
                        voiceover=s.get("voiceover") or "", duration_s=float(s.get("duration_s") or 0))
                  for s in asset.script.get("scenes", [])]
        return to_srt(VideoScript(scenes=scenes, title=asset.script.get("title", "")))
    except Exception as err:
        return f"(no SRT preview: {err})"


def image_info(asset: Asset) -> tuple[str | None, dict]:
    if asset.kind != "image":
        return None, {}
    meta: dict = {"prompt": asset.image_prompt, "note": asset.note}
    if asset.image_path and Path(asset.image_path).is_file():
        try:
            from studio.generate.image import read_provenance

            meta["provenance"] = read_provenance(asset.image_path)
        except Exception as err:
            meta["provenance"] = f"unreadable: {err}"
        return asset.image_path, meta
    return None, meta


def variants_frame(session: Session, asset: Asset) -> pd.DataFrame:
    rows = [[v.id, v.variant, v.status, v.worst_severity or "none", checked_text(v)] for v in variants_of(session, asset)]
    return pd.DataFrame(rows, columns=["id", "variant", "status", "severity", "text"])


def version_choices(session: Session, asset_id: int) -> list[tuple[str, int]]:
    return [(f"v{v.version} · {v.author} · {v.reason} · {v.created_at:%Y-%m-%d %H:%M}", v.version)
            for v in versions(session, asset_id)]


def comments_html(session: Session, asset_id: int, locale: str | None = None) -> str:
    notes = session.exec(select(Comment).where(Comment.asset_id == asset_id).order_by(Comment.id)).all()
    if not notes:
        return "<p>No comments yet.</p>"
    children: dict[int | None, list[Comment]] = {}
    for n in notes:
        children.setdefault(n.parent_id, []).append(n)

    def thread(parent: int | None) -> str:
        return "".join(f'<li id="comment-{n.id}"><b>{esc(n.actor)}</b> <small>#{n.id} · {n.created_at:%Y-%m-%d %H:%M}'
                       f"</small><div class='comment-body'{locale_attrs(locale)}>{esc(n.body)}</div>"
                       f"{('<ul>' + thread(n.id) + '</ul>') if n.id in children else ''}</li>"
                       for n in children.get(parent, []))
    return f'<ul class="comments">{thread(None)}</ul>'


def _short(state: dict | None) -> str:
    if not state:
        return ""
    keep = {k: v for k, v in state.items() if v not in (None, "", [], {})}
    text = json.dumps(keep, ensure_ascii=False, default=str)
    return text if len(text) <= 160 else text[:159] + "…"


def audit_frame(session: Session, asset_id: int) -> pd.DataFrame:
    rows = session.exec(select(AuditLog).where(AuditLog.entity == "asset", AuditLog.entity_id == asset_id)
                        .order_by(AuditLog.id.desc()).limit(200)).all()
    return pd.DataFrame([[a.at.strftime("%Y-%m-%d %H:%M:%S"), a.actor, a.action, _short(a.before), _short(a.after)]
                         for a in rows], columns=["when", "who", "what", "before", "after"])


def results_html(session: Session, asset: Asset) -> str:
    """The variant's A/B results (read-only): totals per channel and its standing in each experiment."""
    from studio.experiments.decisions import experiment_state
    from studio.experiments.results import results_of

    rows = results_of(session, asset.id)
    if not rows:
        return ""
    campaign = session.get(Campaign, asset.campaign_id)
    parts = ["<div class='asset-results' id='asset-results'><h4>A/B results (aggregates per day)</h4><ul>"]
    for channel in sorted({r.channel for r in rows}):
        mine = [r for r in rows if r.channel == channel]
        shown, clicks = sum(r.impressions for r in mine), sum(r.clicks for r in mine)
        conversions, spend = sum(r.conversions for r in mine), sum(r.spend for r in mine)
        state = experiment_state(session, campaign, asset.locale, channel)
        me = next((v for v in state.variants if v.asset_id == asset.id), None)
        if state.winner_asset_id == asset.id:
            standing = f"<b>winner</b> (lift {state.decided_lift or 0:+.1%}, P(best) {state.decided_probability or 0:.3f})"
        elif state.winner_asset_id is not None:
            standing = f"lost to #{state.winner_asset_id}"
        else:
            standing = esc(state.state)
        interval = (f"; {'CTR' if state.metric == 'ctr' else 'conversion rate'} {me.mean:.2%} "
                    f"[{me.low:.2%}, {me.high:.2%}], P(best) {me.p_best:.2f}") if me else ""
        parts.append(f"<li>{esc(channel)}: {len(mine)} day(s), {shown:,} impressions, {clicks:,} clicks, "
                     f"{conversions:,} conversions, spend {spend:,.2f}{interval} — {standing}</li>")
    parts.append("</ul></div>")
    return "".join(parts)


def _score_text(score: dict | None) -> str:
    if not score:
        return ""
    return f"{score.get('block', 0)} block, {score.get('warn', 0)} warn, {score.get('gates', 0)} gate(s) failed"


def generation_html(asset: Asset) -> str:
    """How the model's draft was made: the generation problems, then each candidate and repair with its
    score and what it failed, the kept one marked ("" when the generation meta holds none of these)."""
    meta = asset.generation or {}
    problems, cands, repairs = meta.get("problems") or [], meta.get("candidates") or [], meta.get("repairs") or []
    verdicts = meta.get("judge") or []
    english = meta.get("given_in_english") or []
    if not (problems or cands or repairs or verdicts or english):
        return ""
    attrs = locale_attrs(asset.locale)
    dismissed = sum(1 for v in verdicts if v.get("verdict") == "dismissed")
    parts = ["<details class='asset-generation' id='asset-generation'><summary>Generation: "
             f"{len(cands)} candidate(s), {len(repairs)} repair(s)"
             + (f", kept {esc(meta['chosen'])}" if meta.get("chosen") else "")
             + (f", {len(problems)} problem(s)" if problems else "")
             + (f", {len(english)} brief statement(s) given in English" if english else "")
             + (f", judge dismissed {dismissed} of {len(verdicts)} borderline finding(s)" if verdicts else "")
             + "</summary>"]
    if problems:
        parts.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in problems) + "</ul>")
    if english:
        parts.append(_english_html(english, asset.locale))
    if cands or repairs:
        parts.append("<h4>Candidates and repairs</h4><ol>")
        for c in [*cands, *repairs]:
            kept = " <b>(kept)</b>" if c.get("label") == meta.get("chosen") else ""
            failed = "; ".join(f"{esc(g)}: {esc(why)}" for g, why in (c.get("failed") or {}).items())
            rules = ", ".join(esc(r) for r in c.get("findings") or [])
            asked = ("<br><small>asked to fix: " + esc(" | ".join(c["problems"])) + "</small>") if c.get("problems") else ""
            parts.append(f"<li>{esc(c.get('label'))}{kept} — {esc(_score_text(c.get('score')))}"
                         + (f" — {failed}" if failed else "") + (f" — findings: {rules}" if rules else "")
                         + f"<br><span{attrs}>{esc(c.get('text'))}</span>{asked}</li>")
        parts.append("</ol>")
    if verdicts:
        parts.append(_judge_html(verdicts, attrs))
    parts.append("</details>")
    return "".join(parts)


def _english_html(english: list[str], locale: str) -> str:
    """The brief's statements the model was given in English (generation meta ``given_in_english``): why an English
    word may be in the draft, and the fix, the brief's glossary for the locale."""
    items = "".join(f"<li lang='en'>{esc(s)}</li>" for s in english)
    return (f"<div class='asset-english' id='asset-english'><p>Given to the model in English ({len(english)}): no words "
            f"for them in the brief's glossary or in prompts/examples/{esc(locale)}.yaml, so an English word of these "
            f"may be in the draft. To have them given in the language, add their words to the brief's glossary "
            f"(glossary.terms.{esc(locale)}).</p><ul>{items}</ul></div>")


_VERDICT_WORDS = {"confirmed": "kept (confirmed)", "dismissed": "dropped (judged clean)",
                  "unreadable": "kept (the judge's reply could not be read)"}


def _judge_html(verdicts: list[dict], attrs: str) -> str:
    """The borderline findings the profile's judge model was asked about, dropped ones first: a reviewer
    who disagrees with a dismissal sees the rule, the sentence and the judge's reason."""
    rows = sorted(verdicts, key=lambda v: v.get("verdict") != "dismissed")
    items = "".join(
        f"<li><b>{esc(_VERDICT_WORDS.get(v.get('verdict', ''), v.get('verdict')))}</b>: {esc(v.get('rule'))}"
        f" ({esc(v.get('category'))}, margin {float(v.get('margin') or 0):.3f})"
        f"<br><span{attrs}>“{esc(v.get('text'))}”</span><br><small>judge: {esc(v.get('why'))}</small></li>"
        for v in rows)
    return f"<h4>Judge verdicts on borderline findings</h4><ul class='asset-judge'>{items}</ul>"
