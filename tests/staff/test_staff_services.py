"""Staff accounts without HTTP: invitations and their link, role and scope, locking, sessions."""
import time

import pytest
from itsdangerous import TimestampSigner

from eventapp.auth.models import User
from eventapp.auth.services import authenticate
from eventapp.booths import accounts as booth_accounts
from eventapp.errors import Conflict, DomainError, NotFound
from eventapp.staff import invitations, services

from .kit import PASSWORD, is_login_redirect, link_in, mails_to, replayed, signed_in_cookie

NEW_PASSWORD = "mot-mat-khau-moi-du-dai"


def _invite_door(organiser, event, email="lan.nguyen@example.org", name="Nguyễn Thị Lan"):
    return services.invite(organiser, email=email, full_name=name, role="door", event=event)


def _user_count(db):
    return db.session.execute(db.select(db.func.count(User.id))).scalar_one()


# ----- invitations --------------------------------------------------------------------------------

def test_an_invitation_creates_an_account_that_waits_for_its_link(db, organiser, event, in_request):
    user = services.invite(organiser, email="Lan.Nguyen@Example.org", full_name="  Nguyễn   Thị Lan ",
                           role="door", event=event)
    assert (user.email, user.full_name, user.organiser_id, user.event_id) == (
        "lan.nguyen@example.org", "Nguyễn Thị Lan", organiser.id, event.id)
    assert user.invited_at is not None and services.staff_state(user) == "invited"
    assert authenticate("lan.nguyen@example.org", "") is None  # nobody knows its password
    [mail] = mails_to("lan.nguyen@example.org")
    assert mail["body"].startswith("Kính gửi Ông/Bà Nguyễn Thị Lan,")
    assert "Cán bộ cổng" in mail["body"] and event.name in mail["body"] and "72 giờ" in mail["body"]
    assert organiser.name in mail["subject"]

    token = link_in(mail)
    accepted = invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD)
    assert accepted.id == user.id and services.staff_state(user) == "active" and user.last_login_at is not None
    assert authenticate("lan.nguyen@example.org", NEW_PASSWORD) == user
    with pytest.raises(DomainError, match="đã được dùng"):
        invitations.user_for_token(token)  # the link works once


def test_a_duplicate_email_is_refused_with_a_clear_message(db, organiser, event, boss, in_request):
    before = _user_count(db)
    with pytest.raises(Conflict, match="Đã có tài khoản với email chutich@lienminh.vn") as caught:
        _invite_door(organiser, event, email="ChuTich@LienMinh.vn")
    assert caught.value.field == "email"
    db.session.rollback()
    assert _user_count(db) == before and mails_to("chutich@lienminh.vn") == []


@pytest.mark.parametrize("values, field", [
    ({"role": "door", "event": None}, "event_id"),          # door staff work for one event
    ({"role": "exhibitor", "event": None}, "event_id"),
    ({"role": "boss"}, "role"),
    ({"full_name": "  "}, "full_name"),
    ({"email": "khong-phai-email"}, "email"),
])
def test_bad_invitations_change_nothing(db, organiser, event, in_request, values, field):
    before = _user_count(db)
    arguments = {"email": "lan@example.org", "full_name": "Nguyễn Thị Lan", "role": "door", "event": event} | values
    with pytest.raises(DomainError) as caught:
        services.invite(organiser, **arguments)
    db.session.rollback()
    assert caught.value.field == field and _user_count(db) == before


def test_an_event_of_another_organiser_is_refused(db, organiser, make_organiser, make_event, in_request):
    theirs = make_event(organiser=make_organiser())
    with pytest.raises(DomainError, match="không thuộc đơn vị"):
        services.invite(organiser, email="lan@example.org", full_name="Lan", role="door", event=theirs)


def test_the_link_expires_after_72_hours(db, organiser, event, in_request, monkeypatch):
    user = _invite_door(organiser, event)
    real = TimestampSigner.get_timestamp

    def signed_hours_ago(hours):
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - hours * 3600))
        token = invitations.invitation_token(user)
        monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
        return token

    assert invitations.user_for_token(signed_hours_ago(71)) == user
    with pytest.raises(DomainError) as caught:
        invitations.accept(signed_hours_ago(73), NEW_PASSWORD, NEW_PASSWORD)
    assert caught.value.message == "Liên kết đã hết hạn (72 giờ). Hãy đề nghị ban tổ chức gửi lại lời mời."
    assert authenticate(user.email, NEW_PASSWORD) is None


@pytest.mark.parametrize("forge", [
    lambda token: token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),   # signature changed
    lambda token: "khong phai base64 !!!",
    lambda token: "",
    lambda token: "a.b.c",
    lambda token: booth_accounts.password_token(User.query.first()),    # another link's salt
])
def test_a_forged_link_is_refused(db, organiser, event, in_request, forge):
    token = invitations.invitation_token(_invite_door(organiser, event))
    with pytest.raises(DomainError, match="không hợp lệ"):
        invitations.user_for_token(forge(token))


def test_passwords_must_be_long_enough_and_match(db, organiser, event, in_request):
    user = _invite_door(organiser, event)
    token = link_in(mails_to(user.email)[0])
    with pytest.raises(DomainError, match="ít nhất 10 ký tự"):
        invitations.accept(token, "ngan", "ngan")
    with pytest.raises(DomainError, match="không khớp"):
        invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert services.staff_state(user) == "invited"  # the link still works
    invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD)


def test_resending_an_invitation_replaces_the_link(db, organiser, event, in_request):
    user = _invite_door(organiser, event)
    first = link_in(mails_to(user.email)[0])
    services.resend_invitation(organiser, user)
    second = link_in(mails_to(user.email)[0])  # newest first
    with pytest.raises(DomainError, match="đã được dùng"):
        invitations.user_for_token(first)
    invitations.accept(second, NEW_PASSWORD, NEW_PASSWORD)
    with pytest.raises(DomainError, match="không còn chờ"):
        services.resend_invitation(organiser, user)


def test_an_exhibitor_is_invited_through_the_booths_accounts(db, organiser, event, make_cooperative, in_request):
    coop = make_cooperative(event, "HTX Thủy sản Cát Bà")
    assert services.free_cooperatives(organiser) == [coop]
    user = services.invite(organiser, email="catba@example.org", full_name="Phạm Thị Hoa", role="exhibitor",
                           event=event, cooperative=coop)
    [account] = booth_accounts.list_accounts(event)  # on the booths' exhibitor-accounts page
    assert account.user == user and account.status == "invited" and user.cooperative == coop
    assert services.staff_state(user) == "invited" and services.free_cooperatives(organiser) == []
    token = link_in(mails_to("catba@example.org")[0], "/exhibitor/password/")
    booth_accounts.set_password_with_token(token, NEW_PASSWORD, NEW_PASSWORD)
    assert services.staff_state(user) == "active"
    with pytest.raises(Conflict):
        services.invite(organiser, email="khac@example.org", full_name="Ai đó", role="exhibitor", event=event,
                        cooperative=coop)


def test_an_exhibitor_needs_a_cooperative_of_the_organiser(db, organiser, event, make_organiser, make_event,
                                                          make_cooperative, in_request):
    with pytest.raises(DomainError, match="chọn hợp tác xã"):
        services.invite(organiser, email="a@example.org", full_name="A", role="exhibitor", event=event)
    theirs = make_cooperative(make_event(organiser=make_organiser()), "HTX Khác")
    with pytest.raises(DomainError, match="không thuộc đơn vị"):
        services.invite(organiser, email="a@example.org", full_name="A", role="exhibitor", event=event,
                        cooperative=theirs)


# ----- role and scope -----------------------------------------------------------------------------

def test_role_and_scope_change(db, organiser, event, boss, make_user, in_request):
    door = make_user("door", event=event, organiser=organiser)
    services.change_access(organiser, door, role="admin", event=None)
    assert (door.role, door.event_id) == ("admin", None)
    services.change_access(organiser, door, role="admin", event=event)
    assert (door.role, door.event_id) == ("admin", event.id)
    with pytest.raises(DomainError, match="một sự kiện"):
        services.change_access(organiser, door, role="door", event=None)


def test_an_admin_cannot_demote_themselves(db, organiser, event, boss, make_user):
    make_user("admin", organiser=organiser)  # another admin: the last-admin rule is not what refuses
    for role, scope in (("door", event), ("admin", event)):
        with pytest.raises(DomainError, match="tự hạ quyền"):
            services.change_access(organiser, boss, role=role, event=scope, actor=boss)
    assert (boss.role, boss.event_id) == ("admin", None)


def test_the_organiser_keeps_a_working_admin(db, organiser, event, boss, make_user, in_request):
    services.invite(organiser, email="moi@example.org", full_name="Người Mới", role="admin")  # invited: not yet
    with pytest.raises(DomainError, match="ít nhất một tài khoản ban tổ chức"):
        services.change_access(organiser, boss, role="door", event=event)
    with pytest.raises(DomainError, match="ít nhất một tài khoản ban tổ chức"):
        services.deactivate(organiser, boss)
    db.session.rollback()
    assert boss.active and boss.role == "admin"
    make_user("admin", organiser=organiser)
    services.change_access(organiser, boss, role="door", event=event)
    assert (boss.role, boss.event_id) == ("door", event.id)


def test_an_exhibitor_account_keeps_its_role(db, organiser, event, make_user, make_cooperative):
    exhibitor = make_user("exhibitor", event=event, organiser=organiser, cooperative=make_cooperative(event))
    with pytest.raises(DomainError, match="hợp tác xã"):
        services.change_access(organiser, exhibitor, role="door", event=event)


def test_another_organisers_staff_reads_as_missing(db, organiser, boss, make_organiser, make_user):
    theirs = make_user("admin", organiser=make_organiser())
    with pytest.raises(NotFound):
        services.get_staff(organiser, theirs.id)
    assert services.get_staff(organiser, boss.id) == boss
    assert [r.user for r in services.list_staff(organiser)] == [boss]


# ----- locking, passwords, sessions ---------------------------------------------------------------

def test_deactivation_and_reactivation(db, organiser, event, boss, make_user, in_request):
    door = make_user("door", event=event, organiser=organiser)
    with pytest.raises(DomainError, match="tự khoá"):
        services.deactivate(organiser, boss, actor=boss)
    services.deactivate(organiser, door, actor=boss)
    assert services.staff_state(door) == "disabled" and authenticate(door.email, PASSWORD) is None
    with pytest.raises(DomainError, match="đã bị khoá"):
        services.deactivate(organiser, door, actor=boss)
    services.reactivate(organiser, door)
    assert authenticate(door.email, PASSWORD) == door


def test_a_locked_invitation_link_does_not_unlock_the_account(db, organiser, event, in_request):
    user = _invite_door(organiser, event)
    token = link_in(mails_to(user.email)[0])
    services.deactivate(organiser, user)
    with pytest.raises(DomainError):
        invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD)
    services.reactivate(organiser, user)
    assert services.staff_state(user) == "invited"
    with pytest.raises(DomainError):
        invitations.user_for_token(token)  # the old link stays dead: the organiser resends
    services.resend_invitation(organiser, user)
    invitations.accept(link_in(mails_to(user.email)[0]), NEW_PASSWORD, NEW_PASSWORD)


def test_resetting_a_password(db, organiser, event, make_user, in_request):
    door = make_user("door", event=event, organiser=organiser, full_name="Trần Văn Đức")
    services.reset_password(organiser, door)
    assert authenticate(door.email, PASSWORD) is None
    [mail] = mails_to(door.email)
    assert "Đặt lại mật khẩu" in mail["subject"] and mail["body"].startswith("Kính gửi Ông/Bà Trần Văn Đức,")
    invitations.accept(link_in(mail), NEW_PASSWORD, NEW_PASSWORD)
    assert authenticate(door.email, NEW_PASSWORD) == door


@pytest.mark.parametrize("act", ["deactivate", "log_out_everywhere", "reset_password"])
def test_an_earlier_session_cookie_stops_working(app, client, db, organiser, event, make_user, act):
    door = make_user("door", event=event, organiser=organiser)
    cookie = signed_in_cookie(client, door.email)
    assert replayed(app, cookie).status_code == 200
    with app.test_request_context():
        getattr(services, act)(organiser, door)
    assert is_login_redirect(replayed(app, cookie))


# ----- the list -----------------------------------------------------------------------------------

def test_the_list_filters_and_searches_without_diacritics(db, organiser, event, boss, make_user, in_request):
    door = make_user("door", event=event, organiser=organiser, full_name="Trần Văn Đức")
    invited = _invite_door(organiser, event)

    def names(**filters):
        return [r.user.full_name for r in services.list_staff(organiser, **filters)]

    everyone = ["Trần Văn Đức", "Ngô Ngọc Khánh", "Nguyễn Thị Lan"]  # by given name: Đức, Khánh, Lan
    assert names() == everyone and invited.full_name in everyone and boss.full_name in everyone
    assert names(q="tran van duc") == ["Trần Văn Đức"] and names(q="ĐỨC") == ["Trần Văn Đức"]
    assert names(q="lienminh") == ["Ngô Ngọc Khánh"]
    assert names(role="door", state="invited") == ["Nguyễn Thị Lan"]
    assert names(role="admin") == ["Ngô Ngọc Khánh"]
    services.deactivate(organiser, door)
    assert names(state="disabled") == ["Trần Văn Đức"] and names(state="nonsense") == everyone


# ----- organisers of the install ------------------------------------------------------------------

def test_an_organiser_and_its_first_admin_are_created_together(db, organiser, boss, in_request):
    created, admin = services.create_organiser("Liên minh HTX tỉnh Quảng Ninh", "",
                                               email="qn@example.org", full_name="Vũ Thị Hằng")
    assert created.slug == "lien-minh-htx-tinh-quang-ninh"
    assert (admin.organiser_id, admin.role, admin.event_id) == (created.id, "admin", None)
    assert mails_to("qn@example.org")
    rows = {r.organiser.name: (r.events, r.cooperatives, r.staff) for r in services.organisers_with_counts()}
    assert rows == {"Liên minh HTX tỉnh Quảng Ninh": (0, 0, 1), organiser.name: (0, 0, 1)}


@pytest.mark.parametrize("name, email", [
    ("Liên minh HTX thành phố Hải Phòng", "moi@example.org"),   # the organiser's name is taken
    ("Liên minh HTX tỉnh Thái Bình", "chutich@lienminh.vn"),     # the admin's e-mail is taken
])
def test_both_or_neither(db, organiser, boss, in_request, name, email):
    from eventapp.events.organisers import list_organisers

    with pytest.raises(DomainError):
        services.create_organiser(name, "", email=email, full_name="Ai Đó")
    db.session.rollback()
    assert [o.name for o in list_organisers()] == [organiser.name] and _user_count(db) == 1
