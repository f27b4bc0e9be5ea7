"""Let a flag be a message left for a person, and retry workers' replies the bot did not take.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00.000000+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_TYPES = "type IN ('safeguarding', 'complaint', 'advocacy')"
NEW_TYPES = "type IN ('safeguarding', 'complaint', 'advocacy', 'message')"


def upgrade() -> None:
    """Apply this revision."""
    # SQLite cannot alter a CHECK constraint: batch mode copies the table with the new one.
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_flags_type'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_flags_type'), sa.text(NEW_TYPES))

    with op.batch_alter_table('worker_replies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default=sa.text('0')))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_worker_replies_status_next_attempt_at'), ['status', 'next_attempt_at'],
                              unique=False)
    # Replies already sent once count as one attempt; earlier failures were never scheduled again.
    op.execute("UPDATE worker_replies SET attempts = 1 WHERE status <> 'pending'")


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('worker_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_replies_status_next_attempt_at'))
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')

    # Never delete a child's words to make a downgrade fit: refuse while any message flag exists.
    if op.get_bind().execute(sa.text("SELECT COUNT(*) FROM flags WHERE type = 'message'")).scalar():
        raise RuntimeError("flags of type 'message' exist; close and archive them before downgrading")
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_flags_type'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_flags_type'), sa.text(OLD_TYPES))
