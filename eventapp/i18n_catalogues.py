"""Keeping the English catalogues in step with the Vietnamese source strings.

Every feature with its own folder (eventapp/<feature>/ and templates/<feature>/) may keep its own
catalogue in eventapp/<feature>/translations; the rest goes to eventapp/translations. Flask-Babel
merges them all. `flask translations update` extracts the messages and updates every catalogue,
keeping the translations already written; `translations missing` lists what is left to translate.
"""
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventapp"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2)}
METHODS = [("eventapp/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
TARGET_LOCALES = ("en",)


def owner(filename):
    """The catalogue folder a source file's messages belong to."""
    parts = Path(filename).parts
    if len(parts) > 2 and parts[0] in ("eventapp", "templates"):
        own = PACKAGE / parts[1] / "translations"
        if own.is_dir():
            return own
    return PACKAGE / "translations"


def extract():
    """{catalogue folder: Catalog of its messages} for the whole source tree."""
    templates = {}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=("NOTE:",), strip_comment_tags=True
    ):
        if filename.startswith((".venv", "build")):
            continue
        folder = owner(filename)
        catalog = templates.setdefault(folder, Catalog(project="eventapp", charset="utf-8"))
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return templates


def update():
    """Updates every locale's catalogue from the source; returns {po path: untranslated count}."""
    result = {}
    for folder, template in extract().items():
        for locale in TARGET_LOCALES:
            po_path = folder / locale / "LC_MESSAGES" / "messages.po"
            if po_path.exists():
                with po_path.open("rb") as handle:
                    catalog = read_po(handle, locale=locale)
                catalog.update(template, no_fuzzy_matching=True)
            else:
                catalog = Catalog(locale=locale, project="eventapp", charset="utf-8")
                for message in template:
                    if message.id:
                        catalog.add(message.id, None, message.locations, context=message.context)
            po_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, sort_output=False,
                         ignore_obsolete=True)
            result[po_path] = sum(1 for m in catalog if m.id and not _translated(m))
    return result


def _translated(message):
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


def missing(locale="en"):
    """Messages of the source with no translation in any catalogue of the locale."""
    known = {}
    for po_path in PACKAGE.glob(f"**/translations/{locale}/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle, locale=locale):
                if message.id and _translated(message):
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    known[key] = True
    absent = []
    for template in extract().values():
        for message in template:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key and key not in known:
                absent.append((key, message.locations[0] if message.locations else None))
    return absent
