import re

import pytest
from django.core import mail
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.organisations.models import Invitation, Membership, Organisation, OrganisationKind, Role
from innovet.taxonomy.models import Term


def _company_form(**overrides):
    data = {
        "kind": "bedrijf",
        "name": "Nieuw Bedrijf",
        "postcode": "8500",
        "street": "Kortrijkstraat 1",
        "size_class": Term.objects.of("bedrijfsgrootte").get(code="10-49").pk,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_manager_edits_own_company_and_location_follows_postcode(client, company_a, make_user):
    manager = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    client.force_login(manager)
    response = client.post(reverse("organisations:edit", args=[company_a.slug]), _company_form(name="Bedrijf A nv"))
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.name == "Bedrijf A nv"
    assert company_a.municipality == "Kortrijk"
    assert company_a.province.name == "West-Vlaanderen"
    assert AuditLog.objects.for_object(company_a).filter(action="organisations.organisation.changed").exists()


@pytest.mark.django_db
def test_unknown_postcode_gets_dutch_error_at_the_field_and_nothing_is_saved(client, company_a, make_user):
    manager = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    client.force_login(manager)
    response = client.post(
        reverse("organisations:edit", args=[company_a.slug]), _company_form(name="Gewijzigd", postcode="9999")
    )
    assert response.status_code == 200
    assert "Postcode 9999 bestaat niet in België." in response.content.decode()
    assert response.context["form"].errors["postcode"]
    company_a.refresh_from_db()
    assert company_a.name == "Bedrijf A"


@pytest.mark.django_db
def test_missing_required_field_gets_error_and_nothing_saved(client, company_a, make_user):
    manager = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    client.force_login(manager)
    response = client.post(reverse("organisations:edit", args=[company_a.slug]), _company_form(name=""))
    assert "name" in response.context["form"].errors
    assert "Dit veld is vereist." in response.content.decode()
    company_a.refresh_from_db()
    assert company_a.name == "Bedrijf A"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name,method",
    [
        ("organisations:edit", "post"),
        ("organisations:members", "post"),
        ("organisations:edit", "get"),
        ("organisations:members", "get"),
    ],
)
def test_user_of_company_a_cannot_change_company_b(client, company_a, company_b, make_user, url_name, method):
    manager_a = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    client.force_login(manager_a)
    url = reverse(url_name, args=[company_b.slug])
    data = (
        _company_form(name="Overgenomen")
        if url_name.endswith("edit")
        else {"email": "x@example.be", "role": "bedrijfscontact"}
    )
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    company_b.refresh_from_db()
    assert company_b.name == "Bedrijf B"
    assert not Invitation.objects.filter(organisation=company_b).exists()


@pytest.mark.django_db
def test_user_of_company_a_cannot_change_or_remove_members_of_company_b(client, company_a, company_b, make_user):
    manager_a = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    member_b = make_user(org=company_b, role=Role.COMPANY_CONTACT)
    membership = Membership.objects.get(user=member_b)
    client.force_login(manager_a)
    r1 = client.post(
        reverse("organisations:change_member", args=[company_b.slug, membership.pk]),
        {"role": "organisatiebeheerder", "is_manager": "on"},
    )
    r2 = client.post(reverse("organisations:remove_member", args=[company_b.slug, membership.pk]))
    # Using company A's slug with company B's membership id must not work either.
    r3 = client.post(reverse("organisations:remove_member", args=[company_a.slug, membership.pk]))
    assert (r1.status_code, r2.status_code, r3.status_code) == (403, 403, 404)
    membership.refresh_from_db()
    assert membership.role == Role.COMPANY_CONTACT and not membership.is_manager


@pytest.mark.django_db
def test_plain_member_cannot_manage_own_organisation(client, school, make_user):
    teacher = make_user(org=school, role=Role.TEACHER)
    client.force_login(teacher)
    assert client.get(reverse("organisations:members", args=[school.slug])).status_code == 403
    assert client.post(reverse("organisations:edit", args=[school.slug]), {}).status_code == 403


@pytest.mark.django_db
def test_rtc_staff_may_edit_organisations_in_their_province_only(client, make_org, make_user):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF)
    in_province = make_org("Bedrijf Gent", OrganisationKind.COMPANY, "9000")
    elsewhere = make_org("Bedrijf Hasselt", OrganisationKind.COMPANY, "3500")
    assert staff.has_perm("organisations.change_organisation", in_province)
    assert not staff.has_perm("organisations.change_organisation", elsewhere)
    assert not staff.has_perm("organisations.manage_members", in_province)


@pytest.mark.django_db
def test_invitation_by_email_creates_account_and_membership(
    client, school, make_user, django_capture_on_commit_callbacks
):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:members", args=[school.slug]),
            {"email": "Nieuwe.Collega@School.be", "role": "leerkracht"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuwe.collega@school.be"]
    assert school.name in message.subject
    path = re.search(r"/organisaties/uitnodiging/[^/\s]+/", message.body).group(0)

    client.logout()
    response = client.post(
        path,
        {
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "password1": "Lang-genoeg-wachtwoord-9",
            "password2": "Lang-genoeg-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nieuwe.collega@school.be")
    assert membership.organisation == school and membership.role == Role.TEACHER
    # The link cannot be used twice.
    assert client.get(path).status_code == 410


@pytest.mark.django_db
def test_inviting_an_existing_member_is_refused(client, school, make_user):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    teacher = make_user(org=school, role=Role.TEACHER)
    client.force_login(director)
    response = client.post(
        reverse("organisations:members", args=[school.slug]), {"email": teacher.email.upper(), "role": "leerkracht"}
    )
    assert response.status_code == 200
    assert "is al lid van" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_last_manager_cannot_be_removed(client, school, make_user):
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True)
    client.force_login(director)
    membership = Membership.objects.get(user=director)
    response = client.post(reverse("organisations:remove_member", args=[school.slug, membership.pk]), follow=True)
    assert "minstens één organisatiebeheerder" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_directory_searches_and_filters_by_province(client, make_org):
    make_org("Technisch Instituut Brugge", OrganisationKind.SCHOOL, "8000")
    make_org("Technisch Instituut Genk", OrganisationKind.SCHOOL, "3600")
    response = client.get(reverse("organisations:directory"), {"q": "technisch", "province": "limburg"})
    content = response.content.decode()
    assert "Technisch Instituut Genk" in content
    assert "Technisch Instituut Brugge" not in content
    assert "1 organisatie gevonden" in content


@pytest.mark.django_db
def test_platform_admin_creates_school_with_required_network(client, admin_user):
    client.force_login(admin_user)
    url = reverse("organisations:create")
    response = client.post(url, {"kind": "school", "name": "Nieuwe school", "postcode": "2800"})
    assert "Kies het onderwijsnet" in response.content.decode()
    assert not Organisation.objects.filter(name="Nieuwe school").exists()
    net = Term.objects.of("onderwijsnet").get(code="GO")
    response = client.post(url, {"kind": "school", "name": "Nieuwe school", "postcode": "2800", "onderwijsnet": net.pk})
    org = Organisation.objects.get(name="Nieuwe school")
    assert org.municipality == "Mechelen" and org.province.name == "Antwerpen"


@pytest.mark.django_db
def test_anonymous_cannot_create_organisation(client):
    response = client.post(reverse("organisations:create"), {"kind": "school", "name": "X", "postcode": "2800"})
    assert response.status_code == 302 and "/account/aanmelden/" in response["Location"]


@pytest.mark.django_db
def test_user_of_company_a_cannot_revoke_invitations_of_company_b(client, company_a, company_b, make_user):
    manager_a = make_user(org=company_a, role=Role.COMPANY_CONTACT, is_manager=True)
    manager_b = make_user(org=company_b, role=Role.COMPANY_CONTACT, is_manager=True)
    from innovet.organisations import services

    invitation = services.invite_member(manager_b, company_b, "nieuw@bedrijf-b.be", Role.COMPANY_CONTACT)
    client.force_login(manager_a)
    response = client.post(reverse("organisations:revoke_invitation", args=[company_b.slug, invitation.pk]))
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
