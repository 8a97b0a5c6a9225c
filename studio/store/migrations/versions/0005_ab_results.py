"""A/B results: aggregate channel results per asset and day, and declared experiment winners

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each table is skipped when already there: a database made with create_all from newer tables and
    # stamped at the baseline (see studio.store.migrate) may have it.
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if 'assetresult' not in tables:
        _create_assetresult()
    if 'experimentdecision' not in tables:
        _create_experimentdecision()


def _create_assetresult() -> None:
    op.create_table('assetresult',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('conversions', sa.Integer(), nullable=False),
    sa.Column('spend', sa.Float(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('asset_id', 'day', 'channel', name='uq_assetresult_asset_day_channel')
    )
    with op.batch_alter_table('assetresult', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assetresult_asset_id'), ['asset_id'], unique=False)


def _create_experimentdecision() -> None:
    op.create_table('experimentdecision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('metric', sa.String(), nullable=False),
    sa.Column('winner_asset_id', sa.Integer(), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('expected_loss', sa.Float(), nullable=False),
    sa.Column('lift', sa.Float(), nullable=False),
    sa.Column('trials', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['winner_asset_id'], ['asset.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'locale', 'channel', 'metric', name='uq_experiment_decision')
    )
    with op.batch_alter_table('experimentdecision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experimentdecision_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_experimentdecision_winner_asset_id'), ['winner_asset_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('experimentdecision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experimentdecision_winner_asset_id'))
        batch_op.drop_index(batch_op.f('ix_experimentdecision_campaign_id'))

    op.drop_table('experimentdecision')
    with op.batch_alter_table('assetresult', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assetresult_asset_id'))

    op.drop_table('assetresult')
