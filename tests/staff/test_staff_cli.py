"""`flask staff ...` and `flask organisers ...`: what a person at a terminal sees."""
import pytest

from eventapp.auth.services import authenticate
from eventapp.staff import invitations

from .kit import PASSWORD, mails_to

NEW_PASSWORD = "mot-mat-khau-moi-du-dai"


def _ok(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _refused(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 1 and "Traceback" not in result.output and result.exception.__class__ is SystemExit
    return result.output


def test_organisers_are_created_and_listed(runner, db, organiser, event, boss):
    out = _ok(runner, "organisers", "create", "Liên minh HTX tỉnh Quảng Ninh")
    assert "mã: lien-minh-htx-tinh-quang-ninh" in out
    out = _ok(runner, "organisers", "create", "Liên minh HTX tỉnh Thái Bình", "--slug", "thai-binh",
              "--admin-email", "tb@example.org", "--admin-name", "Đỗ Thị Mai")
    assert "mã: thai-binh" in out and "tb@example.org" in out and "/staff/invitation/" in out
    assert mails_to("tb@example.org")
    listing = _ok(runner, "organisers", "list")
    assert f"{organiser.slug}\t{organiser.name}\t1 sự kiện\t0 hợp tác xã\t1 cán bộ" in listing
    assert "thai-binh\tLiên minh HTX tỉnh Thái Bình\t0 sự kiện\t0 hợp tác xã\t1 cán bộ" in listing
    assert "3 đơn vị tổ chức." in listing
    assert "Đã có đơn vị tổ chức" in _refused(runner, "organisers", "create", "Liên minh HTX tỉnh Quảng Ninh")


def test_invite_prints_a_link_that_works(runner, db, organiser, event, boss):
    out = _ok(runner, "staff", "invite", "Lan@Example.org", "--organiser", organiser.slug, "--role", "door",
              "--event", event.slug, "--name", "Nguyễn Thị Lan")
    assert "Đã gửi lời mời tới lan@example.org (Cán bộ cổng)." in out
    token = out.split("/staff/invitation/")[1].split()[0]
    assert mails_to("lan@example.org")[0]["body"].startswith("Kính gửi Ông/Bà Nguyễn Thị Lan,")
    invitations.accept(token, NEW_PASSWORD, NEW_PASSWORD)
    assert authenticate("lan@example.org", NEW_PASSWORD).event_id == event.id
    listing = _ok(runner, "staff", "list", organiser.slug)
    assert "lan@example.org\tNguyễn Thị Lan\tCán bộ cổng\tngay-hoi-2026\tĐang hoạt động" in listing
    assert "chutich@lienminh.vn\tNgô Ngọc Khánh\tBan tổ chức\tmọi sự kiện\tĐang hoạt động\tChưa đăng nhập" in listing


def test_an_exhibitor_invitation_prints_the_booths_link(runner, db, organiser, event, make_cooperative):
    coop = make_cooperative(event, "HTX Rau an toàn Minh Tân")
    out = _ok(runner, "staff", "invite", "minhtan@example.org", "--organiser", organiser.slug, "--role",
              "exhibitor", "--event", event.slug, "--cooperative-id", str(coop.id), "--name", "Đỗ Văn Minh")
    assert "/exhibitor/password/" in out
    listing = _ok(runner, "staff", "list", organiser.slug)
    assert "Đơn vị trưng bày – HTX Rau an toàn Minh Tân\tngay-hoi-2026\tĐã mời – chưa nhận" in listing


@pytest.mark.parametrize("args, message", [
    (["--organiser", "khong-co", "--role", "admin"], "Không có đơn vị tổ chức 'khong-co'"),
    (["--organiser", "lien-minh-htx-thanh-pho-hai-phong", "--role", "door"], "phải gắn với một sự kiện"),
    (["--organiser", "lien-minh-htx-thanh-pho-hai-phong", "--role", "door", "--event", "khong-co"],
     "Không có sự kiện 'khong-co'"),
    (["--organiser", "lien-minh-htx-thanh-pho-hai-phong", "--role", "exhibitor", "--event", "ngay-hoi-2026",
      "--cooperative-id", "999999999999"], "Không có hợp tác xã số 999999999999"),
])
def test_bad_invitations_are_refused_clearly(runner, db, organiser, event, args, message):
    assert message in _refused(runner, "staff", "invite", "ai@example.org", *args)
    assert mails_to("ai@example.org") == []


def test_a_duplicate_email_is_refused(runner, db, organiser, boss):
    out = _refused(runner, "staff", "invite", "chutich@lienminh.vn", "--organiser", organiser.slug, "--role", "admin")
    assert "Đã có tài khoản với email chutich@lienminh.vn" in out


def test_deactivate_and_log_out_everywhere(runner, db, organiser, event, boss, make_user):
    door = make_user("door", event=event, organiser=organiser)
    version = door.session_version
    assert "đăng xuất khỏi mọi thiết bị" in _ok(runner, "staff", "logout-everywhere", door.email)
    db.session.refresh(door)
    assert door.session_version > version and authenticate(door.email, PASSWORD) == door
    assert "Đã khoá tài khoản" in _ok(runner, "staff", "deactivate", door.email)
    assert authenticate(door.email, PASSWORD) is None
    assert "đã bị khoá" in _refused(runner, "staff", "deactivate", door.email)
    assert "ít nhất một tài khoản ban tổ chức" in _refused(runner, "staff", "deactivate", boss.email)
    assert "Không có tài khoản với email ai@example.org" in _refused(runner, "staff", "deactivate", "ai@example.org")
