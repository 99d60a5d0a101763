"""Secrets that identify a guest.

- The badge code (in the QR): 128 random bits written in RFC 4648 base32, 26 characters of the
  QR alphanumeric set, so the QR stays at version 2 with error correction M. It carries no
  personal data; it is looked up in the database, which also tells its event. Revoking stores the
  old code so the door can say "revoked" rather than "unknown".
- The private page token (in the guest's private URL): 192 random bits, URL-safe. Separate from
  the badge code, so a photo of someone's badge does not open their private page.
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


def parse_code(text):
    """The badge code in what a scanner read: the bare code, or a URL or text that contains it.

    Scanners may change case or add spaces and line ends; base32 has no 0, 1, 8 or 9, so a run of
    26 base32 letters and digits is the code. Returns None when there is none.
    """
    if not isinstance(text, str) or len(text) > 2000:
        return None
    match = _TOKEN_RE.search(text.strip().upper())
    return match.group(0) if match else None
