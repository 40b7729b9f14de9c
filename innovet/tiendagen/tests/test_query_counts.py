"""Lists of the 10-dagenregeling run a bounded number of queries: 18 requests from three schools at two
centres (each with its teacher, school, training and days), so one query per row would break the cap."""

import pytest
from django.urls import reverse

from innovet.organisations.models import OrganisationKind, Role
from innovet.tiendagen import services
from innovet.tiendagen.models import BookedDay, RequestStatus, TiendagenRequest

from .conftest import term, weekday_ahead, weekdays_from

pytestmark = pytest.mark.django_db
ROWS = 18


@pytest.fixture
def many(make_org, make_user, training, centre, school, teacher):
    other_centre = make_org("VDAB Genk", OrganisationKind.VDAB, "3600")
    staff = make_user(org=other_centre, role=Role.VDAB_STAFF)
    infra = services.create_infrastructure(staff, other_centre, "Hal 2")
    t2 = services.save_training(
        staff,
        other_centre,
        {"title": "Lassen", "infrastructure": infra, "studiedomeinen": [term("studiedomein", "stem")]},
    )
    schools = [
        school,
        make_org("VTI Aalst", OrganisationKind.SCHOOL, "9300"),
        make_org("VTI Eeklo", OrganisationKind.SCHOOL, "9900"),
    ]
    days = weekdays_from(weekday_ahead(30), ROWS * 2)
    requests = []
    for i in range(ROWS):
        tr = training if i % 2 else t2
        requests.append(
            TiendagenRequest(
                teacher=teacher,
                school=schools[i % 3],
                province=schools[i % 3].province,
                training=tr,
                centre=tr.centre,
                class_name=f"Klas {i}",
                track="tso",
                grade=3,
                year=2,
                studiedomein=term("studiedomein", "stem"),
                studierichting="Elektrotechnieken",
                pupils=10,
                school_year="2026-2027",
                status=RequestStatus.CONFIRMED if i % 3 else RequestStatus.SUBMITTED,
            )
        )
    TiendagenRequest.objects.bulk_create(requests)
    BookedDay.objects.bulk_create(
        BookedDay(
            request=r, infrastructure=r.training.infrastructure, day=days[i * 2 + j], confirmed=r.status == "bevestigd"
        )
        for i, r in enumerate(requests)
        for j in range(2)
    )
    for i in range(ROWS):
        services.create_wegwijs_session(staff, other_centre, weekday_ahead(5 + i))
    return requests


def test_overview_and_centre_page(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(reverse("tiendagen:overview")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("tiendagen:centre", args=[many[0].centre.slug])).status_code == 200


def test_my_requests(client, many, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("tiendagen:my_requests"))
    assert response.content.decode().count("Klas ") >= ROWS


def test_rtc_queue(client, many, rtc_staff, django_assert_max_num_queries):
    client.force_login(rtc_staff)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("tiendagen:rtc_queue") + "?status=alle").status_code == 200


def test_centre_manage_and_calendar(client, many, centre, centre_staff, django_assert_max_num_queries):
    client.force_login(centre_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("tiendagen:centre_manage", args=[centre.slug])).status_code == 200
    month = BookedDay.objects.filter(request=many[1]).first().day.strftime("%Y-%m")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("tiendagen:calendar", args=[centre.slug]) + f"?maand={month}").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("tiendagen:calendar_ics", args=[centre.slug])).status_code == 200
