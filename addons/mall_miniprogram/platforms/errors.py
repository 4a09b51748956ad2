# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


class PlatformError(Exception):
    """A platform call failed.

    ``code`` is the platform's own error code as text (WeChat's errcode,
    Alipay's sub_code), or None when the failure was found here (network,
    signature, watermark); ``message`` says what happened.
    """

    #: True when the shopper's code or data was refused, not the mall.
    is_client_error = False

    def __init__(self, platform, code, message):
        super().__init__(f"{platform}: {message} (code {code})")
        self.platform = platform
        self.code = None if code is None else str(code)
        self.message = message


class InvalidCredential(PlatformError):
    """The code or encrypted data the shopper sent is invalid, expired,
    already used or made for another app."""

    is_client_error = True


class PlatformUnavailable(PlatformError):
    """The platform is unreachable, failing, or refuses the mall's own
    credentials (wrong secret, key or endpoint)."""
