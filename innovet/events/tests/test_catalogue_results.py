"""Issue 15: upcoming netwerkmomenten are results of the catalogue search (/aanbod/) itself — one ranking,
one total, one set of facet counts with the offers — and the facet 'Soort resultaat' narrows to them.
Events that are over leave the catalogue (their own list keeps them)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.catalogue.tests.conftest import many_offers, other_provider, provider  # noqa: F401 (fixtures)
from innovet.events import services
from innovet.events.models import EventDay
from innovet.search import services as search_services
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(many_offers, provider, make_event):  # noqa: F811
    """Three offers in West-Vlaanderen (sessions in 14 days), an upcoming kick-off in Gent (in 3 weeks, for
    the 3rd graad) and one that is over."""
    offers = many_offers([provider], 3, published=3, title="Cobotworkshop")
    upcoming = make_event(title="Kick-off cobots Gent", graden=[Term.objects.of("graad").get(code="3")])
    past = make_event(title="Kick-off van vorig jaar")
    EventDay.objects.filter(event=past).update(date=timezone.localdate() - timedelta(days=30))
    services.sync_index(past)
    search_services.rebuild("offers")
    return offers, upcoming, past


def _facet(response, name):
    return {i["value"]: i["count"] for p in response.context["facets"] if p["name"] == name for i in p["items"]}


def test_events_are_results_counted_with_the_offers(client, mixed):
    offers, upcoming, _past = mixed
    response = client.get(reverse("catalogue:search"))
    items = response.context["items"]
    assert response.context["total"] == 4  # three offers and the upcoming kick-off; the past one is gone
    assert {i.title for i in items} == {o.title for o in offers} | {upcoming.title}
    assert _facet(response, "resultaat") == {"aanbod": 3, "netwerkmoment": 1}
    assert _facet(response, "provincie") == {"west-vlaanderen": 3, "oost-vlaanderen": 1}
    assert _facet(response, "soort")["netwerkmoment"] == 1 and _facet(response, "soort")["workshop"] == 3
    html = response.content.decode()
    assert "Kick-off cobots Gent" in html and "Inschrijven via InnoVET" in html
    assert "Kick-off van vorig jaar" not in html
    # The events' own list still has the past one.
    assert "Kick-off van vorig jaar" in client.get(reverse("events:event_list")).content.decode()


def test_the_result_facet_and_the_other_facets_narrow_both(client, mixed):
    _offers, upcoming, _past = mixed
    only_events = client.get(reverse("catalogue:search"), {"resultaat": "netwerkmoment"})
    assert [i.title for i in only_events.context["items"]] == [upcoming.title]
    assert only_events.context["total"] == 1
    # The chosen facet still shows what choosing the other value would give.
    assert _facet(only_events, "resultaat") == {"aanbod": 3, "netwerkmoment": 1}
    assert _facet(only_events, "provincie") == {"oost-vlaanderen": 1}
    chips = [c["label"] for c in only_events.context["chips"]]
    assert chips == ["Netwerkmomenten (inschrijven via InnoVET)"]
    # Graad: the kick-off is for the 3rd graad; the test offers name no graad.
    third = client.get(reverse("catalogue:search"), {"graad": "3", "provincie": "oost-vlaanderen"})
    assert [i.title for i in third.context["items"]] == [upcoming.title]
    assert client.get(reverse("catalogue:search"), {"graad": "1", "resultaat": "netwerkmoment"}).context["total"] == 0


def test_one_ranking_by_words_and_by_next_date(client, mixed):
    _offers, upcoming, _past = mixed
    by_words = client.get(reverse("catalogue:search"), {"q": "warmtepompen"})  # a session of the kick-off
    assert [i.title for i in by_words.context["items"]] == [upcoming.title]
    # Next date first: the offers' sessions (in 14 days) before the kick-off (in three weeks).
    by_date = client.get(reverse("catalogue:search"), {"sorteer": "eerstvolgende"})
    assert [getattr(i, "result_kind", "") for i in by_date.context["items"]] == ["offers"] * 3 + ["events"]


def test_export_keeps_to_offers(client, mixed):
    csv_text = client.get(reverse("catalogue:export", args=["csv"])).content.decode()
    assert "Cobotworkshop 1" in csv_text and "Kick-off" not in csv_text
    only_events = client.get(reverse("catalogue:export", args=["csv"]), {"resultaat": "netwerkmoment"})
    assert "Cobotworkshop" not in only_events.content.decode()


def test_catalogue_query_count_does_not_grow_with_events(
    client,
    many_offers,  # noqa: F811
    provider,  # noqa: F811
    make_event,
    django_assert_max_num_queries,
):
    many_offers([provider], 12, published=12)
    for i in range(10):
        make_event(title=f"Netwerkmoment {i}", day=timezone.localdate() + timedelta(days=7 + i))
    search_services.rebuild("offers")
    url = reverse("catalogue:search")
    client.get(url)  # per-process caches (facet labels), as on a running server
    # The catalogue's cap (tests in catalogue/tests/test_query_counts.py) plus one query for the events' page.
    with django_assert_max_num_queries(21):
        response = client.get(url)
    assert response.context["total"] == 22
    kinds = {getattr(i, "result_kind", "") for i in response.context["items"]}
    assert kinds == {"offers", "events"}
