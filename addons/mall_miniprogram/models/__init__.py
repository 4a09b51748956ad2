from . import ir_http
from . import mall_shopper_token
from . import res_partner
from . import mall_favorite
from . import mall_footprint
from . import mall_search_log
from . import res_config_settings
