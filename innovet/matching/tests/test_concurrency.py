"""Issue 11, item 5: 'voorstellen' for the same suggestion at once creates one introduction and one set of
notifications; the others get a Dutch message (never a 500)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from innovet.matching import services
from innovet.matching.models import Introduction, Suggestion
from innovet.notifications.models import Notification
from tests.concurrency import run_together

from .conftest import service_data


def _suggestion(school, teacher):
    need = services.create_need(teacher, school, service_data())
    return need.suggestions.get(kind=Suggestion.Kind.PARTNER)


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_introductions_of_one_suggestion_create_one(school, teacher, willingness, rtc_ovl):
    suggestion = _suggestion(school, teacher)

    def introduce():
        try:
            return services.introduce(rtc_ovl, Suggestion.objects.get(pk=suggestion.pk), "Kennismaking").pk
        except ValidationError as exc:
            return " ".join(exc.messages)

    results, errors = run_together(introduce, n=8)
    assert not errors
    assert Introduction.objects.filter(need=suggestion.need).count() == 1
    assert sum(isinstance(r, int) for r in results) == 1
    assert all("is al voorgesteld voor deze nood" in r for r in results if isinstance(r, str))
    # one notification per person on each side, not one per request
    assert Notification.objects.filter(category="matching.introduction").count() == 2


@pytest.mark.django_db
def test_double_submit_of_voorstellen_gives_a_message_not_a_second_introduction(
    client, school, teacher, willingness, rtc_ovl
):
    from django.urls import reverse

    suggestion = _suggestion(school, teacher)
    client.force_login(rtc_ovl)
    url = reverse("matching:suggestion_introduce", args=[suggestion.need_id, suggestion.pk])
    first, second = client.post(url, {}), client.post(url, {}, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "is al voorgesteld voor deze nood" in second.content.decode()
    assert Introduction.objects.filter(need=suggestion.need).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_live_introduction(school, teacher, willingness, rtc_ovl):
    suggestion = _suggestion(school, teacher)
    intro = services.introduce(rtc_ovl, suggestion)
    duplicate = Introduction(
        need=intro.need, partner=intro.partner, kind=intro.kind, expires_at=intro.expires_at, status="gecontacteerd"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # a closed one may exist beside a live one (introduced again after a refusal)
    Introduction.objects.create(
        need=intro.need, partner=intro.partner, kind=intro.kind, expires_at=intro.expires_at, status="afgewezen"
    )
