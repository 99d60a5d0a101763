from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget


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
    allow_reentry = BooleanField(_l("Cho phép vào lại sau khi đã quét ra"), default=True)
    active = BooleanField(_l("Đang mở"), default=True)
