"""Every list of needs and willingness (pages and the back office) runs a bounded number of queries.

The lists hold 22 needs from three schools, each with themes, a study domain and an introduction, and
22 partners' willingness, so that one query per row (an N+1) would break the cap."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.matching.models import Introduction, Need, Suggestion, Willingness
from innovet.organisations.models import OrganisationKind

from .conftest import term

pytestmark = pytest.mark.django_db

ROWS = 22


@pytest.fixture
def many_needs(school, other_school, make_org, installer, teacher):
    third = make_org("VTI Brugge", OrganisationKind.SCHOOL, "8000")
    schools = [school, other_school, third]
    needs = Need.objects.bulk_create(
        Need(
            school=schools[i % 3],
            province=schools[i % 3].province,
            created_by=teacher,
            title=f"Nood {i + 1}",
            need_type=term("noodtype", "vaktechnisch"),
            studiedomein=term("studiedomein", "stem"),
        )
        for i in range(ROWS)
    )
    Need.themes.through.objects.bulk_create(
        Need.themes.through(need_id=n.pk, term_id=term("thema", "warmtepompen").pk) for n in needs
    )
    Introduction.objects.bulk_create(
        Introduction(
            need=n, kind=Suggestion.Kind.PARTNER, partner=installer, expires_at=timezone.now() + timedelta(days=14)
        )
        for n in needs
    )
    return needs


@pytest.fixture
def many_willingness(make_org):
    orgs = [make_org(f"Bedrijf {i}", OrganisationKind.COMPANY, "9000") for i in range(3)]
    items = Willingness.objects.bulk_create(
        Willingness(
            organisation=orgs[i % 3],
            province=orgs[i % 3].province,
            title=f"Samenwerking {i + 1}",
            region=Willingness.Region.FLANDERS,
            capacity_per_year=3,
            school_year="2026-2027",
        )
        for i in range(ROWS)
    )
    Willingness.themes.through.objects.bulk_create(
        Willingness.themes.through(willingness_id=w.pk, term_id=term("thema", "warmtepompen").pk) for w in items
    )
    return items


@pytest.mark.parametrize(
    ("who", "tab"),
    [("teacher", "school"), ("rtc_ovl", "rtc"), ("installer_contact", "regio"), ("installer_contact", "gekoppeld")],
)
def test_need_list_tabs(client, request, many_needs, who, tab, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(who))
    url = reverse("matching:need_list")
    with django_assert_max_num_queries(10):
        response = client.get(url, {"lijst": tab})
    assert response.status_code == 200 and len(response.context["page"].object_list) >= 7


def test_need_list_of_the_administrator(client, many_needs, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("matching:need_list"))
    assert len(response.context["page"].object_list) == 20


def test_willingness_list(client, many_willingness, installer_contact, django_assert_max_num_queries):
    client.force_login(installer_contact)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("matching:willingness_list"))
    assert len(response.context["page"].object_list) == 20


@pytest.mark.parametrize("model", ["need", "willingness", "introduction", "suggestion"])
def test_back_office_lists(client, many_needs, many_willingness, admin_user, model, django_assert_max_num_queries):
    Suggestion.objects.bulk_create(
        Suggestion(need=n, kind=Suggestion.Kind.PARTNER, willingness=w, score=50)
        for n, w in zip(many_needs, many_willingness, strict=True)
    )
    client.force_login(admin_user)
    url = reverse(f"admin:matching_{model}_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and response.context["cl"].result_count == ROWS
