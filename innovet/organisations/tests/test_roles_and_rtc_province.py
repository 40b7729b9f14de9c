"""Issue 11, items 1 and 2: a role only counts in an organisation of its kind, and the province an RTC
moderates is assigned by platform administrators, not derived from the address the RTC edits."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.geo.models import Province
from innovet.organisations import services
from innovet.organisations.models import Invitation, Membership, OrganisationKind, Role, allowed_roles
from innovet.organisations.permissions import (
    forget_memberships,
    is_pedagogical_adviser,
    is_rtc_staff_for,
    rtc_province_ids,
)


@pytest.fixture
def director(school, make_user):
    return make_user(org=school, role=Role.DIRECTOR, is_manager=True)


# --- item 1: roles fit the organisation's kind ----------------------------------------------------------


@pytest.mark.django_db
def test_manager_cannot_make_themselves_pedagogical_adviser_of_a_school(client, school, director):
    membership = Membership.objects.get(user=director, organisation=school)
    client.force_login(director)
    response = client.post(
        reverse("organisations:change_member", args=[school.slug, membership.pk]),
        {"role": Role.PEDAGOGICAL_ADVISER, "is_manager": "on"},
        follow=True,
    )
    assert "De rol ‘Pedagogisch begeleider’ past niet bij een organisatie van de soort ‘School’" in (
        response.content.decode()
    )
    membership.refresh_from_db()
    assert membership.role == Role.DIRECTOR
    forget_memberships(director)
    assert not is_pedagogical_adviser(director)


@pytest.mark.django_db
def test_invitation_with_a_role_of_another_kind_is_refused_at_the_field(client, school, director):
    client.force_login(director)
    response = client.post(
        reverse("organisations:members", args=[school.slug]),
        {"email": "nieuw@school.be", "role": Role.RTC_STAFF},
    )
    assert response.status_code == 200
    assert "past niet bij een organisatie van de soort" in str(response.context["form"].errors["role"])
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_forms_offer_only_the_roles_of_the_kind(client, school, director):
    client.force_login(director)
    response = client.get(reverse("organisations:members", args=[school.slug]))
    offered = [value for value, _label in response.context["form"].fields["role"].choices]
    assert offered == [r.value for r in allowed_roles(OrganisationKind.SCHOOL)]
    assert Role.PEDAGOGICAL_ADVISER not in offered and Role.RTC_STAFF not in offered
    assert 'value="pedagogisch-begeleider"' not in response.content.decode()


@pytest.mark.django_db
def test_services_refuse_forbidden_roles(school, director, make_org, make_user):
    company = make_org("Bedrijf X", OrganisationKind.COMPANY, "9000")
    boss = make_user(org=company, role=Role.COMPANY_CONTACT, is_manager=True)
    with pytest.raises(ValidationError):
        services.invite_member(director, school, "x@school.be", Role.PEDAGOGICAL_ADVISER)
    with pytest.raises(ValidationError):
        services.change_membership(boss, Membership.objects.get(user=boss), Role.RTC_STAFF, True)
    assert Membership.objects.get(user=boss).role == Role.COMPANY_CONTACT


@pytest.mark.django_db
def test_an_old_invitation_with_a_forbidden_role_cannot_be_accepted(school, director, make_user):
    invitation = services.invite_member(director, school, "later@school.be", Role.TEACHER)
    Invitation.objects.filter(pk=invitation.pk).update(role=Role.PEDAGOGICAL_ADVISER)
    invitee = make_user(email="later@school.be")
    with pytest.raises(ValidationError):
        services.accept_invitation(invitee, invitation)
    assert not Membership.objects.filter(user=invitee).exists()


@pytest.mark.django_db
def test_pedagogical_adviser_counts_only_in_a_pbd(school, make_org, make_user):
    # Even when an inconsistent membership exists (written before the rule), the predicate ignores it.
    intruder = make_user(org=school, role=Role.PEDAGOGICAL_ADVISER)
    pbd = make_org("PBD", OrganisationKind.PBD, "1000")
    adviser = make_user(org=pbd, role=Role.PEDAGOGICAL_ADVISER)
    assert not is_pedagogical_adviser(intruder)
    assert is_pedagogical_adviser(adviser)


@pytest.mark.django_db
def test_rtc_staff_role_counts_only_in_an_rtc(make_org, make_user):
    company = make_org("Bedrijf Gent", OrganisationKind.COMPANY, "9000")
    fake = make_user(org=company, role=Role.RTC_STAFF)
    assert rtc_province_ids(fake) == set()
    assert not is_rtc_staff_for(fake, company)


@pytest.mark.django_db
def test_admin_refuses_a_role_that_does_not_fit(client, school, admin_user, make_user):
    teacher = make_user(org=school, role=Role.TEACHER)
    membership = Membership.objects.get(user=teacher)
    client.force_login(admin_user)
    url = reverse("admin:organisations_invitation_add")
    response = client.post(
        url,
        {
            "organisation": school.pk,
            "email": "a@b.be",
            "role": Role.PEDAGOGICAL_ADVISER,
            "status": "open",
            "expires_at_0": "01/01/2030",
            "expires_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200 and "past niet bij een organisatie" in response.content.decode()
    assert not Invitation.objects.exists()
    membership.role = Role.RTC_STAFF
    with pytest.raises(ValidationError):
        membership.full_clean()


@pytest.mark.django_db
def test_non_admin_cannot_create_an_rtc(client, make_org, make_user):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF)
    client.force_login(staff)
    response = client.post(
        reverse("organisations:create"), {"kind": "rtc", "name": "RTC Nep", "postcode": "3500", "street": "x"}
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not staff.memberships.exclude(organisation=rtc).exists()
    assert not type(rtc).objects.filter(name="RTC Nep").exists()


@pytest.mark.django_db
def test_data_migration_turns_inconsistent_roles_into_staff_and_flags_them(school, make_user, director):
    intruder = make_user(org=school, role=Role.PEDAGOGICAL_ADVISER)
    migration = importlib.import_module("innovet.organisations.migrations.0003_fix_roles_and_rtc_provinces")
    migration.forwards(django_apps, None)
    membership = Membership.objects.get(user=intruder)
    assert membership.role == Role.STAFF
    assert Membership.objects.get(user=director).role == Role.DIRECTOR
    flag = AuditLog.objects.for_object(school).get(action="organisations.member.role_corrected")
    assert flag.data == {"member": intruder.email, "from": Role.PEDAGOGICAL_ADVISER, "to": Role.STAFF}


# --- item 2: the province an RTC serves -----------------------------------------------------------------


@pytest.fixture
def rtc_limburg(make_org):
    return make_org("RTC Limburg", OrganisationKind.RTC, "3500")


@pytest.mark.django_db
def test_rtc_moving_its_address_does_not_move_its_province(client, rtc_limburg, make_org, make_user):
    staff = make_user(org=rtc_limburg, role=Role.RTC_STAFF, is_manager=True)
    gent_company = make_org("Bedrijf Gent", OrganisationKind.COMPANY, "9000")
    limburg = rtc_limburg.province
    client.force_login(staff)
    response = client.post(
        reverse("organisations:edit", args=[rtc_limburg.slug]),
        {"name": "RTC Limburg", "postcode": "9000", "street": "Kouter 1"},
    )
    assert response.status_code == 302
    rtc_limburg.refresh_from_db()
    assert rtc_limburg.province.name == "Oost-Vlaanderen"  # the address moved
    assert rtc_limburg.served_province == limburg  # what it moderates did not
    forget_memberships(staff)
    assert rtc_province_ids(staff) == {limburg.pk}
    assert not is_rtc_staff_for(staff, gent_company)
    assert not staff.has_perm("organisations.change_organisation", gent_company)


@pytest.mark.django_db
def test_rtc_vlaams_brabant_also_serves_brussels(make_org, make_user):
    rtc = make_org("RTC Vlaams-Brabant", OrganisationKind.RTC, "3000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF)
    brussels = Province.objects.get(slug__contains="brussel")
    assert rtc_province_ids(staff) == {rtc.province_id, brussels.pk}


@pytest.mark.django_db
def test_only_platform_admins_assign_the_rtc_province_and_it_is_audited(rtc_limburg, admin_user, make_user):
    staff = make_user(org=rtc_limburg, role=Role.RTC_STAFF, is_manager=True)
    east_flanders = Province.objects.get(name="Oost-Vlaanderen")
    with pytest.raises(PermissionDenied):
        services.assign_rtc_province(staff, rtc_limburg, east_flanders)
    services.assign_rtc_province(admin_user, rtc_limburg, east_flanders)
    rtc_limburg.refresh_from_db()
    assert rtc_limburg.served_province == east_flanders
    entry = AuditLog.objects.for_object(rtc_limburg).get(action="organisations.rtc.province_assigned")
    assert entry.actor == admin_user and entry.data == {"from": "Limburg", "to": "Oost-Vlaanderen"}


@pytest.mark.django_db
def test_admin_change_of_the_rtc_province_goes_through_the_audited_service(client, rtc_limburg, admin_user):
    east_flanders = Province.objects.get(name="Oost-Vlaanderen")
    client.force_login(admin_user)
    url = reverse("admin:organisations_organisation_change", args=[rtc_limburg.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "served_province": east_flanders.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rtc_limburg.refresh_from_db()
    assert rtc_limburg.served_province == east_flanders
    assert AuditLog.objects.for_object(rtc_limburg).filter(action="organisations.rtc.province_assigned").exists()


@pytest.mark.django_db
def test_the_rtc_province_is_not_in_the_organisation_form(client, rtc_limburg, make_user):
    staff = make_user(org=rtc_limburg, role=Role.RTC_STAFF, is_manager=True)
    client.force_login(staff)
    response = client.get(reverse("organisations:edit", args=[rtc_limburg.slug]))
    assert "served_province" not in response.context["form"].fields


@pytest.mark.django_db
def test_admin_refuses_a_kind_change_that_leaves_members_with_roles_of_another_kind(client, school, admin_user):
    director = Membership.objects.create(
        user=type(admin_user).objects.create_user(email="d@school.be", password="Een-sterk-wachtwoord-1"),
        organisation=school,
        role=Role.DIRECTOR,
        is_manager=True,
    )
    client.force_login(admin_user)
    url = reverse("admin:organisations_organisation_change", args=[school.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "kind": OrganisationKind.COMPANY,
            "onderwijsnet": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": director.pk,
            "memberships-0-organisation": school.pk,
            "memberships-0-user": director.user_id,
            "memberships-0-role": Role.DIRECTOR,
            "memberships-0-is_manager": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "past niet bij een organisatie van de soort ‘Bedrijf’" in response.content.decode()
    school.refresh_from_db()
    assert school.kind == OrganisationKind.SCHOOL


def test_every_demo_account_has_a_role_of_its_organisations_kind():
    from innovet.organisations import demo

    kinds = {name: kind for name, kind, _postcode, _extra in demo.ORGANISATIONS}
    kinds.update(
        {"VTI Sint-Jozef Gent": OrganisationKind.SCHOOL, "GO! Technisch Atheneum Hasselt": OrganisationKind.SCHOOL}
    )
    kinds.update({name: OrganisationKind.COMPANY for name, *_rest in demo.COMPANIES})
    for email, role, org_name in demo.DEMO_ACCOUNTS:
        if role != "platformbeheerder":
            assert role in allowed_roles(kinds[org_name]), (email, role, org_name)


@pytest.mark.django_db
def test_scale_data_gives_each_member_a_role_of_the_kind():
    from random import Random
    from types import SimpleNamespace

    from innovet.organisations import scale
    from innovet.organisations.models import role_fits

    scale.generate(SimpleNamespace(scale=20, rng=Random(1), extra={}))
    members = Membership.objects.filter(organisation__slug__startswith="synth-").select_related("organisation")
    assert members.count() == 20
    assert all(role_fits(m.organisation.kind, m.role) for m in members)
