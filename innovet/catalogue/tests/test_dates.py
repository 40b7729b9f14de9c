"""Date inputs render ISO values, so editing and saving without changes keeps every date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.catalogue.models import Initiative
from innovet.core.testing import browser_form_data

from .test_lifecycle import _initiative_form

pytestmark = pytest.mark.django_db


def test_editing_an_offer_unchanged_keeps_its_validity_and_session_times(client, make_offer, provider, provider_user):
    offer = make_offer(
        [provider], valid_from=datetime.date(2027, 1, 1), valid_until=datetime.date(2027, 6, 30), publish=False
    )
    session = offer.sessions.get()
    client.force_login(provider_user)
    url = reverse("catalogue:offer_edit", args=[offer.pk])
    page = client.get(url).content.decode()
    assert 'value="2027-01-01"' in page and 'value="2027-06-30"' in page
    response = client.post(url, browser_form_data(page, "valid_from"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    offer.refresh_from_db()
    assert (offer.valid_from, offer.valid_until) == (datetime.date(2027, 1, 1), datetime.date(2027, 6, 30))
    kept = offer.sessions.get()
    assert timezone.localtime(kept.starts_at) == timezone.localtime(session.starts_at)
    assert kept.ends_at == session.ends_at


def test_editing_an_initiative_unchanged_keeps_its_period(client, provider, other_provider, provider_user):
    client.force_login(provider_user)
    form = _initiative_form(provider, other_provider, started_on="2026-09-01", ends_on="2028-06-30")
    assert client.post(reverse("catalogue:initiative_create"), form).status_code == 302
    initiative = Initiative.objects.get()
    url = reverse("catalogue:initiative_edit", args=[initiative.pk])
    page = client.get(url).content.decode()
    assert 'value="2026-09-01"' in page and 'value="2028-06-30"' in page
    assert client.post(url, browser_form_data(page, "started_on")).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.started_on, initiative.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2028, 6, 30))
