"""The read API keeps the promise of its OpenAPI schema (``/api/schema/``), checked by schemathesis.

Schemathesis generates requests for every operation from the schema (valid and invalid parameters,
random ids) and sends them to the Django app through WSGI, inside the test's database transaction; every
response must be no server error, carry a documented status and content type, and match the documented
schema (errors included: the API answers JSON, never an HTML page). Runs on SQLite and PostgreSQL like
every other test; 20 examples per operation keep it to seconds.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from werkzeug.test import Client

from innovet.catalogue.models import OfferLocation

from .conftest import term

pytestmark = pytest.mark.django_db

EXAMPLES = 20


@pytest.fixture
def api_data(make_offer, provider, many_initiatives):
    """A published offer (one location without a province) and an initiative, so lists have results."""
    offer = make_offer([provider], title="Cobots in de klas")
    OfferLocation.objects.create(offer=offer, location_type=term("locatietype", "bedrijf"), name="Aken (DE)")
    many_initiatives(provider, [], 1, published=1)
    return offer


# Loaded from the app itself, as a client would (the schema view needs no database). Eager, not through
# ``schemathesis.pytest.from_fixture``: its lazy loader does not work with pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def wsgi_in_transaction():
    """Requests through WSGI inside the test's transaction: Django's handler would close the database
    connection at each request's start and end (``close_old_connections``), as its test client avoids."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree; every run starts fresh
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, api_data, wsgi_in_transaction):
    # Every default check but 'schema-valid data is accepted': the search also refuses, with a documented
    # 400, what a schema can't express (a postcode that does not exist, a distance without a place).
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_real_records_match_the_schema(api_data, wsgi_in_transaction):
    """The generated ids rarely exist: the published offer (with a location that has no province) and
    both lists are checked against the schema explicitly."""
    for name, path in [
        ("/aanbod/api/aanbod/{id}/", reverse("catalogue:api_offer_detail", args=[api_data.pk])),
        ("/aanbod/api/aanbod/", reverse("catalogue:api_offer_list")),
        ("/aanbod/api/initiatieven/", reverse("catalogue:api_initiative_list")),
    ]:
        response = Client(schema.app).get(path)
        assert response.status_code == 200
        schema[name]["GET"].validate_response(response)
        if "{id}" in name:
            assert None in [location["province"] for location in response.get_json()["locations"]]
