"""checkin: the categories door staff may register walk-ins in, per gate

The short code under the QR needs no column: it is the badge code's prefix, found through the
badge code's unique index (eventapp.tokens).

Revision ID: checkin_002
Revises: programme_002
Create Date: 2026-12-10 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'checkin_002'
down_revision = 'programme_002'
branch_labels = None
depends_on = None


def upgrade():
    # Empty for every gate: the default (the public categories a gate admits) applies until the
    # organisers choose.
    op.create_table(
        'gate_walk_in_category',
        sa.Column('gate_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['guest_category.id'],
                                name=op.f('fk_gate_walk_in_category_category_id_guest_category'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['gate_id'], ['gate.id'],
                                name=op.f('fk_gate_walk_in_category_gate_id_gate'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('gate_id', 'category_id', name=op.f('pk_gate_walk_in_category')),
    )


def downgrade():
    op.drop_table('gate_walk_in_category')
