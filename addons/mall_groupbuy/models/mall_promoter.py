# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..exceptions import GroupbuyError
from ..tools import commission as maths

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# The distribution settings: fields of the company (res.company).
SETTINGS = {
    name: f"mall_distribution_{name}"
    for name in (
        "enabled",
        "mode",
        "spend_threshold",
        "levels",
        "rate_1",
        "rate_2",
        "binding_days",
        "aftersale_days",
        "min_withdrawal",
    )
}


class DistributionError(GroupbuyError):
    """A distribution rule refused the shopper's request; ``code`` says
    which (self_referral, cycle, frozen, already_promoter, ...)."""

    def __init__(self, message, code):
        super().__init__(code, message)


class MallPromoter(models.Model):
    _name = "mall.promoter"
    _description = "Mall Promoter"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="restrict"
    )
    code = fields.Char(
        string="Promoter Code",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: self._new_code(),
        help="What the promoter's share links and posters carry.",
    )
    state = fields.Selection(
        [
            ("applied", "Applied"),
            ("active", "Active"),
            ("frozen", "Frozen"),
            ("rejected", "Rejected"),
        ],
        default="applied",
        required=True,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    approved_at = fields.Datetime(string="Approved On", readonly=True)
    commission_ids = fields.One2many(
        "mall.commission", "promoter_id", string="Commissions"
    )
    withdrawal_ids = fields.One2many(
        "mall.commission.withdrawal", "promoter_id", string="Withdrawals"
    )
    team_count = fields.Integer(
        string="Direct Team", compute="_compute_team_count", help="Shoppers bound now"
    )
    pending_amount = fields.Monetary(
        string="Pending", compute="_compute_amounts", help="Still in after-sales"
    )
    withdrawable_amount = fields.Monetary(
        string="Withdrawable", compute="_compute_amounts"
    )
    withdrawn_amount = fields.Monetary(string="Withdrawn", compute="_compute_amounts")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The promoter code must be unique."),
        ("partner_unique", "unique(partner_id)", "The shopper is already a promoter."),
    ]

    @api.model
    def _new_code(self):
        return "".join(secrets.choice(CODE_ALPHABET) for __ in range(CODE_LENGTH))

    def _compute_team_count(self):
        for promoter in self:
            promoter.team_count = len(promoter._mall_team(1))

    def _compute_amounts(self):
        for promoter in self:
            summary = promoter._mall_summary()
            promoter.pending_amount = float(summary["pending"])
            promoter.withdrawable_amount = float(summary["withdrawable"])
            promoter.withdrawn_amount = float(summary["withdrawn"])

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def _mall_setting(self, name, company=None):
        """The distribution setting ``name`` of ``company``: by default the
        promoter's own company (one promoter), else the current company."""
        if company is None:
            company = self.company_id if len(self) == 1 else self.env.company
        value = company.sudo()[SETTINGS[name]]
        if name in ("enabled", "mode"):
            return value
        if name in ("levels", "binding_days", "aftersale_days"):
            return int(value or 0)
        return maths.to_decimal(value or 0)

    # ------------------------------------------------------------------
    # Becoming a promoter
    # ------------------------------------------------------------------
    @api.model
    def _mall_of(self, partner):
        return self.sudo().search([("partner_id", "=", partner.id)], limit=1)

    @api.model
    def _mall_spent(self, partner):
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    ("state", "=", "sale"),
                ]
            )
        )
        return sum(orders.mapped("amount_total"))

    @api.model
    def _mall_apply(self, partner):
        """The shopper asks to become a promoter: open mode makes them one at
        once, application mode waits for the merchant, spend mode checks what
        they have bought."""
        promoter = self._mall_of(partner)
        company = promoter.company_id or self.env.company
        if not self._mall_setting("enabled", company):
            raise DistributionError(_("Distribution is not open."), "disabled")
        if promoter.state in ("active", "applied"):
            return promoter
        if promoter.state == "frozen":
            raise DistributionError(
                _("Your promoter account is frozen; contact customer service."),
                "frozen",
            )
        mode = self._mall_setting("mode", company)
        if mode == "spend":
            threshold = self._mall_setting("spend_threshold", company)
            spent = maths.to_decimal(self._mall_spent(partner))
            if spent < threshold:
                raise DistributionError(
                    _(
                        "Spend %(threshold)s in the mall to become a promoter "
                        "(%(spent)s so far).",
                        threshold=threshold,
                        spent=spent,
                    ),
                    "spend_threshold",
                )
        values = {"state": "active" if mode in ("open", "spend") else "applied"}
        if values["state"] == "active":
            values["approved_at"] = fields.Datetime.now()
        if promoter:  # rejected before: applies again
            promoter.write(values)
        else:
            promoter = self.sudo().create({"partner_id": partner.id, **values})
        return promoter

    def action_approve(self):
        self.filtered(lambda p: p.state in ("applied", "rejected")).write(
            {"state": "active", "approved_at": fields.Datetime.now()}
        )

    def action_reject(self):
        self.filtered(lambda p: p.state == "applied").state = "rejected"

    def action_freeze(self):
        self.filtered(lambda p: p.state == "active").state = "frozen"

    def action_unfreeze(self):
        self.filtered(lambda p: p.state == "frozen").state = "active"

    # ------------------------------------------------------------------
    # Binding (first touch wins until it lapses)
    # ------------------------------------------------------------------
    @api.model
    def _mall_bound_promoter(self, partner, when=None):
        """The promoter ``partner`` is bound to at ``when`` (now), if any;
        a frozen or rejected promoter is ignored."""
        partner = partner.sudo()
        promoter = partner.mall_promoter_bound_id
        if not promoter or maths.expiry_passed(
            partner.mall_promoter_bound_at,
            promoter.sudo()._mall_setting("binding_days"),
            when or fields.Datetime.now(),
        ):
            return self.browse()
        return promoter if promoter.state == "active" else self.browse()

    def _mall_same_person(self, partner):
        """Whether ``partner`` is the promoter: same partner, or the same
        phone number (the same person with a second account)."""
        self.ensure_one()
        mine = self.partner_id.commercial_partner_id
        theirs = partner.commercial_partner_id
        if mine == theirs:
            return True
        phones = {
            p._phone_format(fname="phone", force_format="E164") or p.phone
            for p in (mine, theirs)
            if p.phone
        }
        return bool(mine.phone and theirs.phone) and len(phones) == 1

    def _mall_upline(self, limit=10):
        """The promoters above this one, nearest first."""
        chain, current = self.browse(), self
        for __ in range(limit):
            current = self._mall_bound_promoter(current.partner_id)
            if not current or current in chain or current == self:
                break
            chain |= current
        return chain

    def _mall_bind(self, partner):
        """Bind ``partner`` to this promoter; returns ``(promoter, new)``: the
        promoter the shopper is bound to and whether it is this binding."""
        self.ensure_one()
        partner = partner.sudo()
        if self.state != "active":
            raise DistributionError(
                _("This promoter code is not in use."), "promoter_inactive"
            )
        if self._mall_same_person(partner):
            raise DistributionError(
                _("You cannot bind yourself as your own promoter."), "self_referral"
            )
        # Two first visits at once: the second waits and sees the first.
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", partner.id)
        )
        partner.invalidate_recordset(
            ["mall_promoter_bound_id", "mall_promoter_bound_at"]
        )
        current = self._mall_bound_promoter(partner)
        if current:
            return current, False
        mine = self._mall_of(partner)
        if mine and (mine in self._mall_upline() or mine == self):
            raise DistributionError(
                _("This promoter is already in your team."), "cycle"
            )
        partner.write(
            {
                "mall_promoter_bound_id": self.id,
                "mall_promoter_bound_at": fields.Datetime.now(),
            }
        )
        return self, True

    # ------------------------------------------------------------------
    # The promoter centre
    # ------------------------------------------------------------------
    def _mall_team(self, level=1):
        """The shoppers bound now at ``level`` (1: to me, 2: to my team)."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        direct = Partner.search([("mall_promoter_bound_id", "=", self.id)])
        direct = direct.filtered(lambda p: self._mall_bound_promoter(p) == self)
        if level == 1:
            return direct
        promoters = self.sudo().search(
            [("partner_id", "in", direct.ids), ("state", "=", "active")]
        )
        second = Partner.search([("mall_promoter_bound_id", "in", promoters.ids)])
        return second.filtered(lambda p: self._mall_bound_promoter(p) in promoters)

    def _mall_summary(self):
        """Pending, withdrawable and withdrawn, as Decimals."""
        self.ensure_one()
        digits = self.currency_id.decimal_places
        commissions = self.sudo().commission_ids
        withdrawals = self.sudo().withdrawal_ids

        def total(records):
            return sum(
                (maths.to_decimal(a, digits) for a in records.mapped("amount")),
                maths.to_decimal(0, digits),
            )

        earned = commissions.filtered(
            lambda c: c.state in ("withdrawable", "withdrawn")
        )
        asked = withdrawals.filtered(lambda w: w.state != "rejected")
        return {
            "pending": total(commissions.filtered(lambda c: c.state == "pending")),
            "withdrawable": total(earned) - total(asked),
            "withdrawn": total(withdrawals.filtered(lambda w: w.state == "paid")),
            "in_review": total(
                withdrawals.filtered(lambda w: w.state in ("requested", "approved"))
            ),
        }

    def _mall_lock(self):
        self.env.cr.execute(
            SQL(
                "SELECT id FROM mall_promoter WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _mall_mark_withdrawn(self):
        """Commissions covered by paid-out withdrawals, oldest first, are
        withdrawn."""
        for promoter in self:
            paid = sum(
                promoter.withdrawal_ids.filtered(lambda w: w.state == "paid").mapped(
                    "amount"
                )
            )
            done = sum(
                promoter.commission_ids.filtered(
                    lambda c: c.state == "withdrawn"
                ).mapped("amount")
            )
            cmp = promoter.currency_id.compare_amounts
            for line in promoter.commission_ids.filtered(
                lambda c: c.state == "withdrawable"
            ).sorted("id"):
                if cmp(done + line.amount, paid) > 0:
                    break
                done += line.amount
                line.state = "withdrawn"

    def action_view_commissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_groupbuy.mall_commission_action"
        )
        action["domain"] = [("promoter_id", "=", self.id)]
        action["context"] = {}
        return action

    def unlink(self):
        if self.commission_ids:
            raise UserError(_("A promoter with commissions cannot be deleted."))
        return super().unlink()
