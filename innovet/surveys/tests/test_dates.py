import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.core.testing import browser_form_data

pytestmark = pytest.mark.django_db


def test_saving_the_settings_unchanged_keeps_the_closing_date(client, owner, survey_open):
    closes = timezone.make_aware(datetime.datetime(2027, 3, 31, 17, 30))
    type(survey_open).objects.filter(pk=survey_open.pk).update(closes_at=closes)
    client.force_login(owner)
    url = reverse("surveys:settings", args=[survey_open.slug])
    page = client.get(url).content.decode()
    assert 'type="datetime-local"' in page and 'value="2027-03-31T17:30"' in page
    assert client.post(url, browser_form_data(page, "closes_at")).status_code == 302
    survey_open.refresh_from_db()
    assert survey_open.closes_at == closes
