from . import test_api_spine
from . import test_openapi
from . import test_shopper_auth
from . import test_stores_api
from . import test_translations
from . import test_catalog_api
from . import test_favorites_api
from . import test_search_api
