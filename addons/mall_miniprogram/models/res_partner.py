# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.mall_catalog.tools import crypto

from ..fields import EncryptedChar, keyring

_logger = logging.getLogger(__name__)


PHONE_FIELDS = ("phone", "mobile")


# Every column that holds a phone number or a street, encrypted at rest.
ENCRYPTED_FIELDS = ("phone", "mobile", "street", "street2", "phone_sanitized")


BLIND_INDEXES = {"phone": "mall_phone_index", "mobile": "mall_mobile_index"}


PERSONAL_DATA_GROUP = "mall_miniprogram.group_mall_personal_data"


REENCRYPT_BATCH = 500


def _phone_index(ring, phone):
    return ring.blind_index(phone, "phone", normalize=crypto.normalize_phone)


class ResPartner(models.Model):
    """A shopper is a partner, never an internal user.

    Phone numbers and streets of every partner are stored encrypted; exact
    phone lookups go through a keyed hash (blind index).
    """

    _name = "res.partner"
    _inherit = ["res.partner", "mall.image.checksums"]

    # Redefined with the encrypted field type; being a different type, they
    # take no attribute of the original definitions: tracking, which would
    # copy the clear value into mail_tracking_value, stays off.
    street = EncryptedChar()
    street2 = EncryptedChar()
    phone = EncryptedChar()
    mobile = EncryptedChar()
    phone_sanitized = EncryptedChar(
        string="Sanitized Number",
        compute="_compute_phone_sanitized",
        compute_sudo=True,
        store=True,
    )
    # mail tracks this one: its tracking values would keep streets in clear.
    contact_address_inline = fields.Char(tracking=False)
    mall_phone_index = fields.Char(
        string="Phone Blind Index",
        compute="_compute_mall_phone_index",
        store=True,
        index=True,
        copy=False,
    )
    mall_mobile_index = fields.Char(
        string="Mobile Blind Index",
        compute="_compute_mall_phone_index",
        store=True,
        index=True,
        copy=False,
    )
    mall_address_index = fields.Char(
        compute="_compute_mall_address_index",
        store=True,
        index=True,
        copy=False,
        help="Keyed hash of the full street address: finds accounts shipping "
        "to one place without storing it in clear.",
    )
    mall_is_shopper = fields.Boolean(
        string="Mini-program Shopper", index=True, copy=False
    )
    mall_frozen = fields.Boolean(
        string="Frozen",
        copy=False,
        readonly=True,
        index=True,
        help="A frozen shopper cannot sign in or use the API; set by the "
        "anti-fraud rules or by hand, lifted from the risk review.",
    )
    mall_gender = fields.Selection(
        [("male", "Male"), ("female", "Female")], string="Gender"
    )
    mall_birthday = fields.Date(string="Birthday")
    mall_identity_ids = fields.One2many(
        "mall.shopper.identity", "partner_id", string="Platform Accounts"
    )
    mall_token_ids = fields.One2many(
        "mall.shopper.token",
        "partner_id",
        string="API Tokens",
        groups="base.group_system",
    )

    @api.depends("phone", "mobile")
    def _compute_mall_phone_index(self):
        ring = keyring()
        for partner in self:
            for fname, index in BLIND_INDEXES.items():
                partner[index] = _phone_index(ring, partner[fname]) or False

    @api.depends("street", "street2", "city", "state_id", "country_id")
    def _compute_mall_address_index(self):
        ring = keyring()
        for partner in self:
            if not partner.street:
                partner.mall_address_index = False
                continue
            parts = (
                partner.country_id.code,
                partner.state_id.code,
                partner.city,
                partner.street,
                partner.street2,
            )
            address = "|".join(part or "" for part in parts)
            partner.mall_address_index = ring.blind_index(address, "address")

    @api.model
    def _mall_phone_fields(self):
        return PHONE_FIELDS + ("phone_sanitized",)

    def _mall_personal_data_masked(self):
        """Whether the web client shows this partner's phone and street masked."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group(PERSONAL_DATA_GROUP):
            return False
        return self.mall_is_shopper or self.commercial_partner_id.mall_is_shopper

    def _mall_freeze(self):
        """Stop these shoppers at once: frozen, every live token revoked."""
        self.sudo().write({"mall_frozen": True})
        for partner in self:
            self.env["mall.shopper.token"]._live_tokens_of(partner)._revoke()

    def _mall_unfreeze(self):
        self.sudo().write({"mall_frozen": False})

    def _mall_bind_phone(self, phone):
        """Give this shopper the phone number a platform vouched for.

        When another shopper already holds it (the same person signed in on
        the other platform), the two become one: the one without orders is
        folded into the other. Returns the shopper to continue as, or raises
        UserError when both have orders.
        """
        self.ensure_one()
        phone = crypto.normalize_phone(phone)
        other = (self._mall_find_shoppers_by_phone(phone) - self)[:1]
        if not other:
            self.sudo().phone = phone
            return self
        Order = self.env["sale.order"].sudo()
        if not Order.search_count([("partner_id", "child_of", self.id)], limit=1):
            keep, fold = other, self
        elif not Order.search_count([("partner_id", "child_of", other.id)], limit=1):
            keep, fold = self, other
        else:
            raise UserError(
                _("This phone number belongs to another account with orders.")
            )
        fold._mall_merge_into(keep)
        keep.sudo().phone = phone
        return keep

    def _mall_merge_into(self, target):
        """Move this shopper's platform accounts, favorites and history to
        ``target`` and archive it; its sessions end."""
        self.ensure_one()
        me = self.sudo()
        me.mall_identity_ids.partner_id = target
        for model in ("mall.favorite", "mall.footprint"):
            records = self.env[model].sudo().search([("partner_id", "=", me.id)])
            kept = self.env[model].sudo().search([("partner_id", "=", target.id)])
            known = {r._mall_merge_key() for r in kept}
            records.filtered(
                lambda r, known=known: r._mall_merge_key() in known
            ).unlink()
            records.exists().partner_id = target
        self.env["mall.search.log"].sudo().search(
            [("partner_id", "=", me.id)]
        ).partner_id = target
        self.env["mall.shopper.token"]._live_tokens_of(me)._revoke()
        me.write({"active": False, "phone": False, "mobile": False})

    @api.model
    def _mall_find_shoppers_by_phone(self, phone):
        return self.search([("mall_is_shopper", "=", True), ("phone", "=", phone)])

    def write(self, vals):
        given = [fname for fname in ENCRYPTED_FIELDS if vals.get(fname)]
        if not given or self.env.su:
            return super().write(vals)

        # A form shown masked and saved sends the mask back: keep the real
        # value rather than overwrite it with stars.
        def is_mask(partner, fname):
            return vals[fname] == partner._mall_mask(fname, partner[fname])

        with_masks = self.filtered(lambda p: any(is_mask(p, f) for f in given))
        for partner in with_masks:
            own = {
                k: v
                for k, v in vals.items()
                if k not in given or not is_mask(partner, k)
            }
            super(ResPartner, partner).write(own)
        others = self - with_masks
        return super(ResPartner, others).write(vals) if others else True

    def _mall_mask(self, fname, value):
        if not value:
            return value
        if fname in self._mall_phone_fields():
            return crypto.mask_phone(value)
        return crypto.mask_text(value)

    # ------------------------------------------------------------------
    # Searching encrypted columns
    # ------------------------------------------------------------------
    def _condition_to_sql(self, alias, fname, operator, value, query):
        if fname not in ENCRYPTED_FIELDS or value is False or value is None:
            return super()._condition_to_sql(alias, fname, operator, value, query)
        positive = operator in ("=", "in", "=like", "=ilike", "like", "ilike")
        if fname not in BLIND_INDEXES:
            # A street cannot be searched inside its ciphertext.
            return SQL("FALSE") if positive else SQL("TRUE")
        # A phone is found when the whole number is given, however spelled.
        values = value if isinstance(value, list | tuple) else [value]
        ring = keyring()
        digests = [_phone_index(ring, v) for v in values if v]
        digests = [d for d in digests if d] or ["-"]
        condition = super()._condition_to_sql(
            alias, BLIND_INDEXES[fname], "in", digests, query
        )
        return condition if positive else SQL("(NOT %s)", condition)

    # ------------------------------------------------------------------
    # Masked display for users outside the personal-data group
    # ------------------------------------------------------------------
    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        return super()._compute_display_name()

    def _prepare_display_address(self, without_company=False):
        address_format, args = super()._prepare_display_address(without_company)
        if self._mall_personal_data_masked():
            for fname in ("street", "street2"):
                args[fname] = crypto.mask_text(args[fname])
        return address_format, args

    # ------------------------------------------------------------------
    # Keys: encryption of clear values and rotation, in batches
    # ------------------------------------------------------------------
    @api.model
    def _mall_reencrypt_personal_data(self, batch_size=REENCRYPT_BATCH, commit=False):
        """Encrypt clear values left by older versions and re-encrypt values
        under a key that is no longer current. Returns the number of values
        rewritten. With ``commit``, each batch is committed (CLI use)."""
        ring = keyring()
        current = f"{crypto.PREFIX}{ring.current}:"
        total = 0
        for fname in ENCRYPTED_FIELDS:
            field = self._fields[fname]
            while True:
                self.env.cr.execute(
                    SQL(
                        "SELECT id, %(col)s FROM res_partner"
                        " WHERE %(col)s IS NOT NULL AND %(col)s != ''"
                        " AND %(col)s NOT LIKE %(current)s"
                        " ORDER BY id LIMIT %(limit)s",
                        col=SQL.identifier(fname),
                        current=current + "%",
                        limit=batch_size,
                    )
                )
                rows = self.env.cr.fetchall()
                if not rows:
                    break
                for partner_id, stored in rows:
                    clear = field.convert_to_record(stored, self)
                    self.env.cr.execute(
                        SQL(
                            "UPDATE res_partner SET %s = %s WHERE id = %s",
                            SQL.identifier(fname),
                            ring.encrypt(clear, field._aad()),
                            partner_id,
                        )
                    )
                total += len(rows)
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                _logger.info("re-encrypted %s values of res.partner.%s", total, fname)
        self.invalidate_model(list(ENCRYPTED_FIELDS))
        return total

    def _mall_on_tier_changed(self, old_tier):
        result = super()._mall_on_tier_changed(old_tier)
        self.env["mall.notification"]._mall_notify(
            "tier_changed",
            self,
            {
                "tier_name": self.mall_tier_id.name or "",
                "old_tier_name": old_tier.name or "",
            },
        )
        return result
