"""booths: "assigned" is no longer stored on the booth; the assignment row says it

Revision ID: booths_002
Revises: messages_002
Create Date: 2026-12-09 12:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'booths_002'
down_revision = 'messages_002'
branch_labels = None
depends_on = None


def upgrade():
    # An assigned booth was stored as "assigned"; its status is now what the organiser set, and an
    # assignment ends a hold, so it is free. A stale "assigned" without an assignment is free too.
    op.execute("UPDATE booth SET status = 'free' WHERE status = 'assigned'")
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_booth_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_booth_status_known'), "status IN ('free', 'held', 'blocked')")


def downgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_booth_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_booth_status_known'),
                                         "status IN ('free', 'held', 'assigned', 'blocked')")
    op.execute("UPDATE booth SET status = 'assigned' WHERE id IN (SELECT booth_id FROM booth_assignment)")
