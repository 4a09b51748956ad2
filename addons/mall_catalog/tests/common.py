# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import TransactionCase
from odoo.tools import config

from odoo.addons.mall_catalog.tools import redis_store


@contextmanager
def redis_url(url):
    """Run with ``url`` as the configured Redis ("" for none)."""
    environ = {k: v for k, v in os.environ.items() if k != redis_store.ENV_KEY}
    with (
        patch.dict(os.environ, environ, clear=True),
        patch.dict(config.options, {redis_store.CONFIG_KEY: url}),
    ):
        yield


def flush_mall_cache(dbname):
    """Forget what this database's tests put in Redis (their data rolled back)."""
    client = redis_store.get_client()
    if client is not None:
        keys = list(client.scan_iter(match=f"mall:{dbname}:*"))
        if keys:
            client.delete(*keys)


class MallCatalogCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.shop = cls.env["mall.shop"].create(
            {"name": "测试旗舰店", "code": "TEST", "warehouse_id": cls.warehouse.id}
        )
        Category = cls.env["mall.category"]
        cls.category_root = Category.create({"name": "服装"})
        cls.category_mid = Category.create(
            {"name": "女装", "parent_id": cls.category_root.id}
        )
        cls.category_leaf = Category.create(
            {"name": "连衣裙", "parent_id": cls.category_mid.id}
        )
        cls.product = cls.env["product.template"].create(
            {
                "name": "法式碎花连衣裙",
                "list_price": 299.0,
                "is_storable": True,
                "mall_shop_id": cls.shop.id,
                "mall_category_id": cls.category_leaf.id,
            }
        )
        flush_mall_cache(cls.env.cr.dbname)
        cls.addClassCleanup(flush_mall_cache, cls.env.cr.dbname)
