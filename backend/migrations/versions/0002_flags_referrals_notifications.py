"""Add triage handover: flags, their verbatim messages and routes, advocacy referrals, notification outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:37:18.789414+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('flag_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('advocacy_consent', sa.Boolean(), nullable=True),
    sa.Column('contact_preference', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_flag_messages_child_id_children')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_messages')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_flag_messages_idempotency_key'))
    )
    with op.batch_alter_table('flag_messages', schema=None) as batch_op:
        batch_op.create_index('ix_flag_messages_sender_id', ['sender_id'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('open_key', sa.String(length=240), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('routed_team', sa.String(length=32), nullable=True),
    sa.Column('routed_staff_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'acknowledged', 'escalated', 'closed')", name=op.f('ck_flags_status')),
    sa.CheckConstraint("type IN ('safeguarding', 'complaint', 'advocacy')", name=op.f('ck_flags_type')),
    sa.ForeignKeyConstraint(['acknowledged_by_staff_id'], ['staff.id'], name=op.f('fk_flags_acknowledged_by_staff_id_staff')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_flags_child_id_children')),
    sa.ForeignKeyConstraint(['closed_by_staff_id'], ['staff.id'], name=op.f('fk_flags_closed_by_staff_id_staff')),
    sa.ForeignKeyConstraint(['routed_staff_id'], ['staff.id'], name=op.f('fk_flags_routed_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('open_key', name=op.f('uq_flags_open_key'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_child_id', ['child_id'], unique=False)
        batch_op.create_index('ix_flags_status_deadline', ['status', 'deadline'], unique=False)

    op.create_table('flag_entries',
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_entries_flag_id_flags')),
    sa.ForeignKeyConstraint(['message_id'], ['flag_messages.id'], name=op.f('fk_flag_entries_message_id_flag_messages')),
    sa.PrimaryKeyConstraint('flag_id', 'message_id', name=op.f('pk_flag_entries'))
    )
    op.create_table('flag_routes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason IN ('raised', 'escalated')", name=op.f('ck_flag_routes_reason')),
    sa.CheckConstraint("team IN ('social_worker', 'iro', 'personal_adviser', 'advocate', 'duty', 'manager', 'admin')", name=op.f('ck_flag_routes_team')),
    sa.CheckConstraint('(team IS NULL) <> (staff_id IS NULL)', name=op.f('ck_flag_routes_target')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_routes_flag_id_flags')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_flag_routes_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_routes'))
    )
    with op.batch_alter_table('flag_routes', schema=None) as batch_op:
        batch_op.create_index('ix_flag_routes_flag_id', ['flag_id'], unique=False)
        batch_op.create_index('ix_flag_routes_team', ['team'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('advocacy_consent', sa.Boolean(), nullable=True),
    sa.Column('contact_preference', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('picked_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('picked_up_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('contacted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contact_notes', sa.JSON(), nullable=False),
    sa.Column('appointment_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('referred', 'picked_up', 'contacted', 'appointment_booked', 'closed')", name=op.f('ck_referrals_status')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_referrals_child_id_children')),
    sa.ForeignKeyConstraint(['closed_by_staff_id'], ['staff.id'], name=op.f('fk_referrals_closed_by_staff_id_staff')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_referrals_flag_id_flags')),
    sa.ForeignKeyConstraint(['picked_up_by_staff_id'], ['staff.id'], name=op.f('fk_referrals_picked_up_by_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('flag_id', name=op.f('uq_referrals_flag_id'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_child_id'), ['child_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('flag.routed', 'flag.escalated', 'flag.message_added')", name=op.f('ck_notifications_kind')),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_notifications_status')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_notifications_flag_id_flags')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_notifications_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_flag_id'), ['flag_id'], unique=False)
        batch_op.create_index('ix_notifications_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    """Drop this revision's tables, children of foreign keys first (their indexes go with them)."""
    for table in ("notifications", "referrals", "flag_routes", "flag_entries", "flags", "flag_messages"):
        op.drop_table(table)
