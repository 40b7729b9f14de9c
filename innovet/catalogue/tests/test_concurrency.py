"""Issue 11, item 5: publishing an offer twice (double submit, or two requests at once) writes one
'published' entry in the audit trail."""

import pytest
from django.conf import settings

from innovet.catalogue import services
from innovet.catalogue.models import Offer
from innovet.core.models import AuditLog
from tests.concurrency import run_together


def _published(offer):
    return AuditLog.objects.for_object(offer).filter(action="catalogue.offer.published").count()


@pytest.mark.django_db
def test_double_submitted_publish_is_one_audit_entry(client, make_offer, provider, provider_user):
    from django.urls import reverse

    offer = make_offer([provider], publish=False, user=provider_user)
    client.force_login(provider_user)
    url = reverse("catalogue:offer_publish", args=[offer.pk])
    assert client.post(url).status_code == 302 and client.post(url).status_code == 302
    offer.refresh_from_db()
    assert offer.status == "gepubliceerd" and _published(offer) == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishes_write_one_audit_entry(make_offer, provider, provider_user):
    offer = make_offer([provider], publish=False, user=provider_user)
    results, errors = run_together(
        lambda: services.publish_offer(provider_user, Offer.objects.get(pk=offer.pk)).status, n=6
    )
    assert not errors and set(results) == {"gepubliceerd"}
    assert _published(offer) == 1
