# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Schemathesis fuzzes every operation of the OpenAPI document over HTTP.

Each operation gets ``MALL_FUZZ_EXAMPLES`` generated requests (schema-valid
ones, then invalid ones), anonymously and as a signed-in shopper (shopper-only
operations get one anonymous request: they stop at AUTH_REQUIRED), sent to
the test server so that Odoo's whole stack answers them. Rate limits are off;
sign-out and account deletion get a shopper of their own per example. Every
answer must be:

- no server error (500; an error logged by Odoo fails the test as well;
  502 and 503 only with their documented codes: a platform not configured);
- a status the document lists for the operation, with its content type;
- a body matching the documented schema, errors included: a 4xx is
  ``{"error": {"code", "message", "message_en"}}`` with a code the document
  lists for that operation and status.

The longer run, on demand::

    MALL_FUZZ_EXAMPLES=200 bin/test -k TestApiFuzz
"""

import json
import logging
import os
import re
import time

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from odoo.tests import tagged

from odoo.addons.mall_miniprogram.http_api import API_PREFIX

from .common import MallApiCommon, PaymentSetup

_logger = logging.getLogger(__name__)

EXAMPLES_ENV = "MALL_FUZZ_EXAMPLES"
DEFAULT_EXAMPLES = 4
# Operations whose success ends the signed-in session (or the account): each
# of their examples gets a shopper and a token of its own.
SESSION_ENDING = {("POST", "/auth/logout"), ("DELETE", "/me")}
_ERROR_CODES = re.compile(r"^Error: (.*)$")


def documented_error_codes(case, status):
    """The error codes the document lists for ``case``'s operation at ``status``."""
    responses = case.operation.definition.raw.get("responses", {})
    description = responses.get(str(status), {}).get("description", "")
    match = _ERROR_CODES.match(description)
    return {code.strip() for code in match.group(1).split(",")} if match else set()


def documented_error_format(ctx, response, case):
    """An error answer is the API's error object with a documented code."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(
            f"{response.status_code} answer is not JSON: {response.content[:200]!r}"
        ) from exc
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict) and error.get("message") and error.get("code"), (
        f"{response.status_code} answer is not an error object: {body}"
    )
    codes = documented_error_codes(case, response.status_code)
    assert error["code"] in codes, (
        f"{response.status_code} {error['code']} not documented "
        f"(the document lists {sorted(codes)}): {body}"
    )
    return None


def no_internal_error(ctx, response, case):
    """No 500. A 502 or 503 is an outage the document lists (WeChat not
    answering, a platform not configured): the other checks see that its
    code is documented for the operation."""
    if response.status_code >= 500 and response.status_code not in (502, 503):
        return not_a_server_error(ctx, response, case)
    return None


CHECKS = [
    no_internal_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    documented_error_format,
]


@tagged("post_install", "-at_install")
class TestApiFuzz(PaymentSetup, MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Thousands of requests from one IP in a minute: no rate limits here
        # (test_rate_limits proves them).
        ICP = cls.env["ir.config_parameter"]
        for policy in ("login", "write"):
            ICP.set_param(f"mall.rate_limit.{policy}", "0")
            ICP.set_param(f"mall.rate_limit.{policy}.token", "0")
        # Something for the generated ids to find.
        cls.product = cls.env["product.template"].create(
            {
                "name": "模糊测试商品",
                "mall_published": True,
                "sale_ok": True,
                "list_price": 9.9,
            }
        )
        cls.address = cls._create_address()
        pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls._setup_balance(pricelist.currency_id)

    def setUp(self):
        super().setUp()
        self.examples = int(os.environ.get(EXAMPLES_ENV) or DEFAULT_EXAMPLES)
        self.session = requests.Session()
        self.addCleanup(self.session.close)
        response = self.url_open(API_PREFIX + "/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.schema = schemathesis.openapi.from_dict(response.json())

    def _operations(self):
        operations = []
        for result in self.schema.get_all_operations():
            operations.append(result.ok())
        self.assertGreater(len(operations), 50)
        return operations

    def _token(self, operation):
        Token = self.env["mall.shopper.token"]
        method_path = (operation.method.upper(), operation.path[len(API_PREFIX) :])
        if method_path in SESSION_ENDING:
            partner = self.env["res.partner"].create(
                {"name": "模糊测试顾客", "mall_is_shopper": True}
            )
            return Token._issue(partner)
        if not self._shopper_token:
            self._shopper_token = Token._issue(self.shopper)
        return self._shopper_token

    def _plan(self, operation):
        """``[(signed_in, mode, examples)]`` worth running for ``operation``."""
        security = operation.definition.raw.get("security")
        both = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if not security:  # public: a token changes nothing
            return [(False, mode, self.examples) for mode in both]
        plan = [(True, mode, self.examples) for mode in both]
        if {} in security:  # optional sign-in
            return plan + [(False, mode, self.examples) for mode in both]
        # Shoppers only: anonymous requests stop at AUTH_REQUIRED.
        return [*plan, (False, GenerationMode.POSITIVE, 1)]

    def _fuzz(self, operation, mode, signed_in, examples):
        """Failures (texts) of the examples of ``operation``."""
        failures = []
        base_url = self.base_url()

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            verbosity=hypothesis.Verbosity.quiet,
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            headers = {}
            if signed_in:
                headers["Authorization"] = f"Bearer {self._token(operation)}"
            elif case.headers:
                case.headers.pop("Authorization", None)
            try:
                case.call_and_validate(
                    base_url=base_url,
                    session=self.session,
                    headers=headers,
                    checks=CHECKS,
                    timeout=30,
                )
            except (AssertionError, FailureGroup) as exc:
                failures.append(str(exc)[:3000])

        run()
        return failures

    def test_fuzz_every_operation(self):
        started = time.monotonic()
        failures = {}
        count = 0
        for operation in self._operations():
            self._shopper_token = None
            for signed_in, mode, examples in self._plan(operation):
                found = self._fuzz(operation, mode, signed_in, examples)
                count += examples
                for text in found:
                    # One example per operation and kind of failure.
                    kind = re.findall(r"^- .*$", text, re.MULTILINE)
                    failures.setdefault(
                        (operation.label, *kind),
                        f"{operation.label} ({mode.value}, "
                        f"{'shopper' if signed_in else 'anonymous'}):\n{text}",
                    )
        if failures:
            self.fail(f"{len(failures)} failures:\n\n" + "\n\n".join(failures.values()))
        self.assertGreater(count, 0)
        _logger.info("fuzzed %s examples in %.0f s", count, time.monotonic() - started)
