# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keep credentials that travel in URLs out of the logs.

WeChat's server API takes the app secret, access tokens and sign-in codes in
the query string; urllib3 logs every URL it requests at DEBUG. A deployment
debugging its network must not write the app secret into its log files.
"""

import logging
import re

SECRET_PARAMS = re.compile(
    r"\b(secret|appsecret|access_token|js_code|code|session_key|refresh_token|token)"
    r"=([^&\s\"']+)",
    re.IGNORECASE,
)
REDACTED = "[redacted]"
# Loggers that write request URLs.
URL_LOGGERS = ("urllib3.connectionpool",)


def redact(text):
    """``text`` with the values of secret query parameters replaced."""
    return SECRET_PARAMS.sub(lambda m: f"{m.group(1)}={REDACTED}", text)


class RedactUrlSecrets(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's business
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install():
    """Add the filter to the URL-logging loggers (once)."""
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactUrlSecrets) for f in logger.filters):
            logger.addFilter(RedactUrlSecrets())
