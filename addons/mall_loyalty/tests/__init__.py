from . import test_mall_member_tier
from . import test_share
from . import test_points
from . import test_coupons
from . import test_points_mall
