from . import ir_http
from . import mall_shopper_token
from . import res_partner
