"""Two owners building the rotation at once (or a double click) leave one schedule, never two overlapping
ones (PostgreSQL: threads race for real)."""

import pytest
from django.conf import settings

from innovet.equipment import services
from innovet.equipment.models import EquipmentSet, Turn
from tests.concurrency import run_together


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_builds_leave_one_schedule(car, schools, owner_staff):
    for school, teacher in schools:
        services.apply(teacher, car, school)
    results, errors = run_together(
        lambda: len(services.build_rotation(owner_staff, EquipmentSet.objects.get(pk=car.pk))), n=4
    )
    assert not errors, errors
    turns = list(Turn.objects.filter(equipment=car).order_by("starts_on"))
    assert len(turns) == 4
    for a, b in zip(turns, turns[1:], strict=False):
        assert b.starts_on > a.ends_on
