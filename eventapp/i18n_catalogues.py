"""The message catalogues, kept with Babel's own tools (`pybabel extract / update / compile`).

Every feature with its own folder (eventapp/<feature>/ and templates/<feature>/) may keep its own
catalogue in eventapp/<feature>/translations; the rest goes to eventapp/translations. Flask-Babel
merges them all. babel.cfg maps the sources (Python and Jinja); `flask translations update` runs
`pybabel extract` once over the tree, hands each catalogue folder the messages of its own files and
runs `pybabel update` on it; `translations compile` runs `pybabel compile`; `translations missing`
lists what is left to translate.
"""
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventapp"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2")
TARGET_LOCALES = ("en",)
# Domains compiled in each folder: messages.po, and wtforms.po for WTForms' own messages.
DOMAINS = ("messages", "wtforms")


def pybabel(*args: str) -> None:
    """Runs one `pybabel` command (Babel's own command-line frontend) quietly; fails on its errors."""
    if CommandLineInterface().run(["pybabel", "--quiet", *args]):
        raise RuntimeError(f"pybabel {args[0]} failed")


def catalogue_folders() -> list[Path]:
    """Every translations folder: the package's own and each feature's."""
    return sorted(p for p in PACKAGE.glob("**/translations") if p.is_dir())


def owner(filename: str) -> Path:
    """The catalogue folder a source file's messages belong to."""
    parts = Path(filename).parts
    if len(parts) > 2 and parts[0] in ("eventapp", "templates"):
        own = PACKAGE / parts[1] / "translations"
        if own.is_dir():
            return own
    return PACKAGE / "translations"


def extract(workdir: Path) -> dict[Path, Catalog]:
    """`pybabel extract` over the source tree, split into {catalogue folder: template of its messages}."""
    pot = workdir / "messages.pot"
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    pybabel("extract", "-F", str(MAPPING), *keywords, "--add-comments", "NOTE:", "--strip-comments",
            "--project", "eventapp", "--no-wrap", "-o", str(pot), str(ROOT))
    with pot.open("rb") as handle:
        everything = read_po(handle)
    uses = sorted(
        ((Path(filename).resolve().relative_to(ROOT), lineno, message)
         for message in everything if message.id for filename, lineno in message.locations),
        key=lambda use: (_walk_order(use[0]), use[1]),
    )
    templates: dict[Path, Catalog] = {}
    for path, lineno, message in uses:
        catalog = templates.setdefault(owner(str(path)), Catalog(project="eventapp", charset="utf-8"))
        catalog.add(message.id, None, [(str(path), lineno)], auto_comments=message.auto_comments,
                    context=message.context)
    return templates


def _walk_order(path: Path) -> tuple[tuple[int, str], ...]:
    """Sorts paths as the extraction walks the tree (a folder's files before its subfolders), so
    that each catalogue lists its messages in the order of its own sources."""
    return (*((1, part) for part in path.parts[:-1]), (0, path.name))


def update() -> dict[Path, int]:
    """`pybabel update` of every locale's catalogue from the source; {po path: untranslated count}."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, (folder, template) in enumerate(sorted(extract(Path(tmp)).items())):
            pot = Path(tmp) / f"{number}.pot"
            with pot.open("wb") as handle:
                write_po(handle, template)
            for locale in TARGET_LOCALES:
                pybabel("update", "-i", str(pot), "-d", str(folder), "-l", locale, "-w", "100",
                        "--init-missing", "--ignore-obsolete", "--no-fuzzy-matching",
                        "--ignore-pot-creation-date")
                po_path = folder / locale / "LC_MESSAGES" / "messages.po"
                result[po_path] = sum(1 for m in _read(po_path, locale) if m.id and not _translated(m))
    return result


def compile_all() -> list[Path]:
    """`pybabel compile` of every catalogue (each domain present in each folder); the .po files compiled."""
    done = []
    for folder in catalogue_folders():
        for domain in DOMAINS:
            found = sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po"))
            if found:
                pybabel("compile", "-d", str(folder), "-D", domain)
                done.extend(found)
    return done


def missing(locale: str = "en") -> list[tuple[str, tuple[str, int] | None]]:
    """Messages of the source with no translation in any catalogue of the locale."""
    known: set[str] = set()
    for po_path in PACKAGE.glob(f"**/translations/{locale}/LC_MESSAGES/messages.po"):
        known.update(_key(m) for m in _read(po_path, locale) if m.id and _translated(m))
    with tempfile.TemporaryDirectory() as tmp:
        templates = extract(Path(tmp))
    absent = []
    for template in templates.values():
        for message in template:
            if message.id and _key(message) not in known:
                absent.append((_key(message), message.locations[0] if message.locations else None))
    return absent


def _read(po_path: Path, locale: str) -> Catalog:
    with po_path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message: Message) -> bool:
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)
