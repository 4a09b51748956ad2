# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mall Payments: WeChat Pay and Alipay",
    "summary": "WeChat Pay, Alipay, balance and Huabei as Odoo payment providers",
    "version": "18.0.1.0.0",
    "development_status": "Alpha",
    "category": "Accounting/Payment Providers",
    "website": "https://github.com/mall-odoo/mall",
    "author": "mall authors",
    "license": "AGPL-3",
    "depends": [
        "payment",
        "account_payment",
        "sale",
        "sale_async_emails",
        "loyalty",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/mall_payment_bill_security.xml",
        "views/payment_provider_views.xml",
        "data/payment_method_data.xml",
        "data/payment_provider_data.xml",
        "data/mall_payment_bill_data.xml",
        "wizard/mall_payment_bill_import_views.xml",
        "views/mall_payment_bill_views.xml",
    ],
    "external_dependencies": {"python": ["wechatpayv3", "python-alipay-sdk"]},
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
