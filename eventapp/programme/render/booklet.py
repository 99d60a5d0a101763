"""The A5 booklet: A5 pages imposed two per A4 landscape sheet side, in saddle-stitch order.

Printed double-sided (flip on the short edge), the stack of sheets folded in the middle reads
1, 2, 3... Blank pages bring the count to a multiple of 4.
"""
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from .guest import render_guest_programme


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
    writer = PdfWriter()
    for left, right in booklet_order(len(pages)):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for number, offset in ((left, 0), (right, width)):
            if number is not None:
                sheet.merge_transformed_page(pages[number - 1], Transformation().translate(offset, 0))
        writer.add_page(sheet)
    writer.add_metadata({key: str(value) for key, value in (reader.metadata or {}).items()})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_booklet(document):
    return impose(render_guest_programme(document, page_format="A5"))
