import datetime

import pytest
from django.urls import reverse

from innovet.core.testing import browser_form_data
from innovet.matching import services

from .conftest import service_data

pytestmark = pytest.mark.django_db


def test_editing_a_need_and_saving_unchanged_keeps_its_period(client, school, teacher):
    need = services.create_need(
        teacher, school, service_data(period_start="2027-01-01", period_end="2027-03-31", moments=["woensdagnamiddag"])
    )
    client.force_login(teacher)
    url = reverse("matching:need_edit", args=[need.pk])
    page = client.get(url).content.decode()
    assert 'type="date"' in page and 'value="2027-01-01"' in page and 'value="2027-03-31"' in page
    response = client.post(url, browser_form_data(page, "period_start"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.period_start == datetime.date(2027, 1, 1) and need.period_end == datetime.date(2027, 3, 31)
