# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Running campaigns as shoppers see them: ending soonest first, then by id so
# that pages do not overlap.
RUNNING_ORDER = "date_end, id"


class MallCampaignMixin(models.AbstractModel):
    """What group-buy and bargain campaigns share: a sale window
    (``date_start``/``date_end``), a draft/running/closed state with its
    back-office actions, the campaign's row lock and the shoppers' view of
    what is running. The fields each campaign words its own way (duration,
    limits, stock) stay on the campaign."""

    _name = "mall.campaign.mixin"
    _description = "Mall Campaign Mixin"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True
    )
    date_end = fields.Datetime(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )

    def _check_campaign_window(self):
        """Called by each campaign's constraint, in its order of checks."""
        for campaign in self:
            if campaign.date_end <= campaign.date_start:
                raise ValidationError(_("The campaign must end after it starts."))

    def _campaign_state_counts(self, model):
        """``{(campaign id, state): count}`` of the ``model`` records (with a
        ``campaign_id`` and a ``state``) of these campaigns."""
        return {
            (campaign.id, state): count
            for campaign, state, count in self.env[model]._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", "state"],
                ["__count"],
            )
        }

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------
    def action_start(self):
        self.write({"state": "running"})

    def action_close(self):
        self.write({"state": "closed"})

    def _campaign_records_action(self, xmlid):
        """The window action ``xmlid`` on this campaign's records."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Shoppers
    # ------------------------------------------------------------------
    def _campaign_lock(self):
        """The campaign's row lock: it serializes the per-shopper and stock
        counts of what shoppers take at the same time (a no-op UPDATE, as
        ``mall.groupbuy.group._lock`` explains)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id = %s",
                SQL.identifier(self._table),
                self.id,
            )
        )
        self.invalidate_recordset()

    def _campaign_is_running(self, now=None):
        self.ensure_one()
        now = now or fields.Datetime.now()
        return (
            self.active
            and self.state == "running"
            and self.date_start <= now < self.date_end
        )

    @api.model
    def _campaign_running_domain(self):
        """The campaigns shoppers see (archived ones are left out by search)."""
        now = fields.Datetime.now()
        return [
            ("state", "=", "running"),
            ("date_start", "<=", now),
            ("date_end", ">", now),
        ]

    @api.model
    def _campaign_running(self, campaign_id):
        """The campaign of id ``campaign_id`` if it is running, else empty."""
        domain = [*self._campaign_running_domain(), ("id", "=", campaign_id)]
        return self.search(domain, limit=1)

    @api.model
    def _campaign_running_page(self, offset, limit):
        """A page of the running campaigns (``RUNNING_ORDER``) and the count
        of all of them."""
        domain = self._campaign_running_domain()
        campaigns = self.search(domain, order=RUNNING_ORDER, offset=offset, limit=limit)
        return campaigns, self.search_count(domain)
