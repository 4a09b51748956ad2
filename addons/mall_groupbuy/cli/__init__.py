from . import flash_worker
