# Odoo payment providers for the mini-program: no dependency on the rest of the mall.
