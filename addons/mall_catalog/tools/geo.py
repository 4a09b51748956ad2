# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Great-circle distances for "nearby stores"."""

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1, lng1, lat2, lng2):
    """Haversine distance in kilometres between two WGS-84/GCJ-02 points.

    GCJ-02 (what WeChat's ``wx.getLocation`` returns with type gcj02) is offset
    from WGS-84 by a few hundred metres at most, equally for shopper and store
    when both come from Chinese maps, so the distance between them stays right.
    """
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi = phi2 - phi1
    dlmb = radians(lng2 - lng1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def nearest(points, lat, lng, radius_km=None):
    """``points`` (dicts with latitude/longitude) sorted by distance, each
    given a ``distance_km``; those beyond ``radius_km`` left out."""
    ranked = []
    for point in points:
        dist = distance_km(lat, lng, point["latitude"], point["longitude"])
        if radius_km is None or dist <= radius_km:
            ranked.append(dict(point, distance_km=round(dist, 3)))
    ranked.sort(key=lambda p: (p["distance_km"], p["id"]))
    return ranked
