"""'Mijn InnoVET' counts offers in the database, however many there are."""

import pytest
from django.urls import reverse

from innovet.organisations.models import OrganisationKind

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


def test_provider_without_offers_is_shown_the_way_to_its_first_offer(client, provider_user):
    # A company contact's first visit: no offer yet, so the panel says so and links to the form.
    client.force_login(provider_user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Je organisatie heeft nog geen aanbod op InnoVET." in html
    assert f'href="{reverse("catalogue:offer_create")}"' in html


@pytest.mark.parametrize("kind", [OrganisationKind.SCHOOL, OrganisationKind.GOVERNMENT])
def test_school_or_department_without_offers_gets_no_empty_offer_panel(client, make_org, make_user, kind):
    organisation = make_org("Testschool of departement", kind, "1000")
    client.force_login(make_user(org=organisation))
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "nog geen aanbod" not in html
    assert reverse("catalogue:offer_create") not in html
