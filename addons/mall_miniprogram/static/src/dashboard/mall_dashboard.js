/** @odoo-module **/
// Copyright 2026 The mall authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatFloat, formatPercentage} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

export class MallDashboard extends Component {
    static template = "mall_miniprogram.MallDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({period: "today", data: null, loading: true});
        this.periods = [
            {key: "today", label: _t("Today")},
            {key: "7d", label: _t("Last 7 days")},
            {key: "30d", label: _t("Last 30 days")},
        ];
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        this.state.data = await this.orm.call("mall.dashboard", "get_dashboard_data", [
            this.state.period,
        ]);
        this.state.loading = false;
    }

    async setPeriod(period) {
        if (period !== this.state.period) {
            this.state.period = period;
            await this.load();
        }
    }

    get cards() {
        const kpis = this.state.data.kpis;
        const domains = this.state.data.domains;
        const card = (key, label, kind, open) => ({
            key,
            label,
            kind,
            open,
            ...kpis[key],
        });
        return [
            card("gmv", _t("GMV"), "money", () => this.openOrders(domains.orders)),
            card("orders", _t("Orders"), "int", () => this.openOrders(domains.orders)),
            card("shoppers", _t("Paying shoppers"), "int", () =>
                this.openReport(domains.report, "partner_id")
            ),
            card("aov", _t("Average order value"), "money", () =>
                this.openReport(domains.report, "paid_at:day")
            ),
            card("conversion", _t("Conversion (visits → orders)"), "percent"),
            card("new_members", _t("New members"), "int", () =>
                this.openPartners(domains.members)
            ),
            card("repurchase_rate", _t("Repurchase rate"), "percent", () =>
                this.openReport(domains.report, "partner_id")
            ),
            card("refund_rate", _t("Refund rate"), "percent", () =>
                this.openOrders(domains.refunds)
            ),
        ];
    }

    format(value, kind) {
        if (kind === "percent") {
            return formatPercentage(value, {digits: [false, 1]});
        }
        if (kind === "money") {
            const currency = this.state.data.currency;
            return `${currency.symbol} ${formatFloat(value, {
                digits: [false, currency.decimals],
            })}`;
        }
        return formatFloat(value, {digits: [false, 0]});
    }

    formatChange(change) {
        if (change === null || change === undefined) {
            return "—";
        }
        const sign = change > 0 ? "+" : "";
        return sign + formatPercentage(change, {digits: [false, 1]});
    }

    barWidth(item, items, key) {
        const max = Math.max(...items.map((i) => i[key]), 0);
        return max ? `width: ${Math.round((item[key] / max) * 100)}%` : "width: 0%";
    }

    openOrders(domain) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Orders"),
            res_model: "sale.order",
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    openPartners(domain) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("New members"),
            res_model: "res.partner",
            domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    openReport(domain, groupBy, extra = []) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Sales Analysis"),
            res_model: "mall.sales.report",
            domain: [...domain, ...extra],
            context: {group_by: groupBy ? [groupBy] : []},
            views: [
                [false, "list"],
                [false, "pivot"],
                [false, "graph"],
            ],
        });
    }

    openProvince(item) {
        return this.openReport(this.state.data.domains.report, "partner_id", [
            ["state_id", "=", item.state_id],
        ]);
    }

    openChannel(item) {
        return this.openReport(this.state.data.domains.report, "partner_id", [
            ["source_id", "=", item.source_id],
        ]);
    }

    openProduct(item) {
        return this.openOrders([
            ...this.state.data.domains.orders,
            ["order_line.product_id", "=", item.id],
        ]);
    }
}

registry.category("actions").add("mall_miniprogram.dashboard", MallDashboard);
