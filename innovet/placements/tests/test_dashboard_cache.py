"""'Mijn InnoVET' keeps its rendered panels in the shared cache, and a committed write shows at once."""

import pytest
from django.urls import reverse

from innovet.placements import services

from .conftest import apply_data

# Real commits: the content version is replaced once per committed transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
WAITING = "1 leerkracht wacht op vrijgave voor een stage"  # the director's panel


def test_panels_come_from_the_cache_until_a_write_changes_them(
    client, page_cache, place, teacher, director, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(director)
    first = client.get(reverse("core:dashboard")).content.decode()
    assert WAITING not in first
    # Again: session, user, memberships and the RTC provinces; every module's panel from the cache.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("core:dashboard")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.apply(teacher, place, apply_data(place))
    assert WAITING in client.get(reverse("core:dashboard")).content.decode()


def test_a_panel_is_never_served_to_another_session(
    client, page_cache, place, teacher, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(teacher, place, apply_data(place))
    client.force_login(director)
    assert WAITING in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(teacher)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert WAITING not in html and "wacht op vrijgave door de school" in html  # the teacher's own panel
