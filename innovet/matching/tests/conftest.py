"""Fixtures for the matching tests: a school in Gent with a teacher, partners nearby and far away, RTC staff."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def need_data(the_school, **overrides):
    """What the need form posts (primary keys, as a browser sends them)."""
    data = {
        "school": the_school.pk,
        "title": "Opleiding warmtepompen voor de vakgroep installatietechniek",
        "stated_by": "vakgroep",
        "vakgroep": "installatietechniek",
        "need_type": term("noodtype", "vaktechnisch").pk,
        "themes": [term("thema", "warmtepompen").pk],
        "studiedomein": term("studiedomein", "stem").pk,
        "graden": [term("graad", "3").pk],
        "studierichting": "Elektromechanische technieken",
        "teacher_count": 4,
        "participation": "team",
        "support_forms": [term("ondersteuningsvorm", "workshops").pk],
        "moments": ["woensdagnamiddag"],
        "budget_per_participant": "90",
        "max_distance_km": 40,
        "description": "Onze leerlingen installeren steeds vaker warmtepompen op stage.",
    }
    data.update(overrides)
    return data


def service_data(**overrides):
    """The same, as codes (what an API call or an import sends)."""
    data = {
        "title": "Opleiding warmtepompen",
        "need_type": "vaktechnisch",
        "themes": ["warmtepompen"],
        "studiedomein": "stem",
        "graden": ["3"],
        "participation": "team",
        "teacher_count": 4,
        "support_forms": ["workshops"],
        "budget_per_participant": "90",
        "max_distance_km": 40,
    }
    data.update(overrides)
    return data


@pytest.fixture
def teacher(make_user, school):
    return make_user(org=school, role=Role.TEACHER, first_name="Griet", last_name="Vervaet")


@pytest.fixture
def other_school(make_org):
    return make_org("GO! Technisch Atheneum Aalst", OrganisationKind.SCHOOL, "9300")


@pytest.fixture
def other_teacher(make_user, other_school):
    return make_user(org=other_school, role=Role.TEACHER, first_name="Wout", last_name="Van Acker")


@pytest.fixture
def rtc_ovl(make_org, make_user):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    return make_user(org=rtc, role=Role.RTC_STAFF, first_name="Ria", last_name="Broker")


@pytest.fixture
def rtc_limburg(make_org, make_user):
    rtc = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    return make_user(org=rtc, role=Role.RTC_STAFF)


@pytest.fixture
def installer(make_org):
    return make_org("Warmte & Klimaat De Wilde", OrganisationKind.COMPANY, "9050")


@pytest.fixture
def installer_contact(make_user, installer):
    return make_user(org=installer, role=Role.COMPANY_CONTACT, is_manager=True, first_name="Koen", last_name="De Wilde")


@pytest.fixture
def far_company(make_org):
    return make_org("Solar Limburg", OrganisationKind.COMPANY, "3600")


@pytest.fixture
def far_contact(make_user, far_company):
    return make_user(org=far_company, role=Role.COMPANY_CONTACT, is_manager=True)


@pytest.fixture
def willingness(installer, installer_contact):
    from innovet.matching import services

    return services.create_willingness(
        installer_contact,
        installer,
        {
            "title": "Leerkrachten welkom in ons opleidingsatelier warmtepompen",
            "resources": ["personeel", "bedrijfsinfrastructuur", "stageplaatsen"],
            "themes": ["warmtepompen", "zonnepanelen"],
            "studiedomeinen": ["stem"],
            "region": "straal",
            "radius_km": 50,
            "capacity_per_year": 3,
            "school_year": "2026-2027",
        },
    )


@pytest.fixture
def make_offer(db):
    from innovet.catalogue.models import Offer, OfferLocation, OfferSession, Status
    from innovet.geo.services import resolve_postcode

    def make(
        title="Workshop warmtepompen",
        themes=("warmtepompen",),
        postcode="9000",
        kind="workshop",
        cost="60",
        provider=None,
        status=Status.PUBLISHED,
        audience="beide",
        days_ahead=30,
    ):
        offer = Offer.objects.create(
            title=title,
            summary=title,
            description=title,
            kind=term("aanbodsoort", kind),
            status=status,
            published_at=timezone.now() if status == Status.PUBLISHED else None,
            cost=Decimal(cost),
            audience=audience,
        )
        offer.themes.set([term("thema", t) for t in themes])
        offer.studiedomeinen.set([term("studiedomein", "stem")])
        offer.graden.set([term("graad", "3")])
        if provider is not None:
            offer.providers.add(provider)
        if postcode:
            place = resolve_postcode(postcode)
            loc = OfferLocation.objects.create(
                offer=offer,
                location_type=term("locatietype", "opleidingscentrum"),
                postcode=postcode,
                municipality=place.municipality,
                province=place.province,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            start = timezone.now() + timedelta(days=days_ahead)
            OfferSession.objects.create(offer=offer, starts_at=start, ends_at=start + timedelta(hours=3), location=loc)
        return offer

    return make
