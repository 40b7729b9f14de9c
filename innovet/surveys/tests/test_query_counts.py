"""The survey lists (overview, invitations) run a bounded number of queries and page through long lists."""

import pytest
from django.urls import reverse

from innovet.surveys.models import Invitation, Survey

pytestmark = pytest.mark.django_db


def test_survey_overview(client, owner, department, rtc, django_assert_max_num_queries):
    Survey.objects.bulk_create(
        Survey(
            organisation=department if i % 2 else rtc,
            title=f"Bevraging {i:02d}",
            slug=f"bevraging-{i:02d}",
            status=Survey.Status.PUBLISHED,
            open_link_enabled=True,
        )
        for i in range(60)
    )
    client.force_login(owner)
    url = reverse("surveys:survey_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["mine"].object_list) == 25  # 30 of the department's own, paged
    assert len(response.context["open_surveys"].object_list) == 24  # 60 open ones, paged
    assert len(client.get(url, {"pagina": 2}).context["mine"].object_list) == 5


def test_invitations(client, owner, survey_open, django_assert_max_num_queries):
    Invitation.objects.bulk_create(
        Invitation(survey=survey_open, email=f"leraar{i}@example.be", name=f"Leraar {i}") for i in range(60)
    )
    client.force_login(owner)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("surveys:invitations", args=[survey_open.slug]))
    assert len(response.context["page"].object_list) == 50
