"""Benchmark: 1,000 concurrent registrations for one session with 50 seats (issue 15).

    DATABASE_URL=postgres://127.0.0.1:5432/bench_events .venv/bin/python bench/registrations.py
    ... --people 1000 --seats 50 --workers 32 --cancel 10

Prints how many were confirmed and waitlisted, whether the waiting list is in arrival order (booking id
= order of getting the session's row lock), what concurrent cancellations promoted, and the times.
Without DATABASE_URL it runs on SQLite (writers are serialised there, so it shows correctness only).
"""

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovet.settings")
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")
os.environ.setdefault("INNOVET_TESTING", "1")  # huey immediate, mails to memory
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("INNOVET_VAR_DIR", str(ROOT / "var" / "bench-events"))
    Path(os.environ["INNOVET_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

TITLE = "Benchmark – kick-off met 50 plaatsen"


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(people, seats):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from innovet.events import services
    from innovet.events.models import Event, SlotKind
    from innovet.geo.services import resolve_postcode
    from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role

    def org(slug, name, kind, postcode):
        place = resolve_postcode(postcode)
        obj, _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "postcode": postcode,
                "municipality": place.municipality,
                "province": place.province,
                "latitude": place.latitude,
                "longitude": place.longitude,
            },
        )
        return obj

    User = get_user_model()
    rtc = org("bench-rtc", "Bench RTC", OrganisationKind.RTC, "9000")
    school = org("bench-school", "Bench school", OrganisationKind.SCHOOL, "9000")
    organiser, created = User.objects.get_or_create(email="bench-rtc@example.be", defaults={"first_name": "RTC"})
    if created:
        Membership.objects.create(user=organiser, organisation=rtc, role=Role.RTC_STAFF, is_manager=True)
    Event.objects.filter(title=TITLE).delete()
    existing = set(User.objects.filter(email__startswith="bench-lk-").values_list("email", flat=True))
    new = [
        User(email=f"bench-lk-{i}@example.be", first_name="Leerkracht", last_name=str(i))
        for i in range(people)
        if f"bench-lk-{i}@example.be" not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    teachers = list(User.objects.filter(email__startswith="bench-lk-").order_by("id")[:people])
    have = set(Membership.objects.filter(organisation=school).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=t, organisation=school, role=Role.TEACHER) for t in teachers if t.pk not in have]
    )
    event = services.create_event(
        organiser, rtc, {"title": TITLE, "summary": "bench", "venue_name": "Zaal", "postcode": "9000"}
    )
    day = services.add_day(organiser, event, timezone.localdate() + timedelta(days=30))
    slot = services.add_slot(organiser, day, "14:00", "15:00", SlotKind.PARALLEL)
    session = services.add_session(organiser, slot, {"title": "Cobots", "capacity": seats})
    services.publish_event(organiser, event)
    return event, session, teachers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--cancel", type=int, default=10)
    args = parser.parse_args()
    setup()
    from django.db import connection, connections

    from innovet.events import services
    from innovet.events.models import Booking, BookingStatus

    event, session, teachers = prepare(args.people, args.seats)

    def run(job):
        try:
            return job()
        finally:
            connections.close_all()

    print(f"database: {connection.vendor}; {args.people} registrations, {args.seats} seats, {args.workers} threads")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(run, [lambda t=t: services.register(t, event, t, [session.pk]) for t in teachers]))
    elapsed = time.perf_counter() - started
    bookings = list(Booking.objects.filter(session=session).order_by("id"))
    confirmed = sum(b.status == BookingStatus.CONFIRMED for b in bookings)
    waitlisted = sum(b.status == BookingStatus.WAITLISTED for b in bookings)
    in_order = [b.status for b in bookings] == sorted((b.status for b in bookings), key=lambda s: s != "bevestigd")
    print(f"registrations: {len(bookings)} in {elapsed:.2f} s ({len(bookings) / elapsed:.0f}/s)")
    print(f"confirmed: {confirmed}  waitlisted: {waitlisted}  seats sold twice: {max(0, confirmed - args.seats)}")
    print(f"confirmed are the first {args.seats} arrivals and the waiting list is in arrival order: {in_order}")

    first_waiting = [b.pk for b in bookings if b.status == BookingStatus.WAITLISTED][: args.cancel]
    cancel = [b.registration for b in bookings if b.status == BookingStatus.CONFIRMED][: args.cancel]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        promoted = list(pool.map(run, [lambda r=r: services.cancel_registration(r.person, r) for r in cancel]))
    elapsed = time.perf_counter() - started
    promoted_ids = sorted(b.pk for group in promoted for b in group)
    confirmed_after = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
    print(
        f"{len(cancel)} concurrent cancellations in {elapsed:.2f} s: promoted {len(promoted_ids)} "
        f"(each exactly one: {all(len(g) == 1 for g in promoted)}); the earliest waiting: "
        f"{promoted_ids == sorted(first_waiting)}; confirmed now {confirmed_after}"
    )


if __name__ == "__main__":
    main()
