"""Issue 12, item 6: the adviser's review queue on 'Mijn lesmateriaal' and the usage reports on a
material's page are paged instead of cut off (at 20 and 50 rows before)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from innovet.materials.models import Material, UsageReport

from .conftest import term

pytestmark = pytest.mark.django_db


def test_the_whole_review_queue_is_reachable(client, make_material, pbd):
    items = [make_material(title=f"Te reviewen {i + 1}") for i in range(25)]
    Material.objects.filter(pk__in=[m.pk for m in items]).update(status="getest")
    client.force_login(pbd)
    first = client.get(reverse("materials:mine"))
    second = client.get(reverse("materials:mine"), {"reviews": 2})
    assert first.context["review_queue"].paginator.count == 25
    assert len(first.context["review_queue"]) == 20 and len(second.context["review_queue"]) == 5
    assert 'aria-label="Paginering reviews"' in first.content.decode()
    assert "?reviews=2#reviews" in first.content.decode()


def test_every_usage_report_is_reachable(client, make_material, author, school, django_assert_max_num_queries):
    material = make_material()
    UsageReport.objects.bulk_create(
        UsageReport(
            material=material,
            user=author,
            school=school,
            graad=term("graad", "2"),
            rating=4,
            used_on=date(2026, 9, 1) + timedelta(days=i),
            how_it_went=f"Verslag {i + 1}",
        )
        for i in range(55)
    )
    url = material.get_absolute_url()
    client.get(url)  # per-process caches
    with django_assert_max_num_queries(40):
        first = client.get(url)
    seen = set()
    for number in (1, 2, 3):
        html = client.get(url, {"verslagen": number}).content.decode()
        seen |= {f"Verslag {i + 1}" for i in range(55) if f">Verslag {i + 1}<" in html}
    assert len(seen) == 55
    assert first.context["usage"]["uses"] == 55
    assert 'aria-label="Paginering gebruiksmeldingen"' in first.content.decode()
