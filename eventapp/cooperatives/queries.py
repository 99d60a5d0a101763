"""Reading the registry: the organisers' filtered list in Vietnamese order, and what links to each."""
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func

from ..events.models import Event, Organiser
from ..extensions import db
from ..text import search_key, text_sort_key
from .models import Cooperative

PER_PAGE = 30


@dataclass
class Filters:
    q: str = ""
    district: str = ""
    sector: str = ""
    priority: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "Filters":
        """From a query string; what cannot be a filter is ignored rather than refused."""
        return cls(q=(args.get("q") or "")[:200], district=(args.get("district") or "")[:120],
                   sector=(args.get("sector") or "")[:120], priority=args.get("priority") == "1")

    def as_args(self) -> dict:
        args = {"q": self.q, "district": self.district, "sector": self.sector, "priority": "1" if self.priority else ""}
        return {key: value for key, value in args.items() if value}


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    applications: dict = field(default_factory=dict)  # cooperative id -> booth applications
    awards: dict = field(default_factory=dict)        # cooperative id -> award entries
    accounts: dict = field(default_factory=dict)      # cooperative id -> exhibitor account e-mails

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _contains(word: str) -> ColumnElement[bool]:
    """search_key holds the word: instr()/strpos() rather than LIKE, which would read % and _ as wildcards."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.instr(Cooperative.search_key, word) > 0
    return func.strpos(Cooperative.search_key, word) > 0


def in_order(coops: Iterable[Cooperative]) -> list[Cooperative]:
    """Vietnamese alphabetical order of the names (the registry has no stored sort key)."""
    return sorted(coops, key=lambda c: (text_sort_key(c.name), c.district or "", c.id))


def all_cooperatives(organiser: Organiser) -> list[Cooperative]:
    return in_order(db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == organiser.id)).scalars().all())


def search(organiser: Organiser, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the organiser's cooperatives matching the filters, in Vietnamese name order."""
    conditions = [Cooperative.organiser_id == organiser.id]
    conditions += [_contains(word) for word in search_key(filters.q).split()]
    if filters.district:
        conditions.append(Cooperative.district == filters.district)
    if filters.sector:
        conditions.append(Cooperative.sector == filters.sector)
    if filters.priority:
        conditions.append(Cooperative.is_priority.is_(True))
    # A registry holds hundreds, not millions: the names are sorted here, then one page is loaded.
    rows = sorted(db.session.execute(
        db.select(Cooperative.id, Cooperative.name, Cooperative.district).where(*conditions)),
        key=lambda r: (text_sort_key(r.name), r.district or "", r.id))
    page = max(1, min(page or 1, max(1, math.ceil(len(rows) / per_page))))
    ids = [r.id for r in rows[(page - 1) * per_page:page * per_page]]
    loaded = {c.id: c for c in db.session.execute(db.select(Cooperative).where(Cooperative.id.in_(ids))).scalars()}
    applications, awards = link_counts(ids)
    return Page(items=[loaded[i] for i in ids], total=len(rows), page=page, per_page=per_page,
                applications=applications, awards=awards, accounts=account_emails(ids))


def open_events(organiser: Organiser) -> list[Event]:
    """The organiser's events not archived, soonest first: where an exhibitor can be invited."""
    return list(db.session.execute(
        db.select(Event).where(Event.organiser_id == organiser.id, Event.archived_at.is_(None))
        .order_by(Event.starts_at, Event.id)).scalars())


def account_emails(ids: list[int]) -> dict[int, list[str]]:
    """{cooperative id: e-mails of its exhibitor accounts} of these cooperatives."""
    from ..auth.models import User

    found: dict[int, list[str]] = {}
    if ids:
        for coop_id, email in db.session.execute(
                db.select(User.cooperative_id, User.email).where(User.cooperative_id.in_(ids), User.role == "exhibitor")
                .order_by(User.email)):
            found.setdefault(coop_id, []).append(email)
    return found


def link_counts(ids: list[int]) -> tuple[dict, dict]:
    """({id: booth applications}, {id: award entries}) of these cooperatives: two grouped counts."""
    from ..booths.models import BoothApplication
    from ..programme.models import AwardRecipient

    if not ids:
        return {}, {}
    counts = []
    for model in (BoothApplication, AwardRecipient):
        counts.append(dict(db.session.execute(
            db.select(model.cooperative_id, func.count()).where(model.cooperative_id.in_(ids))
            .group_by(model.cooperative_id)).all()))
    return counts[0], counts[1]


def choices(organiser: Organiser) -> tuple[list[str], list[str]]:
    """(districts, sectors) in use in the organiser's registry, for the filters."""
    result = []
    for column in (Cooperative.district, Cooperative.sector):
        values = db.session.execute(db.select(column).where(Cooperative.organiser_id == organiser.id, column != "")
                                    .distinct()).scalars().all()
        result.append(sorted(values, key=text_sort_key))
    return result[0], result[1]


def by_match_key(organiser: Organiser) -> dict[str, list[Cooperative]]:
    """{match key: the organiser's cooperatives with it, oldest first}: what an import compares with."""
    found: dict[str, list[Cooperative]] = {}
    for coop in db.session.execute(db.select(Cooperative).where(Cooperative.organiser_id == organiser.id)
                                   .order_by(Cooperative.id)).scalars():
        found.setdefault(coop.match_key, []).append(coop)
    return found
