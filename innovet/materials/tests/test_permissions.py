"""Only co-authors write; another organisation's user is refused for every write; drafts stay hidden."""

import pytest
from django.urls import reverse

from ..models import Material, Review
from .conftest import term

pytestmark = pytest.mark.django_db

WRITES = [
    ("materials:edit", {"title": "Overgenomen"}),
    ("materials:files", {"action": "link", "url": "https://example.be", "title": "x"}),
    ("materials:publish", {"changelog": "x"}),
    ("materials:status", {"status": "in-test"}),
    ("materials:authors", {"email": "collega@hasselt.be"}),
    ("materials:delete", {}),
]


@pytest.mark.parametrize("url_name,data", WRITES)
def test_user_of_another_organisation_cannot_write(make_material, other_teacher, client, url_name, data):
    material = make_material()
    client.force_login(other_teacher)
    url = reverse(url_name, args=[material.slug])
    assert client.post(url, data).status_code == 403
    if url_name not in ("materials:status", "materials:delete"):
        assert client.get(url).status_code == 403
    material.refresh_from_db()
    assert material.title == "Warmtepomp in de praktijk"
    assert material.versions.count() == 1 and material.status == "concept"
    assert material.authors.count() == 1


@pytest.mark.parametrize("url_name,data", WRITES)
def test_drafts_are_invisible_to_others(make_material, other_teacher, client, url_name, data):
    material = make_material(publish=False)
    client.force_login(other_teacher)
    assert client.post(reverse(url_name, args=[material.slug]), data).status_code == 404
    assert client.get(material.get_absolute_url()).status_code == 404
    assert client.get(reverse("materials:package", args=[material.slug])).status_code == 404


def test_work_form_and_file_actions_of_another_material_are_refused(make_material, author, other_teacher, client):
    from .. import services
    from ..forms import WorkFormForm
    from ..models import WorkForm

    mine = make_material(title="Mijn pakket", user=other_teacher)
    theirs = make_material(title="Hun pakket")
    form = WorkFormForm(
        {"kind": term("werkvorm", "demonstratie").pk, "position": 1}, instance=WorkForm(material=theirs)
    )
    assert form.is_valid()
    wf = services.save_work_form(author, form)
    att = theirs.attachments.first()
    client.force_login(other_teacher)
    # Editing the other material's work form is refused, and its ids cannot be used through my own material.
    assert client.post(reverse("materials:work_form", args=[theirs.slug, wf.pk]), {"position": 9}).status_code == 403
    assert client.post(reverse("materials:work_form", args=[mine.slug, wf.pk]), {"position": 9}).status_code == 404
    response = client.post(reverse("materials:files", args=[mine.slug]), {"action": "detach", "attachment": att.pk})
    assert response.status_code == 404
    att.refresh_from_db()
    assert att.detached_at is None


def test_only_pbd_reviews_and_teachers_report(make_material, other_teacher, pbd, client):
    material = make_material()
    client.force_login(other_teacher)
    assert client.get(reverse("materials:review", args=[material.slug])).status_code == 403
    data = {name: "voldoet" for name in Review.CRITERIA} | {"comment": "ok", "decision": "goedgekeurd"}
    assert client.post(reverse("materials:review", args=[material.slug]), data).status_code == 403
    assert not Review.objects.exists()
    client.force_login(pbd)
    assert client.get(reverse("materials:review", args=[material.slug])).status_code == 200


def test_review_comment_refused_for_outsiders(make_material, pbd, other_teacher, client):
    from .test_workflow import review_data

    material = make_material()
    client.force_login(pbd)
    client.post(reverse("materials:review", args=[material.slug]), review_data(decision="aanpassen"))
    review = Review.objects.get()
    client.force_login(other_teacher)
    url = reverse("materials:review_comment", args=[material.slug, review.pk])
    assert client.post(url, {"text": "Ik meng me erin."}).status_code == 403
    assert not review.comments.exists()


def test_anonymous_visitors_are_sent_to_login_for_writes(make_material, client):
    material = make_material()
    for name in ("materials:edit", "materials:report_use", "materials:review"):
        response = client.get(reverse(name, args=[material.slug]))
        assert response.status_code == 302 and "/account/aanmelden/" in response.url
    assert client.post(reverse("materials:remix", args=[material.slug])).status_code == 302
    assert Material.objects.count() == 1


def test_my_materials_lists_drafts_only_for_their_authors(make_material, author, other_teacher, client):
    make_material(title="Geheim concept", publish=False)
    client.force_login(author)
    assert "Geheim concept" in client.get(reverse("materials:mine")).content.decode()
    client.force_login(other_teacher)
    assert "Geheim concept" not in client.get(reverse("materials:mine")).content.decode()


def test_only_private_drafts_can_be_deleted_by_their_authors(
    make_material, author, client, django_capture_on_commit_callbacks
):
    draft = make_material(title="Weggooiconcept", publish=False)
    stored = draft.attachments.get().file.name
    published = make_material(title="Gedeeld pakket")
    client.force_login(author)
    response = client.post(reverse("materials:delete", args=[published.slug]))
    assert response.status_code == 302 and Material.objects.filter(pk=published.pk).exists()
    from django.core.files.storage import default_storage

    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("materials:delete", args=[draft.slug]))
    assert not Material.objects.filter(pk=draft.pk).exists()
    assert not default_storage.exists(stored)
