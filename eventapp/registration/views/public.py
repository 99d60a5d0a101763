"""What a guest sees, without an account: the form, their private page, edit, cancel, resend."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from limits import parse

from ...access import csrf_exempt, event_or_404, public
from ...errors import Conflict, DomainError
from ...events.services import registration_is_open
from ...extensions import db, limiter
from ...forms import choices, report_error
from ...i18n import current_locale
from ...messages import sms
from .. import queries, resend, services, unsubscribe
from ..blueprint import bp
from ..contact import display_phone, normalize_email, normalize_phone
from ..forms import ContactForm, LookupForm, RegistrationForm


def public_event(slug):
    return event_or_404(slug, scoped=False)


def private_response(response):
    """The private page's URL is its key: never cached, never indexed."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _contact_key():
    """Rate-limit key for "send my link again": the contact asked for, so one inbox is not flooded."""
    return "resend:" + "|".join((request.form.get(k) or "").strip().lower() for k in ("email", "phone"))


def category_choices(event, public_only, keep=None):
    """keep: a category id offered even when retired (the one an edited guest is in)."""
    labels = {"approval": _("cần ban tổ chức duyệt"), "waiting": _("đã đủ chỗ, vào danh sách chờ")}
    state = queries.availability(event)
    options = []
    for category in event.categories:
        if public_only and not category.public:
            continue
        if category.retired_at is not None and category.id != keep:
            continue
        label = category.label(current_locale())
        if state[category.id] in labels:
            label = f"{label} ({labels[state[category.id]]})"
        options.append((category.id, label))
    return choices(options)


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def public_register(slug):
    """Answers alike whether or not the contact is on file: the link goes by e-mail to the address
    on file, or, for a phone alone, by SMS to the number on file. Without SMS a phone alone stays
    apart: a new guest lands on their page (the only way to their badge), a repeat sees a neutral
    page."""
    event = public_event(slug)
    if not registration_is_open(event):
        return render_template("registration/register.html", event=event, form=None), \
            (403 if request.method == "POST" else 200)
    form = RegistrationForm()
    form.category.choices = category_choices(event, public_only=True)
    if form.validate_on_submit():
        category = queries.get_category(event, form.category.data, public_only=True)
        typed = (form.email.data or "").strip()
        by_sms = not typed and sms.is_configured()
        try:
            guest = services.self_register(event, category, locale=current_locale(), **form.values())
        except services.DuplicateRegistration as exc:
            db.session.rollback()
            if typed or by_sms:
                _resend_on_file(event, exc.guest, typed)
            return _submitted(event, typed, form.phone.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form, fallback="full_name")
        else:
            if typed or by_sms:
                return _submitted(event, typed, form.phone.data)
            flash(_("Đăng ký thành công. Đây là trang riêng của bạn: hãy lưu lại đường dẫn của trang này "
                    "để xem thẻ đại biểu."), "success")
            return redirect(url_for("registration.public_guest", private_token=guest.private_token))
    return render_template("registration/register.html", event=event, form=form), \
        (400 if form.errors else 200)


def _submitted(event, email, phone=""):
    """The one answer to a submission with an e-mail, or with a phone alone when SMS is configured
    (without SMS: the neutral page for a repeat). Only what was typed shows, never what is on file."""
    phone = "" if email else display_phone(normalize_phone(phone))
    return private_response(render_template("registration/submitted.html", event=event, email=email,
                                            phone=phone, sms=sms.is_configured()))


def _resend_on_file(event, duplicate, typed):
    """One message, as a new registration sends one. An address typed: to the registration of that
    address if there is one, else to the address on file of the registration that matched (none:
    nothing). A phone alone (SMS configured): by SMS to the number on file, the one typed."""
    if not typed:
        if duplicate.phone and _under_resend_cap(duplicate.phone):
            resend.resend_link(duplicate, by_sms=True)
        return
    guest = services.find_existing(event, email=normalize_email(typed)) or duplicate
    if guest.email and _under_resend_cap(guest.email):
        resend.resend_link(guest)


def _under_resend_cap(address):
    """Re-posting the form must not flood an inbox or a phone: past RESEND_CONTACT_RATE_LIMIT per
    address or number, the link is not sent again. Silent, so that the page stays the same."""
    if not (limiter.enabled and limiter.initialized):
        return True
    limit = parse(current_app.config.get("RESEND_CONTACT_RATE_LIMIT", "3 per hour"))
    try:
        return limiter.limiter.hit(limit, "register-resend", address)
    except Exception:  # the limiter's storage is down: the guest still gets their link
        current_app.logger.exception("resend cap unavailable")
        return True


@bp.route("/e/<slug>/resend", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config.get("RESEND_CONTACT_RATE_LIMIT", "3 per hour"),
               key_func=_contact_key, methods=["POST"])
def public_resend(slug):
    event = public_event(slug)
    form = LookupForm()
    by_sms = sms.is_configured()
    if form.validate_on_submit():
        resend.resend_to_contact(event, form.email.data, form.phone.data)
        return render_template("registration/resent.html", event=event, sms=by_sms)
    return render_template("registration/lookup.html", event=event, form=form, sms=by_sms), \
        (400 if form.errors else 200)


@bp.route("/g/<private_token>/")
@public
def public_guest(private_token):
    guest = queries.guest_by_token(private_token)
    return private_response(render_template("registration/guest.html", guest=guest, event=guest.event,
                                            sms=sms.is_configured()))


@bp.route("/g/<private_token>/edit", methods=["GET", "POST"])
@public
def public_edit(private_token):
    guest = queries.guest_by_token(private_token)
    if guest.status == "cancelled":
        return redirect(url_for("registration.public_guest", private_token=private_token))
    form = ContactForm(obj=guest)
    if request.method == "GET":
        form.phone.data = display_phone(guest.phone)
    if form.validate_on_submit():
        try:
            services.update_guest(guest, **form.values())
        except DomainError as exc:
            report_error(exc, form, fallback="full_name")
        else:
            flash(_("Đã lưu thông tin của bạn."), "success")
            return redirect(url_for("registration.public_guest", private_token=private_token))
    return private_response((render_template("registration/edit.html", guest=guest, event=guest.event, form=form),
                     400 if form.errors else 200))


@bp.route("/g/<private_token>/cancel", methods=["GET", "POST"])
@public
def public_cancel(private_token):
    guest = queries.guest_by_token(private_token)
    if request.method == "POST":
        try:
            services.cancel_guest(guest)
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(_("Đã huỷ đăng ký của bạn."), "success")
        return redirect(url_for("registration.public_guest", private_token=private_token))
    return private_response(render_template("registration/cancel.html", guest=guest, event=guest.event))


# ----- the organisers' mailings: List-Unsubscribe (RFC 8058) --------------------------------------

@bp.route("/u/<token>", methods=["GET", "POST"])
@public
@csrf_exempt  # a mail provider's one-click POST carries no CSRF token; the signed token is the key
def public_unsubscribe(token):
    """GET asks (a link scanner must not opt anyone out); POST, from the page's button or straight
    from the mail provider, records the opt-out."""
    guest = unsubscribe.guest_for_token(token)
    if request.method == "POST":
        unsubscribe.opt_out(guest)
    return private_response(render_template("registration/unsubscribe.html", event=guest.event,
                                            done=guest.mail_opt_out_at is not None, token=token))
