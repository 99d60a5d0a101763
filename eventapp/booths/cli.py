"""Command-line commands of this feature (registered by eventapp.cli)."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..errors import DomainError, NotFound


def _stage_line(stage):
    verdict = {"OPTIMAL": "tối ưu (đã chứng minh)", "FEASIBLE": "khả thi, chưa chứng minh tối ưu"}.get(
        stage.status, "chưa tìm được lời giải")
    bound = "?" if stage.bound is None else f"{stage.bound:.0f}"
    gap = "?" if stage.gap is None else f"{stage.gap:.2%}"
    name = "nguyện vọng" if stage.name == "satisfaction" else "bố trí (cùng ngành, tránh trùng sản phẩm)"
    extra = ", tìm trên các phương án triển vọng nhất" if stage.restricted else ""
    return (f"  {name}: {stage.objective:.0f} – {verdict}; cận {bound}, khoảng cách {gap}; "
            f"{stage.solver}, {stage.seconds:.1f} s{extra}")


@click.command("allocate")
@click.argument("event_slug")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True),
              help="Ghi danh sách đơn vị trưng bày (gian, hợp tác xã, ngành hàng) ra tệp CSV")
@click.option("--time-limit", default=30.0, show_default=True, type=click.FloatRange(0.5, 3600),
              help="Thời gian tối đa của bộ giải (giây)")
@with_appcontext
def allocate_command(event_slug, csv_path, time_limit):
    """Xếp gian tự động cho các đơn đã duyệt (giữ nguyên các gian đã khoá)."""
    from ..events.services import get_event
    from .directory import directory_csv, directory_rows
    from .placement import reason_text, run_allocation

    try:
        event = get_event(event_slug)
    except NotFound:
        raise click.ClickException(f"Không có sự kiện '{event_slug}'.") from None
    try:
        run = run_allocation(event, time_limit=time_limit)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    result = run.result
    for placement in sorted(result.placements, key=lambda p: run.booths[p.booth_ids[0]].code):
        application = run.applications[placement.application_id]
        codes = ", ".join(run.booths[b].code for b in placement.booth_ids)
        wish = f"nguyện vọng {placement.rank}" if placement.rank else "ngoài nguyện vọng"
        lock = " (đã khoá)" if placement.locked else ""
        click.echo(f"{codes}: {application.cooperative.name} – {application.sector}; {wish}{lock}")
    for unplaced in result.unplaced:
        application = run.applications[unplaced.application_id]
        click.echo(f"CHƯA XẾP: {application.cooperative.name} – {reason_text(unplaced.reason)}")
    click.echo(f"Đã xếp {len(result.placements)} đơn vị, chưa xếp {len(result.unplaced)}.")
    click.echo(f"Mục tiêu: điểm hài lòng {result.satisfaction}; cặp gian cùng ngành {result.same_sector_pairs}; "
               f"cặp gian trùng sản phẩm {result.same_product_pairs}.")
    for stage in result.stages:
        click.echo(_stage_line(stage))
    click.echo("Tối ưu đã được chứng minh." if result.proven_optimal
               else "Chưa chứng minh được là tối ưu (xem cận và khoảng cách ở trên).")
    if csv_path:
        Path(csv_path).write_bytes(directory_csv(directory_rows(event)))
        click.echo(f"Đã ghi danh sách vào {csv_path}.")


commands = [allocate_command]
