"""What a scan is, and what the door answers: the value objects of a scan and the door's rules.

Pure: no database here. services.read_scan() reads a scan in one statement (queries.scan_context);
judge() turns what it read into the answer. The offline list that devices judge from applies the
same verdict(), so that a device without network answers as the server would.

Services take "refs": anything with the attributes of EventRef and GateRef, so the ORM's Event and
Gate do as well.
"""
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from ..errors import NotAllowed, NotFound

if TYPE_CHECKING:
    from ..access import Principal


class NotYours(NotAllowed):
    """Door staff may undo only their own last check-in; a key bound to a gate scans only there."""


@dataclass(frozen=True)
class EventRef:
    id: int
    slug: str
    name: str
    timezone: str
    organiser_id: int  # whose event it is: access.Principal.may_see_event reads it


@dataclass(frozen=True)
class GateRef:
    id: int
    event_id: int
    code: str
    name: str
    name_en: str
    allow_reentry: bool
    active: bool

    def label(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Scanner:
    """Who scans, as the log records it: a staff user, or a device with an API key."""

    label: str
    role: str
    user_id: int | None = None
    api_key_id: int | None = None

    @classmethod
    def from_principal(cls, principal: "Principal") -> "Scanner":
        return cls(label=principal.label, role=principal.role,
                   user_id=getattr(principal.user, "id", None),
                   api_key_id=getattr(principal.api_key, "id", None))


@dataclass
class GuestInfo:
    """What the door may say about a genuine badge."""

    id: int
    name: str
    category: str
    category_en: str
    organization: str
    attention: bool
    award_recipient: bool
    status: str = "registered"
    badge_printed: bool = False  # the door offers "In thẻ" for a badge never printed, else "In lại thẻ"

    def category_label(self, locale: str = "vi") -> str:
        return self.category_en if locale == "en" and self.category_en else self.category


@dataclass
class Judgement:
    result: str | None  # a refusal, or None: may be admitted
    guest: GuestInfo | None = None
    code_tail: str = ""
    other_event: str = ""


@dataclass(frozen=True)
class ScanRead:
    """What services.read_scan() read for one scan, and what it was asked."""

    event: EventRef
    gate: GateRef | None  # None: the event has no such gate
    guest: Any  # the guest's row of queries.scan_context (door_facts and more), None: no such guest
    code: str | None = None  # the text the device read
    token: str | None = None  # the badge code in it, None when it holds none
    short: str | None = None  # or the badge code's prefix a typed short code stands for
    guest_id: int | None = None  # or the guest chosen from a search

    @classmethod
    def from_row(cls, row: Any, **asked: Any) -> "ScanRead":
        # The statement's first columns are the event's five, then the gate's seven.
        gate = GateRef(*row[5:12]) if row[5] is not None else None
        return cls(EventRef(*row[:5]), gate, row if row.guest_id is not None else None, **asked)


# ----- the door's rules ------------------------------------------------------------------------

def verdict(status: str, admitted_here: bool) -> str | None:
    """The door's answer to a genuine, current badge of this event: a refusal, or None (may come
    in). The order of the checks is the rule: a cancelled guest hears "cancelled" at any gate."""
    if status == "cancelled":
        return "cancelled"
    if status != "registered":
        return "not_approved"
    if not admitted_here:
        return "not_allowed_here"
    return None


def judge(read: ScanRead) -> Judgement:
    """The Judgement of a scan from what read_scan() read; writes nothing. NotFound when the guest
    chosen from a search is not one of this event's."""
    row = read.guest
    if read.guest_id is not None:
        if row is None or row.guest_event_id != read.event.id:
            raise NotFound(_("Không tìm thấy khách này."))
        tail = ""
    elif read.token is None and read.short is None:
        return Judgement("invalid", code_tail=code_tail(read.code))
    else:
        tail = read.token[-4:] if read.token is not None else code_tail(read.code)
        if row is None:
            return Judgement("invalid", code_tail=tail)
        if row.guest_event_id != read.event.id:
            # Genuine, but the other event's guests are not this door's business: no name.
            return Judgement("wrong_event", code_tail=tail, other_event=row.guest_event_name)
    info = guest_info(row)
    if (read.token is not None or read.short is not None) and not row.current_badge:
        return Judgement("revoked", info, tail)
    return Judgement(verdict(row.status, row.admitted_here), info, tail)


def guest_info(row: Any) -> GuestInfo:
    return GuestInfo(id=row.guest_id, name=row.full_name, category=row.category, category_en=row.category_en,
                     organization=row.organization, status=row.status, attention=bool(row.attention),
                     award_recipient=bool(row.award_recipient), badge_printed=bool(row.badge_printed))


def usable(text: object) -> bool:
    """Text that can reach the database as a key (PostgreSQL refuses NUL characters)."""
    return isinstance(text, str) and "\x00" not in text and len(text) <= 200


def code_tail(text: str | None) -> str:
    """The last four letters or digits of what was read: the log keeps no more of an unknown code."""
    text = "".join(ch for ch in str(text or "") if ch.isalnum())
    return text[-4:].upper()
