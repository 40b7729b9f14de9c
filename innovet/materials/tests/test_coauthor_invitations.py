"""Co-authors are invited, not added: the form tells nothing about who has an account, and nobody
becomes co-author without accepting, signed in with the invited address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from innovet.core.models import AuditLog

from ..models import Author, CoauthorInvitation

pytestmark = pytest.mark.django_db


def _invite(client, material, email, capture):
    with capture(execute=True):
        return client.post(reverse("materials:authors", args=[material.slug]), {"email": email}, follow=True)


def _message(response):
    return [str(m) for m in response.context["messages"]]


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, make_material, author, other_teacher, django_capture_on_commit_callbacks
):
    material = make_material()
    client.force_login(author)
    known = _invite(client, material, other_teacher.email, django_capture_on_commit_callbacks)
    unknown = _invite(client, material, "niemand@example.be", django_capture_on_commit_callbacks)
    assert _message(known) == [
        f"We stuurden een uitnodiging naar {other_teacher.email}. Wie ze aanvaardt, aangemeld met dat adres, "
        "wordt co-auteur."
    ]
    assert _message(unknown) == [_message(known)[0].replace(other_teacher.email, "niemand@example.be")]
    assert "Er is geen InnoVET-account" not in unknown.content.decode()
    # Both addresses got an e-mail with a personal link; nobody was added.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([other_teacher.email, "niemand@example.be"])
    assert all("/lesmateriaal/uitnodiging/" in m.body for m in mail.outbox)
    assert list(material.authors.values_list("user", flat=True)) == [author.pk]
    assert AuditLog.objects.for_object(material).filter(action="materials.author.invited").count() == 2


def test_invited_person_accepts_or_declines_signed_in(
    client, make_material, author, other_teacher, make_user, django_capture_on_commit_callbacks
):
    material = make_material()
    client.force_login(author)
    _invite(client, material, other_teacher.email, django_capture_on_commit_callbacks)
    path = re.search(r"/lesmateriaal/uitnodiging/[^/\s]+/", mail.outbox[0].body).group(0)
    client.logout()
    assert reverse("accounts:login") in client.get(path)["Location"]  # sign in first
    # A forwarded link: someone else, signed in, can neither accept nor see more than the invitation.
    stranger = make_user(email="iemand-anders@example.be")
    client.force_login(stranger)
    response = client.post(path, {"answer": "accept"}, follow=True)
    assert "bestemd voor een ander e-mailadres" in response.content.decode()
    assert not material.authors.filter(user=stranger).exists()
    # The invited person accepts.
    client.force_login(other_teacher)
    page = client.get(path)
    assert page.status_code == 200 and material.title in page.content.decode()
    response = client.post(path, {"answer": "accept"})
    assert response["Location"] == material.get_absolute_url()
    assert Author.objects.filter(material=material, user=other_teacher).exists()
    assert CoauthorInvitation.objects.get().status == CoauthorInvitation.Status.ACCEPTED
    assert client.get(path).status_code == 410  # used
    assert AuditLog.objects.for_object(material).filter(action="materials.author.added").exists()


def test_declining_adds_nobody_and_authors_can_revoke(
    client, make_material, author, other_teacher, django_capture_on_commit_callbacks
):
    material = make_material()
    client.force_login(author)
    _invite(client, material, other_teacher.email, django_capture_on_commit_callbacks)
    invitation = CoauthorInvitation.objects.get()
    client.force_login(other_teacher)
    client.post(reverse("materials:coauthor_invitation", args=[invitation.token]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.DECLINED and material.authors.count() == 1
    # A new invitation, revoked by the author before it is answered.
    client.force_login(author)
    _invite(client, material, other_teacher.email, django_capture_on_commit_callbacks)
    fresh = CoauthorInvitation.objects.get(status=CoauthorInvitation.Status.PENDING)
    page = client.get(reverse("materials:authors", args=[material.slug])).content.decode()
    assert "Openstaande uitnodigingen" in page and other_teacher.email in page
    client.post(reverse("materials:authors", args=[material.slug]), {"revoke": fresh.pk})
    fresh.refresh_from_db()
    assert fresh.status == CoauthorInvitation.Status.REVOKED
    client.force_login(other_teacher)
    assert client.get(reverse("materials:coauthor_invitation", args=[fresh.token])).status_code == 410
