"""gunicorn's access log without secrets: gunicorn.conf.py names this logger class."""
from gunicorn.glogging import Logger

from .security import redact_tokens

# The atoms that carry the request's path, query or referring page.
_WITH_URLS = ("r", "U", "q", "f", "{referer}i")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in _WITH_URLS:
            if name in atoms:
                atoms[name] = redact_tokens(atoms[name])
        return atoms
