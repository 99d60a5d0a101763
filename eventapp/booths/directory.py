"""The exhibitor directory: booth codes -> cooperative, sector, products (for the plan PDF, the
programme PDF and the CSV download)."""
import csv
import io
from dataclasses import dataclass

from ..extensions import db
from .models import Booth, BoothAssignment

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class DirectoryRow:
    codes: list          # the exhibitor's booths, in order
    cooperative: str
    sector: str
    products: str
    district: str = ""

    @property
    def booths(self):
        return ", ".join(self.codes)


def directory_rows(event):
    """One row per exhibitor, ordered by its first booth code."""
    rows = {}
    query = (db.select(BoothAssignment, Booth).join(Booth, Booth.id == BoothAssignment.booth_id)
             .where(BoothAssignment.event_id == event.id).order_by(Booth.code))
    for assignment, booth in db.session.execute(query).all():
        application = assignment.application
        row = rows.get(application.id)
        if row is None:
            coop = application.cooperative
            row = rows[application.id] = DirectoryRow(
                [], coop.name, application.sector or coop.sector, application.products or coop.products,
                coop.district)
        row.codes.append(booth.code)
    return sorted(rows.values(), key=lambda r: r.codes[0])


def safe_cell(value):
    """A spreadsheet must not run what a cooperative typed: '=HYPERLINK(...)' stays text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def directory_csv(rows, header=("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm")):
    """UTF-8 with a byte-order mark (so that Excel reads the diacritics), one line per booth."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        for code in row.codes:
            writer.writerow([safe_cell(v) for v in (code, row.cooperative, row.sector, row.products)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
