"""Check-in: the scan log (every scan) and admissions (UNIQUE per guest and gate)

Revision ID: checkin_001
Revises: privacy_001
Create Date: 2026-11-27 18:36:13.173091

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'checkin_001'
down_revision = "privacy_001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=False),
    sa.Column('guest_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=30), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('code_tail', sa.String(length=8), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=True),
    sa.Column('device', sa.String(length=255), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('scanned_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('received_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('local_result', sa.String(length=30), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=255), nullable=True),
    sa.CheckConstraint("direction IN ('in', 'out')", name=op.f('ck_scan_direction_known')),
    sa.CheckConstraint("method IN ('code', 'manual', 'walk_in')", name=op.f('ck_scan_method_known')),
    sa.CheckConstraint("result IN ('accepted', 'already_checked_in', 'invalid', 'revoked', 'cancelled', 'not_approved', 'wrong_event', 'not_allowed_here', 'exited', 'not_inside')", name=op.f('ck_scan_result_known')),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name=op.f('fk_scan_api_key_id_api_key'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['scan.id'], name=op.f('fk_scan_duplicate_of_id_scan'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_scan_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gate_id'], ['gate.id'], name=op.f('fk_scan_gate_id_gate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['guest_id'], ['guest.id'], name=op.f('fk_scan_guest_id_guest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_scan_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan')),
    sa.UniqueConstraint('event_id', 'client_id', name=op.f('uq_scan_event_id_client_id'))
    )
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.create_index('ix_scan_event_id_scanned_at', ['event_id', 'scanned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_gate_id'), ['gate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scan_guest_id'), ['guest_id'], unique=False)

    op.create_table('admission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('guest_id', sa.Integer(), nullable=False),
    sa.Column('gate_id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=True),
    sa.Column('admitted_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('inside', sa.Boolean(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('changed_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_admission_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gate_id'], ['gate.id'], name=op.f('fk_admission_gate_id_gate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['guest_id'], ['guest.id'], name=op.f('fk_admission_guest_id_guest'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scan_id'], ['scan.id'], name=op.f('fk_admission_scan_id_scan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admission')),
    sa.UniqueConstraint('guest_id', 'gate_id', name=op.f('uq_admission_guest_id_gate_id'))
    )
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admission_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admission_gate_id'), ['gate_id'], unique=False)



def downgrade():
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admission_gate_id'))
        batch_op.drop_index(batch_op.f('ix_admission_event_id'))

    op.drop_table('admission')
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_guest_id'))
        batch_op.drop_index(batch_op.f('ix_scan_gate_id'))
        batch_op.drop_index('ix_scan_event_id_scanned_at')

    op.drop_table('scan')
