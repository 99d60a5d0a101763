"""The guests' programme: cover, running order, honours list, exhibitors with the floor plan.

A4 for handing out, or A5 pages for the booklet (see booklet.py). Printed in Vietnamese, the
event's language, whatever the organiser's interface language.
"""
from io import BytesIO
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from .common import (
    TURNED,
    UPRIGHT,
    RowsTable,
    build_pdf,
    captioned,
    fonts,
    local_date,
    local_time,
    para,
    styles,
    table,
)
from .plan import FloorPlanPage

if TYPE_CHECKING:
    from ..documents import Category, EventInfo, FloorPlan, Item, ProgrammeDocument

Styles = dict[str, ParagraphStyle]

FORMATS = {
    # pagesize, margin, type scale, smallest type: 9 pt even on the booklet's A5 pages
    "A4": (A4, 18 * mm, 1.0, 9),
    "A5": (A5, 12 * mm, 0.86, 9),
}


def render_guest_programme(document: "ProgrammeDocument", page_format: str = "A4") -> bytes:
    """PDF bytes of the guests' programme."""
    pagesize, margin, scale, floor = FORMATS[page_format]
    width = pagesize[0] - 2 * margin
    s = styles(scale, floor)
    story = _cover(document, s, width, pagesize[1] - 2 * margin)
    story += _running_order(document, s, width)
    if document.categories:
        story += [PageBreak()] + _honours(document, s, width)
    if document.floor_plan is not None:
        story += _floor_plan(document.floor_plan, turn=page_format == "A4")
    if document.exhibitors:
        story += [PageBreak()] + _exhibitors(document, s, width)
    return build_pdf(story, document, pagesize, margin, title=f"Chương trình – {document.event.name}",
                     subject="Chương trình")


def _logo(data: bytes | None, max_width: float, max_height: float) -> Image | None:
    """The event's logo, fitted in its box; None when absent or not an image reportlab can read."""
    if not data:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(BytesIO(data))
        w, h = reader.getSize()
    except Exception:  # a broken upload must not stop the programme from printing
        return None
    ratio = min(max_width / w, max_height / h)
    image = Image(BytesIO(data), width=w * ratio, height=h * ratio)
    image.hAlign = "CENTER"
    return image


def event_when(event: "EventInfo") -> str:
    day = local_date(event.starts_at, event.timezone)
    start, end = local_time(event.starts_at, event.timezone), local_time(event.ends_at, event.timezone)
    if local_date(event.ends_at, event.timezone) != day:
        return f"{start} ngày {day} – {end} ngày {local_date(event.ends_at, event.timezone)}"
    return f"Ngày {day}, {start} – {end}"


def _cover(document: "ProgrammeDocument", s: Styles, width: float, height: float) -> list[Flowable]:
    event = document.event
    story = [Spacer(1, height * 0.12)]
    logo = _logo(event.logo, width * 0.4, height * 0.18)
    if logo is not None:
        story += [logo, Spacer(1, 8 * mm)]
    if event.organiser:
        story += [para(event.organiser, s["cover_org"]), Spacer(1, 10 * mm)]
    story += [para(event.name, s["cover_title"])]
    if event.subtitle:
        story += [Spacer(1, 4 * mm), para(event.subtitle, s["cover_subtitle"])]
    story += [Spacer(1, 10 * mm),
              para("CHƯƠNG TRÌNH", s["cover_org"]), Spacer(1, 10 * mm),
              para(event_when(event), s["cover_line"])]
    if event.venue:
        story += [Spacer(1, 3 * mm), para(event.venue, s["cover_line"])]
    if event.address:
        story += [para(event.address, s["cover_small"])]
    return story + [PageBreak()]


def item_lines(item: "Item", s: Styles) -> list[Paragraph]:
    """The content cell of a programme item: title, who speaks, where, and what about."""
    lines = [para(item.title, s["cell_bold"])]
    if item.speaker_name:
        who = item.speaker_name + (f", {item.speaker_position}" if item.speaker_position else "")
        lines.append(para(who, s["cell"]))
    if item.description:
        lines.append(para(item.description, s["cell_small"]))
    if item.categories:
        counts = ", ".join(f"{c.name} ({len(c.recipients)})" for c in item.categories)
        lines.append(para(counts, s["cell_small"]))
    if item.location:
        lines.append(para(f"Địa điểm: {item.location}", s["cell_small"]))
    return lines


def time_range(item: "Item", tz: str) -> str:
    start = local_time(item.start, tz)
    if item.duration_minutes:
        return f"{start} – {local_time(item.end, tz)}"
    return start


def _running_order(document: "ProgrammeDocument", s: Styles, width: float) -> list[Flowable]:
    tz = document.event.timezone
    rows = [[para("Thời gian", s["head"]), para("Nội dung", s["head"])]]
    for item in document.items:
        rows.append([para(time_range(item, tz), s["cell"]), item_lines(item, s)])
    title = para("Chương trình", s["h1"])
    if len(rows) == 1:
        return [title, para("Chương trình đang được cập nhật.", s["body"])]
    return captioned([title], table(rows, [width * 0.2, width * 0.8], font_size=s["cell"].fontSize))


def honours_table(category: "Category", s: Styles, width: float, heading: str | None = None) -> RowsTable:
    """The recipients of one category in calling order; the category name and the column headings
    repeat at the top of every page the list flows onto."""
    head = [[para(heading or category.name, s["head"]), "", ""],
            [para("STT", s["head"]), para("Tập thể, cá nhân", s["head"]), para("Chức vụ, đơn vị", s["head"])]]
    rows = list(head)
    for r in category.recipients:
        where = ", ".join(part for part in (r.title, r.organization) if part)
        rows.append([str(r.position), para(r.name, s["cell_bold"]), para(where, s["cell"])])
    return table(rows, [width * 0.08, width * 0.46, width * 0.46], header_rows=2,
                 extra_styles=[("SPAN", (0, 0), (-1, 0))], font_size=s["cell"].fontSize)


def _category_intro(category: "Category", s: Styles) -> list[Paragraph]:
    kind = " · ".join(part for part in (category.kind_label, category.awarding_body) if part)
    lines = [para(kind, s["small"])]
    if category.presenter:
        lines.append(para(f"Người trao: {category.presenter}", s["small"]))
    return lines


def _honours(document: "ProgrammeDocument", s: Styles, width: float) -> list[Flowable]:
    story = [para("Danh sách khen thưởng", s["h1"])]
    for category in document.categories:
        intro = _category_intro(category, s)
        if not category.recipients:
            story += [CondPageBreak(40 * mm),
                      KeepTogether([para(category.name, s["h2"]), *intro, para("(Chưa có danh sách)", s["small"])])]
            continue
        # The intro stays with the start of the list.
        story += captioned([Spacer(1, 3 * mm), *intro, Spacer(1, 1.5 * mm)], honours_table(category, s, width))
    return story


def _floor_plan(plan: "FloorPlan", turn: bool) -> list[Flowable]:
    """A page of its own: A4 turned to landscape, or the plan turned on an upright A5 page."""
    page = FloorPlanPage(plan, "Sơ đồ gian hàng", fonts(), turned=not turn)
    if turn:
        return [NextPageTemplate(TURNED), PageBreak(), page, NextPageTemplate(UPRIGHT)]
    return [PageBreak(), page]


def _exhibitors(document: "ProgrammeDocument", s: Styles, width: float) -> list[Flowable]:
    story = [para("Đơn vị trưng bày", s["h1"])]
    rows = [[para("Gian hàng", s["head"]), para("Đơn vị trưng bày", s["head"]),
             para("Ngành hàng, sản phẩm", s["head"])]]
    for e in document.exhibitors:
        offer = " – ".join(part for part in (e.sector, e.products) if part)
        rows.append([para(e.booths, s["cell_bold"]), para(e.cooperative, s["cell"]), para(offer, s["cell_small"])])
    story += captioned([para("Danh mục đơn vị trưng bày", s["h2"])],
                       table(rows, [width * 0.16, width * 0.44, width * 0.40], font_size=s["cell"].fontSize))
    return story
