"""`flask --app eventapp cooperatives list|import|export ORG_SLUG`: the registry from a terminal."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db


@click.group("cooperatives")
def cooperatives_group():
    """Danh sách hợp tác xã thành viên của một đơn vị tổ chức."""


def _organiser(slug):
    from ..events.models import Organiser

    organiser = db.session.execute(db.select(Organiser).filter_by(slug=slug)).scalar_one_or_none()
    if organiser is None:
        raise click.ClickException(f"Không có đơn vị tổ chức “{slug}”.")
    return organiser


@cooperatives_group.command("list")
@click.argument("organiser_slug")
@with_appcontext
def list_command(organiser_slug):
    """In danh sách hợp tác xã theo thứ tự chữ cái tiếng Việt."""
    from .queries import all_cooperatives

    coops = all_cooperatives(_organiser(organiser_slug))
    for coop in coops:
        mark = " [tiêu biểu]" if coop.is_priority else ""
        click.echo(f"{coop.id}\t{coop.name}\t{coop.district}\t{coop.sector}{mark}")
    click.echo(f"{len(coops)} hợp tác xã.")


def _summary(preview):
    from .services import FIELD_LABELS

    counts = preview.counts
    click.echo(f"{preview.filename}: {counts['new']} mới, {counts['merge']} trùng hợp tác xã đã có (gộp vào), "
               f"{counts['duplicate']} trùng dòng trước (bỏ qua), {counts['error']} dòng lỗi.")
    for row in preview.rows:
        if row.action == "error":
            click.echo(f"  Dòng {row.row} ({row.name or 'không có tên'}): {'; '.join(row.errors)}")
        elif row.action == "merge":
            filled = f", bổ sung: {', '.join(str(FIELD_LABELS[key]) for key in row.fills)}" if row.fills else ""
            click.echo(f"  Dòng {row.row}: {row.name} → {row.existing_name}{filled}")


@cooperatives_group.command("import")
@click.argument("organiser_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại trước khi ghi.")
@click.option("--skip-errors", is_flag=True, help="Bỏ qua các dòng lỗi thay vì dừng.")
@with_appcontext
def import_command(organiser_slug, file, yes, skip_errors):
    """Nhập hợp tác xã từ tệp CSV hoặc XLSX: in bản xem trước, rồi ghi tất cả hoặc không gì cả."""
    from . import importing

    organiser = _organiser(organiser_slug)
    try:
        preview = importing.build_preview(organiser, file.name, file.read_bytes())
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    _summary(preview)
    errors = {row.row for row in preview.rows if row.action == "error"}
    if errors and not skip_errors:
        importing.discard_preview(organiser, preview.token)
        raise click.ClickException("Tệp có dòng lỗi: sửa tệp rồi chạy lại, hoặc dùng --skip-errors. "
                                   "Chưa có gì được ghi.")
    try:
        go_ahead = yes or click.confirm("Ghi vào danh sách?")
    except click.Abort:  # no answer (Ctrl-C, or no terminal): the preview is not left behind
        importing.discard_preview(organiser, preview.token)
        raise
    if not go_ahead:
        importing.discard_preview(organiser, preview.token)
        click.echo("Đã huỷ; chưa có gì được ghi.")
        return
    try:
        result = importing.confirm_import(organiser, preview.token, skip=errors)
    except importing.ImportFailed as exc:
        details = "; ".join(f"dòng {row}: {', '.join(reasons)}" if row else ", ".join(reasons)
                            for row, _name, reasons in exc.errors)
        raise click.ClickException(f"{exc.message} {details}") from None
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Đã nhập: {result.created} mới, {result.merged} gộp vào hợp tác xã đã có "
               f"({result.filled} được bổ sung), {result.skipped} dòng bỏ qua.")


@cooperatives_group.command("export")
@click.argument("organiser_slug")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .csv hoặc .xlsx")
@with_appcontext
def export_command(organiser_slug, output):
    """Xuất danh sách hợp tác xã ra CSV (UTF-8) hoặc Excel, nhập lại được."""
    from .exporting import export_cooperatives

    kind = output.suffix.lower().lstrip(".")
    if kind not in ("csv", "xlsx"):
        raise click.ClickException("Tên tệp phải kết thúc bằng .csv hoặc .xlsx.")
    organiser = _organiser(organiser_slug)
    data, _mimetype, _filename = export_cooperatives(organiser, kind)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"Không ghi được tệp {output}: {exc.strerror}") from None
    click.echo(f"Đã xuất danh sách hợp tác xã của {organiser.name} vào {output}.")


commands = [cooperatives_group]
