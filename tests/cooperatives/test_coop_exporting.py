"""Exporting the registry: the import's headers, Excel-safe cells, and a file that imports back unchanged."""
import csv
import io

import pytest

from eventapp.audit import AuditEntry
from eventapp.cooperatives import exporting, importing


@pytest.fixture
def registry(organiser, add_coop):
    add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", short_name="HTX Tân Dương", sector="Nông nghiệp",
             products="Rau an toàn, gạo", representative="Nguyễn Văn Hải", email="tanduong@example.vn",
             phone="+84912345678", member_since=2015, is_priority=True)
    add_coop(organiser, "Liên hiệp HTX Thủy sản", kind="Liên hiệp HTX", district="", sector="Thủy sản")
    add_coop(organiser, "=HYPERLINK(\"http://x\")", district="An Dương", products="-1+2", representative="@ai")
    add_coop(organiser, "Ấp Bắc", district="Kiến An")


def test_csv_has_a_bom_the_import_headers_vietnamese_order_and_no_formulas(db, organiser, registry):
    data, mimetype, filename = exporting.export_cooperatives(organiser, "csv")
    assert data.startswith("\ufeff".encode()) and mimetype.startswith("text/csv") and filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == importing.HEADERS
    # Vietnamese order: Ấ after A, before B...; a sign after every letter.
    assert [r[0] for r in rows[1:]] == ["Ấp Bắc", "Hợp tác xã Nông nghiệp Tân Dương", "Liên hiệp HTX Thủy sản",
                                        "'=HYPERLINK(\"http://x\")"]
    assert rows[4][5:7] == ["'-1+2", "'@ai"]
    assert rows[2][7:] == ["tanduong@example.vn", "0912 345 678", "2015", "Có"]
    # Representatives' contacts left the system: the export is in the audit log.
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="cooperative.export")).scalar_one()
    assert entry.organiser_id == organiser.id


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_back_as_the_same_cooperatives(db, organiser, registry, kind):
    data, _mimetype, filename = exporting.export_cooperatives(organiser, kind)
    preview = importing.build_preview(organiser, filename, data)
    assert [r.action for r in preview.rows] == ["merge"] * 4, [r.errors for r in preview.rows]
    assert all(r.fills == [] for r in preview.rows)
    assert preview.rows[3].name == "=HYPERLINK(\"http://x\")"  # the apostrophe the export adds is removed


def test_an_empty_registry_exports_its_headers(db, organiser):
    from openpyxl import load_workbook

    data, _mimetype, _filename = exporting.export_cooperatives(organiser, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == importing.HEADERS and sheet.max_row == 1
