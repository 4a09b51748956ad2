from . import mall_shop
from . import mall_category
from . import mall_store
from . import product_template
from . import mall_demo
