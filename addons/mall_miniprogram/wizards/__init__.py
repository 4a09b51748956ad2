from . import mall_ship_wizard
