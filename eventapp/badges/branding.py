"""What organisers set for their badges: the event logo and the colour of each guest category."""
import re
import warnings
from io import BytesIO

from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..events.models import GuestCategory
from ..extensions import db

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 3000  # pixels; a larger image is refused before it is decoded
# The file's first bytes say what it is, whatever its name or the browser claims.
LOGO_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png", "PNG"), (b"\xff\xd8\xff", "image/jpeg", "JPEG"))
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_logo(data):
    """The MIME type of a valid PNG or JPEG logo; raises DomainError(field='logo') otherwise."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    if not data:
        raise DomainError(_("Vui lòng chọn một tệp ảnh PNG hoặc JPEG."), field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise DomainError(_("Ảnh quá lớn: tối đa 1 MB."), field="logo")
    kind = next((k for k in LOGO_SIGNATURES if data.startswith(k[0])), None)
    if kind is None:
        raise DomainError(_("Chỉ nhận ảnh PNG hoặc JPEG."), field="logo")
    _signature, mime, pil_format = kind
    unreadable = _("Không đọc được ảnh: tệp bị hỏng hoặc không đúng định dạng PNG/JPEG.")
    too_large = DomainError(_("Ảnh quá lớn: tối đa %(n)d × %(n)d điểm ảnh.", n=LOGO_MAX_SIDE), field="logo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused by size below
            with Image.open(BytesIO(data)) as image:
                if image.format != pil_format:
                    raise DomainError(unreadable, field="logo")
                if max(image.size) > LOGO_MAX_SIDE:
                    raise too_large
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
        ImageReader(BytesIO(data)).getRGBData()  # and the PDF renderer can draw it
    except DomainError:
        raise
    except Image.DecompressionBombError:  # a header claiming billions of pixels: refused when opened
        raise too_large from None
    except (OSError, SyntaxError, ValueError):
        raise DomainError(unreadable, field="logo") from None
    return mime


def set_logo(event, data):
    mime = check_logo(data)
    event.logo, event.logo_mime = data, mime
    audit.record("event.logo", f"event:{event.id}", event=event, bytes=len(data), mime=mime)
    db.session.commit()


def remove_logo(event):
    event.logo, event.logo_mime = None, None
    audit.record("event.logo_removed", f"event:{event.id}", event=event)
    db.session.commit()


def set_category_colors(event, colors):
    """colors: {category id: '#rrggbb'}. Unknown categories are ignored; a bad colour is refused."""
    changed = {}
    for category in db.session.execute(db.select(GuestCategory).filter_by(event_id=event.id)).scalars():
        value = colors.get(category.id)
        if value is None:
            continue
        if not COLOR.match(value):
            raise DomainError(_("Màu không hợp lệ: %(value)s (dạng #RRGGBB).", value=value[:20]), field="color")
        if value.lower() != category.color.lower():
            category.color = value.lower()
            changed[category.code] = category.color
    if changed:
        audit.record("badge.colors", f"event:{event.id}", event=event, **changed)
    db.session.commit()
    return changed
