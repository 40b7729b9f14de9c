import pytest
from django.core import mail
from django.urls import reverse

from innovet.organisations import services as org_services
from innovet.organisations.models import OrganisationKind, Role


@pytest.mark.django_db
def test_plain_text_mail_shows_apostrophes_and_ampersands_not_html_entities(
    make_org, make_user, django_capture_on_commit_callbacks
):
    school = make_org("Sint-Jozef's & Co", OrganisationKind.SCHOOL, "9000")
    manager = make_user(org=school, role=Role.DIRECTOR, is_manager=True, first_name="Jo", last_name="D'Hondt")
    with django_capture_on_commit_callbacks(execute=True):
        org_services.invite_member(manager, school, "nieuw@school.be", Role.TEACHER)
    body = mail.outbox[0].body
    assert "Sint-Jozef's & Co" in body
    assert "D'Hondt" in body
    assert "&#x27;" not in body and "&amp;" not in body


@pytest.mark.django_db
def test_password_reset_mail_is_plain_text_without_entities(client, make_user):
    make_user(email="vergeten@school.be", first_name="Marie-Jo & Ann'ke")
    client.post(reverse("accounts:password_reset"), {"email": "vergeten@school.be"})
    assert len(mail.outbox) == 1
    assert "Dag Marie-Jo & Ann'ke," in mail.outbox[0].body
    assert "/account/wachtwoord/nieuw/" in mail.outbox[0].body
