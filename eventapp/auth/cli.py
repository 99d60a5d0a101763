import sys

import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db
from .models import ROLES
from .services import create_user, generate_password


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", "full_name", default="", help="Họ và tên")
@click.option("--event", "event_slug", default=None, help="Giới hạn tài khoản trong một sự kiện")
@click.option("--organiser", "organiser_slug", default=None,
              help="Mã đơn vị tổ chức (bỏ trống: quản trị toàn bộ hệ thống, hoặc đơn vị của --event)")
@click.option("--cooperative-id", type=int, default=None, help="Hợp tác xã (vai trò exhibitor)")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn")
@with_appcontext
def create_user_command(email, role, full_name, event_slug, organiser_slug, cooperative_id, password_stdin):
    """Tạo tài khoản cán bộ (admin, door, exhibitor)."""
    from ..booths.models import Cooperative
    from ..events.models import Event, Organiser

    event = None
    if event_slug:
        event = db.session.execute(db.select(Event).filter_by(slug=event_slug)).scalar_one_or_none()
        if event is None:
            raise click.ClickException(f"Không có sự kiện '{event_slug}'.")
    organiser = None
    if organiser_slug:
        organiser = db.session.execute(db.select(Organiser).filter_by(slug=organiser_slug)).scalar_one_or_none()
        if organiser is None:
            raise click.ClickException(f"Không có đơn vị tổ chức '{organiser_slug}'.")
    cooperative = db.session.get(Cooperative, cooperative_id) if cooperative_id else None
    password = sys.stdin.readline().rstrip("\n") if password_stdin else generate_password()
    try:
        create_user(email, role, password, full_name=full_name, event=event, cooperative=cooperative,
                    organiser=organiser)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã tạo tài khoản {email} ({role}).")
    if not password_stdin:
        click.echo(f"Mật khẩu: {password}")
