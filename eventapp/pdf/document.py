"""What every PDF of the app declares about itself: its title, its author (the organiser), its
language, and a canvas whose initial font is the embedded one.

A print shop's preflight reads these: a listed but unembedded font (reportlab's Helvetica, set on
every page even when unused) is flagged, and a PDF without /Lang reads badly in a screen reader.
"""
from typing import IO, Any

from reportlab.pdfgen.canvas import Canvas

from .fonts import register_fonts

LANG = "vi"
CREATOR = "eventapp"


def new_canvas(buffer: IO[bytes], pagesize: tuple[float, float], title: str, author: str | None = "",
               subject: str = "", **kwargs: Any) -> Canvas:
    """A reportlab canvas with the embedded font as its initial font and the document's metadata."""
    regular, _bold = register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize, initialFontName=regular, lang=LANG, **kwargs)
    canvas.setTitle(title)
    canvas.setAuthor(author or "")
    canvas.setSubject(subject)
    canvas.setCreator(CREATOR)
    return canvas


def template_options(title: str, author: str | None = "", subject: str = "") -> dict[str, str]:
    """The same for a platypus document template (SimpleDocTemplate keyword arguments)."""
    regular, _bold = register_fonts()
    return {"title": title, "author": author or "", "subject": subject, "creator": CREATOR,
            "initialFontName": regular, "lang": LANG}
