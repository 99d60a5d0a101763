"""Badge PDFs: plain data in, PDF bytes out (no database, no Flask, no HTTP errors).

Each card is drawn from a layout document (eventapp.layouts): the event's own design, or the
built-in one of its kind (eventapp.layouts.defaults: the event's logo, name and date at the top,
marks for door staff, the guest's name with position and organisation, the QR with its short code,
a band in the category's colour). Text is drawn with the embedded Noto Sans (Vietnamese comes back
out of the PDF exactly) as plain strings, never parsed as markup, so "<script>" or "A & B <HTX>"
print as typed, and is fitted in its box: nothing is ever cut off or drawn outside the card.

The QR is vector rectangles, sharp at any printer resolution. The parts every card of a category
shares (header, logo, band, fixed text) are drawn once as a PDF form and placed on each card:
1,000 badges cost one copy of the logo, not a thousand.
"""
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from ..layouts.document import Document, default_layout
from ..layouts.draw import AWARD_MARK, PRIORITY_MARK, draw_layout, draw_qr, hex_to_rgb, text_on  # noqa: F401
from ..pdf.document import new_canvas
from ..pdf.fonts import register_fonts
from ..tokens import short_code
from .fitting import Painter
from .layouts import LAYOUT_KINDS, SAFE, draw_crop_marks, for_mode, get_layout, with_card

DEFAULT_COLOR = "#1d4ed8"
NAME_MIN = 18  # points: a name read at a metre, on every layout


@dataclass(frozen=True)
class EventHeader:
    name: str
    date_text: str = ""
    logo: bytes | None = None
    organiser: str = ""  # the PDF's author


@dataclass(frozen=True)
class Badge:
    token: str
    full_name: str
    position: str = ""
    organization: str = ""
    category: str = ""
    color: str = DEFAULT_COLOR
    award: bool = False  # receives an award on stage: seated near the stage
    priority: bool = False  # escorted at the door (leaders, guests who need attention)


# ----- the document ----------------------------------------------------------------------------
@contextmanager
def _binary_streams() -> Iterator[None]:
    """reportlab writes ASCII85 streams by default: 25 % larger and, in pure Python, the slowest
    part of a 1,000-page file. Binary (deflated) streams are what every PDF reader expects.
    reportlab reads the switch from a module setting; another PDF rendered in another thread at
    the same moment may come out binary too, which is just as valid."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


PROGRESS_EVERY = 50


def card_values(header: EventHeader, badge: Badge) -> dict[str, Any]:
    """What the fields of a layout print for this badge."""
    marks = ("priority",) * badge.priority + ("award",) * badge.award
    return {"full_name": badge.full_name, "position": badge.position, "organization": badge.organization,
            "category": badge.category, "badge_code": badge.token, "short_code": short_code(badge.token),
            "marks": marks, "event_name": header.name, "event_date": header.date_text}


def render_badges(header: EventHeader, badges: Iterable[Badge], layout: str = "a6",
                  trace: list[dict[str, Any]] | None = None, progress: Callable[[int], object] | None = None,
                  mode: str = "office", design: Document | None = None) -> bytes:
    """PDF bytes of the badges in the layout ('a6', 'a4-4up', 'a4-8cards', 'label') and print
    mode ('office', 'print-shop', 'mono': see layouts.MODES).

    design: the card's layout document, validated (eventapp.layouts.document.validate); None: the
    built-in design of the layout's kind.
    trace: a list that receives, for tests, every line of text drawn: its card, its box in card
    coordinates and the box it had to fit.
    progress: called with the number of cards drawn so far, every PROGRESS_EVERY cards (a large
    batch is rendered in the background and its page shows how far it is).
    """
    badges = list(badges)
    if not badges:
        raise ValueError("no badges to render")
    design = design or default_layout(LAYOUT_KINDS.get(layout, "badge-a6"))
    page = design["page"]
    sheet = for_mode(with_card(get_layout(layout), (page["width_mm"] * mm, page["height_mm"] * mm)), mode)
    mono = mode == "mono"
    width, height = sheet.card
    bleed = sheet.bleed
    margin = SAFE if sheet.per_page == 1 and mode != "print-shop" else 0
    fonts = register_fonts()
    buffer = BytesIO()
    with _binary_streams():
        canvas = new_canvas(buffer, sheet.page, f"Thẻ đại biểu – {header.name}", header.organiser, "Thẻ đại biểu",
                            pageCompression=1)
        if sheet.trim:
            x0, y0, x1, y1 = sheet.trim
            canvas.setTrimBox(sheet.trim)
            canvas.setBleedBox((x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed))
        painter = Painter(canvas, trace)
        images = {"logo": ImageReader(BytesIO(header.logo))} if header.logo and not mono else {}
        options: dict[str, Any] = dict(mode=mode, fonts=fonts, width=width, height=height, margin=margin, bleed=bleed,
                       painter=painter)
        forms: dict[tuple[str, str], tuple[str, list[dict[str, Any]]]] = {}
        for badge in badges:
            key = (badge.category, badge.color)
            if key not in forms:
                forms[key] = (f"card{len(forms)}", [])
                canvas.beginForm(forms[key][0], -bleed, -bleed, width + bleed, height + bleed)
                draw_layout(canvas, design, card_values(header, badge), x=0, y=0, part="shared", images=images,
                            colour="#000000" if mono else badge.color, **options)
                canvas.endForm()
                forms[key][1].extend(painter.notes)
                painter.notes = []
        for index, badge in enumerate(badges):
            slot = index % sheet.per_page
            if slot == 0 and index:
                canvas.showPage()
            x, y = sheet.slots[slot]
            canvas.saveState()
            canvas.translate(x, y)
            form_name, form_notes = forms[(badge.category, badge.color)]
            canvas.doForm(form_name)
            painter.notes.extend(form_notes)
            draw_layout(canvas, design, card_values(header, badge), x=0, y=0, part="guest", qr=badge.token,
                        colour="#000000" if mono else badge.color, **options)
            canvas.restoreState()
            painter.flush(index, (x, y))
            if sheet.crop_marks and (slot == sheet.per_page - 1 or index == len(badges) - 1):
                draw_crop_marks(canvas, sheet, slot + 1)
            if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()
