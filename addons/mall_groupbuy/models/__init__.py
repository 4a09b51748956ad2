from . import mall_groupbuy_campaign
