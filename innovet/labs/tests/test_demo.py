"""The demo: 8–10 labs across provinces in different phases, two ready and shown at a demo showcase, one
with three adopting schools — loaded after the apps it builds on, as load_demo does."""

import pytest

from innovet.core.demo_registry import Context
from innovet.events import demo as events_demo
from innovet.labs import demo, selectors
from innovet.labs.models import AdoptionStatus, Lab, Showcase
from innovet.materials import demo as materials_demo
from innovet.organisations import demo as organisations_demo
from innovet.participation.models import Participation

pytestmark = pytest.mark.django_db


def test_demo_labs(django_capture_on_commit_callbacks):
    ctx = Context(seed=2018)
    with django_capture_on_commit_callbacks(execute=True):
        organisations_demo.load(ctx)
        materials_demo.load(ctx)
        events_demo.load(ctx)
        demo.load(ctx)
    assert 8 <= Lab.objects.count() <= 10
    assert Lab.objects.values("province").distinct().count() >= 5
    phases = {code for code, n in selectors.phase_counts().items() if n}
    assert len(phases) >= 5
    shown = Showcase.objects.filter(presented_on__isnull=False)
    assert shown.count() == 2 and shown.values("event").distinct().count() == 1
    assert all(selectors.is_presentable(s.lab) for s in shown)
    adopting = [lab for lab in Lab.objects.all() if lab.adoptions.filter(status=AdoptionStatus.USING).count() == 3]
    assert len(adopting) == 1
    roles = set(Participation.objects.filter(kind="innovatielab").values_list("role", flat=True))
    assert {"co-ontwikkelaar", "tester", "presentator", "adoptant"} <= roles
    assert selectors.overview_totals()["presentable"] >= 2
    demo.load(ctx)  # twice is once
    assert Lab.objects.count() <= 10
