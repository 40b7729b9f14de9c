import pytest
from django.db.models import Count

from innovet.core.demo_registry import Context
from innovet.organisations import demo as organisations_demo

from .. import demo
from ..models import Material, Review, Status, UsageReport

pytestmark = pytest.mark.django_db


def test_demo_has_forty_realistic_materials_in_every_stage():
    ctx = Context(seed=2018)
    organisations_demo.load(ctx)
    demo.load(ctx)
    assert Material.objects.count() >= 40
    published = Material.objects.published()
    assert published.count() >= 35 and Material.objects.filter(published_at__isnull=True).exists()
    statuses = set(published.values_list("status", flat=True))
    assert {Status.CONCEPT, Status.IN_TEST, Status.TESTED, Status.VALIDATED} <= statuses
    domains = published.values("studiedomeinen__code").annotate(n=Count("id"))
    assert len(domains) >= 6
    assert UsageReport.objects.values("school__province").distinct().count() >= 3
    assert Review.objects.filter(decision=Review.Decision.CHANGES).exists()
    assert all(m.attachments.exists() for m in Material.objects.all())
    assert Material.objects.filter(original__isnull=False, published_at__isnull=False).exists()
    # Loading twice does not duplicate.
    demo.load(ctx)
    assert Material.objects.count() == len(ctx.extra["materials"]) + 1
