"""Anonymous catalogue pages come from the shared cache, and every committed write shows at once."""

import pytest
from django.urls import reverse

from innovet.catalogue import services
from innovet.organisations.models import Role

# Real commits: the content version is bumped once per committed transaction, as in production (inside
# one test-long transaction, writes made by fixtures and by the test would share one pending bump).
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_gets_the_cached_page_until_a_write_changes_it(
    client,
    page_cache,
    make_offer,
    provider,
    admin_user,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer([provider], title="Cobots in de praktijk")
    first = client.get(offer.get_absolute_url())
    assert first.status_code == 200 and "X-Page-Cache" not in first
    with django_assert_max_num_queries(0):
        second = client.get(offer.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert "Cobots in de praktijk" in second.content.decode()
    assert second["Content-Security-Policy"]  # the middleware still adds its headers to a cached page

    with django_capture_on_commit_callbacks(execute=True):
        services.archive_offer(admin_user, offer)
    after = client.get(offer.get_absolute_url())
    assert "X-Page-Cache" not in after
    assert "gearchiveerd" in after.content.decode().lower()


def test_search_results_follow_a_new_offer_at_once(
    client, page_cache, make_offer, provider, django_capture_on_commit_callbacks
):
    assert "Warmtepompen" not in client.get("/aanbod/?q=warmtepomp").content.decode()
    assert client.get("/aanbod/?q=warmtepomp")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_offer([provider], title="Warmtepompen installeren")
    assert "Warmtepompen installeren" in client.get("/aanbod/?q=warmtepomp").content.decode()


def test_logged_in_users_never_get_a_shared_page(client, page_cache, make_offer, provider, provider_user):
    offer = make_offer([provider], title="Cobots in de praktijk")
    client.get(offer.get_absolute_url())
    client.force_login(provider_user)
    response = client.get(offer.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert provider_user.email in response.content.decode() or "Afmelden" in response.content.decode()


def test_logins_and_sessions_do_not_empty_the_cache(
    client, page_cache, make_offer, provider, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer([provider])
    client.get(offer.get_absolute_url())
    other = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(
            "/account/aanmelden/", {"username": provider_user.email, "password": "Een-sterk-wachtwoord-1"}
        )
    assert response.status_code == 302
    assert client.get(offer.get_absolute_url())["X-Page-Cache"] == "hit"


def test_the_read_api_is_cached_per_answer_format_and_follows_writes(
    client, page_cache, make_offer, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_offer([provider], title="Cobots in de praktijk")
    first = client.get("/aanbod/api/aanbod/", HTTP_ACCEPT="application/json")
    assert first.json()["count"] == 1
    again = client.get("/aanbod/api/aanbod/", HTTP_ACCEPT="application/json")
    assert again["X-Page-Cache"] == "hit" and again.json() == first.json()
    # A browser asking for HTML gets the browsable API, never the cached JSON (and the other way round).
    html = client.get("/aanbod/api/aanbod/", HTTP_ACCEPT="text/html")
    assert "X-Page-Cache" not in html and html["Content-Type"].startswith("text/html")

    with django_capture_on_commit_callbacks(execute=True):
        make_offer([provider], title="Warmtepompen installeren")
    assert client.get("/aanbod/api/aanbod/", HTTP_ACCEPT="application/json").json()["count"] == 2


def test_moderators_of_one_province_share_the_queue_and_an_archived_offer_leaves_it(
    client, page_cache, make_offer, provider, make_user, rtc_wvl, rtc_limburg, admin_user,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    colleague = make_user(org=rtc_wvl.memberships.get().organisation, role=Role.RTC_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer([provider], title="Cobots in de praktijk")
    url = reverse("catalogue:moderation")
    client.force_login(rtc_wvl)
    assert "Cobots in de praktijk" in client.get(url).content.decode()
    client.force_login(rtc_limburg)
    assert "Cobots in de praktijk" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.archive_offer(admin_user, offer)
    client.force_login(colleague)
    assert "Cobots in de praktijk" not in client.get(url).content.decode()
