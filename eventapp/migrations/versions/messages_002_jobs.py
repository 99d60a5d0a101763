"""messages: background jobs with progress, the hand-over moment of a message, guests' mail opt-out

Revision ID: messages_002
Revises: messages_001
Create Date: 2026-12-09 10:00:00

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'messages_002'
down_revision = 'messages_001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('running_key', sa.String(length=80), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.Column('started_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.Column('heartbeat_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.Column('finished_at', eventapp.db.UTCDateTime(), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('file_data', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_status_known')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_job_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_job_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    sa.UniqueConstraint('running_key', name=op.f('uq_job_running_key'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_at', eventapp.db.UTCDateTime(), nullable=True))

    with op.batch_alter_table('guest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_opt_out_at', eventapp.db.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('guest', schema=None) as batch_op:
        batch_op.drop_column('mail_opt_out_at')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('handed_at')

    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_event_id'))
        batch_op.drop_index(batch_op.f('ix_job_created_at'))

    op.drop_table('job')
