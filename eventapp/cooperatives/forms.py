"""Forms of the registry pages. The rules live in the services (one set for the form and the
import); the form only carries what was typed."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email

from ..forms import FlaskForm
from .services import KINDS, canonical_kind


class CooperativeForm(FlaskForm):
    name = StringField(_l("Tên hợp tác xã"), description=_l("Tên đầy đủ, ví dụ: Hợp tác xã Nông nghiệp Tân Dương."))
    short_name = StringField(_l("Tên viết tắt"))
    kind = SelectField(_l("Loại hình"), choices=list(KINDS), validate_choice=False)
    district = StringField(_l("Quận, huyện"))
    sector = StringField(_l("Ngành"))
    products = TextAreaField(_l("Sản phẩm"), render_kw={"rows": 3})
    representative = StringField(_l("Người đại diện"))
    email = EmailField(_l("Email"))
    phone = TelField(_l("Điện thoại"))
    member_since = StringField(_l("Năm kết nạp"), render_kw={"inputmode": "numeric", "maxlength": 4})
    is_priority = BooleanField(_l("Hợp tác xã tiêu biểu"))

    def show(self, coop):
        """Fills the form from a record, with a legal form written another way shown as offered."""
        from ..registration.contact import display_phone

        self.process(obj=coop)
        self.phone.data = display_phone(coop.phone)
        self.member_since.data = str(coop.member_since) if coop.member_since else ""
        kind = canonical_kind(coop.kind) or coop.kind
        if kind not in KINDS:
            self.kind.choices = [*KINDS, kind]
        self.kind.data = kind

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in
                ("name", "short_name", "kind", "district", "sector", "products", "representative", "email", "phone",
                 "member_since", "is_priority")}


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp danh sách (CSV hoặc XLSX)"), validators=[
        FileRequired(_l("Vui lòng chọn tệp.")),
        FileAllowed(["csv", "xlsx"], _l("Chỉ nhận tệp .csv hoặc .xlsx."))])


class InviteExhibitorForm(FlaskForm):
    """An exhibitor account for this cooperative in one event; the mail carries a one-time link."""
    event_id = SelectField(_l("Sự kiện"), coerce=int, validators=[DataRequired(_l("Hãy chọn sự kiện."))])
    email = EmailField(_l("Email"),
                       validators=[DataRequired(_l("Vui lòng nhập email.")), Email(_l("Email không hợp lệ."))])
    full_name = StringField(_l("Họ và tên người đại diện"))


class MergeForm(FlaskForm):
    keep = HiddenField()
    remove = HiddenField()
