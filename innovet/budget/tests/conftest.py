from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from innovet.budget import services
from innovet.budget.models import current_school_year
from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


@pytest.fixture
def director(make_user, school):
    return make_user(email="directeur@school.example", org=school, role=Role.DIRECTOR, is_manager=True)


@pytest.fixture
def tac(make_user, school):
    return make_user(email="tac@school.example", org=school, role=Role.TAC)


@pytest.fixture
def teacher(make_user, school):
    return make_user(email="lien@school.example", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")


@pytest.fixture
def year():
    return current_school_year()


@pytest.fixture
def budget(director, school, year):
    return services.set_budget(director, school, year, Decimal("1000"), Decimal("100"))


@pytest.fixture
def make_offer(make_org):
    from innovet.catalogue.models import Offer, Status

    company = make_org("Installatiebedrijf", OrganisationKind.COMPANY, "9000")

    def make(title="Workshop warmtepompen", cost=Decimal("75")):
        offer = Offer.objects.create(
            title=title,
            summary="Een dag.",
            description="Een dag in het atelier.",
            kind=term("aanbodsoort", "workshop"),
            cost=cost,
            status=Status.PUBLISHED,
            published_at=timezone.now(),
        )
        offer.providers.add(company)
        offer.themes.add(term("thema", "warmtepompen"))
        return offer

    return make


@pytest.fixture
def make_event(make_org, make_user):
    from innovet.events import services as events
    from innovet.events.models import SlotKind

    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    organiser = make_user(email="rtc@ovl.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)

    def make(offer=None, title="Kick-off warmtepompen"):
        event = events.create_event(
            organiser, rtc, {"title": title, "summary": "Sessies", "venue_name": "Campus Gent", "postcode": "9000"}
        )
        if offer is not None:
            event.offer = offer
            event.save(update_fields=["offer"])
        day = events.add_day(organiser, event, timezone.localdate() + timedelta(days=14))
        slot = events.add_slot(organiser, day, "13:00", "15:00", SlotKind.PARALLEL, "Ronde 1")
        session = events.add_session(organiser, slot, {"title": "Warmtepompen", "capacity": 20})
        events.publish_event(organiser, event)
        return event, session, organiser

    return make
