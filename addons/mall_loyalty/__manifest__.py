# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mall Loyalty",
    "summary": "Member tiers, points and coupons on Odoo's loyalty programs",
    "version": "18.0.1.0.0",
    "development_status": "Alpha",
    "category": "Sales/Mall",
    "website": "https://github.com/mall-odoo/mall",
    "author": "mall authors",
    "license": "AGPL-3",
    "depends": [
        "mall_catalog",
        "loyalty",
        "sale_loyalty",
        "sale_loyalty_delivery",
        "utm",
    ],
    "data": [
        "security/ir.model.access.csv",
        "views/mall_member_tier_views.xml",
        "views/loyalty_program_coupon_views.xml",
        "data/mall_member_points_data.xml",
        "views/mall_member_points_views.xml",
        "views/mall_share_campaign_views.xml",
        "views/mall_channel_code_views.xml",
        "data/mall_points_mall_data.xml",
        "views/mall_points_mall_views.xml",
        "data/mall_member_card_data.xml",
        "views/mall_member_card_views.xml",
    ],
    "demo": [
        "demo/mall_member_tier_demo.xml",
        "demo/mall_share_campaign_demo.xml",
        "demo/mall_points_item_demo.xml",
        "demo/mall_member_card_plan_demo.xml",
    ],
}
