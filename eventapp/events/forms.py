"""The organisers' event forms: set up an event, copy one. Rules live in setup.py / cloning.py;
these only read the typed values (dates and times in the event's time zone)."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..checkin.forms import MultiCheckboxField
from ..forms import FlaskForm, choices
from .cloning import PART_LABELS
from .setup import (
    DEFAULT_TIMEZONE,
    DESCRIPTION_MAX,
    NAME_MAX,
    SLUG_MAX,
    STAFF_PER_BOOTH_MAX,
    TEXT_MAX,
    EventValues,
    timezone_names,
)


def _moment(day_field, time_field, default=time(0, 0)):
    """A date and a time typed apart; a day given without its time starts (or ends) that day."""
    if not day_field.data:
        return None
    return datetime.combine(day_field.data, time_field.data or default)


class EventForm(FlaskForm):
    name = StringField(_l("Tên sự kiện"), validators=[InputRequired(_l("Vui lòng nhập tên sự kiện.")),
                                                     Length(max=NAME_MAX)])
    slug = StringField(_l("Địa chỉ trang (slug)"), validators=[Length(max=SLUG_MAX)],
                       description=_l("Chữ thường không dấu, chữ số và dấu gạch ngang; "
                                      "trang công khai là /e/<địa chỉ>/. Để trống: tạo từ tên sự kiện."))
    subtitle = StringField(_l("Phụ đề"), validators=[Length(max=TEXT_MAX)],
                           description=_l("In dưới tên sự kiện trên bìa chương trình, ví dụ: chủ đề của ngày hội."))
    organiser = StringField(_l("Đơn vị tổ chức"), validators=[Length(max=NAME_MAX)],
                            description=_l("Tên in trên trang công khai và các bản in."))
    venue = StringField(_l("Địa điểm"), validators=[Length(max=TEXT_MAX)])
    address = StringField(_l("Địa chỉ"), validators=[Length(max=TEXT_MAX)])
    description = TextAreaField(_l("Giới thiệu ngắn"), validators=[Length(max=DESCRIPTION_MAX)],
                                description=_l("Hiện trên trang công khai của sự kiện."))
    start_date = DateField(_l("Ngày bắt đầu"), validators=[InputRequired(_l("Vui lòng chọn ngày bắt đầu."))])
    start_time = TimeField(_l("Giờ bắt đầu"), validators=[InputRequired(_l("Vui lòng nhập giờ bắt đầu."))])
    end_date = DateField(_l("Ngày kết thúc"), validators=[InputRequired(_l("Vui lòng chọn ngày kết thúc."))])
    end_time = TimeField(_l("Giờ kết thúc"), validators=[InputRequired(_l("Vui lòng nhập giờ kết thúc."))])
    timezone = SelectField(_l("Múi giờ"), default=DEFAULT_TIMEZONE,
                           description=_l("Mọi ngày giờ của sự kiện được nhập và hiển thị theo múi giờ này."))
    opens_date = DateField(_l("Ngày mở đăng ký"), validators=[Optional()])
    opens_time = TimeField(_l("Giờ mở đăng ký"), validators=[Optional()])
    closes_date = DateField(_l("Ngày đóng đăng ký"), validators=[Optional()],
                            description=_l("Để trống: đăng ký đến khi sự kiện kết thúc."))
    closes_time = TimeField(_l("Giờ đóng đăng ký"), validators=[Optional()])
    always_open = BooleanField(_l("Luôn mở đăng ký (không theo thời gian trên)"))
    booth_self_selection = BooleanField(_l("Đơn vị trưng bày tự chọn gian hàng"))
    staff_per_booth = IntegerField(_l("Số nhân viên mỗi gian hàng"), default=3,
                                   validators=[InputRequired(_l("Vui lòng nhập số nhân viên mỗi gian.")),
                                               NumberRange(min=0, max=STAFF_PER_BOOTH_MAX)])
    logo = FileField(_l("Logo (PNG hoặc JPEG, tối đa 1 MB)"))
    remove_logo = BooleanField(_l("Xoá logo hiện tại"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = choices((name, name) for name in timezone_names())

    def fill(self, values: EventValues) -> None:
        """Shows stored values (an edit, a proposal) in the fields."""
        for name in ("name", "slug", "subtitle", "organiser", "venue", "address", "description", "timezone",
                     "always_open", "booth_self_selection", "staff_per_booth"):
            getattr(self, name).data = getattr(values, name)
        for prefix, moment in (("start", values.starts), ("end", values.ends),
                               ("opens", values.registration_opens), ("closes", values.registration_closes)):
            getattr(self, f"{prefix}_date").data = moment.date() if moment else None
            getattr(self, f"{prefix}_time").data = moment.time() if moment else None

    def values(self) -> EventValues:
        return EventValues(
            name=self.name.data or "", slug=self.slug.data or "", organiser=self.organiser.data or "",
            subtitle=self.subtitle.data or "",
            venue=self.venue.data or "", address=self.address.data or "", description=self.description.data or "",
            timezone=self.timezone.data, starts=_moment(self.start_date, self.start_time),
            ends=_moment(self.end_date, self.end_time),
            registration_opens=_moment(self.opens_date, self.opens_time),
            registration_closes=_moment(self.closes_date, self.closes_time, default=time(23, 59)),
            always_open=self.always_open.data, booth_self_selection=self.booth_self_selection.data,
            staff_per_booth=self.staff_per_booth.data,
        )


class CloneForm(FlaskForm):
    source = SelectField(_l("Sao chép từ sự kiện"), choices=[])
    name = StringField(_l("Tên sự kiện mới"), validators=[InputRequired(_l("Vui lòng nhập tên sự kiện.")),
                                                          Length(max=NAME_MAX)])
    slug = StringField(_l("Địa chỉ trang (slug)"), validators=[Length(max=SLUG_MAX)],
                       description=_l("Để trống: tạo từ tên sự kiện."))
    start_date = DateField(_l("Ngày diễn ra"), validators=[InputRequired(_l("Vui lòng chọn ngày diễn ra."))],
                           description=_l("Mọi giờ (sự kiện, đăng ký, chương trình) giữ nguyên giờ trong ngày "
                                          "và dời theo cùng số ngày."))
    parts = MultiCheckboxField(_l("Sao chép những gì"), choices=choices(PART_LABELS.items()),
                               default=list(PART_LABELS))

    def set_sources(self, events) -> None:
        self.source.choices = choices((event.slug, event.name) for event in events)
