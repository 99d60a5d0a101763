"""Forms of the registration pages. Contact checks reuse the services' normalisers (no queries)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..errors import DomainError
from ..forms import FlaskForm, report_error
from ..privacy import consent as consent_texts
from .contact import normalize_email, normalize_phone, require_email_or_phone

# The current version's text, in the page's language (versions are kept in eventapp.privacy.consent).
CONSENT_TEXT = consent_texts.current_label


class EmailOrPhone:
    """A form with `email` and `phone` fields that needs one of them (contact.require_email_or_phone)."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        try:
            require_email_or_phone(self.email.data, self.phone.data)
        except DomainError as exc:
            report_error(exc, self)
            valid = False
        return valid


class ContactForm(EmailOrPhone, FlaskForm):
    """Name, contact and work: what a guest may change about themself."""

    full_name = StringField(_l("Họ và tên"), validators=[
        DataRequired(_l("Vui lòng nhập họ và tên.")), Length(max=200, message=_l("Tối đa %(max)d ký tự."))])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=255)],
                       description=_l("Cần ít nhất email hoặc số điện thoại."))
    phone = TelField(_l("Số điện thoại"), validators=[Optional(), Length(max=40)])
    organization = StringField(_l("Đơn vị công tác"), validators=[Length(max=255, message=_l("Tối đa %(max)d ký tự."))])
    position = StringField(_l("Chức vụ"), validators=[Length(max=255, message=_l("Tối đa %(max)d ký tự."))])

    def validate_email(self, field):
        self._normalised(normalize_email, field)

    def validate_phone(self, field):
        self._normalised(normalize_phone, field)

    @staticmethod
    def _normalised(normalise, field):
        try:
            normalise(field.data)
        except DomainError as exc:
            raise ValidationError(exc.message) from None


    def values(self):
        return {name: getattr(self, name).data or "" for name in
                ("full_name", "email", "phone", "organization", "position")}


class RegistrationForm(ContactForm):
    category = SelectField(_l("Thành phần tham dự"), coerce=int, validate_choice=True,
                           validators=[DataRequired(_l("Vui lòng chọn thành phần tham dự."))])
    consent = BooleanField(CONSENT_TEXT, validators=[
        DataRequired(_l("Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để đăng ký."))],
        description=_l("Nội dung đồng ý, phiên bản %(version)s.", version=consent_texts.CURRENT))


class GuestForm(ContactForm):
    """The organisers' form: any category of the event, including invitation-only ones."""

    category = SelectField(_l("Thành phần tham dự"), coerce=int, validate_choice=True,
                           validators=[DataRequired(_l("Vui lòng chọn thành phần tham dự."))])


class LookupForm(EmailOrPhone, FlaskForm):
    """"Already registered? Send me my link": e-mail or phone, answered the same either way."""

    email = EmailField(_l("Email"), validators=[Optional(), Length(max=255)])
    phone = TelField(_l("Số điện thoại"), validators=[Optional(), Length(max=40)])


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp danh sách (CSV hoặc XLSX)"), validators=[
        FileRequired(_l("Vui lòng chọn tệp.")),
        FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx."))])
    category = SelectField(_l("Thành phần mặc định (khi cột Thành phần để trống)"), coerce=int,
                           validate_choice=True)


class ImportConfirmForm(FlaskForm):
    send_email = BooleanField(_l("Gửi thư mời kèm đường dẫn riêng cho khách có email"), default=True)
