"""`flask --app eventapp layouts export SLUG --kind KIND -o F.json` and `... layouts import SLUG --kind KIND F.json`:
a design moves between events and installs."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound
from .document import KINDS


@click.group("layouts")
def layouts_group():
    """Mẫu in (thẻ, nhãn, giấy chứng nhận) của một sự kiện: xuất và nhập tệp JSON."""


def _event(slug):
    from ..events.services import get_event

    try:
        return get_event(slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện “{slug}”.") from None


@layouts_group.command("export")
@click.argument("event_slug")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="Loại mẫu in.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp JSON ghi ra.")
@with_appcontext
def export_command(event_slug, kind, output):
    """Xuất mẫu in đang dùng (mẫu riêng, hoặc mẫu mặc định) ra tệp JSON."""
    from . import services

    output.write_text(services.export_layout(_event(event_slug), kind), encoding="utf-8")
    click.echo(f"Đã xuất mẫu {kind} → {output}")


@layouts_group.command("import")
@click.argument("event_slug")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="Loại mẫu in.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(event_slug, kind, source):
    """Nhập mẫu in từ tệp JSON (kiểm tra trước; tệp lỗi không thay đổi gì)."""
    from . import services

    event = _event(event_slug)
    try:
        row = services.import_layout(event, kind, source.read_bytes())
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã nhập mẫu {kind} cho “{event.slug}”: {len(row.document['elements'])} phần tử.")


commands = [layouts_group]
