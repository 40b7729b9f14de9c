"""Real threads against PostgreSQL: seats are never sold twice and the waiting list keeps arrival order."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from innovet.events import services
from innovet.events.models import Booking, BookingStatus

from .conftest import session_named

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

PEOPLE, SEATS, WORKERS = 120, 12, 12


def _run_all(jobs):
    """Run the jobs on WORKERS threads at once, each with its own database connection."""

    def run(job):
        try:
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, jobs))


def test_concurrent_registrations_fill_exactly_the_seats(make_event, make_teacher):
    event = make_event(capacity=SEATS)
    heat = session_named(event, "Warmtepompen")
    people = [make_teacher() for _ in range(PEOPLE)]
    _run_all([lambda p=p: services.register(p, event, p, [heat.pk]) for p in people])

    bookings = list(Booking.objects.filter(session=heat).order_by("id"))
    assert len(bookings) == PEOPLE
    statuses = [b.status for b in bookings]
    # The first SEATS to get the lock are confirmed, everyone after them waits, in that order.
    assert statuses == [BookingStatus.CONFIRMED] * SEATS + [BookingStatus.WAITLISTED] * (PEOPLE - SEATS)
    assert [b.created_at for b in bookings] == sorted(b.created_at for b in bookings)

    # Concurrent cancellations: each promotes exactly one, the earliest on the waiting list.
    confirmed = [b.registration for b in bookings[:5]]
    waiting_ids = [b.pk for b in bookings[SEATS : SEATS + 5]]
    _run_all([lambda r=r: services.cancel_registration(r.person, r) for r in confirmed])
    now_confirmed = set(
        Booking.objects.filter(session=heat, status=BookingStatus.CONFIRMED).values_list("pk", flat=True)
    )
    assert len(now_confirmed) == SEATS
    assert set(waiting_ids) <= now_confirmed
    assert Booking.objects.filter(session=heat, status=BookingStatus.WAITLISTED).count() == PEOPLE - SEATS - 5
