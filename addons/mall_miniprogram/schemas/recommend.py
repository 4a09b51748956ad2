# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import Field

from .catalog import ImageQuery

MAX_RECOMMENDATIONS = 50


class RecommendationQuery(ImageQuery):
    limit: int = Field(
        10, ge=1, le=MAX_RECOMMENDATIONS, description="How many products"
    )
