"""Every list page and API of the catalogue runs a bounded number of queries, whatever the number of rows.

Each list holds 20+ rows with providers, themes, locations, sessions and partners, so that one query
per row (an N+1) would break the cap."""

import pytest
from django.urls import reverse

from innovet.search import services as search_services

pytestmark = pytest.mark.django_db

ROWS = 22


@pytest.fixture
def full_catalogue(many_offers, many_initiatives, provider, other_provider):
    offers = many_offers([provider, other_provider], ROWS, published=ROWS)
    many_initiatives(provider, [other_provider], ROWS, published=ROWS, offers=offers[:2])
    search_services.rebuild()
    return offers


@pytest.mark.parametrize(
    ("url_name", "cap"),
    [
        ("catalogue:api_offer_list", 14),
        ("catalogue:api_initiative_list", 14),
        ("catalogue:search", 20),
        ("catalogue:initiative_list", 20),
    ],
)
def test_public_lists_and_apis(client, full_catalogue, url_name, cap, django_assert_max_num_queries):
    url = reverse(url_name)
    client.get(url)  # warm the per-process caches (facet labels), as on a running server
    with django_assert_max_num_queries(cap):
        response = client.get(url)
    assert response.status_code == 200
    if url_name.startswith("catalogue:api"):
        assert len(response.json()["results"]) == 20


def test_export_of_a_search(client, full_catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(reverse("catalogue:export", args=["csv"]))
    assert response.status_code == 200


def test_moderation_queue(client, full_catalogue, rtc_wvl, django_assert_max_num_queries):
    client.force_login(rtc_wvl)
    url = reverse("catalogue:moderation")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["page"]) >= ROWS


def test_my_offers_and_initiatives(client, full_catalogue, provider_user, django_assert_max_num_queries):
    client.force_login(provider_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("catalogue:my_offers"))
    assert len(response.context["offers"]) == ROWS and len(response.context["initiatives"]) == 20


def test_saved_searches(client, provider_user, django_assert_max_num_queries):
    from innovet.catalogue.models import SavedSearch

    SavedSearch.objects.bulk_create(
        SavedSearch(user=provider_user, name=f"Zoekopdracht {i:02d}", index="offers", querystring="q=cobot")
        for i in range(30)
    )
    client.force_login(provider_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("catalogue:saved_searches"))
    assert response.content.decode().count('name="alerts"') == 25
