/** @odoo-module **/
// Copyright 2026 The mall authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mall_accountant_reconciliation_tour", {
    steps: () => [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Accounting",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open Reporting",
            trigger:
                ".o_menu_sections [data-menu-xmlid='account.menu_finance_reports']",
            run: "click",
        },
        {
            content: "Open the platform bill reconciliation report",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='mall_miniprogram.mall_payment_bill_reconciliation_menu']",
            run: "click",
        },
        {
            content: "The report opens as a pivot table",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Search the bill references",
            trigger: ".o_searchview_input",
            run: "edit TOURREF",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_data_row:contains(TOURREF-OK)",
        },
        {
            trigger: ".o_data_row:contains(TOURREF-DIFF)",
        },
        {
            content: "Only the amount differences",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains(金额差异)",
            run: "click",
        },
        {
            content: "The difference of the mismatched line is shown",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains(TOURREF-OK))) .o_data_row:contains(TOURREF-DIFF):contains(0.50)",
        },
        {
            content: "Group the lines by channel",
            trigger: ".o_group_by_menu .o_menu_item:contains(渠道)",
            run: "click",
        },
        {
            trigger: ".o_group_header:contains(微信支付)",
        },
    ],
});
