"""'Mijn aanbod' with thousands of imported offers: pages, a status filter and bulk publish / archive."""

import datetime
import re

import pytest
from django.urls import reverse

from innovet.catalogue.models import Offer, Status
from innovet.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_my_offers_is_paginated_with_a_bounded_number_of_queries(
    client, many_offers, provider, provider_user, django_assert_max_num_queries
):
    many_offers([provider], 120, published=5)
    client.force_login(provider_user)
    url = reverse("catalogue:my_offers")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('name="offers"') == 50
    assert "120 aanbiedingen van je organisatie" in html and "pagina 1 van 3" in html
    last = client.get(url, {"pagina": 3}).content.decode()
    assert last.count('name="offers"') == 20
    drafts = client.get(url, {"status": "concept"})
    assert drafts.context["page"].paginator.count == 115


def test_bulk_publish_and_archive_a_selection_of_imported_drafts(client, many_offers, provider, provider_user):
    drafts = many_offers([provider], 8)
    past = many_offers([provider], 1, title="Voorbij", valid_until=datetime.date(2020, 1, 1))[0]
    client.force_login(provider_user)
    url = reverse("catalogue:offer_bulk")
    chosen = [o.pk for o in drafts[:5]] + [past.pk]
    response = client.post(url, {"offers": chosen, "actie": "publiceren", "terug": "?status=concept"})
    assert response.status_code == 302 and response["Location"].endswith("?status=concept")
    assert set(Offer.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)) == set(chosen[:5])
    assert Offer.objects.get(pk=past.pk).status == Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "5 aanbiedingen gepubliceerd." in page and "Voorbij 1 (voorbij" in page
    assert AuditLog.objects.filter(action="catalogue.offer.published").count() == 5
    client.post(url, {"offers": chosen[:2], "actie": "archiveren"})
    assert Offer.objects.filter(status=Status.ARCHIVED).count() == 2
    assert AuditLog.objects.filter(action="catalogue.offer.archived").count() == 2


def test_bulk_publish_posts_back_the_ids_the_page_renders_past_999(client, many_offers, provider, provider_user):
    # nl-BE prints 1284 as '1.284': the checkboxes must carry the id as it is.
    offer = many_offers([provider], 1)[0]
    Offer.objects.create(pk=1284, title="Geïmporteerd", summary="Kort", description="Lang", kind=offer.kind)
    Offer.objects.get(pk=1284).providers.add(provider)
    client.force_login(provider_user)
    values = re.findall(r'name="offers" value="([^"]+)"', client.get(reverse("catalogue:my_offers")).content.decode())
    assert sorted(values) == sorted([str(offer.pk), "1284"])
    response = client.post(reverse("catalogue:offer_bulk"), {"offers": values, "actie": "publiceren"}, follow=True)
    assert "2 aanbiedingen gepubliceerd." in response.content.decode()
    assert Offer.objects.filter(status=Status.PUBLISHED).count() == 2


def test_bulk_action_with_another_organisations_offer_changes_nothing(
    client, many_offers, provider, other_provider, provider_user
):
    mine = many_offers([provider], 3)
    theirs = many_offers([other_provider], 1)
    client.force_login(provider_user)
    response = client.post(
        reverse("catalogue:offer_bulk"), {"offers": [o.pk for o in mine + theirs], "actie": "publiceren"}
    )
    assert response.status_code == 403
    assert not Offer.objects.filter(status=Status.PUBLISHED).exists()
    assert not AuditLog.objects.filter(action="catalogue.offer.published").exists()


def test_bulk_action_without_a_choice_or_selection_says_so(client, many_offers, provider, provider_user):
    mine = many_offers([provider], 2)
    client.force_login(provider_user)
    url = reverse("catalogue:offer_bulk")
    nothing = client.post(url, {"actie": "publiceren"}, follow=True).content.decode()
    assert "Vink minstens één aanbod aan." in nothing
    unknown = client.post(url, {"offers": [mine[0].pk], "actie": "verwijderen"}, follow=True).content.decode()
    assert "Kies wat er met de selectie moet gebeuren" in unknown
    assert not Offer.objects.exclude(status=Status.DRAFT).exists()
