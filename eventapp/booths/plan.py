"""The floor plan: booths drawn by the organiser (form or CSV), zone rules and booth settings."""
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..text import clean
from ..uploads import read_table
from .geometry import Rect, overlapping
from .models import BOOTH_STATUSES, Booth, BoothAssignment, BoothSettings, BoothZoneRule

CSV_COLUMNS = ("code", "zone", "x", "y", "width", "height", "corner", "power", "water")
MAX_BOOTHS = 2000
PLAN_LIMIT = 1000.0  # metres: anything beyond is a typing mistake
TRUE_WORDS = {"1", "x", "true", "yes", "y", "có", "co", "c", "đúng"}
FALSE_WORDS = {"", "0", "false", "no", "n", "không", "khong", "k", "sai", "-"}
CODE_FORBIDDEN = set(',;"\'\n\r\t')


def list_booths(event: Event) -> Sequence[Booth]:
    return db.session.execute(
        db.select(Booth).where(Booth.event_id == event.id).order_by(Booth.code)
    ).scalars().all()


def get_booth(event: Event, booth_id: int) -> Booth:
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.event_id != event.id:
        raise NotFound(_("Không tìm thấy gian hàng."))
    return booth


def booth_by_code(event: Event, code: str | None) -> Booth:
    code = (clean(code) or "").upper()
    booth = db.session.execute(
        db.select(Booth).where(Booth.event_id == event.id, Booth.code == code)
    ).scalar_one_or_none()
    if booth is None:
        raise NotFound(_("Không có gian hàng %(code)s.", code=code), field="target")
    return booth


def zones(event: Event) -> list[str]:
    return sorted(z for z in db.session.execute(
        db.select(Booth.zone).where(Booth.event_id == event.id).distinct()).scalars() if z)


# ----- one booth -----------------------------------------------------------------------------------

def _check_values(code: str | None, zone: str | None, x: float | None, y: float | None, width: float | None,
                  height: float | None, field_prefix: str = "") -> tuple[str, str]:
    code = (clean(code) or "").upper()
    if not code:
        raise DomainError(_("Vui lòng nhập mã gian hàng."), field="code")
    if len(code) > 20:
        raise DomainError(_("Mã gian hàng tối đa 20 ký tự."), field="code")
    if any(c in CODE_FORBIDDEN for c in code):
        # What a CSV line with a stray quote produces ("Z01,KHU"): never a booth code.
        raise DomainError(_("Mã gian hàng \"%(code)s\" có dấu phẩy, chấm phẩy hoặc ngoặc kép; mã chỉ gồm chữ, số "
                            "và dấu gạch.", code=code), field="code")
    zone = clean(zone) or ""
    if len(zone) > 120:
        raise DomainError(_("Tên khu vực tối đa 120 ký tự."), field="zone")
    for name, value in (("x", x), ("y", y)):
        if value is None or not -PLAN_LIMIT <= value <= PLAN_LIMIT:
            raise DomainError(_("Toạ độ phải nằm trong khoảng ±1000 m."), field=name)
    for name, value in (("width", width), ("height", height)):
        if value is None or not 0 < value <= 100:
            raise DomainError(_("Kích thước phải lớn hơn 0 và không quá 100 m."), field=name)
    return code, zone


def _overlap_with(event: Event, shape: "_Shape", ignore_id: int | None = None,
                  others: Iterable[Booth] | None = None) -> Booth | None:
    others = others if others is not None else list_booths(event)
    for other in others:
        if other.id != ignore_id and overlapping(cast(Rect, shape), other):
            return other
    return None


class _Shape:
    # Has no id: overlapping() reads only x, y, width and height, so a _Shape is cast to Rect for it.
    def __init__(self, x: float, y: float, width: float, height: float) -> None:
        self.x, self.y, self.width, self.height = x, y, width, height


def save_booth(event: Event, booth: Booth | None = None, *, code: str | None, zone: str | None = "", x: float,
               y: float, width: float, height: float, is_corner: bool = False, has_power: bool = False,
               has_water: bool = False, status: str | None = None) -> Booth:
    """Creates (booth None) or updates a booth. Refuses overlaps with another booth."""
    code, zone = _check_values(code, zone, x, y, width, height)
    if status is not None and status not in BOOTH_STATUSES:
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    clash = _overlap_with(event, _Shape(x, y, width, height), ignore_id=booth.id if booth else None)
    if clash is not None:
        raise DomainError(_("Gian hàng chồng lên gian %(code)s.", code=clash.code), field="x")
    created = booth is None
    if created:
        booth = Booth(event_id=event.id, status="free")
        db.session.add(booth)
    assert booth is not None
    assigned = booth.id is not None and _assignment_of(booth) is not None
    booth.code, booth.zone, booth.x, booth.y, booth.width, booth.height = code, zone, x, y, width, height
    booth.is_corner, booth.has_power, booth.has_water = bool(is_corner), bool(has_power), bool(has_water)
    if status is not None and not assigned:
        booth.status = status
    record("booth.create" if created else "booth.update", f"booth:{code}", event=event,
           zone=zone, x=x, y=y, width=width, height=height, corner=booth.is_corner,
           power=booth.has_power, water=booth.has_water, status=booth.plan_status)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Đã có gian hàng mã %(code)s.", code=code), field="code") from None
    return booth


def move_booth(booth: Booth, x: float, y: float) -> Booth:
    """A new position (dragged on the plan)."""
    return save_booth(booth.event, booth, code=booth.code, zone=booth.zone, x=x, y=y, width=booth.width,
                      height=booth.height, is_corner=booth.is_corner, has_power=booth.has_power,
                      has_water=booth.has_water)


def _assignment_of(booth: Booth) -> BoothAssignment | None:
    return db.session.execute(
        db.select(BoothAssignment).where(BoothAssignment.booth_id == booth.id)
    ).scalar_one_or_none()


def delete_booth(booth: Booth) -> None:
    assignment = _assignment_of(booth)
    if assignment is not None:
        raise Conflict(_("Gian %(code)s đang được xếp cho %(name)s: hãy gỡ trước khi xoá.",
                         code=booth.code, name=assignment.application.cooperative.name))
    record("booth.delete", f"booth:{booth.code}", event=booth.event_id)
    db.session.delete(booth)
    db.session.commit()


# ----- CSV import ----------------------------------------------------------------------------------

class PlanImportError(DomainError):
    """The file was refused; ``errors`` lists one message per bad row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(_("Tệp có %(n)d lỗi; chưa có gian hàng nào được nhập.", n=len(errors)))
        self.errors = errors


def _number(text: str | None, row: int, column: str, errors: list[str]) -> float | None:
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        errors.append(_("Dòng %(row)d: cột %(column)s không phải là số (\"%(value)s\").",
                        row=row, column=column, value=(text or "")[:20]))
        return None


def _flag(text: str | None, row: int, column: str, errors: list[str]) -> bool:
    word = (clean(text) or "").casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(_("Dòng %(row)d: cột %(column)s phải là có/không (1/0), không phải \"%(value)s\".",
                    row=row, column=column, value=word[:20]))
    return False


def _parse(data: bytes, filename: str | None) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """(rows, errors): the good rows as dicts, and (row number, message) of every bad one."""
    try:
        table = read_table(filename, data, extensions=(".csv",), max_rows=MAX_BOOTHS)
    except DomainError as exc:
        raise PlanImportError([exc.message]) from None
    header = [clean(h).casefold() for h in (table[0][1] if table else [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise PlanImportError([_("Thiếu cột: %(columns)s. Dòng đầu phải là: %(header)s",
                                 columns=", ".join(missing), header=",".join(CSV_COLUMNS))])
    where = {c: header.index(c) for c in CSV_COLUMNS}
    seen: dict[str, int]
    rows, errors, seen = [], [], {}
    for number, raw in table[1:]:
        if any("\n" in cell or "\r" in cell for cell in raw):
            errors.append((number, _("Dòng %(row)d: một dấu ngoặc kép mở ở dòng này chưa được đóng, nên các dòng "
                                     "sau bị gộp vào nó. Hãy xoá hoặc đóng dấu ngoặc kép.", row=number)))
            continue
        cell = {c: (raw[i] if i < len(raw) else "") for c, i in where.items()}
        found: list[str] = []
        values: dict[str, Any] = {c: _number(cell[c], number, c, found) for c in ("x", "y", "width", "height")}
        flags = {c: _flag(cell[c], number, c, found) for c in ("corner", "power", "water")}
        if found:
            errors += [(number, message) for message in found]
            continue
        try:
            code, zone = _check_values(cell["code"], cell["zone"], **values)
        except DomainError as exc:
            errors.append((number, _("Dòng %(row)d: %(message)s", row=number, message=exc.message)))
            continue
        if code in seen:
            errors.append((number, _("Dòng %(row)d: mã %(code)s đã có ở dòng %(first)d.", row=number, code=code,
                                     first=seen[code])))
            continue
        seen[code] = number
        rows.append(dict(row=number, code=code, zone=zone, **values, is_corner=flags["corner"],
                         has_power=flags["power"], has_water=flags["water"]))
    return rows, errors


def _messages(errors: Iterable[tuple[int, str]]) -> list[str]:
    return [message for _row, message in sorted(set(errors), key=lambda e: (e[0], e[1]))]


def _overlaps(rows: list[dict[str, Any]], existing: dict[str, Booth]) -> list[tuple[int, str]]:
    """(row number, message) of every pair of booths that would cover a common area."""
    shapes = {code: _Shape(b.x, b.y, b.width, b.height) for code, b in existing.items()}
    for row in rows:
        shapes[row["code"]] = _Shape(row["x"], row["y"], row["width"], row["height"])
    errors, row_of = [], {r["code"]: r["row"] for r in rows}
    ordered = sorted(shapes, key=lambda c: (shapes[c].x, c))
    for i, code in enumerate(ordered):
        a = shapes[code]
        for other in ordered[i + 1:]:
            b = shapes[other]
            if b.x >= a.x + a.width:
                break
            if overlapping(cast(Rect, a), cast(Rect, b)):
                first, second = sorted((code, other))
                row = max(row_of.get(code, 0), row_of.get(other, 0))  # the line that brings the clash
                errors.append((row, _("Dòng %(row)d: gian %(a)s chồng lên gian %(b)s.", row=row, a=first, b=second)))
    return errors


def import_plan(event: Event, data: bytes, filename: str | None = None) -> tuple[int, int]:
    """All or nothing: creates the booths of the file and updates those whose code exists.
    Every error is reported at once: bad rows and overlaps among the good ones. Returns
    (created, updated)."""
    rows, errors = _parse(data, filename)
    existing = {b.code: b for b in list_booths(event)}
    errors += _overlaps(rows, existing)
    if errors:
        raise PlanImportError(_messages(errors))
    if not rows:
        raise PlanImportError([_("Tệp không có dòng gian hàng nào.")])
    created = updated = 0
    for row in rows:
        booth = existing.get(row["code"])
        if booth is None:
            booth = Booth(event_id=event.id, code=row["code"], status="free")
            db.session.add(booth)
            created += 1
        else:
            updated += 1
        for key in ("zone", "x", "y", "width", "height", "is_corner", "has_power", "has_water"):
            setattr(booth, key, row[key])
    record("booth.import", "plan", event=event, created=created, updated=updated)
    db.session.commit()
    return created, updated


def plan_csv(event: Event) -> str:
    """The plan in the import format (to edit in a spreadsheet and import back)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for b in list_booths(event):
        writer.writerow([b.code, b.zone, f"{b.x:g}", f"{b.y:g}", f"{b.width:g}", f"{b.height:g}",
                         int(b.is_corner), int(b.has_power), int(b.has_water)])
    return "\ufeff" + out.getvalue()


# ----- zone rules and settings ---------------------------------------------------------------------

def zone_rules(event: Event) -> dict[str, set[str]]:
    """{zone: set of sectors admitted} for the restricted zones."""
    rules: dict[str, set[str]] = {}
    for rule in db.session.execute(db.select(BoothZoneRule).filter_by(event_id=event.id)).scalars():
        rules.setdefault(rule.zone, set()).add(rule.sector)
    return rules


def set_zone_rule(event: Event, zone: str | None, sectors: Iterable[str | None]) -> None:
    """The sectors a zone admits; an empty list lifts the restriction."""
    zone = clean(zone) or ""
    if zone not in zones(event):
        raise NotFound(_("Không có khu vực này trên sơ đồ."), field="zone")
    sectors = sorted({clean(s) for s in sectors if clean(s)})
    db.session.execute(db.delete(BoothZoneRule).where(BoothZoneRule.event_id == event.id,
                                                      BoothZoneRule.zone == zone))
    for sector in sectors:
        db.session.add(BoothZoneRule(event_id=event.id, zone=zone, sector=sector[:120]))
    record("booth.zone_rule", f"zone:{zone}", event=event, sectors=sectors)
    db.session.commit()


def settings_for(event: Event) -> BoothSettings | None:
    return db.session.execute(db.select(BoothSettings).filter_by(event_id=event.id)).scalar_one_or_none()


def staff_category(event: Event) -> GuestCategory | None:
    """The guest category of booth staff: the organiser's choice, else the category 'trung-bay'."""
    chosen = settings_for(event)
    if chosen is not None and chosen.staff_category is not None:
        return chosen.staff_category
    return db.session.execute(
        db.select(GuestCategory).where(GuestCategory.event_id == event.id, GuestCategory.code == "trung-bay")
        .order_by(GuestCategory.position, GuestCategory.id)
    ).scalars().first()


def update_settings(event: Event, *, self_selection: bool, staff_per_booth: int | None,
                    staff_category_id: int | None = None) -> None:
    if staff_per_booth is None or not 0 <= staff_per_booth <= 50:
        raise DomainError(_("Số nhân viên mỗi gian từ 0 đến 50."), field="staff_per_booth")
    category = None
    if staff_category_id:
        category = db.session.get(GuestCategory, staff_category_id)
        if category is None or category.event_id != event.id:
            raise DomainError(_("Thành phần không thuộc sự kiện này."), field="staff_category_id")
    current = settings_for(event)
    if current is None:
        current = BoothSettings(event_id=event.id)
        db.session.add(current)
    current.staff_category = category
    event.booth_self_selection = bool(self_selection)
    event.staff_per_booth = staff_per_booth
    record("booth.settings", "settings", event=event, self_selection=bool(self_selection),
           staff_per_booth=staff_per_booth, staff_category=category.code if category else None)
    db.session.commit()
