from . import ir_http
from . import mall_shopper_token
from . import res_partner
from . import mall_favorite
from . import mall_footprint
