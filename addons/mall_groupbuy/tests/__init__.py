from . import test_mall_groupbuy_campaign
