import click
from flask.cli import with_appcontext

from ..extensions import db


@click.command("demo-data")
@with_appcontext
def demo_data_command():
    """Nạp sự kiện mẫu: Ngày hội HTX thành phố Hải Phòng 2024 (chạy lại không tạo bản trùng)."""
    from .services import demo_counts, load_demo

    event = load_demo()
    counts = demo_counts()
    click.echo(f"Sự kiện mẫu: {event.name} (/e/{event.slug}/)")
    click.echo(", ".join(f"{table}: {n}" for table, n in counts.items()))


@click.command("bootstrap")
@with_appcontext
def bootstrap_command():
    """Lần chạy đầu: nạp sự kiện mẫu nếu cơ sở dữ liệu trống, tạo tài khoản quản trị và in mật khẩu."""
    from ..auth.models import User
    from ..auth.services import create_user, generate_password
    from ..events.models import Event
    from .services import load_demo

    if db.session.execute(db.select(Event.id).limit(1)).first() is None:
        event = load_demo()
        click.echo(f"Đã nạp sự kiện mẫu: {event.name}")
    if db.session.execute(db.select(User.id).filter_by(role="admin").limit(1)).first() is None:
        password = generate_password()
        create_user("admin@example.org", "admin", password, full_name="Quản trị viên")
        click.echo("=" * 60)
        click.echo("Tài khoản quản trị / Admin account (mật khẩu chỉ in một lần):")
        click.echo("  Email:    admin@example.org")
        click.echo(f"  Mật khẩu: {password}")
        click.echo("=" * 60)
    else:
        click.echo("Đã có tài khoản quản trị. Tạo thêm: flask --app eventapp create-user EMAIL --role admin")
