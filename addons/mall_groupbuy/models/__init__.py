from . import mall_groupbuy_campaign
from . import mall_groupbuy_group
from . import mall_groupbuy_member
from . import sale_order
from . import payment_transaction
from . import mall_flash_sale
from . import mall_flash_claim
