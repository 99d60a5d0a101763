"""The embedded font of every PDF: Noto Sans (SIL Open Font Licence, see fonts/OFL.txt).

Helvetica has no Vietnamese glyphs; a TrueType font embedded (subset) in the PDF makes
"Nguyễn Mạnh Cường" print and come back out of pdftotext exactly as typed.
"""
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.tables import CellStyle

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
_registered = False


def register_fonts() -> tuple[str, str]:
    """Registers the fonts once per process; returns (regular, bold) names."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "NotoSans-Bold.ttf")))
        # <b> inside Paragraphs switches to the bold face.
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        # Every canvas sets its initial font on each page, and every table cell its cell font, and
        # both are listed in the PDF even when no text uses them: Helvetica by default, never
        # embedded, which a print shop's preflight flags. Every PDF of the app is set in Noto Sans.
        rl_config.canvas_basefontname = FONT
        CellStyle.fontname = FONT
        _registered = True
    return FONT, FONT_BOLD
