"""Imports every model so that SQLAlchemy's metadata (and Alembic) know the whole schema."""
from .audit import AuditEntry  # noqa: F401
from .auth.models import ApiKey, User  # noqa: F401
from .badges.models import BadgePrint, BadgePrintBatch  # noqa: F401
from .booths.models import (  # noqa: F401
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothPreference,
    BoothSettings,
    BoothZoneRule,
    ExhibitorAccount,
)
from .checkin.models import Admission, Gate, Scan, gate_category  # noqa: F401
from .cooperatives.models import Cooperative  # noqa: F401
from .events.models import Event, GuestCategory, Organiser  # noqa: F401
from .jobs.models import Job  # noqa: F401
from .layouts.models import EventLayout  # noqa: F401
from .messages.models import Message  # noqa: F401
from .previews import ImportPreview  # noqa: F401
from .programme.models import AwardCategory, AwardRecipient, ProgrammeItem  # noqa: F401
from .registration.models import Guest, RevokedBadge  # noqa: F401
