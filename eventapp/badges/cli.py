"""`flask --app eventapp badges EVENT_SLUG --layout a6 -o the.pdf`: the organisers' print from a terminal."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound
from .layouts import LAYOUT_KEYS


@click.command("badges")
@click.argument("event_slug")
@click.option("--layout", type=click.Choice(LAYOUT_KEYS), default="a6", show_default=True, help="Khổ in.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp PDF ghi ra.")
@click.option("--category", default="", help="Chỉ một thành phần (mã, vd. lanh-dao).")
@click.option("--not-printed", is_flag=True, help="Chỉ thẻ chưa in.")
@click.option("--since-last-print", is_flag=True, help="Chỉ khách đăng ký sau lần in trước.")
@click.option("--no-record", is_flag=True, help="Xem trước: không ghi nhận là đã in.")
@with_appcontext
def badges_command(event_slug, layout, output, category, not_printed, since_last_print, no_record):
    """In thẻ đại biểu của một sự kiện ra một tệp PDF (như trang In thẻ của ban tổ chức)."""
    from ..events.services import get_event
    from . import services

    try:
        event = get_event(event_slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện “{event_slug}”.") from None
    filters = services.PrintFilter(category=category, not_printed=not_printed, since_last_print=since_last_print)
    try:
        if no_record:
            guests = services.select_guests(event, filters)
            if not guests:
                raise DomainError("Không có thẻ nào phù hợp với bộ lọc.")
            data, count, batch = services.render_guests(event, guests, layout), len(guests), None
        else:
            batch = services.print_batch(event, filters, layout)
            data, count = services.batch_pdf(batch), batch.guest_count
    except DomainError as error:
        raise click.ClickException(error.message) from None
    output.write_bytes(data)
    recorded = f", đợt in #{batch.id}" if batch else ", không ghi nhận"
    click.echo(f"{count} thẻ ({layout}) → {output}{recorded}")


commands = [badges_command]
