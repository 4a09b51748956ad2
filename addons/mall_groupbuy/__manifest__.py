# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mall Group Buy",
    "summary": "Group buys (拼团) and flash sales of the mall",
    "version": "18.0.1.0.0",
    "development_status": "Alpha",
    "category": "Sales/Mall",
    "website": "https://github.com/mall-odoo/mall",
    "author": "mall authors",
    "license": "AGPL-3",
    "depends": ["mall_catalog", "mall_payment"],
    "data": [
        "security/ir.model.access.csv",
        "data/mall_groupbuy_data.xml",
        "views/mall_groupbuy_campaign_views.xml",
        "views/mall_groupbuy_group_views.xml",
        "views/mall_flash_sale_views.xml",
        "data/mall_flash_cron.xml",
        "data/mall_distribution_data.xml",
        "data/mall_distribution_settings_data.xml",
        "views/mall_distribution_views.xml",
        "data/mall_bargain_data.xml",
        "views/mall_bargain_views.xml",
    ],
    "demo": ["demo/mall_groupbuy_campaign_demo.xml", "demo/mall_bargain_demo.xml"],
}
