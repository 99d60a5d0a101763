"""setup: organisers own events, cooperatives and staff; revocable sessions; retired categories

Revision ID: setup_001
Revises: previews_001
Create Date: 2026-12-04 14:00:00

"""
import sqlalchemy as sa
from alembic import op

import eventapp.db

# revision identifiers, used by Alembic.
revision = 'setup_001'
down_revision = 'previews_001'
branch_labels = None
depends_on = None


def _organisers(conn):
    """One organiser per distinct organising body named on the existing events."""
    from eventapp.text import clean, slugify

    organiser = sa.table('organiser', sa.column('id', sa.Integer), sa.column('name', sa.String),
                         sa.column('slug', sa.String), sa.column('created_at', eventapp.db.UTCDateTime))
    ids, slugs = {}, set()
    for event_id, text in conn.execute(sa.text("SELECT id, organiser FROM event ORDER BY id")).all():
        name = clean(text) or "Ban tổ chức"
        if name not in ids:
            slug, n = slugify(name) or "don-vi", 1
            while slug in slugs:
                n += 1
                slug = f"{slugify(name)[:70]}-{n}"
            slugs.add(slug)
            conn.execute(organiser.insert().values(name=name, slug=slug, created_at=eventapp.db.utcnow()))
            ids[name] = conn.execute(sa.text("SELECT id FROM organiser WHERE slug = :s"), {"s": slug}).scalar_one()
        conn.execute(sa.text("UPDATE event SET organiser_id = :o WHERE id = :e"), {"o": ids[name], "e": event_id})


def _cooperatives(conn):
    """Cooperatives move from an event to its organiser's registry: the same unit listed in two
    events of one organiser becomes one row, and what pointed at the copies points at it."""
    from eventapp.cooperatives.matching import match_key

    conn.execute(sa.text("UPDATE cooperative SET organiser_id = "
                         "(SELECT organiser_id FROM event WHERE event.id = cooperative.event_id)"))
    kept = {}
    rows = conn.execute(sa.text("SELECT id, organiser_id, name, district FROM cooperative ORDER BY id")).all()
    for coop_id, organiser_id, name, district in rows:
        key = (organiser_id, name, district)
        if key not in kept:
            kept[key] = coop_id
            conn.execute(sa.text("UPDATE cooperative SET match_key = :k WHERE id = :i"),
                         {"k": match_key(name, district)[:400], "i": coop_id})
            continue
        for table in ('booth_application', 'user_account', 'exhibitor_account', 'guest', 'award_recipient'):
            conn.execute(sa.text(f"UPDATE {table} SET cooperative_id = :k WHERE cooperative_id = :d"),
                         {"k": kept[key], "d": coop_id})
        conn.execute(sa.text("DELETE FROM cooperative WHERE id = :d"), {"d": coop_id})


def upgrade():
    op.create_table('organiser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('created_at', eventapp.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organiser')),
    sa.UniqueConstraint('name', name=op.f('uq_organiser_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_organiser_slug'))
    )
    conn = op.get_bind()

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registration_closed_at', eventapp.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('archived_at', eventapp.db.UTCDateTime(), nullable=True))
    _organisers(conn)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('organiser_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_event_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_organiser_id_organiser'), 'organiser', ['organiser_id'], ['id'],
                                    ondelete='RESTRICT')

    with op.batch_alter_table('guest_category', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', eventapp.db.UTCDateTime(), nullable=True))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('invited_at', eventapp.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_failed_login_at', eventapp.db.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_account_organiser_id_organiser'), 'organiser', ['organiser_id'],
                                    ['id'], ondelete='CASCADE')

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entry_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_entry_organiser_id_organiser'), 'organiser', ['organiser_id'],
                                    ['id'], ondelete='CASCADE')
    op.execute("UPDATE audit_entry SET organiser_id = "
               "(SELECT organiser_id FROM event WHERE event.id = audit_entry.event_id) WHERE event_id IS NOT NULL")

    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('short_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('member_since', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('match_key', sa.String(length=400), server_default='', nullable=False))
    _cooperatives(conn)
    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cooperative_event_id_name'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_cooperative_event_id'))
        batch_op.drop_constraint(batch_op.f('fk_cooperative_event_id_event'), type_='foreignkey')
        batch_op.drop_column('event_id')
        batch_op.alter_column('organiser_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('short_name', server_default=None)
        batch_op.alter_column('match_key', server_default=None)
        batch_op.create_index(batch_op.f('ix_cooperative_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperative_match_key'), ['match_key'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_cooperative_organiser_id_name_district'),
                                          ['organiser_id', 'name', 'district'])
        batch_op.create_foreign_key(batch_op.f('fk_cooperative_organiser_id_organiser'), 'organiser', ['organiser_id'],
                                    ['id'], ondelete='CASCADE')


    with op.batch_alter_table('import_preview', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser_id', sa.Integer(), nullable=True))
        batch_op.alter_column('event_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_import_preview_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_import_preview_organiser_id_organiser'), 'organiser',
                                    ['organiser_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(batch_op.f('ck_import_preview_has_owner'),
                                         'event_id IS NOT NULL OR organiser_id IS NOT NULL')


def downgrade():
    op.execute("DELETE FROM import_preview WHERE event_id IS NULL")
    with op.batch_alter_table('import_preview', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_import_preview_has_owner'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_import_preview_organiser_id_organiser'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_import_preview_organiser_id'))
        batch_op.drop_column('organiser_id')
        batch_op.alter_column('event_id', existing_type=sa.Integer(), nullable=False)

    # Each cooperative goes back to the first event of its organiser (the registry has no event).
    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
    op.execute("UPDATE cooperative SET event_id = (SELECT MIN(id) FROM event WHERE event.organiser_id = "
               "cooperative.organiser_id)")
    op.execute("DELETE FROM cooperative WHERE event_id IS NULL")
    with op.batch_alter_table('cooperative', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cooperative_organiser_id_organiser'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_cooperative_organiser_id_name_district'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_cooperative_match_key'))
        batch_op.drop_index(batch_op.f('ix_cooperative_organiser_id'))
        batch_op.drop_column('match_key')
        batch_op.drop_column('member_since')
        batch_op.drop_column('short_name')
        batch_op.drop_column('organiser_id')
        batch_op.alter_column('event_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_cooperative_event_id'), ['event_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_cooperative_event_id_name'), ['event_id', 'name'])
        batch_op.create_foreign_key(batch_op.f('fk_cooperative_event_id_event'), 'event', ['event_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_entry_organiser_id_organiser'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_entry_organiser_id'))
        batch_op.drop_column('organiser_id')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_account_organiser_id_organiser'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_organiser_id'))
        for column in ('last_failed_login_at', 'failed_logins', 'invited_at', 'session_version', 'organiser_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('guest_category', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_organiser_id_organiser'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_organiser_id'))
        batch_op.drop_column('archived_at')
        batch_op.drop_column('registration_closed_at')
        batch_op.drop_column('organiser_id')
    op.drop_table('organiser')
