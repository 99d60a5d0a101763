"""layouts: an event's own design of each printed item kind (badges, labels, certificates)

Revision ID: layouts_001
Revises: checkin_002
Create Date: 2026-12-04 20:00:00

"""
import sqlalchemy as sa
from alembic import op

from eventapp.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'layouts_001'
down_revision = 'checkin_002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_layout',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_layout_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_layout')),
        sa.UniqueConstraint('event_id', 'kind', name=op.f('uq_event_layout_event_id_kind')),
    )
    with op.batch_alter_table('event_layout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_layout_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_layout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_layout_event_id'))
    op.drop_table('event_layout')
