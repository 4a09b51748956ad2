from . import mall_rotate_keys
from . import flash_server
