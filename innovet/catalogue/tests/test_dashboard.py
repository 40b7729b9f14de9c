"""'Mijn InnoVET' counts offers in the database, however many there are."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dashboard_counts_every_offer_of_the_organisation(client, many_offers, provider, other_provider, provider_user):
    many_offers([provider], 206, published=6)
    many_offers([other_provider], 3, published=3)  # not ours
    client.force_login(provider_user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Je organisatie heeft 206 aanbiedingen (6 gepubliceerd)." in html


def test_administrator_without_organisation_reads_a_platform_wide_sentence(client, many_offers, provider, admin_user):
    many_offers([provider], 4, published=1)
    client.force_login(admin_user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Je organisatie" not in html
    assert "Het platform telt 4 aanbiedingen (1 gepubliceerd)." in html
