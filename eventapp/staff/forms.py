from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from ..auth.services import MIN_PASSWORD_LENGTH
from ..forms import FlaskForm, choices

ROLE_CHOICES = choices([("admin", _l("Ban tổ chức")), ("door", _l("Cán bộ cổng")),
                        ("exhibitor", _l("Đơn vị trưng bày"))])


def _email(label=None):
    return EmailField(label or _l("Email"), validators=[DataRequired(_l("Vui lòng nhập email.")),
                                               Email(_l("Email không hợp lệ.")), Length(max=255)])


def _full_name(label=None):
    return StringField(label or _l("Họ và tên"),
                       validators=[DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=255)])


class InviteForm(FlaskForm):
    email = _email()
    full_name = _full_name()
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES)
    # 0: every event of the organiser (admins only); the view fills in the organiser's events.
    event_id = SelectField(_l("Phạm vi"), coerce=int, choices=[],
                           description=_l("Cán bộ cổng và đơn vị trưng bày chỉ làm việc cho một sự kiện."))
    cooperative_id = SelectField(_l("Hợp tác xã (đơn vị trưng bày)"), coerce=int, choices=[],
                                 description=_l("Từ danh bạ hợp tác xã của đơn vị; "
                                                "chỉ những hợp tác xã chưa có tài khoản."))


class AccessForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES[:2])
    event_id = SelectField(_l("Phạm vi"), coerce=int, choices=[])


class AcceptForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới (ít nhất %(n)d ký tự)", n=MIN_PASSWORD_LENGTH),
                             validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")), Length(max=200)])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu.")),
                                                                 Length(max=200)])


class OrganiserForm(FlaskForm):
    organiser = StringField(_l("Tên đơn vị tổ chức"), validators=[DataRequired(_l("Vui lòng nhập tên đơn vị tổ chức.")),
                                                                  Length(max=255)])
    slug = StringField(_l("Mã đơn vị (trong địa chỉ và dòng lệnh)"), validators=[Length(max=80)],
                       description=_l("Bỏ trống để dùng mã tạo từ tên, ví dụ lien-minh-htx-hai-phong."))
    email = _email(_l("Email của quản trị viên đầu tiên"))
    full_name = _full_name(_l("Họ và tên quản trị viên đầu tiên"))
