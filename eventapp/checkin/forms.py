from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import FlaskForm


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GateForm(FlaskForm):
    code = StringField(_l("Mã cổng"), validators=[DataRequired(_l("Vui lòng nhập mã cổng.")), Length(max=40)],
                       description=_l("Chữ thường không dấu, số và dấu gạch ngang; dùng trong địa chỉ trang quét."))
    name = StringField(_l("Tên cổng"), validators=[DataRequired(_l("Vui lòng nhập tên cổng.")), Length(max=120)])
    name_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=120)])
    position = IntegerField(_l("Thứ tự"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])
    categories = MultiCheckboxField(
        _l("Thành phần được vào"), coerce=int,
        description=_l("Không chọn thành phần nào: mọi thành phần đều được vào."))
    walk_in_categories = MultiCheckboxField(
        _l("Thành phần cán bộ cổng được thêm khách mới"), coerce=int,
        description=_l("Không chọn: các thành phần công khai được vào cổng này "
                       "(không gồm thành phần chỉ dành cho khách mời)."))
    allow_reentry = BooleanField(_l("Cho phép vào lại sau khi đã quét ra"), default=True)
    active = BooleanField(_l("Đang mở"), default=True)


class DeviceKeyForm(FlaskForm):
    label = StringField(_l("Tên thiết bị"),
                        validators=[DataRequired(_l("Vui lòng đặt tên cho thiết bị.")), Length(max=120)],
                        description=_l("Để nhận ra thiết bị khi cần thu hồi, vd. “Máy quét cổng chính 1”."))
    role = SelectField(_l("Quyền"),
                       choices=[SelectChoice("door", _l("Quét thẻ tại cổng")),
                                SelectChoice("admin", _l("Quản trị (đọc số liệu)"))],
                       default="door")
    gate = SelectField(_l("Cổng"), choices=[], validate_choice=True,
                       description=_l("Khoá gắn với một cổng chỉ quét được ở cổng đó."))
