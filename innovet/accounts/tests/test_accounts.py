import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from innovet.organisations.models import Membership, Role


@pytest.mark.django_db
def test_signup_with_duplicate_email_is_refused_in_dutch(client, make_user):
    make_user(email="an.peeters@school.be")
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "An.Peeters@School.be",
            "first_name": "An",
            "last_name": "Peeters",
            "password1": "Lang-genoeg-wachtwoord-9",
            "password2": "Lang-genoeg-wachtwoord-9",
        },
    )
    assert response.status_code == 200
    assert "Er bestaat al een account met dit e-mailadres" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="an.peeters@school.be").count() == 1


@pytest.mark.django_db
def test_signup_then_login_with_email(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "nieuw@school.be",
            "first_name": "Nieuw",
            "last_name": "Lid",
            "password1": "Lang-genoeg-wachtwoord-9",
            "password2": "Lang-genoeg-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "nieuw@school.be", "password": "Lang-genoeg-wachtwoord-9"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures(client, make_user):
    user = make_user(email="doelwit@school.be")
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "fout"})
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "Een-sterk-wachtwoord-1"})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_sends_dutch_mail(client, make_user):
    make_user(email="vergeten@school.be")
    client.post(reverse("accounts:password_reset"), {"email": "vergeten@school.be"})
    assert len(mail.outbox) == 1
    assert "Nieuw wachtwoord" in mail.outbox[0].subject
    assert "/account/wachtwoord/nieuw/" in mail.outbox[0].body


@pytest.mark.django_db
def test_gdpr_export_contains_profile_and_memberships(client, school, make_user):
    user = make_user(email="export@school.be", org=school, role=Role.TEACHER, job_title="leerkracht elektriciteit")
    client.force_login(user)
    response = client.get(reverse("accounts:export_data"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)["gegevens"]
    assert data["account"]["e-mailadres"] == "export@school.be"
    assert data["lidmaatschappen"][0]["organisatie"] == school.name


@pytest.mark.django_db
def test_delete_account_erases_personal_data(client, school, make_user):
    user = make_user(email="weg@school.be", org=school, role=Role.TEACHER, phone="0470 00 00 00")
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": "fout"})
    assert "Dat wachtwoord klopt niet." in response.content.decode()
    client.post(reverse("accounts:delete_account"), {"password": "Een-sterk-wachtwoord-1"})
    user.refresh_from_db()
    assert user.email != "weg@school.be" and user.phone == "" and not user.is_active
    assert not Membership.objects.filter(user=user).exists()
    assert not get_user_model().objects.filter(email="weg@school.be").exists()


@pytest.mark.django_db
def test_password_pages_have_their_own_dutch_title(client, make_user):
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert '<h1 class="mb-3">Wachtwoord vergeten</h1>' in page
    client.force_login(make_user())
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert '<h1 class="mb-3">Wachtwoord wijzigen</h1>' in page


SIGNUP = {
    "email": "dubbel@school.be",
    "first_name": "Dub",
    "last_name": "Bel",
    "password1": "Een-sterk-wachtwoord-1",
    "password2": "Een-sterk-wachtwoord-1",
}


@pytest.mark.django_db
def test_signup_racing_another_with_the_same_address_gets_the_dutch_message_not_a_500(client, monkeypatch):
    """Two sign-ups at once both pass the form's check; the unique e-mail refuses the second."""
    from innovet.accounts.forms import SignupForm

    get_user_model().objects.create_user(email="dubbel@school.be", password="Een-ander-wachtwoord-1")
    # This request checked the address before the other one committed.
    monkeypatch.setattr(SignupForm, "clean_email", lambda form: form.cleaned_data["email"].strip().lower())
    monkeypatch.setattr(SignupForm, "validate_unique", lambda form: None)
    monkeypatch.setattr(get_user_model(), "validate_constraints", lambda user, exclude=None: None)
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 200
    assert "Er bestaat al een account met dit e-mailadres" in response.content.decode()
    assert get_user_model().objects.filter(email="dubbel@school.be").count() == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_with_one_address_make_one_account_and_no_500():
    from django.test import Client

    from tests.concurrency import run_together

    results, errors = run_together(lambda: Client().post(reverse("accounts:signup"), SIGNUP).status_code, n=6)
    assert not errors
    assert set(results) <= {200, 302} and results.count(302) == 1
    assert get_user_model().objects.filter(email="dubbel@school.be").count() == 1
