# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo mall_rotate_keys -c odoo.conf -d <db>``: re-encrypt personal data
under the current key, committing batch by batch."""

import argparse
import sys

import odoo
from odoo.cli import Command


class MallRotateKeys(Command):
    """Re-encrypt shoppers' personal data under the current key"""

    name = "mall_rotate_keys"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"{sys.argv[0].split('/')[-1]} {self.name}",
            description=self.__doc__,
        )
        parser.add_argument("-c", "--config", help="Odoo configuration file")
        parser.add_argument("-d", "--database", required=True)
        parser.add_argument("--addons-path")
        parser.add_argument("--batch-size", type=int, default=500)
        args = parser.parse_args(cmdargs)
        odoo_args = [f"--database={args.database}"]
        if args.config:
            odoo_args.append(f"--config={args.config}")
        if args.addons_path:
            odoo_args.append(f"--addons-path={args.addons_path}")
        odoo.tools.config.parse_config(odoo_args)
        registry = odoo.modules.registry.Registry(args.database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            count = env["res.partner"]._mall_reencrypt_personal_data(
                batch_size=args.batch_size, commit=True
            )
        sys.stdout.write(f"{count} values re-encrypted under the current key\n")
