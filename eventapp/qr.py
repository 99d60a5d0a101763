"""Badge code -> QR symbol, built by the qrcode library: the module matrix (drawn as vector
rectangles in the PDFs), SVG and PNG.

Error correction level M, versions 1 to 5 (up to 37 x 37 modules, so phone cameras read it
instantly); a 26-character badge code is alphanumeric and fits version 2 (25 x 25). Renderers are
pure: text in, matrix/bytes out.

The mask is fixed (BADGE_MASK) rather than chosen per symbol. The symbol names its mask in its
format information, so every reader decodes any of the eight; choosing the best one means building
and scoring all eight, which takes the library some 2 ms a symbol in pure Python, 2 s of a 1,000-badge
print run, against 0.3 ms with the mask given.
"""
from io import BytesIO

import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from qrcode.image.pil import PilImage

MAX_VERSION = 5
QUIET_ZONE = 4  # light modules around the symbol, as the standard asks
# Mask 2 (inverts every third column): over random badge codes it has the lowest mean penalty by the
# standard's four rules, and it is the mask the library's own scoring picks most often.
BADGE_MASK = 2


def _symbol(text: str, mask: int | None = BADGE_MASK, module_px: int = 1) -> qrcode.QRCode:
    """The library's symbol for `text`; mask None lets the library score all eight."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=module_px,
                           mask_pattern=mask)
    symbol.add_data(text)
    try:
        version = symbol.best_fit()
    except (DataOverflowError, ValueError):  # beyond version 40: the library raises either
        version = MAX_VERSION + 1
    if version > MAX_VERSION:
        raise ValueError(f"text too long for a QR code of version {MAX_VERSION} at level M")
    symbol.make(fit=False)
    return symbol


def qr_array(text: str, mask: int | None = BADGE_MASK) -> np.ndarray:
    """The symbol as a numpy bool array (True = dark), without quiet zone."""
    return np.array(_symbol(text, mask).modules, dtype=bool)


def qr_version(text: str) -> int:
    return _symbol(text).version


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of booleans (True = dark), without quiet zone."""
    return _symbol(text).modules


def dark_runs(matrix) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules: one rectangle each."""
    grid = np.asarray(matrix, dtype=np.int8)
    edges = np.diff(np.pad(grid, ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    return list(zip(rows.tolist(), starts.tolist(), (ends - starts).tolist()))


def pdf_path_ops(matrix) -> str:
    """PDF operators that fill the dark modules, in module units with y down; the caller sets the
    transformation (see eventapp.badges.render). Integers only: short and exact."""
    return " ".join([f"{c} {r} {n} 1 re" for r, c, n in dark_runs(matrix)]) + " f"


def qr_svg(text: str, module_px: int = 8) -> str:
    """A standalone SVG image (served as image/svg+xml): presentation attributes, no style, one
    path of whole-module rectangles (the library's SVG draws each module on its own, in mm)."""
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * QUIET_ZONE
    path = "".join(f"M{c + QUIET_ZONE} {r + QUIET_ZONE}h{n}v1h-{n}z" for r, c, n in dark_runs(matrix))
    px = side * module_px
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#ffffff"/>'
        f'<path fill="#000000" d="{path}"/></svg>'
    )


def qr_png(text: str, module_px: int = 8) -> bytes:
    """PNG bytes, black on white (one bit a pixel), with the quiet zone."""
    buffer = BytesIO()
    _symbol(text, module_px=module_px).make_image(image_factory=PilImage).save(buffer, optimize=True)
    return buffer.getvalue()
