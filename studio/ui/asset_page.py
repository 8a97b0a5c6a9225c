"""The asset page: brief context, the draft with findings in place, edit/apply-suggestion with the checks
re-run, decisions, waivers, variants, versions (diff/restore), comments, audit, and regeneration.

Handlers are module-level: ``handler(db, asset_id, version, ..., request)`` returns a tuple in the
order of ``OUT`` (tests read it with ``dict(zip(OUT, result))``)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pandas as pd
from sqlmodel import select

from studio.core.errors import Conflict
from studio.review import decisions as review
from studio.review import records as svc
from studio.store.database import session_scope
from studio.store.tables import Campaign, Comment
from studio.ui import asset_view as view
from studio.ui.common import actor_from, error_text, ok_text, text_direction
from studio.ui.jobs import REGENERATOR
from studio.ui.quality import asset_quality_html

OUT = ("asset_id", "version", "header", "brief", "draft", "findings", "suggestion", "editor", "scenes", "rate",
       "srt", "image", "image_meta", "variants", "v_old", "v_new", "comments", "parent", "audit", "waive_rule",
       "lead_box", "msg", "conflict", "decision_msg", "waive_msg", "approve_btn", "reason", "waive_reason",
       "comment_body")
# Inputs the page clears once they have been used (kept as typed when the action fails).
INPUTS = ("reason", "waive_reason", "comment_body")


def _blank(msg: str) -> tuple:
    """Nothing of the asset is shown (not found, not signed in, or not the reviewer's locale)."""
    values = {k: None for k in OUT}
    values.update(header="", brief="", draft=gr.update(value=[]), findings="", comments="", msg=msg,
                  suggestion=gr.update(choices=[], value=None), editor=gr.update(value="", visible=True),
                  scenes=gr.update(value=pd.DataFrame(columns=view.SCENE_COLUMNS), visible=False),
                  rate=gr.update(value="", visible=False), srt=gr.update(value="", visible=False),
                  image=gr.update(value=None, visible=False), image_meta=gr.update(value=None, visible=False),
                  variants=pd.DataFrame(), v_old=gr.update(choices=[], value=None),
                  v_new=gr.update(choices=[], value=None), parent=gr.update(choices=[], value=None),
                  audit=pd.DataFrame(), waive_rule=gr.update(choices=[], value=None),
                  lead_box=gr.update(visible=False), conflict=gr.update(value="", visible=False),
                  decision_msg="", waive_msg="", approve_btn=gr.update(interactive=False),
                  **{k: "" for k in INPUTS})
    return tuple(values[k] for k in OUT)


def _keep(msg: str, conflict: str | None = None, where: str = "msg") -> tuple:
    """Leave the page as it is (the reviewer's unsaved edit and typed inputs included) and show a message
    in ``where``: the box beside the button that was used."""
    values = {k: gr.update() for k in OUT}
    values[where] = msg
    values["conflict"] = gr.update(value=conflict or "", visible=bool(conflict))
    return tuple(values[k] for k in OUT)


def approve_block(findings) -> str:
    """Why Approve is switched off ("" when it is not): block findings neither fixed nor waived."""
    rules = sorted({f.rule for f in findings if f.severity == "block" and not f.waived})
    if not rules:
        return ""
    return (f"Approve is off: {len(rules)} block finding(s) not fixed or waived ({', '.join(rules)}). "
            "Apply a suggestion, edit the draft, or ask a lead for a waiver.")


def _view(session, asset, actor, msg: str = "", where: str = "msg", clear: tuple[str, ...] = ()) -> tuple:
    campaign = session.get(Campaign, asset.campaign_id)
    findings = svc.findings_of(session, asset.id)
    text = svc.checked_text(asset)
    segments, colours = view.highlighted(text, findings)
    choices = view.suggestion_choices(findings, asset)
    versions = view.version_choices(session, asset.id)
    image_path, image_meta = view.image_info(asset)
    comments = [(f"#{c[1]}", c[1]) for c in _comment_ids(session, asset.id)]
    is_video = asset.kind == "video_script"
    rtl = text_direction(asset.locale)[0] == "rtl"
    values = {
        "asset_id": asset.id, "version": asset.version, "header": view.header(asset, campaign),
        "brief": view.brief_html(asset, campaign) + view.results_html(session, asset) + view.generation_html(asset),
        "draft": gr.update(value=segments, color_map=colours, rtl=rtl),
        "findings": view.findings_html(findings, text, asset.locale, asset.id) + asset_quality_html(asset),
        "suggestion": gr.update(choices=choices, value=choices[0][1] if choices else None),
        "editor": gr.update(value=asset.image_prompt if asset.kind == "image" else (asset.text or ""),
                            visible=not is_video, label="Image prompt" if asset.kind == "image" else "Draft text",
                            rtl=rtl and asset.kind != "image"),
        "scenes": gr.update(value=view.scenes_frame(asset), visible=is_video), "rate": gr.update(value=view.rate_line(asset), visible=is_video),
        "srt": gr.update(value=view.srt_preview(asset), visible=is_video, rtl=rtl),
        "image": gr.update(value=image_path, visible=asset.kind == "image"),
        "image_meta": gr.update(value=image_meta, visible=asset.kind == "image"),
        "variants": view.variants_frame(session, asset),
        "v_old": gr.update(choices=versions, value=versions[-2][1] if len(versions) > 1 else None),
        "v_new": gr.update(choices=versions, value=versions[-1][1] if versions else None),
        "comments": view.comments_html(session, asset.id, asset.locale),
        "parent": gr.update(choices=[("(new thread)", 0)] + comments, value=0),
        "audit": view.audit_frame(session, asset.id),
        "waive_rule": gr.update(choices=sorted({f.rule for f in findings if not f.waived}), value=None),
        "lead_box": gr.update(visible=actor.can_waive), "msg": "",
        "conflict": gr.update(value="", visible=False),
        "decision_msg": approve_block(findings), "waive_msg": "",
        "approve_btn": gr.update(interactive=not approve_block(findings)),
    }
    values.update({k: ("" if k in clear else gr.update()) for k in INPUTS})
    if msg:  # the outcome of the action, beside its button (after the Approve reason, which it replaces)
        values[where] = msg
    return tuple(values[k] for k in OUT)


def _comment_ids(session, asset_id):
    return session.exec(select(Comment.asset_id, Comment.id).where(Comment.asset_id == asset_id)).all()


def _act(db, asset_id, request, work, done: str, where: str = "msg", clear: tuple[str, ...] = ()) -> tuple:
    """Run ``work(session, id, actor)`` in one transaction, then show the fresh asset (or why not). The
    message goes to ``where``; the inputs in ``clear`` are emptied once the work succeeded."""
    if not asset_id:
        return _keep(error_text(ValueError("open an asset first")), where=where)
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            work(session, int(asset_id), actor)
        with session_scope(db) as session:
            return _view(session, review.get_asset(session, int(asset_id), actor), actor, ok_text(done), where,
                         clear)
    except Conflict as err:
        current = err.current or {}
        other = current.get("text") or current.get("image_prompt") or str(current.get("script") or "")
        return _keep(error_text(err), f"Version {current.get('version')} saved by someone else:\n\n{other}", where)
    except Exception as err:
        return _keep(error_text(err), where=where)


def open_asset(db, asset_id, request: gr.Request):
    """Handler: show one asset, if the signed-in reviewer may see its locale."""
    try:
        actor = actor_from(db, request)
        if not asset_id:
            return _blank("Enter an asset id or pick one in the queue.")
        with session_scope(db) as session:
            return _view(session, review.get_asset(session, int(asset_id), actor), actor,
                         clear=("reason", "waive_reason"))
    except Exception as err:
        return _blank(error_text(err))


def save_edit(db, asset_id, version, text, scenes, request: gr.Request):
    """Handler: save the edited text (or scene table) as a new version; checks re-run."""
    def work(session, aid, actor):
        asset = review.get_asset(session, aid, actor)
        kw = ({"script": view.script_from_frame(scenes, asset.script)} if asset.kind == "video_script"
              else {"image_prompt": text} if asset.kind == "image" else {"text": text})
        review.edit(session, aid, actor, expected_version=_int(version), **kw)
    return _act(db, asset_id, request, work, "saved; checks re-run")


def apply_suggestion(db, asset_id, version, finding_id, request: gr.Request):
    """Handler: replace the finding's span with its suggestion (one click) and re-check."""
    if not finding_id:
        return _keep(error_text(ValueError("pick a finding with a suggestion first")))
    return _act(db, asset_id, request, lambda s, aid, actor: review.apply_suggestion(
        s, aid, int(finding_id), actor, expected_version=_int(version)), "suggestion applied; checks re-run")


def _decide(action: str, done: str):
    def handler(db, asset_id, version, reason, request: gr.Request):
        return _act(db, asset_id, request, lambda s, aid, actor: review.decide(
            s, aid, action, actor, expected_version=_int(version), reason=reason or None), done, "decision_msg",
            ("reason",))
    handler.__name__ = action
    handler.__doc__ = f"Handler: {action.replace('_', ' ')} the asset."
    return handler


approve = _decide("approve", "approved")
reject = _decide("reject", "rejected")
request_changes = _decide("request_changes", "changes requested")


def waive(db, asset_id, version, rule, reason, request: gr.Request):
    """Handler (lead/admin): record a waiver for one rule with a reason."""
    if not rule:
        return _keep(error_text(ValueError("pick the rule to waive")), where="waive_msg")
    return _act(db, asset_id, request, lambda s, aid, actor: review.waive(
        s, aid, rule, actor, reason=reason or "", expected_version=_int(version)), f"waiver recorded for {rule}",
        "waive_msg", ("waive_reason",))


def add_comment(db, asset_id, body, parent, request: gr.Request):
    """Handler: post a comment (optionally as a reply) on the asset's thread."""
    return _act(db, asset_id, request, lambda s, aid, actor: review.comment(
        s, aid, actor, body or "", parent_id=int(parent) if parent else None), "comment posted",
        clear=("comment_body",))


def restore(db, asset_id, version, restore_to, request: gr.Request):
    """Handler: make an earlier version current again (as a new version)."""
    if not restore_to:
        return _keep(error_text(ValueError("pick the version to restore in 'Old'")))
    return _act(db, asset_id, request, lambda s, aid, actor: review.restore(
        s, aid, int(restore_to), actor, expected_version=_int(version)), f"restored v{restore_to}")


def show_diff(db, asset_id, old, new, request: gr.Request) -> str:
    """Handler: unified diff between two versions."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            review.get_asset(session, int(asset_id), actor)
            return review.diff(session, int(asset_id), int(old), int(new)) or "(no difference)"
    except Exception as err:
        return error_text(err)


def regenerate(db, asset_id, note, request: gr.Request) -> str:
    """Handler: queue a regeneration with the reviewer's note; it runs in the background."""
    try:
        actor = actor_from(db, request)
        if not (note and note.strip()):
            return error_text(ValueError("say what the new version should do differently"))
        with session_scope(db) as session:
            review.get_asset(session, int(asset_id), actor)
        return REGENERATOR.submit(int(asset_id), actor, note.strip(), db).describe()
    except Exception as err:
        return error_text(err)


def poll_regen(asset_id, seen_version):
    """Handler (timer): the regeneration state, and the new version number once it is ready."""
    job = REGENERATOR.get(int(asset_id)) if asset_id else None
    if job is None:
        return gr.update(), seen_version
    if job.state == "done" and job.version != seen_version:
        return job.describe(), job.version
    return job.describe(), seen_version


def _int(value):
    return None if value in (None, "") else int(value)


def render(db: gr.State) -> SimpleNamespace:
    """Build the asset page inside the current Blocks context."""
    version = gr.State(None)
    regen_seen = gr.State(None)
    with gr.Row():
        asset_id = gr.Number(label="Asset id", precision=0, elem_id="asset-id")
        open_btn = gr.Button("Open / reload", variant="primary")
    header = gr.Textbox(label="Asset", interactive=False, elem_id="asset-header")
    msg = gr.Textbox(label="Message", interactive=False, elem_id="asset-msg")
    conflict = gr.Textbox(label="Conflict: the current version", interactive=False, visible=False, lines=4,
                          elem_id="asset-conflict")
    with gr.Row():
        with gr.Column(scale=3):
            draft = gr.HighlightedText(label="Draft with findings", combine_adjacent=False, show_legend=True,
                                       elem_id="asset-draft")
            editor = gr.Textbox(label="Draft text", lines=5, interactive=True, elem_id="asset-editor")
            scenes = gr.Dataframe(headers=view.SCENE_COLUMNS, interactive=True, visible=False, wrap=True,
                                  label="Scenes (edit, then Save)",
                                  column_widths=["22%", "18%", "33%", "9%", "9%", "9%"])
            rate = gr.Textbox(label="Timing", interactive=False, visible=False)
            save_btn = gr.Button("Save edit (re-run checks)")
            with gr.Row():
                suggestion = gr.Dropdown([], label="Finding with a suggestion", scale=3)
                apply_btn = gr.Button("Apply suggestion", scale=1)
            image = gr.Image(label="Image", type="filepath", interactive=False, visible=False)
            image_meta = gr.JSON(label="Image prompt and provenance", visible=False)
            srt = gr.Textbox(label="SRT preview", lines=6, interactive=False, visible=False, elem_id="asset-srt")
        with gr.Column(scale=2):
            findings = gr.HTML(label="Findings", elem_id="asset-findings")
            brief = gr.HTML(label="Brief", elem_id="asset-brief")
    with gr.Row():
        reason = gr.Textbox(label="Reason / comment for the decision", scale=3, elem_id="decision-reason")
        approve_btn = gr.Button("Approve", variant="primary", elem_id="approve-btn")
        reject_btn = gr.Button("Reject", variant="stop", elem_id="reject-btn")
        changes_btn = gr.Button("Request changes", elem_id="changes-btn")
    decision_msg = gr.Textbox(label="Decision", interactive=False, elem_id="decision-msg")
    with gr.Group(visible=False) as lead_box:
        with gr.Row():
            waive_rule = gr.Dropdown([], label="Waive rule (lead)")
            waive_reason = gr.Textbox(label="Waiver reason")
            waive_btn = gr.Button("Record waiver")
        waive_msg = gr.Textbox(label="Waiver", interactive=False, elem_id="waive-msg")
    with gr.Row():
        note = gr.Textbox(label="Regenerate with a note", scale=3)
        regen_btn = gr.Button("Regenerate")
    regen_state = gr.Textbox(label="Regeneration", interactive=False)
    with gr.Accordion("Variants", open=False):
        variants = gr.Dataframe(interactive=False, wrap=True)
    with gr.Accordion("Versions", open=False):
        with gr.Row():
            v_old = gr.Dropdown([], label="Old")
            v_new = gr.Dropdown([], label="New")
            diff_btn = gr.Button("Compare")
            restore_btn = gr.Button("Restore 'Old'")
        diff_out = gr.Code(label="Diff", language=None, interactive=False, elem_id="asset-diff")
    with gr.Accordion("Comments", open=True):
        comments = gr.HTML(elem_id="asset-comments")
        with gr.Row():
            comment_body = gr.Textbox(label="Comment", scale=3)
            parent = gr.Dropdown([], label="Reply to")
            comment_btn = gr.Button("Post")
    with gr.Accordion("Audit log (read-only)", open=False):
        audit = gr.Dataframe(interactive=False, wrap=True)
    timer = gr.Timer(2.0)

    comps = dict(asset_id=asset_id, version=version, header=header, brief=brief, draft=draft, findings=findings,
                 suggestion=suggestion, editor=editor, scenes=scenes, rate=rate, srt=srt, image=image,
                 image_meta=image_meta, variants=variants, v_old=v_old, v_new=v_new, comments=comments,
                 parent=parent, audit=audit, waive_rule=waive_rule, lead_box=lead_box, msg=msg, conflict=conflict,
                 decision_msg=decision_msg, waive_msg=waive_msg, approve_btn=approve_btn, reason=reason,
                 waive_reason=waive_reason, comment_body=comment_body)
    outs = [comps[k] for k in OUT]
    open_btn.click(open_asset, [db, asset_id], outs, api_name="open_asset")
    asset_id.submit(open_asset, [db, asset_id], outs)
    save_btn.click(save_edit, [db, asset_id, version, editor, scenes], outs, api_name="save_edit")
    apply_btn.click(apply_suggestion, [db, asset_id, version, suggestion], outs, api_name="apply_suggestion")
    decided = [approve_btn.click(approve, [db, asset_id, version, reason], outs, api_name="approve"),
               reject_btn.click(reject, [db, asset_id, version, reason], outs, api_name="reject"),
               changes_btn.click(request_changes, [db, asset_id, version, reason], outs, api_name="request_changes")]
    waive_btn.click(waive, [db, asset_id, version, waive_rule, waive_reason], outs, api_name="waive")
    comment_btn.click(add_comment, [db, asset_id, comment_body, parent], outs, api_name="comment")
    restore_btn.click(restore, [db, asset_id, version, v_old], outs, api_name="restore")
    diff_btn.click(show_diff, [db, asset_id, v_old, v_new], diff_out, api_name="diff")
    regen_btn.click(regenerate, [db, asset_id, note], regen_state, api_name="regenerate")
    timer.tick(poll_regen, [asset_id, regen_seen], [regen_state, regen_seen], show_progress="hidden")
    regen_seen.change(open_asset, [db, asset_id], outs)
    return SimpleNamespace(asset_id=asset_id, outputs=outs, open=open_asset, decided=decided,
                           decision_msg=decision_msg)
