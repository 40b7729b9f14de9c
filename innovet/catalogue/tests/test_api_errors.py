"""The read API answers JSON errors (never an HTML page), needs no Basic auth, and throttles in the
shared cache that every worker process sees."""

import base64

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse

from innovet.core.api import SharedAnonRateThrottle

pytestmark = pytest.mark.django_db


def _is_json_error(response, status):
    return (
        response.status_code == status
        and response["Content-Type"].startswith("application/json")
        and isinstance(response.json().get("detail"), str)
    )


def test_unknown_api_addresses_answer_json_404(client):
    assert _is_json_error(client.get("/aanbod/api/aanbod/niet-een-getal/"), 404)
    assert _is_json_error(client.get("/aanbod/api/aanbod/999999/"), 404)
    assert _is_json_error(client.get("/api/bestaat-niet/"), 404)
    # The site's own pages keep their HTML 404.
    page = client.get("/aanbod/bestaat-niet/hier-ook-niet/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_bad_parameters_wrong_method_and_nul_bytes_answer_json(client):
    response = client.get(reverse("catalogue:api_offer_list"), {"km": "0", "postcode": "9000"})
    assert _is_json_error(response, 400) and "km" in response.json()["errors"]
    response = client.get(reverse("catalogue:api_offer_list"), {"sorteer": "willekeurig", "pagina": "nul"})
    assert _is_json_error(response, 400) and set(response.json()["errors"]) == {"sorteer", "pagina"}
    # An empty or signed distance is no whole number of km, as the schema says (the pages read km= as 'any').
    for km in ("", "+5", "2,5"):
        response = client.get(reverse("catalogue:api_initiative_list"), {"km": km, "postcode": "9000"})
        assert _is_json_error(response, 400) and response.json()["errors"]["km"] == ["Kies een afstand in kilometer."]
    assert _is_json_error(client.post(reverse("catalogue:api_offer_list")), 405)
    assert _is_json_error(client.get(reverse("catalogue:api_offer_list"), {"q": "\x00"}), 400)


def test_basic_auth_is_not_accepted(client, make_user):
    """A script sending an e-mail address and password with every request would bypass the login throttle."""
    user = make_user(email="script@example.be")
    credentials = base64.b64encode(f"{user.email}:Een-sterk-wachtwoord-1".encode()).decode()
    response = client.get(reverse("catalogue:api_offer_list"), HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200 and "WWW-Authenticate" not in response
    assert response.wsgi_request.user.is_anonymous
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    assert "basicAuth" not in schema.get("components", {}).get("securitySchemes", {})


@pytest.fixture
def small_rate():
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    key = SharedAnonRateThrottle.cache_format % {"scope": "anon", "ident": "127.0.0.1"}
    caches["default"].delete(key)
    with override_settings(REST_FRAMEWORK=rest):
        yield key
    caches["default"].delete(key)


def test_throttle_answers_json_429_and_counts_in_the_shared_cache(client, small_rate):
    for _ in range(3):
        assert client.get(reverse("catalogue:api_offer_list")).status_code == 200
    response = client.get(reverse("catalogue:api_offer_list"))
    assert _is_json_error(response, 429) and "Retry-After" in response
    # Not a per-process memory: a fresh connection to the cache (what another worker process opens) sees
    # the same three requests.
    assert SharedAnonRateThrottle.cache is caches["default"]
    assert not isinstance(caches["default"], LocMemCache)
    other_process = caches.create_connection("default")
    assert len(other_process.get(small_rate)) == 3
