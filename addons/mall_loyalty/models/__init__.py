from . import mall_member_tier
