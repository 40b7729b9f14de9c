import pytest
from django.urls import reverse

from innovet.core.templatetags.innovet import euro


@pytest.mark.django_db
def test_home_page_is_dutch_and_leads_to_the_modules(client):
    response = client.get(reverse("core:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl-be">' in content.lower()
    assert "Naar de inhoud" in content
    assert "De innovatie beleven" in content and "De innovatie binnenbrengen" in content
    assert 'href="/organisaties/"' in content


@pytest.mark.django_db
def test_security_headers_are_set(client):
    response = client.get(reverse("core:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302


def test_euro_uses_belgian_notation():
    assert euro(1234.5) == "€ 1.234,50"
    assert euro(85) == "€ 85"
    assert euro(None) == ""


@pytest.mark.django_db
def test_load_demo_creates_every_role_and_is_idempotent():
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from innovet.organisations.models import Organisation, OrganisationKind

    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    n_users, n_orgs = User.objects.count(), Organisation.objects.count()
    assert Organisation.objects.filter(kind=OrganisationKind.RTC).count() == 5
    assert set(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).values_list("province__slug", flat=True)) >= {
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    }
    assert User.objects.get(email="rtc@innovet.test").memberships.get().role == "rtc-medewerker"
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "al geladen" in out.getvalue()
    assert (User.objects.count(), Organisation.objects.count()) == (n_users, n_orgs)
