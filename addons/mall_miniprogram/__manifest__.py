# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mall Mini-program API",
    "summary": "Mini-program HTTP API: shoppers, tokens, JSON routes, OpenAPI",
    "version": "18.0.1.0.0",
    "development_status": "Alpha",
    "category": "Sales/Mall",
    "website": "https://github.com/mall-odoo/mall",
    "author": "mall authors",
    "license": "AGPL-3",
    "depends": [
        "mall_catalog",
        "mall_loyalty",
        "mall_groupbuy",
        "mall_payment",
        # Its phone mixin keeps a copy of partners' numbers: encrypted here too.
        "sms",
    ],
    "external_dependencies": {"python": ["pydantic", "redis", "pycryptodome"]},
    "data": [
        "security/mall_miniprogram_security.xml",
        "security/ir.model.access.csv",
        "data/mall.region.csv",
        "views/mall_region_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/mall_shopper_token_views.xml",
        "data/mall_risk_rule_data.xml",
        "views/mall_risk_rule_views.xml",
        "views/mall_risk_assessment_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_risk_views.xml",
    ],
    "post_init_hook": "post_init_hook",
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
