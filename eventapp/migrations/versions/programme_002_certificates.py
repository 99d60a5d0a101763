"""programme: certificates after Vietnamese official usage (heading, decision, place and date, signer,
pre-printed paper with offsets)

Revision ID: programme_002
Revises: booths_002
Create Date: 2026-12-04 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'programme_002'
down_revision = 'booths_002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('award_category', schema=None) as batch_op:
        batch_op.add_column(sa.Column('national_heading', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('decision_number', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('signing_place', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signing_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('signer_title', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signer_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('preprinted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('offset_x_mm', sa.Float(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('offset_y_mm', sa.Float(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('award_category', schema=None) as batch_op:
        for column in ('offset_y_mm', 'offset_x_mm', 'preprinted', 'signer_name', 'signer_title', 'signing_date', 'signing_place', 'decision_date',
                       'decision_number', 'national_heading'):
            batch_op.drop_column(column)
