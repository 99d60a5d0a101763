"""Taking a person's name, e-mail and phone out of text that must otherwise stay (the audit log).

Pure functions: text and the values to remove in, new text out.
"""
import json
import re

REDACTED = "[đã xoá]"
# Shorter values (a one-word name such as "An") would also strike ordinary words of other texts.
MIN_LENGTH = 4
# Audit details about the erased guest that say nothing about the person: they stay readable.
NEUTRAL_KEYS = {"by", "fields", "status", "layout", "kind", "format"}


def personal_values(*values):
    """The distinct, long enough values worth looking for."""
    return tuple(sorted({v for v in values if isinstance(v, str) and len(v.strip()) >= MIN_LENGTH},
                        key=len, reverse=True))


def redact_text(text, values):
    """The text with every whole-word occurrence of a value replaced, or None when none occurs."""
    if not isinstance(text, str) or not text:
        return None
    folded = text.casefold()
    present = [v for v in values if v.casefold() in folded]
    if not present:
        return None
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in present), re.IGNORECASE)
    new = pattern.sub(REDACTED, text)
    return new if new != text else None


def _walk(value, values, own, key=None):
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


def redact_details(details, values, own):
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
