"""The organisers' category form. The service checks every value (eventapp.categories.services):
the form only carries them, so a bad value gets the service's message next to its field."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice

from ..forms import FlaskForm
from .services import DEFAULT_COLOR

VISIBILITY = [SelectChoice("public", _l("Công khai: khách tự chọn trên trang đăng ký")),
              SelectChoice("invitation", _l("Chỉ khách mời: ban tổ chức thêm khách hoặc nhập danh sách"))]


class CategoryForm(FlaskForm):
    name = StringField(_l("Tên thành phần"), description=_l("Ví dụ: Đại biểu lãnh đạo, Báo chí, HTX thành viên."))
    name_en = StringField(_l("Tên tiếng Anh"), description=_l("Hiện cho khách xem trang bằng tiếng Anh."))
    code = StringField(_l("Mã"), description=_l(
        "Chữ thường không dấu, số và dấu gạch ngang (vd. bao-chi); dùng trong tệp nhập danh sách, lệnh in thẻ "
        "và máy quét. Để trống: tạo từ tên."))
    capacity = StringField(_l("Sức chứa"), description=_l(
        "Số khách được xác nhận chỗ. Để trống: không giới hạn. Khi đủ chỗ, người đăng ký sau vào danh sách chờ."))
    requires_approval = BooleanField(_l("Cần ban tổ chức duyệt từng đăng ký"))
    visibility = RadioField(_l("Ai đăng ký được"), choices=VISIBILITY, default="public")
    needs_attention = BooleanField(_l("Khách cần đón tiếp riêng (VIP): có người đưa vào tại cổng, "
                                      "báo trên màn hình điều hành khi đến"))
    color = StringField(_l("Màu trên thẻ đại biểu"), default=DEFAULT_COLOR)
    color_text = StringField(_l("Hoặc gõ mã màu"), description=_l(
        "Dạng #rrggbb, ví dụ #b91c1c; khi điền, mã này được dùng thay cho màu đã chọn ở trên."))

    def set_category(self, category):
        """Fills the form from a stored category (GET of the edit page)."""
        for name in ("name", "name_en", "code", "requires_approval", "needs_attention", "color"):
            getattr(self, name).data = getattr(category, name)
        self.capacity.data = "" if category.capacity is None else str(category.capacity)
        self.visibility.data = "public" if category.public else "invitation"

    def values(self):
        typed = (self.color_text.data or "").strip()
        return {
            "name": self.name.data, "name_en": self.name_en.data, "code": self.code.data,
            "capacity": self.capacity.data, "requires_approval": self.requires_approval.data,
            "public": self.visibility.data != "invitation", "needs_attention": self.needs_attention.data,
            "color": typed or self.color.data,
        }

    def error_field(self, field):
        """The color error belongs next to the box the organiser typed in."""
        if field == "color" and (self.color_text.data or "").strip():
            return "color_text"
        return field
