from datetime import timedelta

import pytest
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role


@pytest.fixture
def rtc(make_org):
    return make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")


@pytest.fixture
def rtc_manager(make_user, rtc):
    return make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True, first_name="Rita", last_name="Rtc")


@pytest.fixture
def rtc_staff(make_user, rtc):
    """RTC staff without management rights: may not issue."""
    return make_user(org=rtc, role=Role.RTC_STAFF)


@pytest.fixture
def other_issuer(make_org):
    return make_org("Educam", OrganisationKind.SECTOR, "1000")


@pytest.fixture
def other_manager(make_user, other_issuer):
    return make_user(org=other_issuer, role=Role.SECTOR_CONSULTANT, is_manager=True)


@pytest.fixture
def teacher(make_user, school):
    return make_user(email="an.peeters@school.be", org=school, role=Role.TEACHER, first_name="An", last_name="Peeters")


@pytest.fixture
def achievement(rtc, rtc_manager):
    from innovet.badges import services

    return services.create_achievement(
        rtc_manager,
        rtc,
        {
            "name": "Kick-off Industrie 4.0",
            "description": "Nam deel aan de regionale kick-off.",
            "criteria": "Aanwezig op de kick-off van het RTC.",
            "valid_for_days": 365,
        },
    )


@pytest.fixture
def award(achievement, rtc_manager, teacher, django_capture_on_commit_callbacks):
    from innovet.badges import services

    with django_capture_on_commit_callbacks(execute=True):
        return services.award_badge(rtc_manager, achievement, teacher)


@pytest.fixture
def make_event_session(rtc, rtc_manager):
    """A published event of the RTC with one session; returns (event, session)."""
    from innovet.events import services as events
    from innovet.events.models import SlotKind

    def make(title="Kick-off Oost-Vlaanderen", kind="kick-off", days=5):
        ev = events.create_event(
            rtc_manager, rtc, {"title": title, "summary": "Sessies", "venue_name": "Campus Gent", "postcode": "9000"}
        )
        if ev.kind != kind:
            type(ev).objects.filter(pk=ev.pk).update(kind=kind)
            ev.refresh_from_db()
        day = events.add_day(rtc_manager, ev, timezone.localdate() + timedelta(days=days))
        slot = events.add_slot(rtc_manager, day, "13:00", "15:00", SlotKind.PARALLEL, "Ronde 1")
        session = events.add_session(rtc_manager, slot, {"title": "Cobots in de klas", "capacity": 20})
        return ev, session

    return make
