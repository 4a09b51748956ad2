/** @odoo-module **/
// Copyright 2026 The mall authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The merchant's day in the back office. Selectors use field and button
// names, never labels: the tours run with the admin in Chinese.
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/** Steps opening a Mall menu entry through the apps menu and a section. */
function openMallMenu(section, entry) {
    return [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='mall_catalog.mall_menu_root']",
            run: "click",
        },
        {
            trigger: `.o_menu_sections [data-menu-xmlid='${section}']`,
            run: "click",
        },
        {
            trigger: `.o-dropdown--menu [data-menu-xmlid='${entry}']`,
            run: "click",
        },
    ];
}

tours.add("mall_merchant_ship_tour", {
    steps: () => [
        ...openMallMenu(
            "mall_catalog.mall_menu_orders",
            "mall_miniprogram.sale_order_menu_to_ship"
        ),
        {
            content: "Open the paid order waiting in the to-ship queue",
            trigger:
                ".o_list_view .o_data_row td[name='partner_id']:contains(MALLSHIPTOUR)",
            run: "click",
        },
        {
            content: "Open its delivery",
            trigger: ".o_form_view button[name='action_view_delivery']",
            run: "click",
        },
        {
            content: "The carrier data are on the additional info page",
            trigger: ".o_notebook a[name='extra']",
            run: "click",
        },
        {
            content: "Enter the carrier's tracking number",
            trigger: ".o_field_widget[name='carrier_tracking_ref'] input",
            run: "edit SF1234567890",
        },
        {
            content: "Validate the delivery",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='button_validate']:visible",
            run: "click",
        },
        {
            content: "The delivery is done",
            trigger:
                ".o_statusbar_status button[data-value='done'].o_arrow_button_current",
        },
    ],
});

tours.add("mall_merchant_aftersale_tour", {
    steps: () => [
        ...openMallMenu(
            "mall_catalog.mall_menu_orders",
            "mall_miniprogram.mall_aftersale_menu"
        ),
        {
            content: "Open the requested refund in the after-sales queue",
            trigger:
                ".o_list_view .o_data_row td[name='partner_id']:contains(MALLASTOUR)",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button[data-value='approved'].o_arrow_button_current",
        },
        {
            content: "Refund the shopper",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_refund']",
            run: "click",
        },
        {
            content: "Confirm the refund",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The request is refunded",
            trigger:
                ".o_statusbar_status button[data-value='refunded'].o_arrow_button_current",
        },
    ],
});

tours.add("mall_merchant_marketing_tour", {
    steps: () => [
        ...openMallMenu(
            "mall_catalog.mall_menu_marketing",
            "mall_loyalty.loyalty_program_menu"
        ),
        {
            content: "Create a coupon program",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit 开学季优惠券 MALLCOUPONTOUR",
        },
        {
            content: "It is a coupon program",
            trigger: ".o_form_view .o_field_widget[name='program_type'] select",
            run: 'select "coupons"',
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Go to the group buys from the Marketing menu",
            trigger:
                ".o_menu_sections [data-menu-xmlid='mall_catalog.mall_menu_marketing']",
            run: "click",
        },
        {
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='mall_groupbuy.mall_groupbuy_campaign_menu']",
            run: "click",
        },
        {
            trigger:
                ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit 三人团 MALLGROUPTOUR",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='product_tmpl_id'] input",
            run: "edit 拼团测试",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(拼团测试商品)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='group_price'] input",
            run: "edit 39.9",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='group_size'] input",
            run: "edit 3",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='date_end'] input",
            run: "edit 2030年12月31日 12时00分00秒",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
