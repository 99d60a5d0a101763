"""Staff and organisers from a terminal: `flask staff ...`, `flask organisers ...`.
(`flask create-user` stays the way to make the install's first administrator.)"""
import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db
from ..i18n import format_date, format_time


def _link_builder(endpoint):
    """Links for e-mails sent from a terminal: PUBLIC_BASE_URL, else a local address."""
    from .invitations import absolute_url

    def build(token):
        base = current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000"
        # Only the address is built in this request context: the audit still names the actor "cli".
        with current_app.test_request_context(base_url=base):
            return absolute_url(endpoint, token=token)

    return build


def _organiser(slug):
    from ..events.models import Organiser

    organiser = db.session.execute(db.select(Organiser).filter_by(slug=slug)).scalar_one_or_none()
    if organiser is None:
        raise click.ClickException(f"Không có đơn vị tổ chức '{slug}'. Xem: flask organisers list")
    return organiser


def _user(email):
    from .services import find_by_email

    try:
        return find_by_email(email)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


def _when(moment, empty):
    return f"{format_date(moment)} {format_time(moment)}" if moment else empty


ROLE_LABELS = {"admin": "Ban tổ chức", "door": "Cán bộ cổng", "exhibitor": "Đơn vị trưng bày"}
STATE_LABELS = {"invited": "Đã mời – chưa nhận", "active": "Đang hoạt động", "disabled": "Đã khoá"}


@click.group("staff")
def staff_group():
    """Cán bộ của một đơn vị tổ chức: liệt kê, mời, khoá, đăng xuất khỏi mọi thiết bị."""


@staff_group.command("list")
@click.argument("organiser_slug")
@with_appcontext
def list_command(organiser_slug):
    """Liệt kê tài khoản của đơn vị tổ chức."""
    from .services import list_staff

    rows = list_staff(_organiser(organiser_slug))
    for row in rows:
        u = row.user
        scope = u.event.slug if u.event else "mọi sự kiện"
        coop = f" – {u.cooperative.name}" if u.cooperative else ""
        click.echo(f"{u.email}\t{u.full_name}\t{ROLE_LABELS[u.role]}{coop}\t{scope}\t{STATE_LABELS[row.state]}\t"
                   f"{_when(u.last_login_at, 'Chưa đăng nhập')}")
    click.echo(f"{len(rows)} tài khoản.")


@staff_group.command("invite")
@click.argument("email")
@click.option("--organiser", "organiser_slug", required=True, help="Mã đơn vị tổ chức")
@click.option("--role", type=click.Choice(["admin", "door", "exhibitor"]), required=True)
@click.option("--event", "event_slug", default=None, help="Giới hạn trong một sự kiện (bắt buộc với door, exhibitor)")
@click.option("--name", "full_name", default="", help="Họ và tên")
@click.option("--cooperative", "cooperative", default=None,
              help="Hợp tác xã của đơn vị trưng bày (vai trò exhibitor): tên hoặc số, xem `flask cooperatives list`")
@click.option("--cooperative-id", type=int, default=None, hidden=True)  # the former spelling, still accepted
@with_appcontext
def invite_command(email, organiser_slug, role, event_slug, full_name, cooperative, cooperative_id):
    """Mời một cán bộ qua email; in ra cả liên kết đặt mật khẩu."""
    from ..booths.accounts import password_token
    from ..cooperatives.services import find_cooperative
    from ..events.models import Event
    from .invitations import invitation_token
    from .services import invite

    organiser = _organiser(organiser_slug)
    event = None
    if event_slug:
        event = db.session.execute(db.select(Event).filter_by(slug=event_slug)).scalar_one_or_none()
        if event is None:
            raise click.ClickException(f"Không có sự kiện '{event_slug}'.")
    which = cooperative if cooperative else (str(cooperative_id) if cooperative_id else None)
    coop = None
    if which:
        try:
            coop = find_cooperative(organiser, which)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    elif role == "exhibitor":
        raise click.ClickException("Hãy ghi hợp tác xã của đơn vị trưng bày: --cooperative \"Tên HTX\" (hoặc số của "
                                   "hợp tác xã, xem: flask cooperatives list).")
    accept, exhibitor = _link_builder("staff.public_accept"), _link_builder("booths.public_set_password")
    try:
        user = invite(organiser, email=email, full_name=full_name or email.split("@")[0], role=role, event=event,
                      cooperative=coop, link_for=accept, exhibitor_link_for=exhibitor)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    link = exhibitor(password_token(user)) if role == "exhibitor" else accept(invitation_token(user))
    click.echo(f"Đã gửi lời mời tới {user.email} ({ROLE_LABELS[role]}).")
    click.echo(f"Liên kết đặt mật khẩu: {link}")


def _act(email, do, done):
    user = _user(email)
    try:
        do(user.organiser, user)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(done.format(email=user.email))


@staff_group.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate_command(email):
    """Khoá tài khoản (và đăng xuất khỏi mọi thiết bị)."""
    from .services import deactivate

    _act(email, deactivate, "Đã khoá tài khoản {email} và đăng xuất khỏi mọi thiết bị.")


@staff_group.command("logout-everywhere")
@click.argument("email")
@with_appcontext
def logout_everywhere_command(email):
    """Đăng xuất tài khoản khỏi mọi thiết bị."""
    from .services import log_out_everywhere

    _act(email, log_out_everywhere, "{email} đã được đăng xuất khỏi mọi thiết bị.")


@click.group("organisers")
def organisers_group():
    """Các đơn vị tổ chức dùng chung hệ thống."""


@organisers_group.command("list")
@with_appcontext
def organisers_list_command():
    """Liệt kê các đơn vị tổ chức và số sự kiện, hợp tác xã, cán bộ của mỗi đơn vị."""
    from .services import organisers_with_counts

    rows = organisers_with_counts()
    for row in rows:
        click.echo(f"{row.organiser.slug}\t{row.organiser.name}\t{row.events} sự kiện\t"
                   f"{row.cooperatives} hợp tác xã\t{row.staff} cán bộ")
    click.echo(f"{len(rows)} đơn vị tổ chức.")


@organisers_group.command("create")
@click.argument("name")
@click.option("--slug", default="", help="Mã đơn vị (mặc định: tạo từ tên)")
@click.option("--admin-email", default="", help="Mời luôn quản trị viên đầu tiên qua email")
@click.option("--admin-name", default="", help="Họ và tên quản trị viên đầu tiên")
@with_appcontext
def organisers_create_command(name, slug, admin_email, admin_name):
    """Tạo một đơn vị tổ chức (có thể mời luôn quản trị viên đầu tiên)."""
    from ..audit import record
    from ..events.organisers import create_organiser as create_only
    from .invitations import invitation_token
    from .services import create_organiser

    accept = _link_builder("staff.public_accept")
    try:
        if admin_email:
            organiser, user = create_organiser(name, slug, email=admin_email,
                                               full_name=admin_name or admin_email.split("@")[0], link_for=accept)
        else:
            organiser, user = create_only(name, slug=slug or None, commit=False), None
            record("organiser.create", f"organiser:{organiser.slug}", organiser=organiser, name=organiser.name)
            db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã tạo đơn vị tổ chức {organiser.name} (mã: {organiser.slug}).")
    if user is not None:
        click.echo(f"Đã gửi lời mời tới {user.email}. Liên kết đặt mật khẩu: {accept(invitation_token(user))}")


commands = [staff_group, organisers_group]
