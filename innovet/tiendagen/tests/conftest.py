from datetime import timedelta

import pytest
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term
from innovet.tiendagen import services
from innovet.tiendagen.eligibility import Track


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def weekday_ahead(days):
    """The first weekday at least ``days`` days from today."""
    d = timezone.localdate() + timedelta(days=days)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def weekdays_from(start, n):
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


@pytest.fixture
def centre(make_org):
    return make_org("VDAB competentiecentrum Gent", OrganisationKind.VDAB, "9000")


@pytest.fixture
def centre_staff(make_user, centre):
    return make_user(email="vdab@gent.example", org=centre, role=Role.VDAB_STAFF)


@pytest.fixture
def rtc(make_org):
    return make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")


@pytest.fixture
def rtc_staff(make_user, rtc):
    return make_user(email="rtc@ovl.example", org=rtc, role=Role.RTC_STAFF)


@pytest.fixture
def other_rtc_staff(make_org, make_user):
    org = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    return make_user(email="rtc@limburg.example", org=org, role=Role.RTC_STAFF)


@pytest.fixture
def teacher(make_user, school):
    return make_user(email="lien@school.example", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")


@pytest.fixture
def training(centre, centre_staff):
    infra = services.create_infrastructure(centre_staff, centre, "Werkplaats elektromechanica", 16)
    start = timezone.localdate() + timedelta(days=1)
    services.add_availability(centre_staff, infra, start, start + timedelta(days=300))
    return services.save_training(
        centre_staff,
        centre,
        {
            "title": "Industriële elektriciteit",
            "description": "Motorsturingen en PLC.",
            "infrastructure": infra,
            "studiedomeinen": [term("studiedomein", "stem")],
            "studierichtingen": "Elektromechanische technieken\nElektrotechnieken",
        },
    )


@pytest.fixture
def wegwijs(centre, centre_staff):
    return services.create_wegwijs_session(centre_staff, centre, weekday_ahead(7))


@pytest.fixture
def class_data():
    def make(**overrides):
        data = {
            "class_name": "6 EM",
            "track": Track.TSO,
            "grade": 3,
            "year": 2,
            "studiedomein": term("studiedomein", "stem"),
            "studierichting": "Elektromechanische technieken",
            "pupils": 12,
            "note": "",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def ready_teacher(teacher, school, wegwijs):
    services.register_wegwijs(teacher, wegwijs, school)
    return teacher


@pytest.fixture
def submit(ready_teacher, school, training, class_data):
    def make(days=None, user=None, **overrides):
        days = days or weekdays_from(weekday_ahead(21), 3)
        return services.submit_request(user or ready_teacher, school, training, class_data(**overrides), days)

    return make
