# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest

from odoo.addons.mall_catalog.tools.geo import distance_km, nearest

SHANGHAI_PEOPLES_SQUARE = (31.2304, 121.4737)
BEIJING_TIANANMEN = (39.9087, 116.3975)


def test_distance_known_values():
    # Shanghai to Beijing is about 1,067 km as the crow flies.
    assert distance_km(*SHANGHAI_PEOPLES_SQUARE, *BEIJING_TIANANMEN) == pytest.approx(
        1067, abs=5
    )
    # One degree of latitude is about 111.2 km everywhere.
    assert distance_km(30, 120, 31, 120) == pytest.approx(111.2, abs=0.1)
    assert distance_km(30, 120, 30, 120) == 0


def test_distance_is_symmetric_and_handles_the_antimeridian():
    a, b = (10, 179.9), (10, -179.9)
    assert distance_km(*a, *b) == pytest.approx(distance_km(*b, *a))
    assert distance_km(*a, *b) < 25


def test_nearest_sorts_filters_and_does_not_mutate():
    points = [
        {"id": 1, "latitude": 39.9087, "longitude": 116.3975},
        {"id": 2, "latitude": 31.2286, "longitude": 121.4547},
        {"id": 3, "latitude": 31.2353, "longitude": 121.5057},
    ]
    ranked = nearest(points, *SHANGHAI_PEOPLES_SQUARE)
    assert [p["id"] for p in ranked] == [2, 3, 1]
    assert (
        ranked[0]["distance_km"] < ranked[1]["distance_km"] < ranked[2]["distance_km"]
    )
    assert "distance_km" not in points[0]
    assert [
        p["id"] for p in nearest(points, *SHANGHAI_PEOPLES_SQUARE, radius_km=10)
    ] == [2, 3]


def test_nearest_ties_broken_by_id():
    points = [
        {"id": 9, "latitude": 1, "longitude": 1},
        {"id": 4, "latitude": 1, "longitude": 1},
    ]
    assert [p["id"] for p in nearest(points, 0, 0)] == [4, 9]
