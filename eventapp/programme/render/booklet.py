"""The A5 booklet: A5 pages imposed two per A4 landscape sheet side, in saddle-stitch order.

Printed double-sided (flip on the short edge), the stack of sheets folded in the middle reads
1, 2, 3... Blank pages bring the count to a multiple of 4.
"""
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject
from reportlab.lib.pagesizes import A4, A5, landscape

from ...pdf.document import LANG
from .guest import render_guest_programme

SHEETS = {(round(A5[0]), round(A5[1])): landscape(A4)}  # page size (points) -> sheet size


def _size_key(width, height):
    return round(width), round(height)


def booklet_order(page_count):
    """(left, right) 1-based page numbers for each sheet side in printing order: front of the
    first (outermost) sheet, its back, front of the second... None is a blank page."""
    if page_count <= 0:
        return []
    total = -(-page_count // 4) * 4

    def page(number):
        return number if number <= page_count else None

    sides = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 2 * sheet, 2 * sheet + 1
        sides.append((page(outer_left), page(outer_right)))
        sides.append((page(outer_right + 1), page(outer_left - 1)))
    return sides


def impose(pdf_bytes):
    """Puts the pages of an A5 PDF two by two on double-width sheets in booklet order."""
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
    for left, right in booklet_order(len(pages)):
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for number, offset in ((left, fold - width), (right, fold)):
            if number is not None:
                move = Transformation().translate(offset, (sheet_height - height) / 2)
                sheet.merge_transformed_page(pages[number - 1], move)
        writer.add_page(sheet)
    writer.add_metadata({key: str(value) for key, value in (reader.metadata or {}).items()})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANG)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_booklet(document):
    return impose(render_guest_programme(document, page_format="A5"))
