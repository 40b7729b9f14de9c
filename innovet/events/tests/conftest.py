from datetime import timedelta

import pytest
from django.utils import timezone

from innovet.events import services
from innovet.events.models import SlotKind
from innovet.organisations.models import OrganisationKind, Role


def future_weekday(weekday, weeks=3):
    """A date `weeks` weeks ahead on the given weekday (0 = Monday)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def rtc(make_org):
    return make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")


@pytest.fixture
def organiser(make_user, rtc):
    return make_user(email="rtc@ovl.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)


@pytest.fixture
def other_org_user(make_org, make_user):
    other = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    return make_user(email="rtc@limburg.example", org=other, role=Role.RTC_STAFF, is_manager=True)


@pytest.fixture
def teacher(make_user, school):
    return make_user(
        email="leerkracht@school.example", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters"
    )


@pytest.fixture
def director(make_user, school):
    return make_user(email="directeur@school.example", org=school, role=Role.DIRECTOR)


@pytest.fixture
def make_teacher(make_user, school):
    def make(**kwargs):
        return make_user(org=kwargs.pop("org", school), role=Role.TEACHER, **kwargs)

    return make


@pytest.fixture
def make_event(organiser, rtc):
    def make(capacity=2, waiting_list=True, day=None, publish=True, starts="14:00", **fields):
        event = services.create_event(
            organiser,
            rtc,
            {
                "title": fields.pop("title", "Kick-off Oost-Vlaanderen"),
                "summary": "Inleiding en parallelle sessies",
                "venue_name": "Campus Gent",
                "postcode": "9000",
                "waiting_list": waiting_list,
                **fields,
            },
        )
        d = services.add_day(organiser, event, day or future_weekday(1))  # a Tuesday: school hours
        plenary = services.add_slot(organiser, d, "13:00", "13:30", SlotKind.PLENARY, "Welkom")
        services.add_session(organiser, plenary, {"title": "Welkom en inleiding"})
        slot = services.add_slot(organiser, d, starts, "15:00", SlotKind.PARALLEL, "Ronde 1")
        services.add_session(organiser, slot, {"title": "Cobots in de klas", "capacity": capacity})
        services.add_session(organiser, slot, {"title": "Warmtepompen", "capacity": capacity})
        if publish:
            services.publish_event(organiser, event)
        return event

    return make


def session_named(event, title):
    from innovet.events.models import Session

    return Session.objects.get(slot__day__event=event, title=title)
