# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, _, api, fields, models
from odoo.exceptions import UserError

from .mall_risk_rule import RESPONSIBLE_PARAM

DECISIONS = [("pass", "Pass"), ("review", "Review"), ("freeze", "Freeze")]
SEVERITY = {"pass": 0, "review": 1, "freeze": 2}
MANAGER_GROUP = "mall_catalog.group_mall_manager"
OPEN_ORDER_STATES = ("draft", "sent")

# What each kind of rule measures in the facts (counts); the other kinds are
# measured in _hit_measure.
COUNT_MEASURES = {
    "shared_device": "accounts_on_device",
    "shared_phone": "accounts_on_phone",
    "shared_address": "accounts_on_address",
    "order_velocity_hour": "orders_last_hour",
    "order_velocity_day": "orders_last_day",
    "coupon_abuse": "coupon_uses_last_day",
    "groupbuy_abuse": "groupbuy_joins_last_day",
    "groupbuy_same_device": "groupbuy_same_device_in_group",
}


def _hit_measure(kind, facts, rule):
    """``(value, limit)`` the rule of ``kind`` compared on ``facts``."""
    if kind == "abnormal_quantity":
        limit = rule.threshold if facts.quantity_limit is None else facts.quantity_limit
        return facts.max_line_quantity, limit
    if kind == "new_account_flash_sale":
        hours = facts.account_age / timedelta(hours=1) if facts.account_age else 0
        return hours, rule.threshold
    return getattr(facts, COUNT_MEASURES[kind], 0), rule.threshold


class MallRiskAssessment(models.Model):
    """The anti-fraud (防刷单) score of one shopper order and its review.

    Created for every order of a shopper. A score from the freeze threshold
    on freezes the shopper (sessions closed, open orders held); from the
    review threshold on, a reviewer is asked to look. The reviewer then
    unfreezes the shopper or confirms the fraud; every decision, automatic or
    not, is written in the chatter.
    """

    _name = "mall.risk.assessment"
    _description = "Mall Order Risk Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Shopper",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    order_id = fields.Many2one(
        "sale.order", index=True, ondelete="set null", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )
    device_id = fields.Char(readonly=True, index=True)
    score = fields.Integer(readonly=True, aggregator="max")
    decision = fields.Selection(DECISIONS, required=True, readonly=True, index=True)
    state = fields.Selection(
        [
            ("passed", "Passed"),
            ("new", "To Review"),
            ("cleared", "Cleared"),
            ("confirmed_fraud", "Fraud Confirmed"),
        ],
        default="new",
        required=True,
        readonly=True,
        index=True,
    )
    hit_ids = fields.One2many(
        "mall.risk.assessment.hit", "assessment_id", string="Rule Hits", readonly=True
    )
    partner_frozen = fields.Boolean(
        related="partner_id.mall_frozen", string="Shopper Frozen"
    )
    held_order_ids = fields.Many2many(
        "sale.order",
        string="Held Orders",
        compute="_compute_held_order_ids",
        help="The shopper's orders held by the anti-fraud review.",
    )
    reviewer_id = fields.Many2one("res.users", readonly=True)
    review_date = fields.Datetime(readonly=True)
    review_note = fields.Text(
        help="Why the shopper is cleared or the fraud confirmed; written in the "
        "log with the decision."
    )

    @api.depends("order_id.name", "partner_id.name", "score")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = _(
                "%(order)s · %(shopper)s (score %(score)s)",
                order=assessment.order_id.name or "-",
                shopper=assessment.partner_id.name or "",
                score=assessment.score,
            )

    @api.depends("partner_id")
    def _compute_held_order_ids(self):
        Order = self.env["sale.order"]
        for assessment in self:
            assessment.held_order_ids = (
                Order.search(
                    [
                        ("partner_id", "child_of", assessment.partner_id.id),
                        ("mall_risk_hold", "=", True),
                    ]
                )
                if assessment.partner_id
                else Order
            )

    # ------------------------------------------------------------------
    # Automatic decision, when an order is scored
    # ------------------------------------------------------------------
    @api.model
    def _mall_record(self, order, shopper, facts, result, rules, thresholds):
        """Create the assessment of ``order`` and apply its decision.

        :param result: the ``risk.RiskAssessment`` of ``facts``
        :param rules: the ``risk.RiskRule`` it was scored with
        :param thresholds: ``(freeze, review)``
        """
        decision = result.decision(*thresholds)
        by_code = {rule.code: rule for rule in rules}
        Rule = self.env["mall.risk.rule"].sudo().with_context(active_test=False)
        rule_ids = {
            rule.code: rule.id for rule in Rule.search([("code", "in", list(by_code))])
        }
        hits = []
        for hit in result.hits:
            rule = by_code[hit.code]
            value, limit = _hit_measure(rule.kind, facts, rule)
            hits.append(
                Command.create(
                    {
                        "rule_id": rule_ids.get(hit.code, False),
                        "code": hit.code,
                        "kind": rule.kind,
                        "points": hit.points,
                        "value": value,
                        "limit": limit,
                        "detail": hit.reason,
                    }
                )
            )
        already_frozen = shopper.mall_frozen
        assessment = (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": shopper.id,
                    "order_id": order.id,
                    "company_id": order.company_id.id,
                    "device_id": order._mall_risk_device_id() or False,
                    "score": result.total,
                    "decision": decision,
                    "state": "passed" if decision == "pass" else "new",
                    "hit_ids": hits,
                }
            )
        )
        held = order.browse()
        if decision == "freeze" or already_frozen:
            shopper._mall_freeze()
            held = assessment._mall_hold_orders()
        assessment._mall_log_automatic(thresholds, already_frozen, held)
        if decision != "pass" and assessment._mall_needs_notification():
            assessment._mall_notify_reviewers()
        return assessment

    def _mall_hold_orders(self):
        """Hold the shopper's open orders; returns those newly held."""
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self.partner_id.ids),
                    ("state", "in", OPEN_ORDER_STATES),
                    ("mall_risk_hold", "=", False),
                ]
            )
        )
        orders.write({"mall_risk_hold": True})
        return orders

    def _mall_log_automatic(self, thresholds, already_frozen, held):
        self.ensure_one()
        freeze, review = thresholds
        labels = dict(self._fields["decision"]._description_selection(self.env))
        body = Markup("<p>%s</p>") % _(
            "Automatic decision: %(decision)s, score %(score)s "
            "(review from %(review)s, freeze from %(freeze)s).",
            decision=labels[self.decision],
            score=self.score,
            review=review,
            freeze=freeze,
        )
        if self.hit_ids:
            body += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>")
                % _(
                    "%(rule)s: +%(points)s, %(reason)s",
                    rule=hit.rule_id.name or hit.code,
                    points=hit.points,
                    reason=hit.reason,
                )
                for hit in self.hit_ids
            )
        if self.decision == "freeze" and not already_frozen:
            body += Markup("<p>%s</p>") % _(
                "The shopper is frozen: their sessions are closed and "
                "%(count)s open order(s) are held until the review.",
                count=len(held),
            )
        elif already_frozen:
            body += Markup("<p>%s</p>") % _(
                "The shopper was already frozen: %(count)s open order(s) are held.",
                count=len(held),
            )
        self._mall_post(body, author=self.env.ref("base.partner_root"))

    def _mall_post(self, body, author=None):
        values = {"author_id": author.id} if author else {}
        self.sudo().message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            **values,
        )

    def _mall_needs_notification(self):
        """Whether no open assessment of the shopper asked the reviewers
        about at least this much already: one notice per escalation, not one
        per order."""
        self.ensure_one()
        others = self.sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "=", "new"),
                ("id", "!=", self.id),
            ]
        )
        severity = SEVERITY[self.decision]
        return not any(SEVERITY[other.decision] >= severity for other in others)

    @api.model
    def _mall_reviewers(self):
        """The responsible set in the settings, else the mall administrators."""
        param = self.env["ir.config_parameter"].sudo().get_param(RESPONSIBLE_PARAM)
        Users = self.env["res.users"].sudo()
        if param and param.isdigit():
            user = Users.browse(int(param)).exists()
            if user and user.active:
                return user
        return (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(
                lambda user: (
                    user.active and user.id != SUPERUSER_ID and user._is_internal()
                )
            )
        )

    def _mall_notify_reviewers(self):
        self.ensure_one()
        if self.decision == "freeze":
            summary = _("Frozen shopper to review")
            note = _(
                "%(shopper)s was frozen automatically (risk score %(score)s). "
                "Unfreeze them or confirm the fraud.",
                shopper=self.partner_id.name,
                score=self.score,
            )
        else:
            summary = _("Risky order to review")
            note = _(
                "Order %(order)s of %(shopper)s has a risk score of %(score)s. "
                "Clear it or confirm the fraud.",
                order=self.order_id.name or "-",
                shopper=self.partner_id.name,
                score=self.score,
            )
        for user in self._mall_reviewers():
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=user.id,
            )

    # ------------------------------------------------------------------
    # The review
    # ------------------------------------------------------------------
    def _mall_check_reviewer(self):
        self.check_access("write")
        if not self.env.user.has_group(MANAGER_GROUP) and not self.env.su:
            raise UserError(_("Only mall administrators can decide on a review."))

    def _mall_siblings(self):
        """These assessments and the other open ones of the same shoppers: a
        review decides on the shopper."""
        return self | self.search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "new")]
        )

    def _mall_close(self, state, body):
        assessments = self._mall_siblings()
        assessments.write(
            {
                "state": state,
                "reviewer_id": self.env.uid,
                "review_date": fields.Datetime.now(),
            }
        )
        note = Markup("<p>%s</p>") % body
        for assessment in assessments:
            text = note
            if assessment.review_note:
                text += Markup("<p>%s</p>") % _(
                    "Note: %(note)s", note=assessment.review_note
                )
            if assessment not in self:
                text += Markup("<p>%s</p>") % _(
                    "Decided with the review of %(other)s.",
                    other=self[:1].display_name,
                )
            assessment._mall_post(text)
        # Decided: the reviewers' to-dos are done, whoever was asked.
        assessments.sudo().activity_ids.unlink()
        return assessments

    def action_unfreeze(self):
        """Clear the shopper: unfrozen, held orders released."""
        self._mall_check_reviewer()
        partners = self.partner_id
        was_frozen = any(partners.mapped("mall_frozen"))
        partners._mall_unfreeze()
        orders = self.env["sale.order"].search(
            [("partner_id", "child_of", partners.ids), ("mall_risk_hold", "=", True)]
        )
        orders.write({"mall_risk_hold": False})
        if was_frozen or orders:
            body = _(
                "Cleared by %(user)s: the shopper is unfrozen and %(count)s held "
                "order(s) are released.",
                user=self.env.user.name,
                count=len(orders),
            )
        else:
            body = _("Cleared by %(user)s.", user=self.env.user.name)
        self._mall_close("cleared", body)
        return True

    def action_confirm_fraud(self):
        """Keep the shopper frozen and cancel their open orders."""
        self._mall_check_reviewer()
        for assessment in self:
            assessment.partner_id._mall_freeze()
            assessment._mall_hold_orders()
        orders = self.env["sale.order"].search(
            [
                ("partner_id", "child_of", self.partner_id.ids),
                ("state", "in", OPEN_ORDER_STATES),
            ]
        )
        orders.with_context(disable_cancel_warning=True).action_cancel()
        self._mall_close(
            "confirmed_fraud",
            _(
                "Fraud confirmed by %(user)s: the shopper stays frozen and "
                "%(count)s open order(s) are cancelled.",
                user=self.env.user.name,
                count=len(orders),
            ),
        )
        return True

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            {
                "domain": [("partner_id", "child_of", self.partner_id.id)],
                "context": {"create": False},
            }
        )
        return action
