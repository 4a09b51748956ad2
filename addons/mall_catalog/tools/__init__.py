# Plain helpers shared by the whole suite; none of them needs the ORM.
from . import cache
from . import geo
from . import images
from . import money
from . import uploads
from . import redis_store
