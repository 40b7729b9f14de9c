"""Issue 12, item 6: the moderation page pages through all three of its lists (published offers,
initiatives, recently unpublished) instead of cutting the last two off at 50 and 30 rows; likewise your
imports on 'Mijn aanbod' and the history on a detail page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

MANY = 65  # more than two pages of 30, more than the old cut-offs (50 initiatives, 30 unpublished)


@pytest.fixture
def crowded_province(many_offers, many_initiatives, provider):
    many_offers([provider], 35, published=35, title="Gepubliceerd")
    many_initiatives(provider, [], MANY, published=MANY)
    many_offers(
        [provider],
        MANY,
        title="Offline",
        unpublish_reason="Niet meer actueel",
        unpublished_at=timezone.now(),
    )


def _titles(html, prefix):
    return set(re.findall(rf">({prefix} \d+)<", html))


def test_every_initiative_and_unpublished_offer_is_reachable(client, crowded_province, rtc_wvl):
    client.force_login(rtc_wvl)
    url = reverse("catalogue:moderation")
    first = client.get(url)
    assert first.context["initiatives"].paginator.count == MANY
    assert first.context["unpublished"].paginator.count == MANY
    html = first.content.decode()
    assert 'aria-label="Paginering initiatieven"' in html and 'aria-label="Paginering gedepubliceerd aanbod"' in html
    initiatives, unpublished = set(), set()
    for number in (1, 2, 3):
        # Paging one list keeps the others where they are.
        page = client.get(url, {"pagina": 2, "initiatieven": number, "gedepubliceerd": number}).content.decode()
        initiatives |= _titles(page, "Initiatief")
        unpublished |= _titles(page, "Offline")
        assert len(_titles(page, "Gepubliceerd")) == 5  # the offers list stays on its page 2
    assert len(initiatives) == MANY and len(unpublished) == MANY
    assert "?initiatieven=2#initiatieven" in html and "?gedepubliceerd=2#gedepubliceerd" in html


def test_moderation_query_count_does_not_grow_with_the_lists(
    client, crowded_province, rtc_wvl, django_assert_max_num_queries
):
    client.force_login(rtc_wvl)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("catalogue:moderation"), {"initiatieven": 2, "gedepubliceerd": 3})
    assert len(response.context["initiatives"]) == 30 and len(response.context["unpublished"]) == 5


def test_my_imports_are_paged_not_cut_off_at_ten(client, provider, provider_user):
    from innovet.catalogue.models import ImportJob

    ImportJob.objects.bulk_create(
        ImportJob(organisation=provider, uploaded_by=provider_user, original_name=f"import-{i + 1}.csv")
        for i in range(14)
    )
    client.force_login(provider_user)
    url = reverse("catalogue:my_offers")
    first, second = client.get(url), client.get(url, {"imports": 2})
    assert len(first.context["imports"]) == 10 and len(second.context["imports"]) == 4
    names = {n for r in (first, second) for n in re.findall(r">(import-\d+\.csv)<", r.content.decode())}
    assert len(names) == 14
    assert 'aria-label="Paginering imports"' in first.content.decode()


def test_an_offers_history_is_paged_not_cut_off(client, make_offer, provider, provider_user):
    from innovet.core.audit import log_action

    offer = make_offer([provider])
    for i in range(43):
        log_action(offer, "catalogue.offer.confirmed", provider_user, {"n": i})
    from innovet.core.models import AuditLog

    total = AuditLog.objects.for_object(offer).count()
    assert total > 40
    client.force_login(provider_user)
    pages = [client.get(offer.get_absolute_url(), {"historiek": n}) for n in (1, 2, 3)]
    assert [len(p.context["history"]) for p in pages] == [20, 20, total - 40]
    html = pages[0].content.decode()
    assert 'aria-label="Paginering historiek"' in html and "?historiek=2#historiek" in html
