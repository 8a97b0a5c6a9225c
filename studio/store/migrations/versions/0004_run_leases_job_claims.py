"""run leases with heartbeats, and job claims so parallel runs of one brief share the work

- ``run.lease_owner``, ``run.lease_expires_at`` (indexed), ``run.heartbeat_at``: a running run whose
  lease expired belongs to a dead process and is resumed (or, when cancelled, ended) by the next worker.
- ``jobclaim`` (campaign_id, job_key) primary key: the run generating a job holds its claim.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_owner', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_run_lease_expires_at'), ['lease_expires_at'], unique=False)
    op.create_table('jobclaim',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('job_key', sa.String(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ),
    sa.PrimaryKeyConstraint('campaign_id', 'job_key')
    )
    with op.batch_alter_table('jobclaim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobclaim_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('jobclaim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobclaim_run_id'))
    op.drop_table('jobclaim')
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_lease_expires_at'))
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('lease_expires_at')
        batch_op.drop_column('lease_owner')
