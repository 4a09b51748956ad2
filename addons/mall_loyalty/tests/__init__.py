from . import test_mall_member_tier
