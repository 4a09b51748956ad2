# The mini-program HTTP API layer: one declaration per route validates the
# request, shapes the response and feeds the OpenAPI document.
from .errors import ERRORS, MallApiError
from .routing import (
    API_PREFIX,
    ApiOperation,
    Page,
    api_route,
    checked_picture,
    current_shopper,
    optional_shopper,
)
