"""`flask --app eventapp events ...`: list, create, copy, close registration, archive."""
from datetime import datetime

import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound
from ..extensions import db

TIME_FORMAT = "%Y-%m-%d %H:%M"


def _event(slug):
    from .services import get_event

    try:
        return get_event(slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện '{slug}'.") from None


def _moment(value, option):
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), TIME_FORMAT)
    except ValueError:
        raise click.ClickException(
            f"{option}: cần dạng YYYY-MM-DD HH:MM, ví dụ 2025-04-11 08:00 (nhận được '{value}').") from None


# The option a service's field error is about.
OPTIONS = {"name": "--name", "slug": "--slug", "organiser": "--display-name", "venue": "--venue",
           "address": "--address", "timezone": "--timezone", "start_date": "--start", "end_date": "--end",
           "closes_date": "--closes", "parts": "--only"}


def _refused(exc, **options):
    db.session.rollback()
    option = {**OPTIONS, **options}.get(exc.field or "")
    return click.ClickException(f"{option}: {exc.message}" if option else exc.message)


@click.group("events")
def events_group():
    """Sự kiện: liệt kê, tạo, sao chép, đóng đăng ký, lưu trữ."""


@events_group.command("list")
@with_appcontext
def list_command():
    """Liệt kê mọi sự kiện (mới nhất trước) với trạng thái và đơn vị tổ chức."""
    from .services import STATE_LABELS, event_state, list_events

    events = list_events()
    for event in events:
        starts = event.local(event.starts_at).strftime("%d/%m/%Y %H:%M")
        state = STATE_LABELS[event_state(event)]
        click.echo(f"{event.slug}\t{starts}\t{state}\t{event.owner.slug}\t{event.name}")
    click.echo(f"{len(events)} sự kiện.")


@events_group.command("create")
@click.option("--organiser", "organiser_slug", required=True, help="Mã (slug) của đơn vị tổ chức sở hữu sự kiện")
@click.option("--slug", default="", help="Địa chỉ trang; để trống: tạo từ tên")
@click.option("--name", required=True, help="Tên sự kiện")
@click.option("--start", required=True, help="Bắt đầu, \"YYYY-MM-DD HH:MM\" theo múi giờ của sự kiện")
@click.option("--end", required=True, help="Kết thúc, \"YYYY-MM-DD HH:MM\"")
@click.option("--venue", default="", help="Địa điểm")
@click.option("--address", default="", help="Địa chỉ")
@click.option("--display-name", default="", help="Tên đơn vị tổ chức in trên trang (mặc định: tên đơn vị)")
@click.option("--timezone", default="Asia/Ho_Chi_Minh", show_default=True, help="Múi giờ IANA")
@click.option("--opens", default=None, help="Mở đăng ký, \"YYYY-MM-DD HH:MM\"")
@click.option("--closes", default=None, help="Đóng đăng ký, \"YYYY-MM-DD HH:MM\"")
@click.option("--always-open", is_flag=True, help="Luôn mở đăng ký")
@with_appcontext
def create_command(organiser_slug, slug, name, start, end, venue, address, display_name, timezone, opens, closes,
                   always_open):
    """Tạo sự kiện của một đơn vị tổ chức (kèm thành phần mặc định "Khách mời")."""
    from .models import Organiser
    from .setup import EventValues, create_event

    owner = db.session.execute(db.select(Organiser).filter_by(slug=organiser_slug)).scalar_one_or_none()
    if owner is None:
        raise click.ClickException(f"Không có đơn vị tổ chức '{organiser_slug}'.")
    values = EventValues(name=name, slug=slug, organiser=display_name, venue=venue, address=address,
                         timezone=timezone, starts=_moment(start, "--start"), ends=_moment(end, "--end"),
                         registration_opens=_moment(opens, "--opens"),
                         registration_closes=_moment(closes, "--closes"), always_open=always_open)
    try:
        event = create_event(owner, values)
    except DomainError as exc:
        raise _refused(exc) from None
    click.echo(f"Đã tạo sự kiện {event.name} (/e/{event.slug}/).")


@events_group.command("clone")
@click.argument("source_slug")
@click.option("--slug", required=True, help="Địa chỉ trang của sự kiện mới")
@click.option("--name", required=True, help="Tên sự kiện mới")
@click.option("--date", "start_date", required=True, help="Ngày diễn ra sự kiện mới, YYYY-MM-DD")
@click.option("--only", default="", help="Chỉ sao chép các phần này, cách nhau bởi dấu phẩy: "
              "categories,gates,booths,awards,programme,badges,booth_settings (mặc định: tất cả)")
@with_appcontext
def clone_command(source_slug, slug, name, start_date, only):
    """Tạo sự kiện mới từ một sự kiện trước (không sao chép khách, lượt quét, đơn đăng ký...)."""
    from .cloning import clone_event, parse_parts

    source = _event(source_slug)
    try:
        day = datetime.strptime(start_date.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise click.ClickException(f"--date: cần dạng YYYY-MM-DD (nhận được '{start_date}').") from None
    try:
        event = clone_event(source, name=name, slug=slug, start_date=day, parts=parse_parts(only))
    except DomainError as exc:
        raise _refused(exc, start_date="--date") from None
    starts = event.local(event.starts_at).strftime("%d/%m/%Y %H:%M")
    click.echo(f"Đã tạo {event.name} (/e/{event.slug}/), bắt đầu {starts}, từ {source.slug}.")


@events_group.command("close-registration")
@click.argument("slug")
@with_appcontext
def close_registration_command(slug):
    """Đóng đăng ký của một sự kiện ngay bây giờ."""
    from .setup import close_registration

    event = _event(slug)
    close_registration(event)
    click.echo(f"Đã đóng đăng ký: {event.slug}.")


@events_group.command("archive")
@click.argument("slug")
@with_appcontext
def archive_command(slug):
    """Lưu trữ một sự kiện: rời trang chủ công khai, không nhận đăng ký."""
    from .setup import archive_event

    event = _event(slug)
    archive_event(event)
    click.echo(f"Đã lưu trữ: {event.slug}.")


commands = [events_group]
