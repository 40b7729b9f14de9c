"""The needs list is shared through the cache by everyone whose list is the same (the RTC's staff), and a new
need shows at once, only to whom it concerns."""

import pytest
from django.urls import reverse

from innovet.matching import services
from innovet.organisations.models import Role

from .conftest import service_data

# Real commits: the content version is replaced once per committed transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_rtc_queue_shows_a_new_need_at_once_and_only_in_its_province(
    client, page_cache, make_user, school, teacher, rtc_ovl, rtc_limburg, django_capture_on_commit_callbacks
):
    colleague = make_user(org=rtc_ovl.memberships.get().organisation, role=Role.RTC_STAFF)
    url = reverse("matching:need_list")
    client.force_login(rtc_ovl)
    assert "0 noden" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.create_need(teacher, school, service_data(title="Lasrobots in de praktijkles"))
    client.force_login(colleague)
    assert "Lasrobots in de praktijkles" in client.get(url).content.decode()
    client.force_login(rtc_limburg)
    assert "Lasrobots in de praktijkles" not in client.get(url).content.decode()
