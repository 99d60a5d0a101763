"""Every kind of long work, in one table: what it is called, what runs it, where its page leads back.

The functions live with their features; they are imported here, when a worker first runs a job,
so that a feature importing jobs.services does not import this table.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..badges.bulk import render_batch_pdf
from ..booths.bulk import allocate_booths
from ..registration.bulk import import_guests, print_selected, resend_selected, send_reminders


@dataclass(frozen=True)
class Kind:
    title: object  # a lazy string
    run: Callable  # (job, progress) -> JobResult
    back_endpoint: str  # the page the job page leads back to (takes slug)


KINDS = {
    "guests.import": Kind(_l("Nhập danh sách khách"), import_guests, "registration.admin_guests"),
    "guests.remind": Kind(_l("Gửi lại thư cho các khách đã lọc"), send_reminders, "registration.admin_guests"),
    "guests.resend": Kind(_l("Gửi lại đường dẫn cho các khách đã chọn"), resend_selected, "registration.admin_guests"),
    "guests.badges": Kind(_l("In thẻ của các khách đã chọn"), print_selected, "registration.admin_guests"),
    "booths.allocate": Kind(_l("Xếp gian hàng"), allocate_booths, "booths.overview"),
    "badges.pdf": Kind(_l("Tạo tệp PDF thẻ đại biểu"), render_batch_pdf, "badges.admin_print"),
}
