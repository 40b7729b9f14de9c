"""A three-level grid over latitude/longitude for exact radius filters in an engine without geo support.

Every point is indexed as one cell id per level. A circle is covered by the largest cells that lie
completely inside it ("inner": every document there is within the radius) plus the finest cells that
cross its edge ("border": their documents are checked one by one with the haversine formula). Cell
indexes are integers of micro-degrees, so the levels nest exactly.
"""

import math
from functools import lru_cache

from ...geo.services import haversine_km

MICRO = 1_000_000
LEVELS = (200_000, 40_000, 8_000)  # 0.2°, 0.04°, 0.008° (about 0.9 × 0.6 km in Flanders)
SPLIT = 5


def _micro(value):
    return int(round(value * MICRO))


def cell_ids(lat, lon):
    ilat, ilon = _micro(lat), _micro(lon)
    return [f"{level}:{ilat // step}:{ilon // step}" for level, step in enumerate(LEVELS)]


def _min_max_km(lat, lon, level, i, j):
    step = LEVELS[level] / MICRO
    lat0, lat1 = i * step, (i + 1) * step
    lon0, lon1 = j * step, (j + 1) * step
    near_lat = min(max(lat, lat0), lat1)
    near_lon = min(max(lon, lon0), lon1)
    nearest = haversine_km(lat, lon, near_lat, near_lon)
    # The farthest corner lies at the longitude farthest away; which latitude wins depends on cos(lat).
    far_lon = lon0 if abs(lon - lon0) > abs(lon - lon1) else lon1
    farthest = max(haversine_km(lat, lon, lat0, far_lon), haversine_km(lat, lon, lat1, far_lon))
    return nearest, farthest


@lru_cache(maxsize=512)
def cover(lat, lon, radius_km):
    """(inner cell ids, border cell ids) for the circle around (lat, lon)."""
    dlat = radius_km / 111.0 + 0.01
    dlon = radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.01)) + 0.01
    step = LEVELS[0]
    inner, border = [], []
    stack = [
        (0, i, j)
        for i in range(_micro(lat - dlat) // step, _micro(lat + dlat) // step + 1)
        for j in range(_micro(lon - dlon) // step, _micro(lon + dlon) // step + 1)
    ]
    while stack:
        level, i, j = stack.pop()
        nearest, farthest = _min_max_km(lat, lon, level, i, j)
        if nearest > radius_km:
            continue
        if farthest <= radius_km:
            inner.append(f"{level}:{i}:{j}")
        elif level + 1 < len(LEVELS):
            for a in range(SPLIT):
                for b in range(SPLIT):
                    stack.append((level + 1, i * SPLIT + a, j * SPLIT + b))
        else:
            border.append(f"{level}:{i}:{j}")
    return tuple(inner), tuple(border)
