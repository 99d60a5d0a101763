"""Command-line commands: `flask --app eventapp <command>`."""
import click
from flask import Flask
from flask.cli import with_appcontext

from .auth.cli import create_user_command
from .badges import cli as badges_cli
from .booths import cli as booths_cli
from .categories import cli as categories_cli
from .checkin import cli as checkin_cli
from .cooperatives import cli as cooperatives_cli
from .demo.cli import bootstrap_command, demo_data_command
from .events import cli as events_cli
from .layouts import cli as layouts_cli
from .messages import cli as messages_cli
from .privacy import cli as privacy_cli
from .programme import cli as programme_cli
from .staff import cli as staff_cli

# Each feature's cli.py lists its commands in `commands`.
FEATURE_CLIS = (events_cli, badges_cli, checkin_cli, booths_cli, programme_cli, categories_cli, cooperatives_cli,
                staff_cli, messages_cli, privacy_cli, layouts_cli)


@click.group("translations")
def translations_group():
    """Danh mục bản dịch: trích, cập nhật và biên dịch bằng công cụ của Babel (pybabel)."""


@translations_group.command("compile")
def compile_command():
    """Biên dịch các tệp .po thành .mo (pybabel compile)."""
    from .i18n_catalogues import compile_all

    done = compile_all()
    click.echo(f"{len(done)} danh mục đã biên dịch.")


@translations_group.command("update")
def update_command():
    """Trích các chuỗi từ mã nguồn và cập nhật các tệp .po, giữ bản dịch đã có (pybabel extract, update)."""
    from .i18n_catalogues import update

    for path, untranslated in update().items():
        click.echo(f"{path}: {untranslated} chuỗi chưa dịch")


@translations_group.command("missing")
def missing_command():
    """Liệt kê các chuỗi chưa có bản dịch tiếng Anh."""
    from .i18n_catalogues import missing

    absent = missing()
    for message, location in absent:
        click.echo(f"{location}: {message}")
    click.echo(f"{len(absent)} chuỗi chưa dịch.")


@click.command("backup")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(output):
    """Sao lưu cơ sở dữ liệu đang chạy (SQLite: online backup API; PostgreSQL: pg_dump)."""
    from flask import current_app

    from .backup import BackupError, backup

    try:
        path = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Đã sao lưu vào {path}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Không hỏi lại")
@with_appcontext
def restore_command(source, yes):
    """Khôi phục cơ sở dữ liệu từ một bản sao lưu (ghi đè dữ liệu hiện có)."""
    from flask import current_app

    from .backup import BackupError, restore
    from .extensions import db

    if not yes:
        click.confirm("Dữ liệu hiện tại sẽ bị ghi đè. Tiếp tục?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("Đã khôi phục.")


def register_cli(app: Flask) -> None:
    for command in (create_user_command, demo_data_command, bootstrap_command, translations_group,
                    backup_command, restore_command):
        app.cli.add_command(command)
    for module in FEATURE_CLIS:
        for command in module.commands:
            app.cli.add_command(command)
