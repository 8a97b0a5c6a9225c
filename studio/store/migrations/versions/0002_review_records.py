"""review records: waivers apart from findings, findings kept per version, version snapshots of image
prompts, a brief snapshot per run, and an append-only, hash-chained audit log

- ``waiver`` table (rule, matched text, version, actor, reason, when); the waiver flags on ``findingrow``
  and ``asset.waivers`` move there and are dropped.
- ``findingrow.matched`` (the text a finding spans) and ``asset.content_version`` (the version whose
  content the current findings were computed on): findings of earlier versions are kept.
- ``assetversion.image_prompt``; ``run.brief``.
- ``auditlog.seq/prev_hash/hash`` (the chain, filled for existing entries) and triggers that refuse
  UPDATE and DELETE on ``auditlog`` (SQLite and Postgres; TRUNCATE too on Postgres).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 07:40:00
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

MESSAGE = "the audit log is append-only: entries cannot be changed or deleted"
TRIGGERS = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS auditlog_no_update BEFORE UPDATE ON auditlog "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        "CREATE TRIGGER IF NOT EXISTS auditlog_no_delete BEFORE DELETE ON auditlog "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION studio_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
        "DROP TRIGGER IF EXISTS auditlog_append_only ON auditlog",
        "CREATE TRIGGER auditlog_append_only BEFORE UPDATE OR DELETE ON auditlog "
        "FOR EACH ROW EXECUTE FUNCTION studio_audit_append_only()",
        "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog",
        "CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog "
        "FOR EACH STATEMENT EXECUTE FUNCTION studio_audit_append_only()",
    ),
}
DROP_TRIGGERS = {
    "sqlite": ("DROP TRIGGER IF EXISTS auditlog_no_update", "DROP TRIGGER IF EXISTS auditlog_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS auditlog_append_only ON auditlog",
                   "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog"),
}


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def _indexes(table: str) -> set[str]:
    return {i["name"] or "" for i in sa.inspect(op.get_bind()).get_indexes(table)}


def _add(table: str, column: sa.Column[Any]) -> None:
    """Add a column unless it is there (a database made by create_all before migrations has it)."""
    if column.name not in _columns(table):
        op.add_column(table, column)


def _drop(table: str, column: str) -> None:
    if column in _columns(table):
        op.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')  # SQLite >= 3.35 and Postgres do this in place


def _content_text(kind: str, text: str | None, script: Any, image_prompt: str | None) -> str:
    if isinstance(script, str):
        script = json.loads(script)
    if kind == "video_script" and script:
        parts = []
        for scene in script.get("scenes", []):
            parts += [scene.get("on_screen_text") or "", scene.get("voiceover") or ""]
        return "\n".join(p for p in parts if p)
    if kind == "image":
        return image_prompt or ""
    return text or ""


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    for statement in DROP_TRIGGERS.get(dialect, ()):  # the backfill below writes audit rows once
        op.execute(statement)

    # Findings per content version, with the text they span.
    _add("asset", sa.Column("content_version", sa.Integer(), nullable=False, server_default="1"))
    _add("findingrow", sa.Column("matched", sa.Text(), nullable=False, server_default=""))
    if "ix_findingrow_asset_version" not in _indexes("findingrow"):
        op.create_index("ix_findingrow_asset_version", "findingrow", ["asset_id", "version"], unique=False)
    op.execute("UPDATE asset SET content_version = COALESCE("
               "(SELECT MAX(f.version) FROM findingrow f WHERE f.asset_id = asset.id), "
               "(SELECT MAX(v.version) FROM assetversion v WHERE v.asset_id = asset.id), asset.version)")
    asset = sa.table("asset", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("text", sa.Text),
                     sa.column("script", sa.JSON), sa.column("image_prompt", sa.Text))
    finding = sa.table("findingrow", sa.column("id", sa.Integer), sa.column("asset_id", sa.Integer),
                       sa.column("start", sa.Integer), sa.column("end", sa.Integer), sa.column("matched", sa.Text))
    rows = bind.execute(sa.select(finding.c.id, finding.c.start, finding.c.end, asset.c.kind, asset.c.text,
                                  asset.c.script, asset.c.image_prompt)
                        .join(asset, asset.c.id == finding.c.asset_id)
                        .where(finding.c.start.is_not(None), finding.c.end.is_not(None))).all()
    for fid, start, end, kind, text, script, image_prompt in rows:
        matched = _content_text(kind, text, script, image_prompt)[start:end]
        bind.execute(finding.update().where(finding.c.id == fid).values(matched=matched))

    # Waivers: their own table, bound to rule, matched text and version.
    if "waiver" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "waiver",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("asset_id", sa.Integer(), nullable=False),
            sa.Column("rule", sa.String(), nullable=False),
            sa.Column("matched", sa.Text(), nullable=False, server_default=""),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("actor", sa.String(), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_waiver_asset_id", "waiver", ["asset_id"], unique=False)
    if "waived" in _columns("findingrow"):
        op.execute("INSERT INTO waiver (asset_id, rule, matched, version, actor, reason, created_at) "
                   "SELECT asset_id, rule, matched, MIN(version), COALESCE(MAX(waived_by), 'unknown'), "
                   "COALESCE(MAX(waiver_reason), ''), CURRENT_TIMESTAMP FROM findingrow WHERE waived "
                   "GROUP BY asset_id, rule, matched")
    for column in ("waived", "waiver_reason", "waived_by"):
        _drop("findingrow", column)
    _drop("asset", "waivers")

    # Every kind's content in versions: the latest version of an image asset gets its prompt.
    _add("assetversion", sa.Column("image_prompt", sa.Text(), nullable=True))
    op.execute("UPDATE assetversion SET image_prompt = (SELECT a.image_prompt FROM asset a "
               "WHERE a.id = assetversion.asset_id AND a.kind = 'image') "
               "WHERE image_prompt IS NULL AND version = (SELECT MAX(v.version) FROM assetversion v "
               "WHERE v.asset_id = assetversion.asset_id)")

    # Each run keeps the brief it ran: earlier runs get the campaign's brief as it is now.
    _add("run", sa.Column("brief", sa.JSON(), nullable=True))
    op.execute("UPDATE run SET brief = (SELECT c.brief FROM campaign c WHERE c.id = run.campaign_id) "
               "WHERE brief IS NULL")

    # The audit log: a hash chain over the existing entries, then triggers.
    _add("auditlog", sa.Column("seq", sa.Integer(), nullable=True))
    _add("auditlog", sa.Column("prev_hash", sa.String(), nullable=True))
    _add("auditlog", sa.Column("hash", sa.String(), nullable=True))
    if "ix_auditlog_seq" not in _indexes("auditlog"):
        op.create_index("ix_auditlog_seq", "auditlog", ["seq"], unique=True)
    from studio.store.audit import GENESIS, entry_hash  # the chain's format is the running code's

    audit = sa.table("auditlog", *(sa.column(n) for n in ("id", "seq", "prev_hash", "hash", "actor",
                                                          "action", "entity", "entity_id")),
                     sa.column("before", sa.JSON), sa.column("after", sa.JSON), sa.column("at", sa.DateTime))
    tail = bind.execute(sa.select(audit.c.seq, audit.c.hash).where(audit.c.seq.is_not(None))
                        .order_by(audit.c.seq.desc()).limit(1)).first()
    seq, prev = (tail[0], tail[1]) if tail else (0, GENESIS)
    todo = bind.execute(sa.select(audit).where(audit.c.seq.is_(None)).order_by(audit.c.id)).mappings().all()
    for row in todo:
        seq += 1
        entry = SimpleNamespace(**{**row, "seq": seq})
        digest = entry_hash(prev, entry)
        bind.execute(audit.update().where(audit.c.id == row["id"]).values(seq=seq, prev_hash=prev, hash=digest))
        prev = digest
    for statement in TRIGGERS.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in DROP_TRIGGERS.get(dialect, ()):
        op.execute(statement)
    op.drop_index("ix_auditlog_seq", table_name="auditlog")
    for column in ("seq", "prev_hash", "hash"):
        _drop("auditlog", column)
    _drop("run", "brief")
    _drop("assetversion", "image_prompt")
    op.add_column("asset", sa.Column("waivers", sa.JSON(), nullable=True))
    op.add_column("findingrow", sa.Column("waived", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("findingrow", sa.Column("waiver_reason", sa.String(), nullable=True))
    op.add_column("findingrow", sa.Column("waived_by", sa.String(), nullable=True))
    op.execute("UPDATE findingrow SET waived = true, "
               "waiver_reason = (SELECT w.reason FROM waiver w WHERE w.asset_id = findingrow.asset_id "
               "AND w.rule = findingrow.rule ORDER BY w.id DESC LIMIT 1), "
               "waived_by = (SELECT w.actor FROM waiver w WHERE w.asset_id = findingrow.asset_id "
               "AND w.rule = findingrow.rule ORDER BY w.id DESC LIMIT 1) "
               "WHERE EXISTS (SELECT 1 FROM waiver w WHERE w.asset_id = findingrow.asset_id AND w.rule = findingrow.rule)")
    op.drop_index("ix_waiver_asset_id", table_name="waiver")
    op.drop_table("waiver")
    op.drop_index("ix_findingrow_asset_version", table_name="findingrow")
    _drop("findingrow", "matched")
    _drop("asset", "content_version")
