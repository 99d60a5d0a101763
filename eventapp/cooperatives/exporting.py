"""The registry as CSV or XLSX, with the headers the import reads: an export imports back as
"the same as an existing cooperative" on every row."""
from ..audit import record
from ..events.models import Organiser
from ..extensions import db
from ..registration.contact import display_phone
from ..registration.sheets import to_csv, to_xlsx
from .importing import HEADERS
from .queries import all_cooperatives

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cooperative_rows(organiser: Organiser) -> list[list]:
    """The heading and one row per cooperative, in Vietnamese name order."""
    rows: list[list] = [list(HEADERS)]
    for coop in all_cooperatives(organiser):
        rows.append([coop.name, coop.short_name, coop.kind, coop.district, coop.sector, coop.products,
                     coop.representative, coop.email or "", display_phone(coop.phone),
                     str(coop.member_since) if coop.member_since else "", "Có" if coop.is_priority else ""])
    return rows


def export_cooperatives(organiser: Organiser, kind: str) -> tuple[bytes, str, str]:
    """(bytes, mimetype, filename); kind "csv" (UTF-8 with BOM) or "xlsx". The export of
    representatives' contacts is audited."""
    rows = cooperative_rows(organiser)
    record("cooperative.export", f"organiser:{organiser.id}", organiser=organiser, format=kind, rows=len(rows) - 1)
    db.session.commit()
    if kind == "xlsx":
        return to_xlsx(rows, title="Hop tac xa"), XLSX_MIMETYPE, f"hop-tac-xa-{organiser.slug}.xlsx"
    return to_csv(rows), "text/csv", f"hop-tac-xa-{organiser.slug}.csv"
