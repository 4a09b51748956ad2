from . import test_mall_groupbuy_campaign
from . import test_mall_flash_sale
from . import test_groupbuy
from . import test_bargain
from . import test_distribution
