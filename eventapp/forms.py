"""The base of every form: Flask-WTF's, with WTForms' own messages in the page's language.

WTForms ships no Vietnamese catalogue, so its built-in messages ("Not a valid choice.", "Invalid
email address.") would reach Vietnamese pages in English. Their translations live in
eventapp/translations/vi/LC_MESSAGES/wtforms.po (domain "wtforms", compiled with the others).
"""
from babel import support
from flask_wtf import FlaskForm as _FlaskForm
from wtforms.fields.choices import SelectChoice

from .i18n import PACKAGE_DIR, current_locale

_CATALOGUES: dict[str, support.Translations] = {}


def _translations(locale):
    if locale not in _CATALOGUES:
        _CATALOGUES[locale] = support.Translations.load(str(PACKAGE_DIR / "translations"), [locale], domain="wtforms")
    return _CATALOGUES[locale]


class WTFormsTranslations:
    """What WTForms asks a form's meta for: gettext and ngettext in the current request's language."""

    def gettext(self, string):
        return _translations(current_locale()).ugettext(string)

    def ngettext(self, singular, plural, n):
        return _translations(current_locale()).ungettext(singular, plural, n)


TRANSLATIONS = WTFormsTranslations()


class FlaskForm(_FlaskForm):
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


def choices(pairs):
    """A select's options from (value, label) pairs, as WTForms' own SelectChoice (tuples are
    deprecated and refused from WTForms 3.4)."""
    return [SelectChoice(value, label) for value, label in pairs]


def report_error(exc, form=None, fallback=None):
    """The one way a DomainError reaches a form: onto the field it names (``exc.field``), else onto
    the ``fallback`` field when given, else as a flash message shown at the top of the page. The view
    then renders the form again: nothing was changed. Several errors at once (errors.Invalid) each
    go to their own field."""
    from flask import flash

    several = getattr(exc, "errors", None)
    if several:
        for each in several:
            report_error(each, form, fallback)
        return
    field = getattr(form, exc.field, None) if (form is not None and exc.field) else None
    if not hasattr(field, "errors") and form is not None and fallback is not None:
        field = getattr(form, fallback, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [exc.message]
    else:
        flash(exc.message, "error")
