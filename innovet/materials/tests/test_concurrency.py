"""Issue 11, item 5: double submits of a version, a review or a co-author addition make one row (and one
audit entry); concurrent ones on PostgreSQL too, with a Dutch message for the losers, never a 500."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from innovet.core.models import AuditLog
from innovet.materials import services
from innovet.materials.forms import ReviewForm
from innovet.materials.models import Author, CoauthorInvitation, Material, Review, Version
from tests.concurrency import run_together

from .test_workflow import review_data

threads = pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")


def _published_audit(material):
    return AuditLog.objects.for_object(material).filter(action="materials.version.published").count()


def _review(pbd, material):
    form = ReviewForm(review_data())
    assert form.is_valid()
    return services.submit_review(pbd, Material.objects.get(pk=material.pk), form)


@pytest.mark.django_db
def test_double_submitted_version_is_one_version(make_material, author):
    material = make_material()
    first = services.publish_version(author, material, material.licence, "Nieuwe meetopdracht.")
    again = services.publish_version(author, material, material.licence, "Nieuwe meetopdracht.")
    assert again == first and material.versions.count() == 2 and _published_audit(material) == 2
    # a real change (another changelog) is a new version
    services.publish_version(author, material, material.licence, "Correctie.")
    assert material.versions.count() == 3


@pytest.mark.django_db
def test_double_submitted_review_is_one_review(make_material, pbd):
    material = make_material()
    assert _review(pbd, material) == _review(pbd, material)
    assert Review.objects.count() == 1
    assert AuditLog.objects.for_object(material).filter(action="materials.review.submitted").count() == 1


@pytest.mark.django_db
def test_inviting_the_same_coauthor_twice_is_one_invitation(make_material, author, other_teacher):
    material = make_material()
    first = services.invite_coauthor(author, material, other_teacher.email)
    assert services.invite_coauthor(author, material, other_teacher.email.upper()) == first
    assert CoauthorInvitation.objects.filter(material=material).count() == 1
    services.accept_coauthor_invitation(other_teacher, first)
    assert services.invite_coauthor(author, material, other_teacher.email) is None  # already co-author
    with pytest.raises(ValidationError):
        services.accept_coauthor_invitation(other_teacher, first)  # answered already
    assert Author.objects.filter(material=material, user=other_teacher).count() == 1


@threads
@pytest.mark.django_db(transaction=True)
def test_concurrent_versions_reviews_and_coauthors(make_material, author, pbd, other_teacher):
    material = make_material()

    results, errors = run_together(
        lambda: (
            services.publish_version(
                author, Material.objects.get(pk=material.pk), material.licence, "Nieuwe meetopdracht."
            ).number
        ),
        n=6,
    )
    assert not errors and set(results) == {2}
    assert Version.objects.filter(material=material).count() == 2 and _published_audit(material) == 2

    results, errors = run_together(lambda: _review(pbd, material).pk, n=6)
    assert not errors and len(set(results)) == 1 and Review.objects.count() == 1

    def invite():
        return services.invite_coauthor(author, Material.objects.get(pk=material.pk), other_teacher.email).pk

    results, errors = run_together(invite, n=6)
    assert not errors and len(set(results)) == 1
    assert CoauthorInvitation.objects.filter(material=material).count() == 1
    invitation = CoauthorInvitation.objects.get(material=material)

    def accept():
        try:
            return services.accept_coauthor_invitation(other_teacher, invitation).pk
        except ValidationError as exc:
            return exc.messages[0]

    results, errors = run_together(accept, n=6)
    assert not errors
    assert sum(isinstance(r, int) for r in results) == 1
    assert all("niet meer geldig" in r for r in results if isinstance(r, str))
    assert Author.objects.filter(material=material, user=other_teacher).count() == 1
