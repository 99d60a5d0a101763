"""The MC's run sheet: who comes on stage, in what order, how many per award round, who presents,
with room for the MC's own notes. The words of the announcements are the MC's, not ours."""
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from .common import LINE, MUTED, build_pdf, captioned, fonts, para, styles, table
from .guest import Styles, event_when, time_range

if TYPE_CHECKING:
    from ..documents import Category, Item, ProgrammeDocument


def render_run_sheet(document: "ProgrammeDocument") -> bytes:
    pagesize, margin = A4, 15 * mm
    width = pagesize[0] - 2 * margin
    s = styles(1.25, floor=12)  # read at a lectern, at arm's length
    event = document.event
    story = [para("Kịch bản dẫn chương trình", s["h1"]), para(event.name, s["h2"]),
             para(" · ".join(part for part in (event_when(event), event.venue) if part), s["body"]),
             Spacer(1, 4 * mm), *_overview(document, s, width), PageBreak()]
    for item in document.items:
        story += _item_block(document, item, s, width)
    return build_pdf(story, document, pagesize, margin, title=f"Kịch bản dẫn chương trình – {event.name}",
                     subject="Kịch bản dẫn chương trình", internal=True)


def _who(item: "Item") -> str:
    return item.speaker_name + (f", {item.speaker_position}" if item.speaker_position else "")


def _overview(document: "ProgrammeDocument", s: Styles, width: float) -> list[Flowable]:
    tz = document.event.timezone
    headings = ("STT", "Thời gian", "Nội dung", "Người trình bày, người trao", "Số người nhận")
    rows = [[para(h, s["head"]) for h in headings]]
    for item in document.items:
        count = str(item.recipient_count) if item.categories else ""
        rows.append([str(item.position), para(time_range(item, tz), s["cell"]),
                     para(item.title, s["cell_bold"]), para(_who(item), s["cell"]), para(count, s["cell"])])
    return captioned([], table(rows, [width * w for w in (0.08, 0.17, 0.38, 0.25, 0.12)],
                               font_size=s["cell"].fontSize))


def notes_box(width: float, s: Styles, lines: int = 4) -> Table:
    rows = [[para("Ghi chú:", s["cell_small"])]] + [[""] for _ in range(lines)]
    box = Table(rows, colWidths=[width], rowHeights=[None] + [7 * mm] * lines, hAlign="LEFT")
    box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts()[0]),
        ("BOX", (0, 0), (-1, -1), 0.5, MUTED),
        ("LINEBELOW", (0, 1), (-1, -2), 0.3, LINE),
    ]))
    return box


def _item_block(document: "ProgrammeDocument", item: "Item", s: Styles, width: float) -> list[Flowable]:
    tz = document.event.timezone
    heading = para(f"{item.position}. {time_range(item, tz)} · {item.title}", s["h2"])
    facts = [" · ".join(part for part in (item.kind_label, item.location and f"Địa điểm: {item.location}") if part)]
    if item.speaker_name:
        facts.append(f"Người trình bày: {_who(item)}")
    if item.categories:
        facts.append(f"Tổng số người, đơn vị nhận: {item.recipient_count}")
    head = [heading] + [para(f, s["body"]) for f in facts if f]
    block = [CondPageBreak(45 * mm)]
    for index, category in enumerate(item.categories):
        # The item's heading stays with its first round, a round's caption with its list.
        block += _round(category, s, width, head if index == 0 else [])
    if not item.categories:
        block.append(KeepTogether(head))
    block += [Spacer(1, 2 * mm), notes_box(width, s, lines=3 if item.categories else 4), Spacer(1, 5 * mm)]
    return block


def _round(category: "Category", s: Styles, width: float, head: Sequence[Flowable] = ()) -> list[Flowable]:
    """One award category: its presenter and the recipients in the order they are called up."""
    intro = [*head, Spacer(1, 2 * mm), para(category.name, s["cell_bold"]),
             para(f"{len(category.recipients)} người, đơn vị nhận"
                  + (f" · Người trao: {category.presenter}" if category.presenter else ""), s["small"])]
    if not category.recipients:
        return [KeepTogether(intro)]
    rows = [[para(f"{category.name} – thứ tự lên sân khấu", s["head"]), "", "", ""],
            [para(h, s["head"]) for h in ("Thứ tự", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Có mặt")]]
    for r in category.recipients:
        name = [para(r.name, s["cell_bold"])]
        if r.is_guest:
            name.append(para("Đại biểu đã đăng ký – xếp chỗ gần sân khấu", s["cell_small"]))
        where = ", ".join(part for part in (r.title, r.organization) if part)
        rows.append([str(r.position), name, para(where, s["cell"]), ""])
    lines = table(rows, [width * w for w in (0.10, 0.40, 0.37, 0.13)], header_rows=2, font_size=s["cell"].fontSize,
                  extra_styles=[("SPAN", (0, 0), (-1, 0)), ("BOX", (3, 2), (3, -1), 0.3, LINE)])
    return captioned(intro, lines)
