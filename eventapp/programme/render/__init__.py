"""The printed programmes: pure renderers, ProgrammeDocument in, PDF bytes out."""
from typing import TYPE_CHECKING

from .booklet import booklet_order, impose, render_booklet
from .certificates import render_calibration, render_certificates
from .guest import render_guest_programme
from .runsheet import render_run_sheet

if TYPE_CHECKING:
    from ..documents import ProgrammeDocument

KINDS = ("guest", "booklet", "runsheet", "certificates")


def render(kind: str, document: "ProgrammeDocument") -> bytes:
    """PDF bytes of one kind of printout. ValueError for an unknown kind."""
    if kind == "guest":
        return render_guest_programme(document)
    if kind == "booklet":
        return render_booklet(document)
    if kind == "runsheet":
        return render_run_sheet(document)
    if kind == "certificates":
        return render_certificates(document)
    raise ValueError(f"unknown programme kind: {kind}")


__all__ = ["KINDS", "booklet_order", "impose", "render", "render_booklet", "render_calibration", "render_certificates",
           "render_guest_programme", "render_run_sheet"]
