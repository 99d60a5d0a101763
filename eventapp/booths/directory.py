"""The exhibitor directory: booth codes -> cooperative, sector, products. The one list behind the
plan PDF, the public plan page, the guests' programme PDF and the CSV download."""
from dataclasses import dataclass

from ..cooperatives.models import Cooperative
from ..extensions import db
from ..registration.sheets import to_csv
from .models import Booth, BoothApplication, BoothAssignment


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
    """One row per exhibitor (a cooperative's application: one per event), ordered by its first
    booth code. Sector and products are what the application says for this event, else the
    cooperative's in the registry."""
    rows = {}
    query = (db.select(BoothApplication.id, Booth.code, Cooperative.name, BoothApplication.sector, Cooperative.sector,
                       BoothApplication.products, Cooperative.products, Cooperative.district)
             .select_from(BoothAssignment)
             .join(Booth, Booth.id == BoothAssignment.booth_id)
             .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
             .join(Cooperative, Cooperative.id == BoothApplication.cooperative_id)
             .where(BoothAssignment.event_id == event.id).order_by(Booth.code))
    for application_id, code, name, sector, coop_sector, products, coop_products, district in db.session.execute(query):
        row = rows.get(application_id)
        if row is None:
            row = rows[application_id] = DirectoryRow([], name, sector or coop_sector, products or coop_products,
                                                      district)
        row.codes.append(code)
    return sorted(rows.values(), key=lambda r: r.codes[0])


def directory_csv(rows, header=("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm")):
    """UTF-8 with a byte-order mark (so that Excel reads the diacritics), one line per booth; what a
    cooperative typed never runs as a formula ('=HYPERLINK(...)' stays text)."""
    return to_csv([list(header)] + [[code, row.cooperative, row.sector, row.products]
                                     for row in rows for code in row.codes])
