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
