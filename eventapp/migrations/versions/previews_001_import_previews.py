"""Import previews in the database (any app server can confirm what another one previewed)

Revision ID: previews_001
Revises: checkin_001
Create Date: 2026-11-27 22:47:42.162701

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'previews_001'
down_revision = 'checkin_001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_preview',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_import_preview_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_import_preview'))
    )
    with op.batch_alter_table('import_preview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_preview_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_preview_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('import_preview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_preview_event_id'))
        batch_op.drop_index(batch_op.f('ix_import_preview_created_at'))

    op.drop_table('import_preview')
