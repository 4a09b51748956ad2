# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Product images kept in S3-compatible object storage (OCA fs_attachment).

The storage is optional (README.md, "Images"): bin/test installs
fs_attachment in the test database, and requirements-test.txt brings
moto[server], boto3 and s3fs; elsewhere the test is skipped. It starts
moto's S3 server on a free loopback port, creates a bucket, routes the
gallery model and the product image fields to that bucket through an
``fs.storage`` record, and checks that the images land in the bucket and
read back byte for byte.
"""

import base64
import importlib.util
import io
import json
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
import uuid

from PIL import Image

from odoo.tests import tagged

from .common import MallCatalogCommon

HOST = "127.0.0.1"
CODE = "mall_s3_test"
KEY = SECRET = "test"
TEMPLATE_IMAGE_FIELDS = ",".join(
    f"product.field_product_template__image_{size}"
    for size in (1920, 1024, 512, 256, 128)
)


def _free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_until_up(url, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"moto server did not answer on {url} in {timeout}s")


def _png(width, height, seed):
    """A PNG that does not compress away, bigger than any kept-in-db limit."""
    raw = bytes((seed * 7919 + i * 31) % 251 for i in range(width * height * 3))
    buf = io.BytesIO()
    Image.frombytes("RGB", (width, height), raw).save(buf, "PNG")
    return buf.getvalue()


@tagged("post_install", "-at_install")
class TestS3ProductImages(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"]._get("fs_attachment")
        if module.state != "installed":
            raise unittest.SkipTest("fs_attachment is not installed")
        missing = [
            name
            for name in ("moto", "boto3", "s3fs", "flask")
            if importlib.util.find_spec(name) is None
        ]
        if missing:
            raise unittest.SkipTest(f"not installed: {', '.join(missing)}")
        import boto3  # noqa: PLC0415

        port = _free_port()
        cls.endpoint = f"http://{HOST}:{port}"
        # Our own server process on loopback; ended by the class cleanup.
        cls.moto = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        cls.addClassCleanup(cls._stop_moto)
        _wait_until_up(f"{cls.endpoint}/", cls.moto)

        cls.bucket = f"mall-test-{uuid.uuid4().hex[:12]}"
        cls.s3 = boto3.client(
            "s3",
            endpoint_url=cls.endpoint,
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
        )
        cls.s3.create_bucket(Bucket=cls.bucket)

        # one storage per model/field: unhook any configured one (rolled back)
        cls.env["fs.storage"].search([]).write(
            {
                "model_xmlids": False,
                "field_xmlids": False,
                "use_as_default_for_attachments": False,
            }
        )
        cls.storage = cls.env["fs.storage"].create(
            {
                "name": "Mall product images (test S3)",
                "code": CODE,
                "protocol": "s3",
                "options": json.dumps(
                    {"endpoint_url": cls.endpoint, "key": KEY, "secret": SECRET}
                ),
                "directory_path": cls.bucket,
                # every attachment of a gallery image, and the product's own
                # image fields; other attachments stay where Odoo puts them
                "model_xmlids": "mall_catalog.model_mall_product_image",
                "field_xmlids": TEMPLATE_IMAGE_FIELDS,
                "check_connection_method": "ls",
            }
        )
        # the storage lookups are ormcached, possibly as "none" by earlier tests
        cls.env.registry.clear_cache()
        cls.png = _png(1200, 900, 1)

    @classmethod
    def _stop_moto(cls):
        cls.moto.terminate()
        try:
            cls.moto.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.moto.kill()
            cls.moto.wait()

    def _attachment(self, record, field):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("res_field", "=", field),
                ]
            )
        )

    def _bucket_keys(self):
        listing = self.s3.list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def _object(self, attachment):
        code, _sep, key = attachment.store_fname.partition("://")
        self.assertEqual(code, CODE)
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def test_gallery_image_in_bucket(self):
        image = self.env["mall.product.image"].create(
            {
                "product_tmpl_id": self.product.id,
                "image_1920": base64.b64encode(self.png),
            }
        )
        self.env.flush_all()
        keys = self._bucket_keys()
        for size in (1920, 1024, 512, 256, 128):
            attachment = self._attachment(image, f"image_{size}")
            self.assertTrue(
                attachment.store_fname.startswith(f"{CODE}://"),
                f"image_{size} stored at {attachment.store_fname}",
            )
            self.assertEqual(attachment.fs_storage_id, self.storage)
            self.assertFalse(attachment.db_datas)
            self.assertIn(attachment.store_fname.partition("://")[2], keys)
        original = self._attachment(image, "image_1920")
        self.assertEqual(self._object(original), self.png)

        image.invalidate_recordset()
        self.assertEqual(base64.b64decode(image.image_1920), self.png)
        for size, expected in ((512, (512, 384)), (128, (128, 96))):
            data = base64.b64decode(image[f"image_{size}"])
            self.assertEqual(Image.open(io.BytesIO(data)).size, expected)
            self.assertEqual(
                self._object(self._attachment(image, f"image_{size}")), data
            )

    def test_product_image_in_bucket(self):
        self.product.image_1920 = base64.b64encode(self.png)
        self.env.flush_all()
        attachment = self._attachment(self.product, "image_1920")
        self.assertTrue(attachment.store_fname.startswith(f"{CODE}://"))
        self.assertEqual(self._object(attachment), self.png)
        # the content hash the mall's image links are made of is unchanged
        self.assertEqual(
            self.product._mall_checksums("image_1920")[self.product.id],
            attachment.checksum,
        )
        self.product.invalidate_recordset()
        self.assertEqual(base64.b64decode(self.product.image_1920), self.png)
        # what /web/image and /mall/img stream (ir.binary reads the bucket)
        stream = self.env["ir.binary"]._get_stream_from(self.product, "image_512")
        self.assertEqual(stream.type, "fs")
        self.assertEqual(stream.read(), self._attachment(self.product, "image_512").raw)

    def test_other_images_stay_in_filestore(self):
        partner = self.env["res.partner"].create(
            {"name": "Shopper", "image_1920": base64.b64encode(_png(300, 300, 2))}
        )
        self.env.flush_all()
        attachment = self._attachment(partner, "image_1920")
        self.assertFalse(attachment.fs_storage_id)
        self.assertNotIn("://", attachment.store_fname or "")
