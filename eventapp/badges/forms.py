from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..forms import FlaskForm, choices
from .layouts import LAYOUT_KEYS

LAYOUT_LABELS = {
    "a6": _l("A6, một thẻ mỗi trang"),
    "a4-4up": _l("A4, 4 thẻ (cắt theo dấu cắt)"),
    "a4-8cards": _l("A4, 8 thẻ tên 90 × 55 mm"),
    "label": _l("Nhãn 62 × 100 mm (máy in nhãn)"),
}
# Suggestions shown with the reprint reason (a datalist: staff may type anything).
REPRINT_REASONS = (_l("Thẻ bị hỏng"), _l("In sai thông tin"), _l("Khách quên mang thẻ"),
                   _l("In thẻ mới sau khi cấp lại mã"))


def layout_choices():
    return choices((key, LAYOUT_LABELS[key]) for key in LAYOUT_KEYS)


class PrintFilterForm(FlaskForm):
    """Read from the query string to preview, and posted to print (CSRF is checked centrally)."""

    class Meta:
        csrf = False

    category = SelectField(_l("Thành phần"), choices=[], validate_choice=False)
    not_printed = BooleanField(_l("Chỉ thẻ chưa in"))
    since_last_print = BooleanField(_l("Chỉ khách đăng ký sau lần in trước"))
    layout = SelectField(_l("Khổ in"), choices=layout_choices(), default="a6")
    mode = SelectField(_l("Cách in"), default="office", choices=choices([
        ("office", _l("Máy in văn phòng (chừa lề 5 mm)")),
        ("print-shop", _l("Nhà in (tràn lề 3 mm, dấu cắt)")),
        ("mono", _l("Đen trắng (máy in nhãn nhiệt)"))]))

    def set_categories(self, event):
        self.category.choices = choices([("", _l("Tất cả"))] + [(c.code, c.name) for c in event.categories])


class ReprintForm(FlaskForm):
    reason = StringField(_l("Lý do in lại"), validators=[DataRequired(_l("Vui lòng nhập lý do.")), Length(max=255)])
    layout = SelectField(_l("Khổ in"), choices=layout_choices(), default="a6")
    submit = SubmitField(_l("In lại thẻ"))


class ReissueForm(FlaskForm):
    """Shown under the reprint form (with prefix "reissue"); CSRF is checked centrally."""

    class Meta:
        csrf = False

    reason = StringField(_l("Lý do cấp lại mã"), default=_l("Mất thẻ"),
                         validators=[DataRequired(_l("Vui lòng nhập lý do.")), Length(max=255)])
    confirm = BooleanField(_l("Tôi hiểu: thẻ cũ sẽ bị từ chối tại cổng."),
                           validators=[DataRequired(_l("Vui lòng xác nhận trước khi cấp lại mã."))])
    submit = SubmitField(_l("Thu hồi thẻ cũ và cấp mã mới"))


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo của sự kiện (PNG hoặc JPEG, tối đa 1 MB)"))
    upload = SubmitField(_l("Tải lên"))
    remove = SubmitField(_l("Xoá logo"))
