"""Versions, publication, review transitions and the remix rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from innovet.notifications.models import Notification

from .. import services
from ..forms import ReviewForm, UsageReportForm
from ..models import Material, Review, Status
from .conftest import term

pytestmark = pytest.mark.django_db


def review_data(decision="goedgekeurd", score="voldoet", **overrides):
    data = {name: score for name in Review.CRITERIA}
    data.update({"comment": "Duidelijk gelinkt aan het leerplan.", "decision": decision})
    data.update(overrides)
    return data


def report_use(user, material, rating=4, school=None):
    form = UsageReportForm(
        {
            "school": school.pk if school else "",
            "graad": term("graad", "3").pk,
            "studierichting": "Elektromechanische technieken",
            "used_on": "2026-10-01",
            "how_it_went": "Leerlingen waren erg gemotiveerd.",
            "rating": rating,
            "comment": "",
        },
        material=material,
        user=user,
    )
    assert form.is_valid(), form.errors
    return services.report_use(user, material, form)


def test_new_material_is_a_private_draft_until_published(make_material, author, other_teacher, client):
    material = make_material(publish=False)
    assert material.published_at is None
    client.force_login(other_teacher)
    assert client.get(material.get_absolute_url()).status_code == 404
    client.force_login(author)
    assert client.get(material.get_absolute_url()).status_code == 200


def test_licence_is_required_before_publication(make_material, author, client):
    material = make_material(publish=False)
    client.force_login(author)
    response = client.post(reverse("materials:publish", args=[material.slug]), {"changelog": "Eerste versie."})
    assert response.status_code == 200
    assert "Kies een licentie voor je het materiaal publiceert." in response.content.decode()
    material.refresh_from_db()
    assert material.published_at is None and not material.versions.exists()


def test_publishing_twice_makes_numbered_versions_and_old_files_stay_downloadable(
    make_material, author, pdf_upload, client, other_teacher
):
    material = make_material()
    v1 = material.current_version()
    old_file = v1.attachments.get()
    services.detach_attachment(author, old_file)
    services.add_file(author, material, pdf_upload("handleiding-v2.pdf"), "Handleiding v2")
    v2 = services.publish_version(author, material, material.licence, "Nieuwe meetopdracht toegevoegd.")
    assert (v1.number, v2.number) == (1, 2)
    assert [a.title for a in v2.attachments.all()] == ["Handleiding v2"]
    client.force_login(other_teacher)
    # The old version's file is still served, and its page lists it.
    assert client.get(reverse("materials:file", args=[old_file.uuid])).status_code == 200
    page = client.get(reverse("materials:version", args=[material.slug, 1])).content.decode()
    assert "Handleiding" in page and "oudere versie" in page
    assert client.get(reverse("materials:version_package", args=[material.slug, 1])).status_code == 200


def test_changelog_is_required(make_material, author):
    material = make_material(publish=False)
    with pytest.raises(ValidationError) as exc:
        services.publish_version(author, material, term("licentie", "cc-by"), "  ")
    assert "changelog" in exc.value.message_dict


def test_authors_move_status_but_only_a_pbd_review_validates(make_material, author, pbd, other_teacher, school):
    material = make_material()
    assert material.status == Status.CONCEPT
    services.change_status(author, material, Status.IN_TEST)
    with pytest.raises(ValidationError, match="gebruik in de klas"):
        services.change_status(author, material, Status.TESTED)
    report_use(other_teacher, material, school=other_teacher.memberships.first().organisation)
    services.change_status(author, material, Status.TESTED)
    with pytest.raises(ValidationError, match="pedagogisch begeleider"):
        services.change_status(author, material, Status.VALIDATED)
    with pytest.raises(PermissionDenied):
        services.change_status(other_teacher, material, Status.IN_TEST)
    # A teacher is not a pedagogical adviser: no review.
    with pytest.raises(PermissionDenied):
        services.submit_review(other_teacher, material, ReviewForm(review_data()))
    form = ReviewForm(review_data())
    assert form.is_valid()
    services.submit_review(pbd, material, form)
    material.refresh_from_db()
    assert material.status == Status.VALIDATED
    # The authors are told.
    assert Notification.objects.filter(recipient=author, category="materials.review").exists()


def test_a_new_version_of_validated_material_needs_a_new_review(make_material, author, pbd, client):
    material = make_material()
    form = ReviewForm(review_data())
    form.is_valid()
    services.submit_review(pbd, material, form)
    services.publish_version(author, material, material.licence, "Correctie in de formules.")
    material.refresh_from_db()
    assert material.status == Status.TESTED
    page = client.get(material.get_absolute_url()).content.decode()
    assert "Versie 1 is gevalideerd door de pedagogische begeleiding." in page
    assert "De huidige versie 2 is nog niet gereviewd." in page


def test_review_cannot_validate_when_a_criterion_fails(make_material, pbd):
    material = make_material()
    form = ReviewForm(review_data(brand_neutrality="voldoet-niet"))
    assert form.is_valid()
    with pytest.raises(ValidationError) as exc:
        services.submit_review(pbd, material, form)
    assert "merkneutraliteit" in exc.value.message_dict["decision"][0]
    assert not Review.objects.exists()


def test_changes_requested_and_the_author_answers(make_material, author, pbd, client):
    material = make_material()
    client.force_login(pbd)
    response = client.post(reverse("materials:review", args=[material.slug]), review_data(decision="aanpassen"))
    assert response.status_code == 302
    review = Review.objects.get()
    client.force_login(author)
    response = client.post(
        reverse("materials:review_comment", args=[material.slug, review.pk]), {"text": "Aangepast in versie 2."}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=pbd, category="materials.review").exists()
    page = client.get(material.get_absolute_url()).content.decode()
    assert "Aangepast in versie 2." in page and "Aanpassingen gevraagd" in page


def test_an_author_who_is_also_pbd_cannot_review_own_material(make_material, pbd, client):
    from ..models import Author

    material = make_material()
    Author.objects.create(material=material, user=pbd)
    client.force_login(pbd)
    assert client.get(reverse("materials:review", args=[material.slug])).status_code == 403


def test_remix_only_when_the_licence_allows_it(make_material, other_teacher, client):
    closed = make_material(title="Gesloten pakket", licence="alle-rechten-voorbehouden")
    client.force_login(other_teacher)
    assert client.post(reverse("materials:remix", args=[closed.slug])).status_code == 403
    with pytest.raises(ValidationError):
        services.remix_material(other_teacher, closed)
    assert Material.objects.count() == 1
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Maak een kopie" not in page


def test_remix_keeps_the_link_to_the_original_and_share_alike(make_material, other_teacher, client, author):
    original = make_material(licence="cc-by-sa")
    client.force_login(other_teacher)
    response = client.post(reverse("materials:remix", args=[original.slug]))
    copy = Material.objects.exclude(pk=original.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.original == original and copy.original_version == original.current_version()
    assert copy.published_at is None
    assert list(copy.authors.values_list("user", flat=True)) == [other_teacher.pk]
    assert copy.attachments.count() == 1
    # ShareAlike: the copy cannot be published under another licence.
    with pytest.raises(ValidationError) as exc:
        services.publish_version(other_teacher, copy, term("licentie", "cc-by"), "Aangepast voor BSO.")
    assert "GelijkDelen" in exc.value.message_dict["licence"][0]
    services.publish_version(other_teacher, copy, term("licentie", "cc-by-sa"), "Aangepast voor BSO.")
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Gebaseerd op" in page and original.title in page


def test_usage_report_notifies_the_authors_and_counts_on_page_and_profile(
    make_material, author, other_teacher, other_school, client
):
    material = make_material()
    client.force_login(other_teacher)
    response = client.post(
        reverse("materials:report_use", args=[material.slug]),
        {
            "school": other_school.pk,
            "graad": term("graad", "2").pk,
            "studierichting": "Elektrotechnieken",
            "used_on": "2026-10-12",
            "how_it_went": "Goed, de meetopdracht liep vlot.",
            "rating": 5,
        },
    )
    assert response.status_code == 302
    note = Notification.objects.get(recipient=author, category="materials.usage")
    assert other_school.name in note.title
    page = client.get(material.get_absolute_url()).content.decode()
    assert "1 keer gebruikt in de klas" in page and "in 1 school" in page and "Limburg" in page
    # The chart gets the same figures as the table, from a json_script block.
    assert '"labels": ["Limburg"], "counts": [1]' in page
    profile = client.get(reverse("materials:author", args=[author.pk]))
    assert profile.context["credit"]["uses"] == 1 and profile.context["credit"]["schools"] == 1


def test_usage_report_in_the_future_is_refused_with_a_dutch_error(make_material, other_teacher, other_school, client):
    material = make_material()
    client.force_login(other_teacher)
    response = client.post(
        reverse("materials:report_use", args=[material.slug]),
        {
            "school": other_school.pk,
            "graad": term("graad", "2").pk,
            "studierichting": "Elektrotechnieken",
            "used_on": "2099-01-01",
            "how_it_went": "?",
            "rating": 9,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["used_on"] == ["Die datum ligt in de toekomst."]
    assert "rating" in errors
    assert not material.usage_reports.exists()


def test_coauthor_from_another_organisation_can_edit(
    make_material, author, make_user, company_a, client, django_capture_on_commit_callbacks
):
    material = make_material(publish=False)
    engineer = make_user(email="ingenieur@bedrijf-a.be", org=company_a, role="bedrijfscontact")
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("materials:authors", args=[material.slug]), {"email": "ingenieur@bedrijf-a.be"})
    assert not material.authors.filter(user=engineer).exists()  # not without their consent
    invitation = material.coauthor_invitations.get()
    client.force_login(engineer)
    client.post(reverse("materials:coauthor_invitation", args=[invitation.token]), {"answer": "accept"})
    assert material.authors.filter(user=engineer).exists()
    assert company_a in material.organisations.all()
    assert client.get(material.get_absolute_url()).status_code == 200
    assert client.get(reverse("materials:edit", args=[material.slug])).status_code == 200


def test_edits_reach_colleagues_only_with_a_new_version(make_material, author, other_teacher, client):
    material = make_material()
    client.force_login(author)
    data = {
        "title": "Warmtepomp 2.0",
        "summary": material.summary,
        "body": material.body,
        "language": "nl",
        "studiedomeinen": [term("studiedomein", "stem").pk],
        "graden": [term("graad", "3").pk],
        "brand_neutral": "on",
        "doelen-TOTAL_FORMS": 1,
        "doelen-INITIAL_FORMS": 1,
        "doelen-0-id": material.alignments.get().pk,
        "doelen-0-kind": "leerplandoel",
        "doelen-0-network": term("onderwijsnet", "KOV").pk,
        "doelen-0-code": "LPD 12",
        "doelen-0-text": "De leerlingen meten het rendement.",
    }
    assert client.post(reverse("materials:edit", args=[material.slug]), data).status_code == 302
    page = client.get(material.get_absolute_url()).content.decode()
    assert "Warmtepomp 2.0" in page and "zien nog versie 1" in page
    client.force_login(other_teacher)
    page = client.get(material.get_absolute_url()).content.decode()
    assert '<h1 class="mb-1">Warmtepomp in de praktijk</h1>' in page and "Warmtepomp 2.0" not in page
    assert client.get(reverse("materials:search"), {"q": "warmtepomp"}).context["materials"][0].title == (
        "Warmtepomp in de praktijk"
    )
    services.publish_version(author, material, material.licence, "Nieuwe titel.")
    page = client.get(material.get_absolute_url()).content.decode()
    assert '<h1 class="mb-1">Warmtepomp 2.0</h1>' in page


def test_advisers_of_the_network_are_asked_to_review_tested_material(
    make_material, author, pbd, other_teacher, make_org, make_user
):
    from innovet.organisations.models import OrganisationKind, Role

    go = make_org(
        "Pedagogische Begeleidingsdienst GO!", OrganisationKind.PBD, "1000", onderwijsnet=term("onderwijsnet", "GO")
    )
    go_adviser = make_user(email="pbd@go.be", org=go, role=Role.PEDAGOGICAL_ADVISER)
    material = make_material()  # linked to a KOV leerplan goal
    services.change_status(author, material, Status.IN_TEST)
    report_use(other_teacher, material, school=other_teacher.memberships.first().organisation)
    services.change_status(author, material, Status.TESTED)
    asked = Notification.objects.filter(category="materials.review", title__contains="wacht op een review")
    assert list(asked.values_list("recipient__email", flat=True)) == [pbd.email]
    assert not Notification.objects.filter(recipient=go_adviser).exists()


def test_the_same_use_cannot_be_reported_twice(make_material, other_teacher, other_school):
    material = make_material()
    report_use(other_teacher, material, school=other_school)
    with pytest.raises(ValidationError) as exc:
        report_use(other_teacher, material, school=other_school)
    assert "op die dag al" in exc.value.message_dict["used_on"][0]
    assert material.usage_reports.count() == 1


def test_a_school_manager_posing_as_adviser_cannot_review(make_material, make_user, other_school, client):
    """Issue 11, item 1: a membership with an adviser's role in a school (as written before roles had to fit
    the kind) opens no review page and validates nothing."""
    from innovet.organisations.models import Role

    material = make_material()
    manager = make_user(org=other_school, role=Role.PEDAGOGICAL_ADVISER, is_manager=True)
    client.force_login(manager)
    url = reverse("materials:review", args=[material.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, review_data()).status_code == 403
    material.refresh_from_db()
    assert not Review.objects.exists() and material.status != Status.VALIDATED
