from . import mall_ship_wizard
from . import mall_stock_set_wizard
