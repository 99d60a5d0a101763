"""Taking a person's name, e-mail and phone out of text that must otherwise stay (the audit log).

Pure functions: text and the values to remove in, new text out.
"""
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

REDACTED = "[đã xoá]"
# Shorter values (a one-word name such as "An") would also strike ordinary words of other texts.
MIN_LENGTH = 4
# Audit details about the erased guest that say nothing about the person: they stay readable.
NEUTRAL_KEYS = {"by", "fields", "status", "layout", "kind", "format"}


class Needles:
    """The values to look for (a person's name, e-mail, phone; or every guest's of an event).

    An event's anonymisation looks for thousands of values in every text of its audit log: each
    text is read once and its runs of words looked up, rather than each value searched for in turn.
    """

    def __init__(self, values: Iterable[object]) -> None:
        self.values = tuple(sorted({v for v in values if isinstance(v, str) and len(v.strip()) >= MIN_LENGTH},
                                   key=len, reverse=True))
        self._keys: dict[str, str] = {}
        for value in self.values:
            key = " ".join(_tokens(value))
            if key:
                self._keys[key] = value
        self._longest = max((key.count(" ") + 1 for key in self._keys), default=0)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __bool__(self) -> bool:
        return bool(self.values)

    def found_in(self, text: str) -> set[str]:
        words = _tokens(text)
        found = set()
        for start in range(len(words)):
            for end in range(start + 1, min(start + self._longest, len(words)) + 1):
                value = self._keys.get(" ".join(words[start:end]))
                if value is not None:
                    found.add(value)
        return found


def personal_values(*values: object) -> Needles:
    """The distinct, long enough values worth looking for."""
    return Needles(values)


# Words of names, and e-mail addresses and phone numbers whole.
_TOKEN = re.compile(r"[\w@.+\-]+")


def _tokens(text: str) -> list[str]:
    return [t for t in (raw.strip(".-") for raw in _TOKEN.findall(text.casefold())) if t]


def redact_text(text: object, needles: Needles) -> str | None:
    """The text with every whole-word occurrence of a value replaced (any case), or None when none
    occurs."""
    if not isinstance(text, str) or not text:
        return None
    present = needles.found_in(text)
    if not present:
        return None
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in sorted(present, key=len, reverse=True)),
                         re.IGNORECASE)
    new = pattern.sub(REDACTED, text)
    return new if new != text else None


def _walk(value: Any, values: Needles, own: bool, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _walk(v, values, own, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, values, own, key) for v in value]
    if isinstance(value, str):
        if own and key not in NEUTRAL_KEYS:
            return REDACTED
        new = redact_text(value, values)
        return value if new is None else new
    return value


def redact_details(details: str | None, values: Needles, own: bool) -> str | None:
    """An audit entry's details (JSON text) without the person's data, or None when unchanged.

    own: the entry is about the erased guest itself; then every text value goes, except the
    neutral ones (who acted, which fields changed), since free text (a reason, a name) may
    describe the person in words no value-matching would find.
    """
    if not details:
        return None
    try:
        parsed = json.loads(details)
    except ValueError:
        if own:
            return REDACTED
        return redact_text(details, values)
    new = _walk(parsed, values, own)
    if new == parsed:
        return None
    return json.dumps(new, ensure_ascii=False, default=str)
