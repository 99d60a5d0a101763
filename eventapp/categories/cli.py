"""Guest categories from the command line:

    flask --app eventapp categories list SLUG
    flask --app eventapp categories add SLUG --name "Báo chí" [--code bao-chi] [--name-en Press]
          [--capacity 30] [--approval] [--private] [--attention] [--color "#b45309"]
    flask --app eventapp categories set-capacity SLUG CODE N     (N: a number, or "none": unlimited)
    flask --app eventapp categories retire SLUG CODE
    flask --app eventapp categories reopen SLUG CODE
"""
import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db

UNLIMITED = ("", "none", "-", "unlimited", "khong-gioi-han")


def _event(slug):
    from ..events.services import get_event

    try:
        return get_event(slug)
    except DomainError:
        raise click.ClickException(f"Không có sự kiện “{slug}”.") from None


def _category(event, code):
    from .services import category_by_code

    try:
        return category_by_code(event, code)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


def _failed(exc):
    """The service's message, with the option at fault."""
    db.session.rollback()
    option = {"name": "--name", "name_en": "--name-en", "code": "--code", "capacity": "--capacity",
              "color": "--color"}.get(exc.field or "")
    return click.ClickException(f"{option}: {exc.message}" if option else exc.message)


@click.group("categories")
def categories_group():
    """Thành phần khách của một sự kiện: xem, thêm, đổi sức chứa, đóng."""


@categories_group.command("list")
@click.argument("event_slug")
@with_appcontext
def list_command(event_slug):
    """Liệt kê các thành phần khách theo thứ tự, với số khách."""
    from .services import overview

    rows = overview(_event(event_slug))
    if not rows:
        click.echo("Sự kiện chưa có thành phần khách nào.")
    for number, row in enumerate(rows, start=1):
        c = row.category
        capacity = "không giới hạn" if c.capacity is None else str(c.capacity)
        flags = ["công khai" if c.public else "chỉ khách mời"]
        if c.requires_approval:
            flags.append("cần duyệt")
        if c.needs_attention:
            flags.append("VIP")
        state = "đã đóng" if c.retired_at else "đang mở"
        name = f"{c.name} / {c.name_en}" if c.name_en else c.name
        click.echo(f"{number}. {c.code}\t{name}\tsức chứa {capacity}\tđã đăng ký {row.registered}, "
                   f"chờ {row.waiting}, chờ duyệt {row.pending}\t{', '.join(flags)}\t{c.color}\t{state}")
        if row.over_capacity:
            click.echo(f"   {row.over_capacity} khách đã đăng ký vượt sức chứa; không ai bị huỷ.")


@categories_group.command("add")
@click.argument("event_slug")
@click.option("--name", required=True, help="Tên thành phần, vd. “Báo chí”")
@click.option("--code", default="", help="Mã (chữ thường không dấu, số, -); mặc định tạo từ tên")
@click.option("--name-en", default="", help="Tên tiếng Anh")
@click.option("--capacity", default="", help="Sức chứa; bỏ trống: không giới hạn")
@click.option("--approval", is_flag=True, help="Cần ban tổ chức duyệt")
@click.option("--private", is_flag=True, help="Chỉ khách mời (không hiện trên trang đăng ký)")
@click.option("--attention", is_flag=True, help="Khách cần đón tiếp riêng (VIP)")
@click.option("--color", default="", help="Màu trên thẻ, dạng #rrggbb")
@with_appcontext
def add_command(event_slug, name, code, name_en, capacity, approval, private, attention, color):
    """Thêm một thành phần khách vào cuối danh sách."""
    from .services import create_category

    event = _event(event_slug)
    try:
        category = create_category(event, name=name, code=code, name_en=name_en, capacity=capacity,
                                   requires_approval=approval, public=not private, needs_attention=attention,
                                   color=color or None)
    except DomainError as exc:
        raise _failed(exc) from None
    click.echo(f"Đã thêm thành phần “{category.name}” (mã {category.code}).")


@categories_group.command("set-capacity")
@click.argument("event_slug")
@click.argument("code")
@click.argument("capacity")
@with_appcontext
def set_capacity_command(event_slug, code, capacity):
    """Đổi sức chứa (số, hoặc “none”: không giới hạn); danh sách chờ được xác nhận ngay khi có chỗ."""
    from .services import set_capacity

    event = _event(event_slug)
    category = _category(event, code)
    value = None if capacity.strip().lower() in UNLIMITED else capacity
    try:
        saved = set_capacity(category, value)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    shown = "không giới hạn" if saved.category.capacity is None else saved.category.capacity
    click.echo(f"Sức chứa của “{saved.category.name}”: {shown}.")
    if saved.promoted:
        names = ", ".join(g.full_name for g in saved.promoted)
        click.echo(f"{len(saved.promoted)} khách được chuyển từ danh sách chờ sang đã đăng ký "
                   f"(đã gửi email): {names}.")
    if saved.over_capacity:
        click.echo(f"{saved.over_capacity} khách đã đăng ký vượt sức chứa mới; không ai bị huỷ.")


@categories_group.command("retire")
@click.argument("event_slug")
@click.argument("code")
@with_appcontext
def retire_command(event_slug, code):
    """Đóng một thành phần: không nhận đăng ký mới; khách đã có vẫn được giữ."""
    from .services import retire_category

    category = _category(_event(event_slug), code)
    try:
        retire_category(category)
    except DomainError as exc:
        raise _failed(exc) from None
    click.echo(f"Đã đóng thành phần “{category.name}”: không nhận đăng ký mới; khách đã có vẫn được giữ.")


@categories_group.command("reopen")
@click.argument("event_slug")
@click.argument("code")
@with_appcontext
def reopen_command(event_slug, code):
    """Mở lại một thành phần đã đóng."""
    from .services import reopen_category

    category = _category(_event(event_slug), code)
    try:
        reopen_category(category)
    except DomainError as exc:
        raise _failed(exc) from None
    click.echo(f"Đã mở lại thành phần “{category.name}”.")


commands = [categories_group]
