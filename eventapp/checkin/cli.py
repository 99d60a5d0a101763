"""`flask --app eventapp create-api-key --role door --event SLUG [--gate CODE] [--label TEXT]`."""
import click
from flask.cli import with_appcontext

from ..errors import DomainError
from .keys import create_api_key


@click.command("create-api-key")
@click.option("--role", type=click.Choice(("door", "admin")), default="door", show_default=True)
@click.option("--event", "event_slug", required=True, help="Sự kiện của khoá")
@click.option("--gate", "gate_code", default=None, help="Chỉ dùng cho một cổng (mã cổng)")
@click.option("--label", default="", help="Tên thiết bị, vd. “Máy quét cổng chính 1”")
@with_appcontext
def create_api_key_command(role, event_slug, gate_code, label):
    """Tạo khoá API cho một thiết bị quét; in khoá ra một lần duy nhất."""
    try:
        key, secret = create_api_key(role, event_slug, gate_code=gate_code, label=label)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    gate = f", cổng {gate_code}" if gate_code else ""
    click.echo(f"Khoá {key.prefix}… ({role}, sự kiện {event_slug}{gate}). Lưu ngay: khoá không hiện lại.", err=True)
    click.echo(secret)


commands = [create_api_key_command]
