# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shoppers' address books, and the deletion of a shopper's account.

An address is a child partner of the shopper (``type="delivery"``) with a
region, so that sale orders can ship to it: the recipient is its name, the
phone its (encrypted) phone, the detail its (encrypted) street. Each shopper
with addresses has exactly one default address.

A shopper deleting their account (PIPL art. 47) is not deleted: sale
orders, invoices and payments keep pointing at the partner, so the books
stay whole. What identifies the person is erased instead, and the partner
archived under a neutral name.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

MAX_ADDRESSES = 50
# Records pointing at a partner that must not lose it: an address they use
# is archived, never deleted, and changed only as a new address.
ADDRESS_USERS = {
    "sale.order": ("partner_id", "partner_invoice_id", "partner_shipping_id"),
    "account.move": ("partner_id", "partner_shipping_id"),
    "stock.picking": ("partner_id",),
}
# Erased on the shopper and on the addresses orders still point at.
PERSONAL_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "vat",
    "website",
    "function",
    "comment",
    "ref",
    "image_1920",
    "mall_gender",
    "mall_birthday",
)
# The shopper's own location goes too; an address keeps its region
# (province, city, district), which identifies no one.
OWN_LOCATION_FIELDS = ("city", "state_id", "country_id", "mall_region_id")
# Lists kept only for the shopper: deleted with the account.
SHOPPER_LISTS = (
    "mall.favorite",
    "mall.footprint",
    "mall.search.log",
    "mall.invoice.title",
)
# Copies of the payer's contact details Odoo keeps on each payment.
PAYMENT_COPIES = (
    "partner_email",
    "partner_address",
    "partner_zip",
    "partner_city",
    "partner_phone",
)
# Set while the default flag is moved, so that moving it does not recurse.
_SYNCING = "mall_syncing_default_address"


class ResPartner(models.Model):
    _inherit = "res.partner"

    mall_region_id = fields.Many2one(
        "mall.region",
        string="Region (China)",
        index="btree_not_null",
        ondelete="restrict",
        help="District (or city without districts) of a shopper's address; "
        "sets the state, city and country.",
    )
    mall_default_address = fields.Boolean(
        string="Default Address",
        copy=False,
        help="The address the mini-program proposes first; one per shopper.",
    )

    # ------------------------------------------------------------------
    # Region -> Odoo's own address fields
    # ------------------------------------------------------------------
    @api.onchange("mall_region_id")
    def _onchange_mall_region_id(self):
        if self.mall_region_id:
            self.update(self.mall_region_id._mall_address_values())

    @api.model
    def _mall_with_region_values(self, vals):
        if not vals.get("mall_region_id"):
            return vals
        region = self.env["mall.region"].browse(vals["mall_region_id"])
        return {**vals, **region._mall_address_values()}

    def _prepare_display_address(self, without_company=False):
        address_format, args = super()._prepare_display_address(without_company)
        region = self.mall_region_id
        if region and region.name != args.get("city"):
            # Odoo's Chinese format has no district: print it with the city.
            args["city"] = " ".join(filter(None, [args.get("city"), region.name]))
        return address_format, args

    # ------------------------------------------------------------------
    # Exactly one default address per shopper
    # ------------------------------------------------------------------
    @api.model
    def _mall_address_domain(self, shopper):
        return [
            ("parent_id", "=", shopper.id),
            ("type", "=", "delivery"),
            ("mall_region_id", "!=", False),
            ("active", "=", True),
        ]

    def _mall_is_address(self):
        self.ensure_one()
        return bool(self.parent_id and self.type == "delivery" and self.mall_region_id)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._mall_with_region_values(vals) for vals in vals_list]
        partners = super().create(vals_list)
        addresses = partners.filtered(lambda p: p._mall_is_address())
        if addresses and not self.env.context.get(_SYNCING):
            addresses._mall_sync_default(addresses.parent_id)
        return partners

    def write(self, vals):
        if self.env.context.get(_SYNCING):
            return super().write(vals)
        vals = self._mall_with_region_values(vals)
        watched = {"mall_default_address", "active", "parent_id", "type"}
        watched.add("mall_region_id")
        if not watched & set(vals):
            return super().write(vals)
        before = self.filtered(lambda p: p._mall_is_address())
        was_default = before.filtered("mall_default_address")
        shoppers = before.parent_id
        result = super().write(vals)
        shoppers |= self.filtered(lambda p: p._mall_is_address()).parent_id
        if shoppers:
            self._mall_sync_default(shoppers, keep=was_default)
        return result

    def unlink(self):
        parents = self.filtered(lambda p: p._mall_is_address()).parent_id
        result = super().unlink()
        if parents and not self.env.context.get(_SYNCING):
            self.browse()._mall_sync_default(parents.exists())
        return result

    def _mall_sync_default(self, shoppers, keep=None):
        """The default flag after a change of ``self``: an address made
        default takes it from its siblings; a shopper left without one
        gives it back to ``keep`` (an address cannot just stop being the
        default) or else to the newest address."""
        Partner = self.sudo().with_context(**{_SYNCING: True})
        chosen = self.filtered(
            lambda p: p.active and p.mall_default_address and p._mall_is_address()
        )
        for shopper in shoppers:
            addresses = Partner.search(
                self._mall_address_domain(shopper), order="id desc"
            )
            mine = chosen.filtered(lambda p, s=shopper: p.parent_id == s)[:1]
            if not mine:
                current = addresses.filtered("mall_default_address")
                kept = addresses & (keep or self.browse())
                mine = current[:1] or kept[:1] or addresses[:1]
            others = addresses.filtered("mall_default_address") - mine
            if others:
                others.write({"mall_default_address": False})
            if mine and not mine.mall_default_address:
                Partner.browse(mine.id).write({"mall_default_address": True})
        # Archived addresses are no longer anyone's default.
        stale = self.filtered(lambda p: not p.active and p.mall_default_address)
        if stale:
            Partner.browse(stale.ids).write({"mall_default_address": False})

    def address_get(self, adr_pref=None):
        """A shopper ships to their default address unless told otherwise."""
        result = super().address_get(adr_pref)
        if len(self) == 1 and "delivery" in (adr_pref or []) and self.mall_is_shopper:
            default = self.search(
                [
                    *self._mall_address_domain(self),
                    ("mall_default_address", "=", True),
                ],
                limit=1,
            )
            if default:
                result["delivery"] = default.id
        return result

    def _handle_first_contact_creation(self):
        # A shopper's first address stays in the address book: Odoo would
        # otherwise copy it onto the shopper as the shopper's own address.
        if self._mall_is_address():
            return
        return super()._handle_first_contact_creation()

    # ------------------------------------------------------------------
    # The address book, as the API uses it (on the shopper)
    # ------------------------------------------------------------------
    def _mall_addresses(self):
        """The shopper's active addresses, the default first, newest next."""
        self.ensure_one()
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                self._mall_address_domain(self),
                order="mall_default_address desc, id desc",
            )
        )

    def _mall_address(self, address_id):
        """The shopper's active address ``address_id``, or an empty set:
        another shopper's address is not found, not forbidden."""
        self.ensure_one()
        return (
            self.env["res.partner"]
            .sudo()
            .search([*self._mall_address_domain(self), ("id", "=", address_id)])
        )

    def _mall_lock_address_book(self):
        """Serialize changes of one shopper's address book: a concurrent
        request that changed it makes this one retry (repeatable read), so
        the default flag and the limit cannot be raced."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s", [self.id]
        )

    def _mall_add_address(self, vals):
        """A new address of this shopper from ``vals`` (partner fields)."""
        self.ensure_one()
        self._mall_lock_address_book()
        if len(self._mall_addresses()) >= MAX_ADDRESSES:
            raise UserError(
                _("You can keep at most %(limit)s addresses.", limit=MAX_ADDRESSES)
            )
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(tracking_disable=True)
            .create(
                {
                    **vals,
                    "parent_id": self.id,
                    "type": "delivery",
                    "is_company": False,
                }
            )
        )

    def _mall_address_in_use(self):
        """Whether an order, invoice or delivery points at this address."""
        self.ensure_one()
        for model, fnames in ADDRESS_USERS.items():
            if model not in self.env:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            domain = ["|"] * (len(fnames) - 1) + [
                (fname, "=", self.id) for fname in fnames
            ]
            if Model.search_count(domain, limit=1):
                return True
        return False

    def _mall_update_address(self, vals):
        """Change this address; returns the address to use from now on.

        An address an order ships to keeps what the order was shipped with:
        it is archived and the change becomes a new address.
        """
        self.ensure_one()
        me = self.sudo().with_context(tracking_disable=True)
        me.parent_id._mall_lock_address_book()
        if not me._mall_address_in_use():
            me.write(vals)
            return me
        default = me.mall_default_address
        new = me.copy(
            {
                "parent_id": me.parent_id.id,
                "type": "delivery",
                "mall_default_address": default,
                **vals,
            }
        )
        me.write({"active": False})
        return new

    def _mall_remove_address(self):
        """Delete this address, or archive it when something points at it."""
        self.ensure_one()
        me = self.sudo().with_context(tracking_disable=True)
        me.parent_id._mall_lock_address_book()
        if me._mall_address_in_use():
            me.write({"active": False})
        else:
            me.unlink()

    def _mall_make_default(self):
        self.ensure_one()
        me = self.sudo().with_context(tracking_disable=True)
        me.parent_id._mall_lock_address_book()
        me.write({"mall_default_address": True})

    # ------------------------------------------------------------------
    # Deleting the account (PIPL)
    # ------------------------------------------------------------------
    def _mall_deleted_name(self):
        """The name an erased partner keeps, in the shop's language."""
        lang = self.lang or self.env.context.get("lang")
        return self.with_context(lang=lang).env._("Deleted User")

    def _mall_erased_values(self, fnames):
        return {
            fname: False
            for fname in fnames
            if fname in self._fields and fname != "name"
        } | {"name": self._mall_deleted_name()}

    def _mall_check_erasable(self):
        """Refuse while an order is still under way: its delivery needs
        the address and phone about to be erased."""
        self.ensure_one()
        if self.user_ids:
            raise UserError(_("Only mini-program shoppers can delete their account."))
        open_orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self.id),
                    ("state", "=", "sale"),
                    ("delivery_status", "in", ("pending", "started", "partial")),
                ]
            )
        )
        if open_orders:
            raise UserError(
                _(
                    "Your orders %(orders)s are still being delivered: delete "
                    "the account once they have arrived.",
                    orders=", ".join(open_orders.mapped("name")),
                )
            )

    def _mall_anonymise(self):
        """Erase a shopper for good, keeping what accounting needs.

        Sessions end; platform accounts, favorites, footprints, searches,
        invoice titles and unused addresses are deleted; invoice requests
        lose the e-mail and a personal title's name and tax ID; addresses
        and the shopper that orders point at lose name, phones, streets and
        picture and are archived;
        reviews stay, by the now anonymous partner; quotations not paid are
        cancelled. Orders, invoices and their amounts are not touched.
        """
        for partner in self:
            partner._mall_anonymise_one()

    def _mall_anonymise_one(self):
        self.ensure_one()
        me = self.sudo().with_context(tracking_disable=True, active_test=False)
        me._mall_check_erasable()
        me._mall_lock_address_book()
        env = me.env
        env["mall.shopper.token"]._live_tokens_of(me)._revoke()
        if "mall_identity_ids" in me._fields:
            me.mall_identity_ids.unlink()
        for model in SHOPPER_LISTS:
            env[model].search([("partner_id", "=", me.id)]).unlink()

        env["mall.invoice.request"].search(
            [("partner_id", "=", me.id)]
        )._mall_erase_personal(me._mall_deleted_name())

        quotations = env["sale.order"].search(
            [("partner_id", "child_of", me.id), ("state", "in", ("draft", "sent"))]
        )
        if quotations:
            quotations._action_cancel()

        children = me.search([("id", "child_of", me.id), ("id", "!=", me.id)])
        everyone = me | children
        # Chatter of the partners: old names, e-mails and addresses in the
        # tracking of changes.
        env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "in", everyone.ids)]
        ).unlink()
        if "payment.transaction" in env:
            transactions = env["payment.transaction"].search(
                [("partner_id", "in", everyone.ids)]
            )
            transactions.write(
                dict.fromkeys(PAYMENT_COPIES, False)
                | {"partner_name": me._mall_deleted_name()}
            )
        used = children.filtered(lambda child: child._mall_address_in_use())
        (children - used).unlink()
        used.write(
            me._mall_erased_values(PERSONAL_FIELDS)
            | {"active": False, "mall_default_address": False}
        )
        me.write(
            me._mall_erased_values(PERSONAL_FIELDS + OWN_LOCATION_FIELDS)
            | {"active": False}
        )
