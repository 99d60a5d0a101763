"""Forms of the booth pages. Validation of the rules lives in the services; forms check shapes."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from ..forms import FlaskForm, choices

WANTED_CHOICES = choices((n, str(n)) for n in range(1, 5))


class BoothForm(FlaskForm):
    code = StringField(_l("Mã gian"), validators=[DataRequired(_l("Vui lòng nhập mã gian hàng.")), Length(max=20)])
    zone = StringField(_l("Khu vực"), validators=[Length(max=120)],
                       description=_l("Ví dụ: Nông nghiệp, Thủy sản, Sản phẩm OCOP"))
    x = FloatField(_l("Vị trí x (m)"), validators=[InputRequired(_l("Nhập một số."))])
    y = FloatField(_l("Vị trí y (m)"), validators=[InputRequired(_l("Nhập một số."))])
    width = FloatField(_l("Rộng (m)"), default=3, validators=[InputRequired(_l("Nhập một số."))])
    height = FloatField(_l("Sâu (m)"), default=3, validators=[InputRequired(_l("Nhập một số."))])
    is_corner = BooleanField(_l("Gian góc"))
    has_power = BooleanField(_l("Có điện"))
    has_water = BooleanField(_l("Có nước"))
    status = SelectField(_l("Trạng thái"), choices=[SelectChoice("free", _l("Trống")),
                                                    SelectChoice("held", _l("Giữ chỗ")),
                                                    SelectChoice("blocked", _l("Khoá (không dùng)"))])


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp CSV"), validators=[FileRequired(_l("Vui lòng chọn tệp CSV."))])


class SettingsForm(FlaskForm):
    self_selection = BooleanField(_l("Cho phép đơn vị trưng bày tự chọn gian trống trên sơ đồ"))
    staff_per_booth = IntegerField(_l("Số nhân viên tối đa mỗi gian"),
                                   validators=[InputRequired(_l("Nhập một số.")), NumberRange(0, 50)])
    staff_category_id = SelectField(_l("Thành phần khách của nhân viên gian hàng"), coerce=int, choices=[])


class AllocateForm(FlaskForm):
    # The allocator runs in the background (eventapp.booths.bulk): no web request waits for it.
    time_limit = IntegerField(_l("Thời gian tối đa (giây)"), default=10,
                              validators=[InputRequired(_l("Nhập một số.")), NumberRange(1, 120)])
    # Stable keeps every placement and places only the rest; re-plan redoes every unlocked one.
    mode = RadioField(_l("Cách xếp"), default="stable", choices=[
        SelectChoice("stable", _l("Giữ nguyên các gian đã xếp, chỉ xếp các đơn vị chưa có gian")),
        SelectChoice("replan", _l("Xếp lại toàn bộ (trừ các gian đã khoá): có thể chuyển chỗ đơn vị đã xếp"))])


class ApplicationForm(FlaskForm):
    sector = StringField(_l("Ngành hàng"), validators=[DataRequired(_l("Vui lòng chọn ngành hàng.")),
                                                        Length(max=120)])
    products = StringField(_l("Sản phẩm trưng bày"), validators=[DataRequired(_l("Vui lòng nhập sản phẩm trưng bày.")),
                                                                   Length(max=500)],
                           description=_l("Cách nhau bằng dấu phẩy, ví dụ: Nước mắm, Chả mực"))
    booths_wanted = SelectField(_l("Số gian cần (các gian sẽ liền kề nhau)"), coerce=int, choices=WANTED_CHOICES)
    needs_corner = BooleanField(_l("Cần gian góc"))
    needs_power = BooleanField(_l("Cần điện"))
    needs_water = BooleanField(_l("Cần nước"))
    wish1 = SelectField(_l("Nguyện vọng 1"), choices=[], validate_choice=False)
    wish2 = SelectField(_l("Nguyện vọng 2"), choices=[], validate_choice=False)
    wish3 = SelectField(_l("Nguyện vọng 3"), choices=[], validate_choice=False)
    wish4 = SelectField(_l("Nguyện vọng 4"), choices=[], validate_choice=False)
    wish5 = SelectField(_l("Nguyện vọng 5"), choices=[], validate_choice=False)
    notes = TextAreaField(_l("Ghi chú cho ban tổ chức"), validators=[Length(max=2000)])

    def wish_fields(self):
        return [self.wish1, self.wish2, self.wish3, self.wish4, self.wish5]


class StaffForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")),
                                                         Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Email không hợp lệ.")), Length(max=255)])
    phone = TelField(_l("Số điện thoại"), validators=[Optional(), Length(max=30)])


class InviteForm(FlaskForm):
    email = EmailField(_l("Email người đại diện"), validators=[DataRequired(_l("Vui lòng nhập email.")),
                                                              Email(_l("Email không hợp lệ.")), Length(max=255)])
    full_name = StringField(_l("Họ và tên người đại diện"), validators=[Length(max=200)])
    cooperative_id = SelectField(_l("Hợp tác xã thành viên"), coerce=int, choices=[])
    cooperative_name = StringField(_l("Hoặc tên hợp tác xã mới"), validators=[Length(max=255)])
    sector = StringField(_l("Ngành hàng"), validators=[Length(max=120)])
    products = StringField(_l("Sản phẩm"), validators=[Length(max=500)])


class SignupForm(FlaskForm):
    cooperative_name = StringField(_l("Tên hợp tác xã"), validators=[DataRequired(_l("Vui lòng nhập tên hợp tác xã.")),
                                                                     Length(max=255)])
    sector = StringField(_l("Ngành hàng"), validators=[DataRequired(_l("Vui lòng chọn ngành hàng.")), Length(max=120)])
    products = StringField(_l("Sản phẩm"), validators=[Length(max=500)])
    district = StringField(_l("Quận, huyện"), validators=[Length(max=120)])
    full_name = StringField(_l("Họ và tên người đại diện"),
                            validators=[DataRequired(_l("Vui lòng nhập họ và tên người đại diện.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Vui lòng nhập email.")),
                                                Email(_l("Email không hợp lệ.")), Length(max=255)])
    phone = TelField(_l("Số điện thoại"), validators=[Optional(), Length(max=30)])
    password = PasswordField(_l("Mật khẩu (ít nhất 10 ký tự)"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                                          Length(max=200)])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu.")),
                                                                Length(max=200)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới (ít nhất 10 ký tự)"),
                             validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")), Length(max=200)])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập lại mật khẩu.")),
                                                                Length(max=200)])
