"""Every list of substitution offers and requests runs a bounded number of queries (16 rows each,
with provinces, subjects, years and leerplan notes, so an N+1 breaks the cap)."""

from datetime import time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from innovet.organisations.models import Role
from innovet.substitution import services
from innovet.substitution.models import RequestStatus, SubstitutionRequest

from .conftest import offer_data

pytestmark = pytest.mark.django_db

ROWS = 16


@pytest.fixture
def many(syntra_staff, syntra, school, adviser, make_user, director):
    offers = [
        services.create_offer(
            syntra_staff, syntra, {**offer_data(title=f"Workshop {i}"), "provinces": [school.province]}, publish=True
        )
        for i in range(ROWS)
    ]
    for o in offers:
        services.annotate_fit(adviser, o, "sluit-aan", "LPD 1")
    start = timezone.localdate() + timedelta(days=30)
    teachers = [make_user(org=school, role=Role.TEACHER) for _ in range(ROWS)]
    ct = ContentType.objects.get_for_model(school)
    SubstitutionRequest.objects.bulk_create(
        SubstitutionRequest(
            school=school,
            province=school.province,
            requested_by=t,
            teacher=t,
            source_kind="bedrijfsstage",
            source_type=ct,
            source_id=str(i),
            title=f"Stage {i}",
            starts_on=start,
            ends_on=start,
            start_time=time(8, 25),
            end_time=time(12, 0),
            hours=4,
            status=RequestStatus.PROPOSED,
            offer=offers[i],
        )
        for i, t in enumerate(teachers)
    )
    return offers


def test_offer_register(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("substitution:offer_list"))
    assert len(response.context["offers"]) == ROWS


def test_my_offers(client, many, syntra_staff, django_assert_max_num_queries):
    client.force_login(syntra_staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("substitution:my_offers"))
    assert len(response.context["offers"]) == ROWS


@pytest.mark.parametrize("who", ["director", "syntra_staff"])
def test_request_list(client, request, many, who, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(who))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("substitution:request_list"), {"status": "open"})
    assert len(response.context["requests"]) == ROWS


@pytest.mark.parametrize("model", ["substitutionoffer", "substitutionrequest"])
def test_back_office_lists(client, many, admin_user, model, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:substitution_{model}_changelist"))
    assert response.status_code == 200 and response.context["cl"].result_count >= ROWS
