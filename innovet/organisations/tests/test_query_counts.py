"""The organisation directory, an organisation's page and its member list run a bounded number of
queries and page through long lists (60 members, 30 organisations)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.organisations.models import Invitation, OrganisationKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_school(school, make_user):
    manager = make_user(org=school, role=Role.DIRECTOR, is_manager=True, last_name="Aerts")
    for i in range(59):
        make_user(org=school, role=Role.TEACHER, last_name=f"Leerkracht {i:02d}")
    Invitation.objects.bulk_create(
        Invitation(
            organisation=school,
            email=f"nieuw{i}@example.be",
            role=Role.TEACHER,
            invited_by=manager,
            expires_at=timezone.now() + timedelta(days=7),
        )
        for i in range(16)
    )
    return manager


def test_directory(client, make_org, django_assert_max_num_queries):
    for i in range(30):
        make_org(f"Bedrijf {i:02d}", OrganisationKind.COMPANY, "9000")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("organisations:directory"))
    assert len(response.context["page"].object_list) == 24


@pytest.mark.parametrize("url_name", ["organisations:detail", "organisations:members"])
def test_members_are_paged(client, school, big_school, url_name, django_assert_max_num_queries):
    client.force_login(big_school)
    url = reverse(url_name, args=[school.slug])
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert len(response.context["members"].object_list) == 50
    assert len(client.get(url, {"pagina": 2}).context["members"].object_list) == 10


@pytest.mark.parametrize("model", ["organisation", "invitation"])
def test_back_office_lists(client, school, big_school, admin_user, make_org, model, django_assert_max_num_queries):
    for i in range(16):
        make_org(f"School {i:02d}", OrganisationKind.SCHOOL, "3500")
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:organisations_{model}_changelist"))
    assert response.context["cl"].result_count >= 16
