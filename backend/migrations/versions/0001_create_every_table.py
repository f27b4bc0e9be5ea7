"""Create every table: children, staff, allocations, meetings, enrolment, statements, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:21:03.692681+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('preferred_language', sa.String(length=16), nullable=False),
    sa.Column('communication_needs', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_children'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('social_worker', 'iro', 'personal_adviser', 'advocate', 'duty', 'manager', 'admin')", name=op.f('ck_staff_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    op.create_table('allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.CheckConstraint("role IN ('social_worker', 'iro', 'personal_adviser', 'advocate', 'duty', 'manager', 'admin')", name=op.f('ck_allocations_role')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_allocations_dates')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_allocations_child_id_children')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_allocations_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations'))
    )
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index('ix_allocations_child_id', ['child_id'], unique=False)
        batch_op.create_index('ix_allocations_staff_child', ['staff_id', 'child_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_type', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("actor_type IN ('staff', 'service', 'system')", name=op.f('ck_audit_events_actor_type')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_audit_events_child_id_children')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_child_id_at', ['child_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)

    op.create_table('channel_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_channel_identities_child_id_children')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_identities')),
    sa.UniqueConstraint('sender_id', name=op.f('uq_channel_identities_sender_id'))
    )
    with op.batch_alter_table('channel_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_identities_child_id'), ['child_id'], unique=False)

    op.create_table('enrolment_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('created_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reusable', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_enrolment_codes_child_id_children')),
    sa.ForeignKeyConstraint(['created_by_staff_id'], ['staff.id'], name=op.f('fk_enrolment_codes_created_by_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_enrolment_codes_code_hash'))
    )
    with op.batch_alter_table('enrolment_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_codes_child_id'), ['child_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("type IN ('looked_after_review', 'child_protection_conference', 'child_in_need_review', 'pathway_plan_review')", name=op.f('ck_meetings_type')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_meetings_child_id_children')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_child_id_date', ['child_id', 'date'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('share_with_carers', sa.Boolean(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_statements_child_id_children')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_statements_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_statements_idempotency_key'))
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index('ix_statements_child_id_submitted_at', ['child_id', 'submitted_at'], unique=False)

    op.create_table('statement_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('prompt_key', sa.String(length=100), nullable=False),
    sa.Column('prompt_text', sa.Text(), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_statement_answers_statement_id_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_answers')),
    sa.UniqueConstraint('statement_id', 'position', name=op.f('uq_statement_answers_statement_id'))
    )


def downgrade() -> None:
    """Drop every table, children of foreign keys first."""
    for table in ("statement_answers", "statements", "meetings", "enrolment_codes", "channel_identities",
                  "audit_events", "allocations", "staff", "children"):
        op.drop_table(table)
