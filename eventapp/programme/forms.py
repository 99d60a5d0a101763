"""Forms of the organisers' programme and award pages (labels in Vietnamese, translated)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from ..forms import FlaskForm, choices
from .labels import AWARD_KIND_LABELS, CERTIFICATE_TEMPLATE_LABELS, ITEM_KIND_LABELS


class ItemForm(FlaskForm):
    title = StringField(_l("Tên mục"), validators=[InputRequired()])
    kind = SelectField(_l("Loại"), choices=choices(ITEM_KIND_LABELS.items()))
    duration_minutes = IntegerField(_l("Thời lượng (phút)"), default=10,
                                    validators=[InputRequired(), NumberRange(min=0, max=1440)])
    pinned_start = DateTimeLocalField(
        _l("Giờ bắt đầu cố định"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
        description=_l("Để trống: mục bắt đầu khi mục trước kết thúc. Giờ theo múi giờ của sự kiện."))
    speaker_name = StringField(_l("Người trình bày, người trao"))
    speaker_position = StringField(_l("Chức vụ"))
    location = StringField(_l("Địa điểm"))
    description = TextAreaField(_l("Mô tả"))


class CategoryForm(FlaskForm):
    name = StringField(_l("Tên hình thức khen thưởng"), validators=[InputRequired()])
    awarding_body = StringField(_l("Cơ quan khen thưởng"))
    kind = SelectField(_l("Loại"), choices=choices(AWARD_KIND_LABELS.items()))
    programme_item_id = SelectField(_l("Trao trong phần"), choices=[], validate_choice=False)
    presenter = StringField(_l("Người trao"))
    certificate_template = SelectField(_l("Mẫu giấy chứng nhận"), choices=choices(CERTIFICATE_TEMPLATE_LABELS.items()))
    certificate_text = TextAreaField(
        _l("Lời ghi trên giấy chứng nhận"),
        description=_l("Có thể dùng {name} (tên), {award} (hình thức), {organization} (đơn vị), {title} (chức vụ), "
                       "{body} (cơ quan khen thưởng), {event} (sự kiện), {date} (ngày)."))
    national_heading = BooleanField(_l("In quốc hiệu, tiêu ngữ (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)"))
    decision_number = StringField(_l("Số quyết định"), description=_l("Ví dụ: 125/QĐ-LMHTX"))
    decision_date = DateField(_l("Ngày quyết định"), validators=[Optional()])
    signing_place = StringField(_l("Địa danh ghi ở dòng ngày tháng"), description=_l("Ví dụ: Hải Phòng"))
    signing_date = DateField(_l("Ngày ký"), validators=[Optional()],
                             description=_l("Để trống: ngày diễn ra sự kiện."))
    signer_title = StringField(_l("Chức danh người ký"),
                               description=_l("Mỗi dòng cách nhau bằng dấu /, ví dụ: TM. BAN CHẤP HÀNH / CHỦ TỊCH"))
    signer_name = StringField(_l("Họ tên người ký"))
    preprinted = BooleanField(_l("In trên phôi bằng khen in sẵn (chỉ in tên, chức vụ, lời ghi, ngày tháng)"))
    offset_x_mm = FloatField(_l("Dịch sang phải (mm)"), default=0, validators=[Optional()],
                             description=_l("Số âm: dịch sang trái. Đo trên trang căn chỉnh."))
    offset_y_mm = FloatField(_l("Dịch xuống dưới (mm)"), default=0, validators=[Optional()],
                             description=_l("Số âm: dịch lên trên."))

    def set_rounds(self, items):
        self.programme_item_id.choices = choices([("", _l("— Chưa gắn —"))] + [
            (str(item.id), f"{item.position}. {item.title}") for item in items])


class RecipientForm(FlaskForm):
    name = StringField(_l("Họ và tên, hoặc tên tập thể"), validators=[InputRequired()])
    is_collective = BooleanField(_l("Là tập thể (HTX, đơn vị)"))
    title = StringField(_l("Chức vụ"))
    organization = StringField(_l("Đơn vị"))


class LinkForm(FlaskForm):
    guest_id = HiddenField()
    cooperative_id = HiddenField()


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp CSV hoặc Excel (.xlsx)"), validators=[FileRequired()])
    category_id = SelectField(
        _l("Hình thức khen thưởng mặc định"), choices=[], validate_choice=False,
        description=_l("Dùng cho các dòng không có cột \"Hình thức khen thưởng\"."))

    def set_categories(self, categories):
        self.category_id.choices = choices([("", _l("— Theo cột trong tệp —"))] + [
            (str(c.id), c.name) for c in categories])
