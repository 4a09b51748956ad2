# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.addons.mall_miniprogram.tools import log_redact

URL = (
    "GET /sns/jscode2session?appid=wx5e1f&secret=bf6653e01ed0&js_code=0a1b2c"
    "&grant_type=authorization_code&access_token=Clt-Mq_u11 HTTP/1.1"
)


def test_redact_keeps_what_is_not_secret():
    text = log_redact.redact(URL)
    for secret in ("bf6653e01ed0", "0a1b2c", "Clt-Mq_u11"):
        assert secret not in text
    assert "appid=wx5e1f" in text
    assert "grant_type=authorization_code" in text
    assert "secret=[redacted]" in text


def test_filter_on_urllib3(caplog):
    log_redact.install()
    log_redact.install()  # once is enough
    logger = logging.getLogger("urllib3.connectionpool")
    assert sum(isinstance(f, log_redact.RedactUrlSecrets) for f in logger.filters) == 1
    with caplog.at_level(logging.DEBUG, logger="urllib3.connectionpool"):
        logger.debug('%s://%s:%s "%s" %s %s', "http", "api", 443, URL, 200, 61)
    assert "bf6653e01ed0" not in caplog.text
    assert "secret=[redacted]" in caplog.text
