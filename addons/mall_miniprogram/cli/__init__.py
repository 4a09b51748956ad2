from . import mall_rotate_keys
