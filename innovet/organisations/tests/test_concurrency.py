"""Issue 11, item 5: the same invitation submitted several times at once is one invitation and one e-mail;
two sign-ups through one invitation link give a message, not a 500."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from innovet.organisations import services
from innovet.organisations.models import Invitation, Role
from tests.concurrency import run_together


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_of_one_address_make_one(school, make_user):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    results, errors = run_together(
        lambda: services.invite_member(director, school, "nieuw@school.be", Role.TEACHER).pk, n=6
    )
    assert not errors
    assert len(set(results)) == 1
    assert Invitation.objects.filter(email="nieuw@school.be").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_double_submitted_invitation_sends_one_mail(client, school, make_user, django_capture_on_commit_callbacks):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    client.force_login(director)
    url = reverse("organisations:members", args=[school.slug])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post(url, {"email": "nieuw@school.be", "role": Role.TEACHER}).status_code == 302
    assert Invitation.objects.filter(email="nieuw@school.be").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_inviting_again_later_replaces_the_open_invitation(school, make_user):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    first = services.invite_member(director, school, "nieuw@school.be", Role.TEACHER)
    second = services.invite_member(director, school, "nieuw@school.be", Role.TAC)  # another role: a new one
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED and second.status == Invitation.Status.PENDING
    duplicate = Invitation(
        organisation=school, email="nieuw@school.be", role=Role.TEACHER, expires_at=second.expires_at
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_invitation_signup_when_the_account_appeared_meanwhile_sends_to_login(client, school, make_user, monkeypatch):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    invitation = services.invite_member(director, school, "nieuw@school.be", Role.TEACHER)
    url = reverse("organisations:invitation", args=[invitation.token])
    form_page = client.get(url)  # no account yet: the sign-up form
    assert "form" in form_page.context
    from django.contrib.auth import get_user_model

    User = get_user_model()

    # The other request of a double submit made the account between this one's check and its insert.
    def duplicate(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint accounts_user_email_key")

    monkeypatch.setattr(User.objects, "create_user", duplicate)
    response = client.post(
        url,
        {
            "first_name": "Nieuw",
            "last_name": "Lid",
            "password1": "Een-sterk-wachtwoord-1",
            "password2": "Een-sterk-wachtwoord-1",
        },
    )
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING  # still there to accept after signing in
