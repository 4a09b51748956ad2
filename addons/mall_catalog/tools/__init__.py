# Plain helpers shared by the whole suite; none of them needs the ORM.
from . import cache
from . import geo
from . import redis_store
