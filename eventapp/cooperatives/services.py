"""The rules of the registry: what a cooperative record may hold, creating and editing one.

Every field is checked here, for the organisers' form and for the import alike; a record that
breaks a rule is refused with every broken rule named (InvalidCooperative.errors), each on its field.
"""
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Organiser
from ..extensions import db
from ..registration.contact import normalize_email, normalize_phone
from ..text import clean, search_key
from .models import Cooperative

MAX_ID = 2**31 - 1  # beyond an INTEGER column: not found, rather than a database error
FIRST_YEAR = 1945  # the alliance's oldest members joined after independence

# The legal forms offered, and the spellings people write for each (compared diacritic-blind).
DEFAULT_KIND = "Hợp tác xã"
KINDS = {
    "Hợp tác xã": ("htx", "hop tac xa", "cooperative", "co-operative", "coop"),
    "Liên hiệp hợp tác xã": ("lien hiep htx", "lhhtx", "lh htx", "lien hiep", "union of cooperatives",
                             "cooperative union"),
    "Quỹ tín dụng nhân dân": ("qtdnd", "quy tin dung", "people's credit fund", "peoples credit fund",
                              "credit fund"),
    "Tổ hợp tác": ("tht", "cooperative group"),
}
_KIND_LOOKUP = {search_key(alias): kind for kind, aliases in KINDS.items() for alias in (kind, *aliases)}

# Text fields and the most characters each column holds.
TEXT_LIMITS = {"name": 255, "short_name": 120, "district": 120, "sector": 120, "products": 500,
               "representative": 200}
FIELDS = ("name", "short_name", "kind", "district", "sector", "products", "representative", "email", "phone",
          "member_since", "is_priority")
FIELD_LABELS = {
    "name": _l("Tên hợp tác xã"), "short_name": _l("Tên viết tắt"), "kind": _l("Loại hình"),
    "district": _l("Quận, huyện"), "sector": _l("Ngành"), "products": _l("Sản phẩm"),
    "representative": _l("Người đại diện"), "email": _l("Email"), "phone": _l("Điện thoại"),
    "member_since": _l("Năm kết nạp"), "is_priority": _l("Tiêu biểu"),
}


class InvalidCooperative(DomainError):
    """Some fields break a rule; ``errors`` holds one DomainError per broken rule, each with its field."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors[0].message, field=errors[0].field)
        self.errors = errors


def canonical_kind(raw: object) -> str | None:
    """'HTX', 'Liên hiệp HTX', 'qtdnd'... -> the legal form as offered; None when unknown."""
    return _KIND_LOOKUP.get(search_key(str(raw or "")))


def _year(raw: object) -> int | None:
    text = clean(str(raw)) if raw is not None else ""
    if not text:
        return None
    this_year = date.today().year
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= this_year:
        raise DomainError(_("Năm kết nạp phải là một năm từ %(first)d đến %(last)d.", first=FIRST_YEAR,
                            last=this_year), field="member_since")
    return int(text)


def check_values(raw: Mapping[str, object]) -> tuple[dict[str, Any], list[DomainError]]:
    """(clean values, every broken rule) of a record as typed. Values left empty stay empty
    ("" or None; kind ""): the caller decides what empty means (a default, or "leave as it is")."""
    values: dict[str, Any] = {}
    errors: list[DomainError] = []
    for key, limit in TEXT_LIMITS.items():
        values[key] = clean(str(raw.get(key) or "")) or ""
        if len(values[key]) > limit:
            errors.append(DomainError(_("%(label)s quá dài (tối đa %(max)d ký tự).", label=FIELD_LABELS[key],
                                        max=limit), field=key))
    if not values["name"]:
        errors.append(DomainError(_("Vui lòng nhập tên hợp tác xã."), field="name"))
    kind_text = clean(str(raw.get("kind") or "")) or ""
    values["kind"] = canonical_kind(kind_text) if kind_text else ""
    if values["kind"] is None:
        values["kind"] = kind_text
        errors.append(DomainError(_("Loại hình «%(kind)s» không có; chọn một trong: %(kinds)s.", kind=kind_text,
                                    kinds=", ".join(KINDS)), field="kind"))
    for key, normalise in (("email", normalize_email), ("phone", normalize_phone), ("member_since", _year)):
        typed: Any = raw.get(key)
        try:
            values[key] = normalise(typed)
        except DomainError as exc:
            values[key] = None
            errors.append(DomainError(exc.message, field=key))
    if values["email"] and len(values["email"]) > 255:
        errors.append(DomainError(_("Địa chỉ email không hợp lệ."), field="email"))
    values["is_priority"] = bool(raw.get("is_priority"))
    return values, errors


def checked(raw: Mapping[str, object]) -> dict[str, Any]:
    values, errors = check_values(raw)
    if errors:
        raise InvalidCooperative(errors)
    return values


def apply_values(coop: Cooperative, values: Mapping[str, object]) -> None:
    """Writes checked values onto a record (an empty legal form is the usual one) and its keys."""
    for key in FIELDS:
        setattr(coop, key, values[key])
    coop.kind = values["kind"] or DEFAULT_KIND
    coop.refresh_keys()


def unique_conflict(name: str, district: str) -> Conflict:
    if district:
        message = _("Đã có hợp tác xã «%(name)s» ở «%(district)s».", name=name, district=district)
    else:
        message = _("Đã có hợp tác xã «%(name)s» (không ghi quận, huyện).", name=name)
    return Conflict(message, field="name")


def _flush(coop: Cooperative) -> None:
    """Flushes the record; the database's unique (organiser, name, district) becomes a Conflict."""
    name, district = coop.name, coop.district
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise unique_conflict(name, district) from None


# ----- reading one --------------------------------------------------------------------------------

def get_cooperative(organiser: Organiser, coop_id: int) -> Cooperative:
    """The organiser's cooperative of that id; NotFound for another organiser's, as for none."""
    coop = db.session.get(Cooperative, coop_id) if 0 < coop_id <= MAX_ID else None
    if coop is None or coop.organiser_id != organiser.id:
        raise NotFound(_("Không tìm thấy hợp tác xã."))
    return coop


def find_cooperative(organiser: Organiser, text: str) -> Cooperative:
    """A cooperative of the organiser by its number or its name (diacritics, case and the legal
    form aside: "htx nong nghiep tan duong" finds "Hợp tác xã Nông nghiệp Tân Dương"). NotFound
    when none matches; DomainError naming the candidates when several do."""
    from .matching import match_key

    text = clean(str(text or "")) or ""
    if text.isascii() and text.isdigit():
        try:
            return get_cooperative(organiser, int(text))
        except NotFound:
            raise NotFound(_("Không có hợp tác xã số %(n)s.", n=text), field="cooperative") from None
    coops = db.session.execute(db.select(Cooperative).where(Cooperative.organiser_id == organiser.id)
                               .order_by(Cooperative.id)).scalars().all()
    exact = [c for c in coops if c.name == text]
    key = match_key(text).split("|")[0]
    found = exact or [c for c in coops if c.match_key.split("|")[0] == key]
    if not found:
        raise NotFound(_("Không có hợp tác xã “%(name)s”.", name=text), field="cooperative")
    if len(found) > 1:
        raise DomainError(_("Có %(n)d hợp tác xã cùng tên: %(list)s. Hãy ghi số của hợp tác xã.", n=len(found),
                            list="; ".join(f"{c.id}: {c.name} ({c.district or '—'})" for c in found)),
                          field="cooperative")
    return found[0]


def possible_duplicates(coop: Cooperative) -> list[Cooperative]:
    """The organiser's other cooperatives with the same name and district, spelling aside."""
    return list(db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == coop.organiser_id,
                                     Cooperative.match_key == coop.match_key, Cooperative.id != coop.id)
        .order_by(Cooperative.id)).scalars())


# ----- writing ------------------------------------------------------------------------------------

def create_cooperative(organiser: Organiser, **raw: object) -> Cooperative:
    values = checked(raw)
    coop = Cooperative(organiser_id=organiser.id)
    apply_values(coop, values)
    db.session.add(coop)
    _flush(coop)
    record("cooperative.create", f"cooperative:{coop.id}", organiser=organiser, name=coop.name)
    db.session.commit()
    return coop


def update_cooperative(coop: Cooperative, **raw: object) -> Cooperative:
    values = checked(raw)
    before = {key: getattr(coop, key) for key in FIELDS}
    apply_values(coop, values)
    changed = [key for key in FIELDS if getattr(coop, key) != before[key]]
    _flush(coop)
    if changed:
        record("cooperative.update", f"cooperative:{coop.id}", organiser=coop.organiser_id, name=coop.name,
               fields=changed)
    db.session.commit()
    return coop
