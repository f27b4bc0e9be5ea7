"""Add channel contacts (address, STOP), delivery statuses and workers' replies to statements.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:49:11.786920+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('channel_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stop_reason', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_contacts')),
    sa.UniqueConstraint('sender_id', name=op.f('uq_channel_contacts_sender_id'))
    )
    op.create_table('message_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_message_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('error_code', sa.String(length=16), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_deliveries')),
    sa.UniqueConstraint('provider_message_id', name=op.f('uq_message_deliveries_provider_message_id'))
    )
    with op.batch_alter_table('message_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_deliveries_sender_id'), ['sender_id'], unique=False)

    op.create_table('worker_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sent', 'stopped', 'no_channel', 'failed')", name=op.f('ck_worker_replies_status')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_worker_replies_child_id_children')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_worker_replies_staff_id_staff')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_worker_replies_statement_id_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_replies'))
    )
    with op.batch_alter_table('worker_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_replies_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_replies_statement_id'), ['statement_id'], unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('worker_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_replies_statement_id'))
        batch_op.drop_index(batch_op.f('ix_worker_replies_child_id'))

    op.drop_table('worker_replies')
    with op.batch_alter_table('message_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_deliveries_sender_id'))

    op.drop_table('message_deliveries')
    op.drop_table('channel_contacts')
