"""Device keys from the command line:

    flask --app eventapp create-api-key --role door --event SLUG [--gate CODE] [--label TEXT]
    flask --app eventapp list-api-keys --event SLUG
    flask --app eventapp revoke-api-key --event SLUG PREFIX
"""
import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..events.services import get_event
from .keys import create_api_key, list_keys, revoke_api_key


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


def _event(slug):
    try:
        return get_event(slug)
    except DomainError:
        raise click.ClickException(f"Không có sự kiện “{slug}”.") from None


@click.command("list-api-keys")
@click.option("--event", "event_slug", required=True, help="Sự kiện")
@with_appcontext
def list_api_keys_command(event_slug):
    """Liệt kê khoá API của các thiết bị quét (không bao giờ in lại khoá)."""
    for device in list_keys(_event(event_slug)):
        key = device.key
        state = f"thu hồi {key.revoked_at:%Y-%m-%d %H:%M} UTC" if key.revoked_at else "đang dùng"
        last = f"{device.last_scan_at:%Y-%m-%d %H:%M} UTC" if device.last_scan_at else "-"
        click.echo(f"{key.prefix}…\t{key.role}\t{device.gate_name or '-'}\t{key.label or '-'}\t"
                   f"{device.scans} lượt quét, lần cuối {last}\t{state}")


@click.command("revoke-api-key")
@click.option("--event", "event_slug", required=True, help="Sự kiện")
@click.argument("prefix")
@with_appcontext
def revoke_api_key_command(event_slug, prefix):
    """Thu hồi khoá API của một thiết bị (theo phần đầu của khoá, vd. ev_AbC123)."""
    try:
        key = revoke_api_key(_event(event_slug), prefix=prefix.rstrip("…."))
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã thu hồi khoá {key.prefix}… ({key.label or key.role}).")


commands = [create_api_key_command, list_api_keys_command, revoke_api_key_command]
