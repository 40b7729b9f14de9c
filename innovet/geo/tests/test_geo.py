import pytest
from django.core.exceptions import ValidationError

from innovet.geo.models import Province
from innovet.geo.services import haversine_km, resolve_postcode


@pytest.mark.django_db
def test_postcode_resolves_to_municipality_province_and_coordinates():
    location = resolve_postcode("3300")
    assert location.municipality == "Tienen"
    assert location.province.name == "Vlaams-Brabant"
    assert 50.7 < location.latitude < 50.9


@pytest.mark.django_db
def test_brussels_is_served_by_rtc_vlaams_brabant():
    brussels = Province.objects.get(slug="brussel")
    assert brussels.rtc_province.name == "Vlaams-Brabant"
    assert Province.objects.filter(in_scope=True).count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize("code,message", [("9999", "bestaat niet"), ("90a0", "4 cijfers"), ("", "4 cijfers")])
def test_bad_postcodes_get_a_dutch_error(code, message):
    with pytest.raises(ValidationError) as exc:
        resolve_postcode(code)
    assert message in " ".join(exc.value.messages)


def test_haversine_gent_brussel_is_about_50_km():
    assert 49 < haversine_km(51.0543, 3.7174, 50.8503, 4.3517) < 52


@pytest.mark.parametrize("lat, lon, km", [(51.0543, 3.7174, 25), (50.93, 5.33, 150), (64.1, -21.9, 400)])
def test_bounding_box_holds_every_point_within_the_radius(lat, lon, km):
    """A pre-filter may let too much through, never too little: points just inside the circle, in every
    direction, lie in the box."""
    import math

    from innovet.geo.services import EARTH_RADIUS_KM, bounding_box

    lat0, lat1, lon0, lon1 = bounding_box(lat, lon, km)
    d = 0.9999 * km / EARTH_RADIUS_KM
    p1, l1 = math.radians(lat), math.radians(lon)
    for bearing in range(0, 360, 2):
        b = math.radians(bearing)
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
        l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
        point = (math.degrees(p2), math.degrees(l2))
        assert haversine_km(lat, lon, *point) < km
        assert lat0 <= point[0] <= lat1 and lon0 <= point[1] <= lon1, bearing
