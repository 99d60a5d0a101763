"""privacy: anonymised guests

Revision ID: privacy_001
Revises: booths_001
Create Date: 2026-11-27 19:34:58.036360

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'privacy_001'
down_revision = "booths_001"
branch_labels = None
depends_on = None


def upgrade():
    # Anonymised guests keep their row (category, status, check-ins: the counts) without any
    # contact, so the contact check allows them. On SQLite this rebuilds the table (env.py keeps
    # foreign keys off meanwhile, or the rebuild would cascade into badge prints and revocations).
    with op.batch_alter_table('guest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', eventapp.db.UTCDateTime(), nullable=True))
        batch_op.drop_constraint(op.f('ck_guest_has_contact'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_guest_has_contact'), 'email IS NOT NULL OR phone IS NOT NULL OR anonymised_at IS NOT NULL')


def downgrade():
    # The old check wants a contact: anonymised rows get an address that reaches no one (.invalid,
    # RFC 2606), so that the counts survive the downgrade.
    op.execute("UPDATE guest SET email = 'anonymised-' || id || '@invalid' "
               "WHERE anonymised_at IS NOT NULL AND email IS NULL AND phone IS NULL")
    with op.batch_alter_table('guest', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_guest_has_contact'), type_='check')
        batch_op.create_check_constraint(op.f('ck_guest_has_contact'), 'email IS NOT NULL OR phone IS NOT NULL')
        batch_op.drop_column('anonymised_at')
