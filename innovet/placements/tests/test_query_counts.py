"""Every list of placements runs a bounded number of queries.

The lists hold 16 places (themes, periods, studiedomein) and 16 applications from 16 teachers with
their schools, so that one query per row (an N+1) would break the cap."""

import pytest
from django.urls import reverse

from innovet.organisations.models import Role
from innovet.placements import services
from innovet.placements.models import HybridTeacherProfile

from .conftest import apply_data, place_data, term

pytestmark = pytest.mark.django_db

ROWS = 16


@pytest.fixture
def many(contact, company, school, make_user, director):
    from .conftest import days

    places = [
        services.create_place(
            contact,
            company,
            place_data(title=f"Stage {i}", places=ROWS),
            [{"starts_on": days(10), "ends_on": days(60)}, {"starts_on": days(70), "ends_on": days(90)}],
            publish=True,
        )
        for i in range(ROWS)
    ]
    teachers = [make_user(org=school, role=Role.TEACHER) for _ in range(ROWS)]
    applications = [services.apply(t, places[0], apply_data(places[0])) for t in teachers]
    for a in applications[: ROWS // 2]:
        services.decide_release(director, a, True)
    for t in teachers:
        profile = HybridTeacherProfile.objects.create(
            user=t,
            school=school,
            company_name="Bedrijf",
            job_in_company="Technicus",
            subjects="Praktijk",
            province=school.province,
            available_for=["gastlessen"],
        )
        profile.studiedomeinen.add(term("studiedomein", "stem"))
        profile.themes.add(term("thema", "zonnepanelen"))
    return places, applications


def test_public_list(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:place_list"))
    assert response.status_code == 200 and len(response.context["items"]) == ROWS


def test_company_lists(client, many, contact, django_assert_max_num_queries):
    client.force_login(contact)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:company_places"))
    assert len(response.context["places"]) == ROWS
    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:applicants", args=[many[0][0].pk]))
    assert len(response.context["applications"]) == ROWS // 2


def test_school_and_teacher_lists(client, many, director, django_assert_max_num_queries):
    client.force_login(director)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("placements:releases"))
    assert len(response.context["pending"]) == ROWS // 2 and len(response.context["decided"]) == ROWS // 2
    teacher = many[1][0].teacher
    client.force_login(teacher)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:my_applications"))
    assert len(response.context["applications"]) == 1


def test_hybrid_list(client, many, contact, django_assert_max_num_queries):
    client.force_login(contact)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:hybrid_list"), {"studiedomein": "stem"})
    assert len(response.context["profiles"]) == ROWS


@pytest.mark.parametrize("model", ["placementplace", "application", "hybridteacherprofile"])
def test_back_office_lists(client, many, admin_user, model, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:placements_{model}_changelist"))
    assert response.status_code == 200 and response.context["cl"].result_count >= ROWS
