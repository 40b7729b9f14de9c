"""Postcode look-up and distances."""

import math
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Postcode, Province

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Location:
    postcode: str
    place_name: str
    municipality: str
    province: Province
    latitude: float
    longitude: float


def resolve_postcode(code, place_name=""):
    """Return the Location of a Belgian postcode (and place, when a postcode covers several).

    Raises a Dutch ValidationError for an unknown postcode.
    """
    code = (code or "").strip()
    if not (len(code) == 4 and code.isdigit()):
        raise ValidationError(_("Een Belgische postcode bestaat uit 4 cijfers (bv. 9000)."), code="invalid")
    rows = list(Postcode.objects.filter(code=code).select_related("province"))
    if not rows:
        raise ValidationError(_("Postcode %(code)s bestaat niet in België."), code="unknown", params={"code": code})
    row = rows[0]
    if place_name:
        wanted = place_name.strip().lower()
        row = next((r for r in rows if wanted in (r.place_name.lower(), r.municipality.lower())), row)
    return Location(code, row.place_name, row.municipality, row.province, row.latitude, row.longitude)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km. Straight-line: road distance is about 1.3 times longer."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def haversine_km_array(lat, lon, lats, lons):
    """``haversine_km`` from one point to arrays of points (numpy, for whole candidate sets at once)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dl = np.radians(lons) - math.radians(lon)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def bounding_box(lat, lon, radius_km):
    """(min_lat, max_lat, min_lon, max_lon) around a point: a cheap pre-filter before haversine.

    Never too small: a degree of latitude is EARTH_RADIUS_KM · π/180 km, and the longitude span is taken
    at the box's edge nearest the pole, where a degree of longitude is shortest."""
    km_per_degree = EARTH_RADIUS_KM * math.pi / 180
    dlat = radius_km / km_per_degree
    poleward = min(abs(lat) + dlat, 89.0)
    dlon = radius_km / (km_per_degree * max(math.cos(math.radians(poleward)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
