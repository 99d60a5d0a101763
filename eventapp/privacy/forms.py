"""The organisers' confirmation of an anonymisation (a guest's deletion needs only its CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import FlaskForm


class AnonymiseForm(FlaskForm):
    confirmation = StringField(_l("Gõ mã sự kiện để xác nhận"), validators=[
        DataRequired(_l("Vui lòng gõ mã sự kiện để xác nhận.")), Length(max=80)])


class DeleteForm(FlaskForm):
    """No field: the form carries the CSRF token."""
