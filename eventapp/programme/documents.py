"""What the printed programmes show, read from the database into plain data for the renderers.

The renderers (eventapp.programme.render) take these dataclasses and return PDF bytes; they know
neither the database nor Flask.
"""
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from flask_babel import force_locale

from ..booths.directory import DirectoryRow, directory_rows
from ..booths.models import Booth, BoothAssignment
from ..db import utcnow
from ..extensions import db
from ..layouts.queries import design_for
from .awards import list_categories
from .labels import AWARD_KIND_LABELS, ITEM_KIND_LABELS
from .queries import recipient_guest_ids
from .render.certificates import render_certificates
from .services import schedule


@dataclass
class EventInfo:
    name: str
    organiser: str
    venue: str
    address: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    logo: bytes | None = None
    subtitle: str = ""


@dataclass
class Recipient:
    position: int
    name: str
    title: str = ""
    organization: str = ""
    is_collective: bool = False
    is_guest: bool = False


@dataclass
class Category:
    name: str
    awarding_body: str = ""
    kind: str = "certificate"
    kind_label: str = ""
    presenter: str = ""
    round_title: str = ""
    certificate_template: str = "classic"
    certificate_text: str = ""
    recipients: list = field(default_factory=list)
    id: int | None = None
    certificate: "CertificateSettings" = field(default_factory=lambda: CertificateSettings())


@dataclass
class CertificateSettings:
    """How the awarding body issues the certificate (see AwardCategory): what frames the recipient."""

    national_heading: bool = False
    decision_number: str = ""
    decision_date: date | None = None
    signing_place: str = ""
    signing_date: date | None = None  # None: the event's day
    signer_title: str = ""  # lines separated by "/"
    signer_name: str = ""
    preprinted: bool = False  # only the variable text, on the awarding body's printed paper
    offset_x_mm: float = 0  # right
    offset_y_mm: float = 0  # down


@dataclass
class Item:
    position: int
    title: str
    start: datetime
    end: datetime
    kind: str = "other"
    kind_label: str = ""
    description: str = ""
    speaker_name: str = ""
    speaker_position: str = ""
    location: str = ""
    duration_minutes: int = 0
    pinned: bool = False
    categories: list = field(default_factory=list)  # the award categories this round presents

    @property
    def recipient_count(self):
        return sum(len(c.recipients) for c in self.categories)


@dataclass
class FloorPlan:
    """The booths and their assignments, as the booths feature's plan drawing takes them."""

    booths: list
    assignments: list


@dataclass
class ProgrammeDocument:
    event: EventInfo
    items: list
    categories: list
    exhibitors: list[DirectoryRow] = field(default_factory=list)  # the booths feature's directory
    floor_plan: FloorPlan | None = None
    printed_at: datetime = field(default_factory=utcnow)
    certificate_layout: dict | None = None  # the event's designed certificate (layout JSON), if any


def build_document(event, printed_at=None):
    """Everything the guest programme, the run sheet and the certificates print, for one event."""
    with force_locale("vi"):  # printed in the event's language, whoever clicks
        guests = recipient_guest_ids(event)
        categories = {}
        ordered_categories = []
        for c in list_categories(event):
            category = Category(
                name=c.name, awarding_body=c.awarding_body, kind=c.kind, kind_label=str(AWARD_KIND_LABELS[c.kind]),
                presenter=c.presenter, round_title=c.programme_item.title if c.programme_item else "",
                certificate_template=c.certificate_template, certificate_text=c.certificate_text,
                recipients=[Recipient(r.position, r.name, r.title, r.organization, r.is_collective,
                                      r.guest_id is not None and r.guest_id in guests) for r in c.recipients],
                id=c.id,
                certificate=CertificateSettings(
                    c.national_heading, c.decision_number, c.decision_date, c.signing_place, c.signing_date,
                    c.signer_title, c.signer_name, c.preprinted, c.offset_x_mm, c.offset_y_mm),
            )
            categories.setdefault(c.programme_item_id, []).append(category)
            ordered_categories.append(category)
        items = [
            Item(position=s.item.position, title=s.item.title, start=s.start, end=s.end, kind=s.item.kind,
                 kind_label=str(ITEM_KIND_LABELS.get(s.item.kind, s.item.kind)), description=s.item.description,
                 speaker_name=s.item.speaker_name, speaker_position=s.item.speaker_position,
                 location=s.item.location, duration_minutes=s.item.duration_minutes, pinned=s.slot.pinned,
                 categories=categories.get(s.item.id, []))
            for s in schedule(event)
        ]
    exhibitors, plan = _exhibitors(event)
    info = EventInfo(event.name, event.organiser, event.venue, event.address, event.starts_at, event.ends_at,
                     event.timezone, event.logo, event.subtitle)
    return ProgrammeDocument(info, items, ordered_categories, exhibitors, plan, printed_at or utcnow(),
                             certificate_layout=design_for(event, "certificate"))


def certificate_preview(event, layout, mode="office", limit=4):
    """A PDF of the (validated, maybe unsaved) certificate layout drawn by the code that prints,
    for the event's first recipients (one page each; a sample recipient when there are none)."""
    document = build_document(event)
    chosen, left = [], limit
    for category in document.categories:
        if left <= 0:
            break
        if category.recipients:
            chosen.append(replace(category, recipients=category.recipients[:left]))
            left -= len(chosen[-1].recipients)
    if not chosen:
        chosen = [Category(name="Giấy khen", awarding_body=event.organiser,
                           recipients=[Recipient(1, "Nguyễn Thị Phương Thảo", "Giám đốc",
                                                 "HTX Nông nghiệp Tân Dương")])]
    return render_certificates(replace(document, certificate_layout=layout), chosen, mode=mode)


def _exhibitors(event):
    """The exhibitor directory (the same rows as the booth plan's PDF and CSV) and the floor plan:
    only when booths have been assigned."""
    rows = directory_rows(event)
    if not rows:
        return [], None
    booths = db.session.execute(
        db.select(Booth).filter_by(event_id=event.id).order_by(Booth.code)
    ).scalars().all()
    assignments = db.session.execute(
        db.select(BoothAssignment).filter_by(event_id=event.id)
    ).scalars().all()
    return rows, FloorPlan(booths, assignments)
