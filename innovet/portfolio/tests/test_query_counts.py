"""Portfolio and profile pages run a bounded number of queries with 16 activities, 16 materials with usage
reports and 16 partners: an N+1 would break the caps."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.participation.models import Participation
from innovet.portfolio import services
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.django_db
ROWS = 16


@pytest.fixture
def world(make_org, make_user, school):
    from django.contrib.contenttypes.models import ContentType

    from innovet.materials.models import Author, Material, UsageReport

    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    organisers = [make_org(f"Partner {i}", OrganisationKind.COMPANY, "9000") for i in range(ROWS)]
    ct = ContentType.objects.get_for_model(Term)
    Participation.objects.bulk_create(
        Participation(
            person=teacher,
            school=school,
            activity_type=ct,
            activity_id=str(i),
            kind="netwerkmoment",
            title=f"Sessie {i}",
            date=date(2025 + i % 2, 10, 1 + i),
            hours=2,
            role="presentator" if i % 2 else "bezoeker",
            organiser=organisers[i],
        )
        for i in range(ROWS)
    )
    graad = Term.objects.of("graad").get(code="2")
    for i in range(ROWS):
        m = Material.objects.create(
            title=f"Les {i}", slug=f"les-{i}", summary="S", published_at=timezone.now(), status="getest"
        )
        Author.objects.create(material=m, user=teacher, organisation=school)
        m.organisations.add(school, organisers[i])
        UsageReport.objects.create(
            material=m,
            user=teacher,
            school=school,
            graad=graad,
            studierichting="EM",
            how_it_went="Goed",
            rating=4,
            used_on=date(2026, 10, 1),
        )
    return teacher, organisers


def test_portfolio_pages_have_a_query_cap(client, world, django_assert_max_num_queries):
    teacher, _organisers = world
    client.force_login(teacher)
    with django_assert_max_num_queries(24):
        page = client.get(reverse("portfolio:mine")).content.decode()
    assert page.count("Sessie ") >= ROWS and page.count("Les ") >= ROWS
    token = services.share_portfolio(teacher).share_token
    client.logout()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("portfolio:shared", args=[token])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("portfolio:shared_pdf", args=[token])).status_code == 200


def test_profile_pages_have_a_query_cap(client, world, school, django_assert_max_num_queries):
    _teacher, organisers = world
    with django_assert_max_num_queries(16):
        page = client.get(reverse("profiles:organisation", args=[school.slug])).content.decode()
    assert page.count("Partner ") >= ROWS
    with django_assert_max_num_queries(16):
        assert client.get(reverse("profiles:organisation", args=[organisers[0].slug])).status_code == 200
