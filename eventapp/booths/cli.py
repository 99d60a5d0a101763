"""Command-line commands of this feature (registered by eventapp.cli)."""
import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound

KIND_WORDS = {"placed": "xếp mới", "moved": "chuyển gian", "removed": "mất gian"}


def _stage_line(stage):
    verdict = {"OPTIMAL": "tối ưu (đã chứng minh)", "FEASIBLE": "khả thi, chưa chứng minh tối ưu"}.get(
        stage["status"], "chưa tìm được lời giải")
    bound = "?" if stage["bound"] is None else f"{stage['bound']:.0f}"
    gap = "?" if stage["gap"] is None else f"{stage['gap']:.2%}"
    name = "nguyện vọng" if stage["name"] == "satisfaction" else "bố trí (cùng ngành, tránh trùng sản phẩm)"
    extra = ", tìm trên các phương án triển vọng nhất" if stage["restricted"] else ""
    return (f"  {name}: {stage['objective']:.0f} – {verdict}; cận trên {bound}, khoảng cách {gap}; "
            f"{stage['solver']}, {stage['seconds']:.1f} s{extra}")


def check_output(csv_path):
    """Refuses, before anything is computed or written, a CSV path that cannot be written."""
    if not csv_path:
        return
    path = Path(csv_path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise click.ClickException(f"'{csv_path}' là một thư mục: hãy ghi tên tệp, ví dụ {path / 'danh-sach.csv'}.")
    if not folder.is_dir():
        raise click.ClickException(f"Thư mục '{folder}' không tồn tại: hãy tạo thư mục trước hoặc chọn nơi khác. "
                                   "Chưa có gì thay đổi.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise click.ClickException(f"Không ghi được vào '{csv_path}'. Chưa có gì thay đổi.")


def print_summary(summary):
    """The preview in the organiser's words; the solver's figures last, under "Chi tiết kỹ thuật"."""
    for p in summary["placements"]:
        wish = f"nguyện vọng {p['rank']}" if p["rank"] else "ngoài nguyện vọng"
        click.echo(f"{', '.join(p['booths'])}: {p['name']} – {p['sector']}; {wish}"
                   f"{' (giữ nguyên)' if p['kept'] else ''}")
    for u in summary["unplaced"]:
        click.echo(f"CHƯA XẾP: {u['name']} (cần {u['wanted']} gian) – {u['reason']}")
    if summary["changes"]:
        click.echo("Thay đổi so với hiện tại:")
        for c in summary["changes"]:
            click.echo(f"  {c['name']}: {KIND_WORDS[c['kind']]}, {', '.join(c['before']) or '—'} → "
                       f"{', '.join(c['after']) or '—'}")
    else:
        click.echo("Không có thay đổi nào: không đơn vị nào được xếp mới hay chuyển gian.")
    wish = summary["first_wish"]
    click.echo(f"Có gian {len(summary['placements'])} đơn vị, chưa xếp được {len(summary['unplaced'])}; "
               f"{wish['met']} trên {wish['of']} đơn vị có nguyện vọng được đáp ứng nguyện vọng 1.")
    click.echo(f"Điểm hài lòng: {summary['score']['before']} → {summary['score']['after']}.")
    technical = summary["technical"]
    click.echo("Chi tiết kỹ thuật:")
    click.echo(f"  cặp gian cùng ngành {technical['same_sector_pairs']}; cặp gian trùng sản phẩm "
               f"{technical['same_product_pairs']}; {technical['candidates']} phương án ứng viên")
    for stage in technical["stages"]:
        click.echo(_stage_line(stage))
    click.echo("  Tối ưu đã được chứng minh." if technical["proven_optimal"]
               else "  Chưa chứng minh được là tối ưu (xem cận trên và khoảng cách ở trên).")


@click.command("allocate")
@click.argument("event_slug")
@click.option("--replan", is_flag=True,
              help="Xếp lại toàn bộ (trừ gian đã khoá); mặc định giữ nguyên các gian đã xếp "
                   "và chỉ xếp đơn vị chưa có gian")
@click.option("--yes", is_flag=True, help="Áp dụng không cần hỏi lại")
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước, không thay đổi gì")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Ghi danh sách đơn vị trưng bày (gian, hợp tác xã, ngành hàng) ra tệp CSV")
@click.option("--time-limit", default=None, type=click.FloatRange(0.5, 3600),
              help="Thời gian tối đa của bộ giải (giây; mặc định 30, như khi nạp dữ liệu mẫu)")
@with_appcontext
def allocate_command(event_slug, replan, yes, dry_run, csv_path, time_limit):
    """Xếp gian tự động cho các đơn đã duyệt: xem trước, rồi áp dụng khi được xác nhận."""
    from ..events.services import get_event
    from . import planning
    from .directory import directory_csv, directory_rows

    check_output(csv_path)
    try:
        event = get_event(event_slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện '{event_slug}'.") from None
    try:
        summary = planning.preview(event, mode="replan" if replan else "stable",
                                   time_limit=time_limit or planning.DEFAULT_TIME_LIMIT)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    print_summary(summary)
    if summary["changes"] and not dry_run:
        if yes or click.confirm("Áp dụng phương án này?", default=False):
            try:
                applied = planning.confirm(event, summary)
            except DomainError as exc:
                raise click.ClickException(exc.message) from None
            click.echo(f"Đã áp dụng: {applied.placed} xếp mới, {applied.moved} chuyển gian, {applied.removed} "
                       f"mất gian; {applied.messages} thư báo đã được xếp hàng gửi.")
        else:
            click.echo("Chưa áp dụng gì.")
    elif summary["changes"]:
        click.echo("Chưa áp dụng gì (--dry-run).")
    if csv_path:
        Path(csv_path).write_bytes(directory_csv(directory_rows(event)))
        click.echo(f"Đã ghi danh sách vào {csv_path}.")


commands = [allocate_command]
