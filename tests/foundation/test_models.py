"""Every model round-trips through the database, on both lanes."""
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import inspect as sa_inspect

from eventapp.audit import AuditEntry
from eventapp.auth.models import ApiKey, User
from eventapp.badges.models import BadgePrint, BadgePrintBatch
from eventapp.booths.models import (
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothPreference,
    BoothSettings,
    BoothZoneRule,
    Cooperative,
    ExhibitorAccount,
)
from eventapp.checkin.models import Admission, Gate, Scan
from eventapp.events.models import Event, GuestCategory, Organiser
from eventapp.extensions import db as _db
from eventapp.jobs.models import Job
from eventapp.layouts.document import default_layout
from eventapp.layouts.models import EventLayout
from eventapp.messages.models import Message
from eventapp.previews import ImportPreview
from eventapp.programme.models import AwardCategory, AwardRecipient, ProgrammeItem
from eventapp.registration.models import Guest, RevokedBadge
from tests.conftest import column_values

HCM = timezone(timedelta(hours=7))


def build_graph():
    organiser = Organiser(name="Liên minh HTX thành phố Hải Phòng", slug="lien-minh-htx-hai-phong")
    event = Event(owner=organiser, slug="hai-phong-2024", name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024",
                  organiser="Liên minh HTX thành phố Hải Phòng", venue="Hội trường",
                  starts_at=datetime(2024, 4, 6, 8, 0, tzinfo=HCM), ends_at=datetime(2024, 4, 6, 11, 30, tzinfo=HCM),
                  logo=b"\x89PNG\r\n\x1a\n\x00\xff", logo_mime="image/png")
    category = GuestCategory(event=event, code="bao-chi", name="Báo chí", name_en="Press", capacity=20,
                             requires_approval=True, color="#7c3aed")
    coop = Cooperative(organiser=organiser, name="HTX Thủy sản Cát Bà", short_name="Cát Bà", district="Cát Hải",
                       sector="Thủy sản", products="Nước mắm, Chả mực", is_priority=True, member_since=2015)
    coop.refresh_keys()
    guest = Guest(event=event, category=category, full_name="Nguyễn Mạnh Cường", email="cuong@example.org",
                  phone="+84912345678", organization="Liên minh HTX Việt Nam", position="Phó Chủ tịch",
                  consent_at=datetime(2024, 3, 1, 9, 30, 15, tzinfo=UTC), consent_version="2024-1")
    guest.refresh_keys()
    gate = Gate(event=event, code="hoi-truong", name="Hội trường", allow_reentry=False, categories=[category])
    user = User(email="cua@example.org", role="door", full_name="Trần Thị Hà", event=event, organiser=organiser,
                session_version=3, invited_at=datetime(2024, 3, 1, 8, 0, tzinfo=UTC), failed_logins=2,
                last_failed_login_at=datetime(2024, 3, 2, 8, 0, tzinfo=UTC))
    user.set_password("mat-khau-rat-dai")
    key = ApiKey(label="Máy quét 1", key_hash="a" * 64, prefix="ev_abc", role="door", event=event, gate=gate)
    booth = Booth(event=event, code="A01", zone="Thủy sản", x=2.5, y=4, width=3, height=3, is_corner=True,
                  has_water=True, status="held")
    application = BoothApplication(event=event, cooperative=coop, sector="Thủy sản", products="Nước mắm",
                                   booths_wanted=2, needs_water=True, status="approved", notes="Gần cửa")
    application.preferences = [BoothPreference(rank=1, zone="Thủy sản"), BoothPreference(rank=2, booth=booth)]
    assignment = BoothAssignment(event=event, booth=booth, application=application, locked=True, source="manual")
    item = ProgrammeItem(event=event, position=1, kind="award_round", title="Trao Cờ thi đua",
                         speaker_name="Hoàng Minh Cường", speaker_position="Phó Chủ tịch UBND thành phố",
                         duration_minutes=10, pinned_start=datetime(2024, 4, 6, 9, 0, tzinfo=HCM))
    award = AwardCategory(event=event, name="Cờ thi đua", awarding_body="UBND thành phố", kind="flag",
                          programme_item=item, presenter="Đồng chí Hoàng Minh Cường")
    recipient = AwardRecipient(category=award, position=1, is_collective=True, name=coop.name,
                               cooperative=coop, guest=guest)
    revoked = RevokedBadge(guest=guest, token="OLDTOKEN" * 3, reason="Mất thẻ")
    print_batch = BadgePrintBatch(event=event, kind="reprint", layout="a6", reason="Thẻ bị rách",
                                  actor="cua@example.org", guest_count=1)
    badge_print = BadgePrint(batch=print_batch, guest=guest, badge_token="A" * 26)
    scan = Scan(event=event, gate=gate, guest=guest, result="accepted", direction="in", method="code",
                code_tail="ABCD", client_id="3f2b8c1e-0d4a-4a8e-9c55-0b1d2e3f4a5b", device="api-key:ev_abc",
                scanned_at=datetime(2024, 4, 6, 7, 58, 3, tzinfo=HCM), offline=True, local_result="accepted")
    duplicate = Scan(event=event, gate=gate, guest=guest, result="already_checked_in", duplicate_of=scan,
                     scanned_at=datetime(2024, 4, 6, 8, 1, tzinfo=HCM), undone_by="cua@example.org",
                     undone_at=datetime(2024, 4, 6, 8, 2, tzinfo=HCM))
    admission = Admission(event=event, guest=guest, gate=gate, scan=scan, admitted_at=scan.scanned_at,
                          inside=False, entries=2)
    audit = AuditEntry(event=None, actor="admin@example.org", action="guest.approve", target="guest:1",
                       details='{"lý do": "đủ điều kiện"}')
    zone_rule = BoothZoneRule(event=event, zone="Thủy sản", sector="Thủy sản")
    booth_settings = BoothSettings(event=event, staff_category=category)
    exhibitor = User(email="htx@example.org", role="exhibitor", full_name="Lê Thị Loan", event=event,
                     cooperative=coop)
    exhibitor.set_password("mat-khau-rat-dai")
    account = ExhibitorAccount(event=event, user=exhibitor, cooperative=coop, status="pending",
                               created_at=datetime(2024, 3, 2, 8, 0, tzinfo=UTC))
    preview = ImportPreview(token="b" * 32, kind="guests", event=event,
                            payload='{"rows": [{"full_name": "Nguyễn Thị Hoa"}]}')
    message = Message(event=event, organiser=organiser, guest=guest, user=user, channel="email", kind="guest.approved",
                      to_address="cuong@example.org", subject="Đăng ký đã được xác nhận – Ngày hội Hợp tác xã",
                      body_text="Kính gửi Ông Nguyễn Mạnh Cường,\n\nhttps://ngayhoi.example.vn/g/abc/",
                      body_html="<p>Kính gửi</p>", status="failed", attempts=6,
                      last_error="SMTPServerDisconnected: Connection unexpectedly closed",
                      created_at=datetime(2024, 3, 1, 9, 30, 15, tzinfo=UTC),
                      next_attempt_at=datetime(2024, 3, 1, 10, 2, 15, tzinfo=UTC),
                      claimed_at=None, sent_at=None, handed_at=None)
    job = Job(kind="badges.pdf", event=event, user=user, running_key=None, status="done",
              params={"batch_id": 3, "locale": "vi"}, total=600, done=600,
              result={"batch_id": 3, "badges": 600, "tên": "Thẻ đại biểu"}, error="",
              created_at=datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
              started_at=datetime(2024, 3, 1, 9, 0, 1, tzinfo=UTC),
              heartbeat_at=datetime(2024, 3, 1, 9, 0, 4, tzinfo=UTC),
              finished_at=datetime(2024, 3, 1, 9, 0, 5, tzinfo=UTC),
              file_name="the-ngay-hoi-dot-3.pdf", file_data=b"%PDF-1.4 \x00\xff")
    layout = EventLayout(event=event, kind="badge-a6", document=default_layout("badge-a6"),
                         updated_at=datetime(2024, 3, 2, 8, 30, tzinfo=UTC), updated_by="Trần Thị Hằng")
    return [organiser, event, category, coop, guest, gate, user, key, booth, application, *application.preferences,
            assignment, item, award, recipient, revoked, print_batch, badge_print, audit, zone_rule,
            booth_settings, exhibitor, account, scan, duplicate, admission, preview, message, job,
            layout]


def test_every_model_round_trips(db):
    objects = build_graph()
    db.session.add_all(objects)
    db.session.commit()
    snapshots = [(type(obj), sa_inspect(obj).identity[0], column_values(obj)) for obj in objects]
    db.session.expunge_all()
    for model, ident, expected in snapshots:
        loaded = db.session.get(model, ident)
        assert column_values(loaded) == expected, model.__name__
    gate = db.session.get(Gate, snapshots[5][1])
    assert [c.code for c in gate.categories] == ["bao-chi"]
    event = db.session.get(Event, snapshots[1][1])
    assert event.local(event.starts_at).strftime("%H:%M %d/%m/%Y") == "08:00 06/04/2024"


def test_the_round_trip_covers_every_mapped_model(db):
    covered = {type(obj) for obj in build_graph()}
    mapped = {mapper.class_ for mapper in _db.Model.registry.mappers}
    assert mapped == covered


def test_uniqueness_lives_in_the_database(db, make_event):
    import pytest
    from sqlalchemy.exc import IntegrityError

    event = make_event()
    category = event.categories[0]
    db.session.add(Guest(event=event, category=category, full_name="A", phone="+84912345678"))
    db.session.commit()
    db.session.add(Guest(event=event, category=category, full_name="B", phone="+84912345678"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Guest(event=event, category=category, full_name="C"))  # neither e-mail nor phone
    with pytest.raises(IntegrityError):
        db.session.commit()
