"""Command-line commands of this feature (registered by eventapp.cli)."""
import click
from flask.cli import with_appcontext

from .render import KINDS


@click.command("programme")
@click.argument("event_slug")
@click.option("--kind", type=click.Choice(KINDS), default="guest", show_default=True,
              help="guest: chương trình A4; booklet: sổ tay A5; runsheet: kịch bản MC; certificates: giấy chứng nhận")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Tệp PDF sẽ ghi")
@with_appcontext
def programme_command(event_slug, kind, output):
    """In chương trình, sổ tay, kịch bản dẫn chương trình hoặc giấy chứng nhận của một sự kiện ra PDF."""
    from ..errors import NotFound
    from ..events.services import get_event
    from .documents import build_document
    from .render import render

    try:
        event = get_event(event_slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện '{event_slug}'.") from None
    data = render(kind, build_document(event))
    with open(output, "wb") as handle:
        handle.write(data)
    click.echo(f"{output}: {len(data)} byte")


commands = [programme_command]
