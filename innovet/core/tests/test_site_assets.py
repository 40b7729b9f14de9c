"""Map tiles from a setting, the favicon, and a back office without English."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from innovet.settings import tile_origin

pytestmark = pytest.mark.django_db


@override_settings(
    MAP_TILE_URL="https://kaart.innovet.example/tegels/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© Eigen kaartserver"
)
def test_map_tiles_come_from_the_setting_with_attribution_and_a_fallback_text(client):
    page = client.get(reverse("core:home")).content.decode()
    assert 'content="https://kaart.innovet.example/tegels/{z}/{x}/{y}.png"' in page
    assert 'data-attribution="© Eigen kaartserver"' in page
    assert "De kaartachtergrond kan niet geladen worden" in page
    assert "tile.openstreetmap.org" not in (settings.BASE_DIR / "innovet/static/js/map.js").read_text()


def test_the_csp_allows_exactly_the_tile_server():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("https://{s}.tiles.example.be/{z}/{x}/{y}.png") == "https://*.tiles.example.be"
    assert tile_origin("") is None
    assert tile_origin(settings.MAP_TILE_URL) in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


def test_every_page_has_a_favicon(client):
    page = client.get(reverse("core:home")).content.decode()
    assert 'rel="icon"' in page and "favicon" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    assert (settings.BASE_DIR / "innovet/static/favicon.svg").read_text().startswith("<svg")


def test_login_attempt_screens_of_the_back_office_are_in_dutch(client, admin_user):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="iemand@example.be",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/account/aanmelden/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Aanmeldpogingen" in index and ">Axes<" not in index and "Access attempts" not in index
    listing = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    for english in ("IP Address", "User Agent", "Failed Logins", "Attempt Time", "Attempt Remaining"):
        assert english not in listing
    assert "IP-adres" in listing and "Mislukte aanmeldingen" in listing
    detail = client.get(reverse("admin:axes_accessattempt_change", args=[AccessAttempt.objects.get().pk]))
    assert "Formuliergegevens" in detail.content.decode() and "Form Data" not in detail.content.decode()
