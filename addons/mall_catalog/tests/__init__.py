from . import test_mall_category
from . import test_mall_shop
from . import test_mall_store
from . import test_product_template
from . import test_demo
from . import test_search
from . import test_stock_alert
from . import test_s3_storage
