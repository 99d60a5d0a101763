"""Command-line commands: `flask --app eventapp <command>`."""
import click

from flask.cli import with_appcontext

from .auth.cli import create_user_command
from .demo.cli import bootstrap_command, demo_data_command


@click.group("translations")
def translations_group():
    """Danh mục bản dịch (Flask-Babel)."""


@translations_group.command("compile")
@click.option("--force", is_flag=True)
def compile_command(force):
    """Biên dịch các tệp .po thành .mo."""
    from .i18n import compile_catalogues

    done = compile_catalogues(force=force)
    click.echo(f"{len(done)} danh mục đã biên dịch.")


@translations_group.command("update")
def update_command():
    """Trích các chuỗi từ mã nguồn và cập nhật các tệp .po (giữ bản dịch đã có)."""
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


def register_cli(app):
    import importlib

    from . import FEATURES

    for command in (create_user_command, demo_data_command, bootstrap_command, translations_group,
                    backup_command, restore_command):
        app.cli.add_command(command)
    for name in FEATURES:
        try:
            module = importlib.import_module(f"{__package__}.{name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}.cli":
                raise
            continue
        for command in getattr(module, "commands", []):
            app.cli.add_command(command)
