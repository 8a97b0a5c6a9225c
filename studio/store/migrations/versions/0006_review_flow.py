"""Review flow: when each user last read their inbox of mentions, replies and change requests

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Skipped when already there (a database made with create_all from newer tables, see studio.store.migrate).
    if 'inboxread' not in set(sa.inspect(op.get_bind()).get_table_names()):
        op.create_table('inboxread',
        sa.Column('user_name', sa.String(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('user_name')
        )


def downgrade() -> None:
    op.drop_table('inboxread')
