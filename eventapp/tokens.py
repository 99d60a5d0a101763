"""Secrets that identify a guest.

- The badge code (in the QR): 128 random bits written in RFC 4648 base32, 26 characters of the
  QR alphanumeric set, so the QR stays at version 2 with error correction M. It carries no
  personal data; it is looked up in the database, which also tells its event. Revoking stores the
  old code so the door can say "revoked" rather than "unknown".
- The private page token (in the guest's private URL): 192 random bits, URL-safe. Separate from
  the badge code, so a photo of someone's badge does not open their private page.
"""
import base64
import secrets

BADGE_TOKEN_LENGTH = 26


def new_badge_token():
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def new_private_token():
    return secrets.token_urlsafe(24)
