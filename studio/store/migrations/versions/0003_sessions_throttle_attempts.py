"""sign-in sessions and failures (idle/absolute expiry, revocation, throttling); every webhook attempt

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each step is skipped when already there: a database made with create_all from newer tables and
    # stamped at the baseline (see studio.store.migrate) may have them.
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if 'usersession' not in tables:
        _create_usersession()
    if 'loginfailure' not in tables:
        _create_loginfailure()
    if 'history' not in {c['name'] for c in inspector.get_columns('webhookdelivery')}:
        with op.batch_alter_table('webhookdelivery') as batch:
            batch.add_column(sa.Column('history', sa.JSON(), nullable=True))


def _create_usersession() -> None:
    op.create_table('usersession',
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index(op.f('ix_usersession_user_id'), 'usersession', ['user_id'], unique=False)


def _create_loginfailure() -> None:
    op.create_table('loginfailure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_loginfailure_key'), 'loginfailure', ['key'], unique=False)
    op.create_index(op.f('ix_loginfailure_at'), 'loginfailure', ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('webhookdelivery') as batch:
        batch.drop_column('history')
    op.drop_index(op.f('ix_loginfailure_at'), table_name='loginfailure')
    op.drop_index(op.f('ix_loginfailure_key'), table_name='loginfailure')
    op.drop_table('loginfailure')
    op.drop_index(op.f('ix_usersession_user_id'), table_name='usersession')
    op.drop_table('usersession')
