/** @odoo-module **/
// Copyright 2026 The mall authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mall_dashboard_tour", {
    steps: () => [
        {
            content: "The KPI cards are there",
            trigger:
                ".o_mall_dashboard .o_mall_kpi_card[data-kpi='gmv'] .o_mall_kpi_value",
        },
        {
            trigger: ".o_mall_kpi_card[data-kpi='refund_rate']",
        },
        {
            trigger:
                ".o_mall_kpi_card[data-kpi='orders'] .o_mall_kpi_value:contains(2)",
        },
        {
            content: "Switch to the last 30 days",
            trigger: ".o_mall_dashboard_periods button[data-period='30d']",
            run: "click",
        },
        {
            trigger: ".o_mall_dashboard_periods button[data-period='30d'].active",
        },
        {
            trigger:
                ".o_mall_kpi_card[data-kpi='orders'] .o_mall_kpi_value:contains(3)",
        },
        {
            trigger: ".o_mall_hot_products .o_mall_bar_row",
        },
        {
            content: "Open the paid orders from the orders card",
            trigger: ".o_mall_kpi_card[data-kpi='orders']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
