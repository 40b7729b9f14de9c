"""Concurrent confirmations of the same day at the same infrastructure give it to one class only, and two
requests of one teacher at once cannot pass 10 days together (PostgreSQL: threads race for real; SQLite
serialises writers, so there the same code runs one after the other)."""

import itertools
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from innovet.organisations.models import Role
from innovet.tiendagen import services
from innovet.tiendagen.models import BookedDay, RequestStatus, TiendagenRequest
from tests.concurrency import run_together

from .conftest import weekday_ahead, weekdays_from

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _each(items, action):
    """A target for run_together that gives each thread its own item."""
    counter, lock = itertools.count(), threading.Lock()

    def target():
        with lock:
            item = items[next(counter)]
        try:
            action(item)
            return "ok"
        except ValidationError:
            return "refused"

    return target


def test_concurrent_confirmations_give_a_day_to_one_class(submit, school, make_user, wegwijs, rtc_staff, centre_staff):
    days = weekdays_from(weekday_ahead(21), 2)
    requests = [submit(days=days)]
    for i in range(5):
        colleague = make_user(org=school, role=Role.TEACHER)
        services.register_wegwijs(colleague, wegwijs, school)
        requests.append(submit(days=days, user=colleague, class_name=f"Klas {i}"))
    for r in requests:
        services.forward_request(rtc_staff, r)
    results, errors = run_together(
        _each(requests, lambda r: services.confirm_request(centre_staff, TiendagenRequest.objects.get(pk=r.pk))),
        n=len(requests),
    )
    assert not errors and sorted(results) == ["ok"] + ["refused"] * 5
    assert TiendagenRequest.objects.filter(status=RequestStatus.CONFIRMED).count() == 1
    assert BookedDay.objects.filter(confirmed=True).count() == 2


def test_two_requests_of_one_teacher_at_once_stay_within_ten_days(ready_teacher, school, training, class_data):
    start = weekday_ahead(21)
    days = weekdays_from(start, 12)
    batches = [days[:6], days[6:]]
    results, errors = run_together(
        _each(batches, lambda d: services.submit_request(ready_teacher, school, training, class_data(), d)), n=2
    )
    assert not errors and sorted(results) == ["ok", "refused"]
    assert BookedDay.objects.count() == 6
