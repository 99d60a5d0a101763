"""Secrets that identify a guest.

- The badge code (in the QR): 128 random bits written in RFC 4648 base32, 26 characters of the
  QR alphanumeric set, so the QR stays at version 2 with error correction M. It carries no
  personal data; it is looked up in the database, which also tells its event. Revoking stores the
  old code so the door can say "revoked" rather than "unknown".
- The private page token (in the guest's private URL): 192 random bits, URL-safe. Separate from
  the badge code, so a photo of someone's badge does not open their private page.
- The short code (printed under the QR, typed at the door when a QR will not read): the badge
  code's first 10 characters (50 bits) spelt in an alphabet without 0/O and 1/I, grouped for
  reading aloud, e.g. "K7QX-4MRT-WP". Being the badge code's prefix, it needs no column of its own:
  the door finds it through the badge code's unique index (a range scan), it follows a reissued
  badge by itself, and a revoked badge's short code is told "revoked" like its QR.
"""
import base64
import re
import secrets

BADGE_TOKEN_LENGTH = 26

def new_badge_token():
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def new_private_token():
    return secrets.token_urlsafe(24)

_TOKEN_RE = re.compile(rf"(?<![A-Z2-7])[A-Z2-7]{{{BADGE_TOKEN_LENGTH}}}(?![A-Z2-7])")


SHORT_CODE_LENGTH = 10  # characters; 5 bits each
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# 32 symbols, none of them easy to confuse aloud or on paper: no 0/O, no 1/I.
SHORT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_TO_SHORT = str.maketrans(_BASE32, SHORT_ALPHABET)
_FROM_SHORT = str.maketrans(SHORT_ALPHABET, _BASE32)
_SHORT_RE = re.compile(rf"[{SHORT_ALPHABET}]{{{SHORT_CODE_LENGTH}}}")
_SEPARATORS = re.compile(r"[\s\-.·_]+")


def short_code(badge_token: str) -> str:
    """The badge's short code for reading aloud and typing: "K7QX-4MRT-WP"."""
    letters = badge_token[:SHORT_CODE_LENGTH].upper().translate(_TO_SHORT)
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def parse_short_code(text):
    """The badge-code prefix a typed short code stands for (with or without dashes or spaces, in
    any case), or None when the text is not a short code."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    letters = _SEPARATORS.sub("", text).upper()
    if not _SHORT_RE.fullmatch(letters):
        return None
    return letters.translate(_FROM_SHORT)


def parse_code(text):
    """The badge code in what a scanner read: the bare code, or a URL or text that contains it.

    Scanners may change case or add spaces and line ends; base32 has no 0, 1, 8 or 9, so a run of
    26 base32 letters and digits is the code. Returns None when there is none.
    """
    if not isinstance(text, str) or len(text) > 2000:
        return None
    match = _TOKEN_RE.search(text.strip().upper())
    return match.group(0) if match else None
