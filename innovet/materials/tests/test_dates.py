import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.core.testing import browser_form_data

from .conftest import term

pytestmark = pytest.mark.django_db


def test_usage_report_form_keeps_the_date_the_browser_shows(make_material, other_teacher, other_school, client):
    material = make_material()
    client.force_login(other_teacher)
    url = reverse("materials:report_use", args=[material.slug])
    page = client.get(url).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page  # today, as the date input needs it
    data = browser_form_data(page, "used_on")
    data.update(graad=term("graad", "2").pk, studierichting="Elektrotechnieken", how_it_went="Vlot", rating=4)
    data["used_on"] = "2026-10-12"
    # A first try with a mistake: the page comes back with the date the person typed still in place.
    wrong = client.post(url, {**data, "rating": 9}).content.decode()
    data = browser_form_data(wrong, "used_on")
    data["rating"] = 4
    assert client.post(url, data).status_code == 302
    assert material.usage_reports.get().used_on == datetime.date(2026, 10, 12)
