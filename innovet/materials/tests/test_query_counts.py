"""Every list of material (search, mine, author page, review queue, OAI-PMH, back office) runs a bounded
number of queries. 16 published materials by two authors, with themes, alignments, files and a usage
report each: one query per row (an N+1) would break the cap."""

import pytest
from django.urls import reverse

from innovet.organisations.models import Role

from .conftest import term

pytestmark = pytest.mark.django_db

ROWS = 16


@pytest.fixture
def library(make_material, author, school, make_user):
    from innovet.materials.models import Author, Material, Review, UsageReport

    coauthor = make_user(email="co@school.be", org=school, role=Role.TEACHER)
    items = [make_material(title=f"Lesmateriaal {i + 1}") for i in range(ROWS)]
    Author.objects.bulk_create(Author(material=m, user=coauthor, organisation=school) for m in items)
    UsageReport.objects.bulk_create(
        UsageReport(material=m, user=coauthor, school=school, graad=term("graad", "2"), rating=4, used_on="2026-10-01")
        for m in items
    )
    Material.objects.filter(pk__in=[m.pk for m in items]).update(status="getest")
    Review.objects.bulk_create(
        Review(
            version=m.versions.get(),
            reviewer=coauthor,
            reviewer_organisation=school,
            comment="Goed",
            decision=Review.Decision.APPROVED,
            **dict.fromkeys(
                ["curriculum_link", "didactic_quality", "correctness", "accessibility", "brand_neutrality"], "voldoet"
            ),
        )
        for m in items
    )
    return items


@pytest.mark.parametrize(
    ("url", "cap"),
    [
        (lambda a: reverse("materials:search"), 20),
        (lambda a: reverse("materials:mine"), 16),
        (lambda a: reverse("materials:author", args=[a.pk]), 16),
        (lambda a: reverse("materials:oai") + "?verb=ListRecords&metadataPrefix=lom", 16),
        (lambda a: reverse("materials:oai") + "?verb=ListRecords&metadataPrefix=oai_dc", 16),
        (lambda a: reverse("materials:oai") + "?verb=ListIdentifiers&metadataPrefix=oai_dc", 12),
    ],
    ids=["search", "mine", "author", "oai-lom", "oai-dc", "oai-identifiers"],
)
def test_material_lists(client, library, author, url, cap, django_assert_max_num_queries):
    client.force_login(author)
    target = url(author)
    client.get(target)  # per-process caches (facet labels, licences), as on a running server
    with django_assert_max_num_queries(cap):
        response = client.get(target)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Lesmateriaal 1") >= 1 or html.count("<identifier>oai:") == ROWS


def test_review_queue_of_an_adviser(client, library, pbd, django_assert_max_num_queries):
    client.force_login(pbd)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("materials:mine"))
    assert len(response.context["review_queue"]) == ROWS


@pytest.mark.parametrize("model", ["material", "version", "attachment", "review", "usagereport"])
def test_back_office_lists(client, library, admin_user, model, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:materials_{model}_changelist"))
    assert response.status_code == 200 and response.context["cl"].result_count >= ROWS
