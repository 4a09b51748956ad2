# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from odoo.tests import tagged

from odoo.addons.mall_miniprogram.http_api.openapi import _openapi_path

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestOpenApi(MallApiCommon):
    def _document(self):
        response = self.url_open("/mall/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_document_is_valid_openapi(self):
        document = self._document()
        self.assertEqual(document["openapi"], "3.1.0")
        validate(document)  # raises on any violation of the OpenAPI schema

    def test_document_lists_exactly_the_declared_routes(self):
        document = self._document()
        declared = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            operation = getattr(rule.endpoint, "mall_api_operation", None)
            if operation:
                declared.add((_openapi_path(rule.rule), operation.method.lower()))
        documented = {
            (path, method)
            for path, operations in document["paths"].items()
            for method in operations
        }
        self.assertEqual(documented, declared)
        self.assertIn(("/mall/api/v1/stores", "get"), documented)

    def test_operations_document_their_inputs_errors_and_auth(self):
        paths = self._document()["paths"]
        stores = paths["/mall/api/v1/stores"]["get"]
        params = {p.get("name"): p for p in stores["parameters"] if "name" in p}
        self.assertEqual(params["latitude"]["schema"]["anyOf"][0]["maximum"], 90)
        self.assertEqual(params["page_size"]["schema"]["maximum"], 50)
        self.assertIn("422", stores["responses"])
        self.assertNotIn("security", stores)
        me = paths["/mall/api/v1/me"]["get"]
        self.assertEqual(me["security"], [{"shopperToken": []}])
        self.assertIn("AUTH_REQUIRED", me["responses"]["401"]["description"])

    def test_answers_match_the_document(self):
        """The declared schemas accept what the routes really answer."""
        document = self._document()

        def validator(schema):
            # "#/components/..." references resolve against this root.
            return Draft202012Validator(dict(schema, components=document["components"]))

        error_validator = validator(document["components"]["schemas"]["Error"])
        for path, url in [
            ("/mall/api/v1/health", "/health"),
            ("/mall/api/v1/stores", "/stores?latitude=31&longitude=121"),
        ]:
            ok = document["paths"][path]["get"]["responses"]["200"]
            _status, body, _response = self.api("GET", url)
            validator(ok["content"]["application/json"]["schema"]).validate(body)
            _status, body, _response = self.api(
                "GET", url, headers={"X-Mall-Platform": "x"}
            )
            error_validator.validate(body)
