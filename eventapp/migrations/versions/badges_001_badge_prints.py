"""badges: print runs and the badges they contained

Revision ID: badges_001
Revises: a5cb32de0cd4
Create Date: 2026-11-27 18:37:48.732230

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'badges_001'
down_revision = 'a5cb32de0cd4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('badge_print_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('layout', sa.String(length=20), nullable=False),
    sa.Column('filters', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('guest_count', sa.Integer(), nullable=False),
    sa.Column('created_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('batch', 'reprint')", name=op.f('ck_badge_print_batch_kind_known')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_badge_print_batch_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_print_batch'))
    )
    with op.batch_alter_table('badge_print_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_print_batch_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_print_batch_event_id'), ['event_id'], unique=False)

    op.create_table('badge_print',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('guest_id', sa.Integer(), nullable=False),
    sa.Column('badge_token', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['badge_print_batch.id'], name=op.f('fk_badge_print_batch_id_badge_print_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['guest_id'], ['guest.id'], name=op.f('fk_badge_print_guest_id_guest'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_print')),
    sa.UniqueConstraint('batch_id', 'guest_id', name=op.f('uq_badge_print_batch_id_guest_id'))
    )
    with op.batch_alter_table('badge_print', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_print_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badge_print_guest_id'), ['guest_id'], unique=False)



def downgrade():
    with op.batch_alter_table('badge_print', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_print_guest_id'))
        batch_op.drop_index(batch_op.f('ix_badge_print_batch_id'))

    op.drop_table('badge_print')
    with op.batch_alter_table('badge_print_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_print_batch_event_id'))
        batch_op.drop_index(batch_op.f('ix_badge_print_batch_created_at'))

    op.drop_table('badge_print_batch')
