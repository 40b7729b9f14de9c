from datetime import timedelta

import pytest
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.placements import services
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def days(n):
    return timezone.localdate() + timedelta(days=n)


def next_monday(weeks=3):
    today = timezone.localdate()
    return today + timedelta(days=(0 - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def teacher(make_user, school):
    return make_user(email="lien@school.example", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")


@pytest.fixture
def director(make_user, school):
    return make_user(email="directeur@school.example", org=school, role=Role.DIRECTOR, first_name="Dirk")


@pytest.fixture
def tac(make_user, school):
    return make_user(email="tac@school.example", org=school, role=Role.TAC)


@pytest.fixture
def company(make_org):
    return make_org("Bakkerij Wouters", OrganisationKind.COMPANY, "2300")


@pytest.fixture
def contact(make_user, company):
    return make_user(email="an@bakkerij.example", org=company, role=Role.COMPANY_CONTACT, is_manager=True)


@pytest.fixture
def other_company(make_org):
    return make_org("Bouwbedrijf De Smet", OrganisationKind.COMPANY, "9700")


@pytest.fixture
def other_contact(make_user, other_company):
    return make_user(email="jan@desmet.example", org=other_company, role=Role.COMPANY_CONTACT, is_manager=True)


def place_data(**overrides):
    data = {
        "kind": "bedrijfsstage",
        "title": "Meewerken in de ambachtelijke bakkerij",
        "active_role": "Je bakt mee aan de zuurdesemlijn en stelt zelf een productieplanning op.",
        "description": "Drie dagen in ons atelier.",
        "studiedomein": term("studiedomein", "voeding-en-horeca"),
        "themes": [term("thema", "warmtepompen")],
        "location_name": "Atelier",
        "street": "Bakkerstraat 1",
        "postcode": "2300",
        "duration_days": 3,
        "spread": False,
        "places": 1,
        "return_day": True,
        "follow_up": False,
        "contact_name": "An Wouters",
        "contact_email": "an@bakkerij.example",
        "contact_phone": "014 00 00 00",
        "insurance_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_place(contact, company):
    def make(publish=True, periods=None, **overrides):
        periods = periods if periods is not None else [{"starts_on": days(10), "ends_on": days(60), "note": ""}]
        return services.create_place(contact, company, place_data(**overrides), periods, publish=publish)

    return make


@pytest.fixture
def place(make_place):
    return make_place()


def apply_data(place, start=None, end=None, motivation="Ik wil leren hoe een bakkerij vandaag plant en automatiseert."):
    period = place.periods.first()
    start = start or next_monday(3)
    return {"period": period, "starts_on": start, "ends_on": end or start + timedelta(days=2), "motivation": motivation}
