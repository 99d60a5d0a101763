"""messages: outgoing messages as rows, delivered by the task queue

Revision ID: messages_001
Revises: setup_001
Create Date: 2026-12-08 10:00:00

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'messages_001'
down_revision = 'setup_001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('guest_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_address', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('next_attempt_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('claimed_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.Column('sent_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name=op.f('ck_message_status_known')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_message_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['guest_id'], ['guest.id'], name=op.f('fk_message_guest_id_guest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['organiser.id'], name=op.f('fk_message_organiser_id_organiser'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_message_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_guest_id'), ['guest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index('ix_message_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_user_id'))
        batch_op.drop_index('ix_message_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_message_organiser_id'))
        batch_op.drop_index(batch_op.f('ix_message_guest_id'))
        batch_op.drop_index(batch_op.f('ix_message_event_id'))
        batch_op.drop_index(batch_op.f('ix_message_created_at'))

    op.drop_table('message')
