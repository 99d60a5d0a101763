"""`flask --app eventapp anonymise EVENT_SLUG --yes`: the anonymisation page, from a terminal."""
import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound


@click.command("anonymise")
@click.argument("event_slug")
@click.option("--yes", is_flag=True, help="Không hỏi lại (thao tác không thể hoàn tác).")
@with_appcontext
def anonymise_command(event_slug, yes):
    """Ẩn danh dữ liệu cá nhân của mọi khách của một sự kiện đã kết thúc (giữ nguyên số liệu)."""
    from ..events.services import get_event
    from . import services

    try:
        event = get_event(event_slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện “{event_slug}”.") from None
    summary = services.anonymise_summary(event)
    if not summary.ended:
        raise click.ClickException("Sự kiện chưa kết thúc: chỉ ẩn danh được sau khi sự kiện kết thúc.")
    if not yes:
        click.confirm(f"Ẩn danh {summary.remaining} khách của “{event.name}”? Không thể hoàn tác.", abort=True)
    try:
        count = services.anonymise_event(event, event.slug)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã ẩn danh {count} khách của {event.slug}; tổng số khách giữ nguyên: {summary.total}.")


commands = [anonymise_command]
