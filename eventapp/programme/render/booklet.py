"""The A5 booklet: A5 pages imposed two per A4 landscape sheet side, in saddle-stitch order.

Printed double-sided (flip on the short edge), the stack of sheets folded in the middle reads
1, 2, 3... Blank pages bring the count to a multiple of 4.
"""
from io import BytesIO
from typing import TYPE_CHECKING

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4, A5, landscape

from ...pdf.document import LANG
from .guest import render_guest_programme

if TYPE_CHECKING:
    from ..documents import ProgrammeDocument

SHEETS = {(round(A5[0]), round(A5[1])): landscape(A4)}  # page size (points) -> sheet size


def _size_key(width: float, height: float) -> tuple[int, int]:
    return round(width), round(height)


def booklet_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) 1-based page numbers for each sheet side in printing order: front of the
    first (outermost) sheet, its back, front of the second... None is a blank page."""
    if page_count <= 0:
        return []
    total = -(-page_count // 4) * 4

    def page(number: int) -> int | None:
        return number if number <= page_count else None

    sides = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 2 * sheet, 2 * sheet + 1
        sides.append((page(outer_left), page(outer_right)))
        sides.append((page(outer_right + 1), page(outer_left - 1)))
    return sides


def impose(pdf_bytes: bytes) -> bytes:
    """Puts the pages of an A5 PDF two by two on double-width sheets in booklet order.

    Each page becomes a form XObject drawn twice at most (its content is copied as it is, never
    parsed again), so a 40-page booklet is imposed in a fraction of a second."""
    reader = PdfReader(BytesIO(pdf_bytes))
    pages = reader.pages
    if not pages:
        return pdf_bytes
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    # The sheet is exactly A4 landscape when the pages are A5 (two A5 widths are 296 mm, A4 is
    # 297): the pages meet at the fold and the spare half millimetre goes to the outer edges.
    sheet_width, sheet_height = SHEETS.get(_size_key(width, height), (2 * width, height))
    fold = sheet_width / 2
    writer = PdfWriter()
    forms: dict[int, IndirectObject] = {}

    def form_of(number: int) -> IndirectObject:
        if number not in forms:
            page = pages[number - 1]
            contents = page.get_contents()
            form = DecodedStreamObject()
            form.set_data(contents.get_data() if contents is not None else b"")
            form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                         NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, width, height)),
                         NameObject("/Resources"): page["/Resources"].clone(writer)})
            forms[number] = writer._add_object(form.flate_encode())
        return forms[number]

    for left, right in booklet_order(len(pages)):
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        xobjects, operations = DictionaryObject(), []
        for number, offset in ((left, fold - width), (right, fold)):
            if number is not None:
                xobjects[NameObject(f"/P{number}")] = form_of(number)
                operations.append(f"q 1 0 0 1 {offset:.4f} {(sheet_height - height) / 2:.4f} cm /P{number} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data("\n".join(operations).encode())
        sheet[NameObject("/Contents")] = writer._add_object(content)
    writer.add_metadata({key: str(value) for key, value in (reader.metadata or {}).items()})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANG)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_booklet(document: "ProgrammeDocument") -> bytes:
    return impose(render_guest_programme(document, page_format="A5"))
