"""Writes for organisations, memberships and invitations. Every change is logged in the audit trail."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.core.mail import send_templated_mail
from innovet.geo.services import resolve_postcode

from .models import Invitation, Membership, Organisation, OrganisationKind, Role, check_role
from .permissions import forget_memberships, is_platform_admin, require

# Kinds whose members hold platform-wide powers (moderation, review): only platform administrators create them.
PRIVILEGED_KINDS = {OrganisationKind.RTC, OrganisationKind.PBD}

INVITATION_VALID_DAYS = 14
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=1)


def unique_slug(name, model=Organisation, exclude_pk=None):
    base = slugify(name)[:200] or "organisatie"
    slug, n = base, 2
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_location(org):
    """Fill municipality, province and coordinates from the postcode."""
    location = resolve_postcode(org.postcode)
    org.municipality = location.municipality
    org.province = location.province
    org.latitude, org.longitude = location.latitude, location.longitude
    return org


def _changed_fields(form):
    return sorted(form.changed_data)


@transaction.atomic
def create_organisation(user, form):
    require(user, "organisations.add_organisation")
    org = form.save(commit=False)
    if org.kind in PRIVILEGED_KINDS and not is_platform_admin(user):
        raise ValidationError(
            {"kind": _("Alleen platformbeheerders maken een RTC of een pedagogische begeleidingsdienst aan.")}
        )
    org.slug = unique_slug(org.name)
    apply_location(org)
    org.save()
    form.save_m2m()
    log_action(org, "organisations.organisation.created", user)
    return org


@transaction.atomic
def update_organisation(user, form):
    org = form.instance
    require(user, "organisations.change_organisation", org)
    org = form.save(commit=False)
    if "postcode" in form.changed_data or org.province_id is None:
        apply_location(org)
    org.save()
    form.save_m2m()
    log_action(org, "organisations.organisation.changed", user, {"fields": _changed_fields(form)})
    return org


@transaction.atomic
def invite_member(user, organisation, email, role, is_manager=False):
    require(user, "organisations.manage_members", organisation)
    check_role(organisation.kind, role)
    email = email.strip().lower()
    # The organisation's row lock makes concurrent invitations of one organisation wait for each other.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is al lid van %(org)s.") % {"email": email, "org": organisation}})
    pending = Invitation.objects.filter(
        organisation=organisation, email__iexact=email, status=Invitation.Status.PENDING
    )
    # A double submit (the same invitation again within a minute) is the invitation already sent: no
    # second e-mail. Later, inviting again replaces the open invitation (a new link, a new e-mail).
    same = pending.filter(
        role=role, is_manager=is_manager, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW
    ).first()
    if same is not None:
        return same
    pending.update(status=Invitation.Status.REVOKED)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        is_manager=is_manager,
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    log_action(organisation, "organisations.member.invited", user, {"email": email, "role": role})
    transaction.on_commit(lambda: _send_invitation(invitation))
    return invitation


def _send_invitation(invitation):
    send_templated_mail(
        invitation.email,
        "organisations/email/invitation",
        {
            "invitation": invitation,
            "organisation_name": invitation.organisation.name,
            "inviter": str(invitation.invited_by) if invitation.invited_by else "",
            "role": invitation.get_role_display(),
            "path": reverse("organisations:invitation", kwargs={"token": invitation.token}),
        },
    )


@transaction.atomic
def revoke_invitation(user, invitation):
    require(user, "organisations.manage_members", invitation.organisation)
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status"])
    log_action(invitation.organisation, "organisations.member.invitation_revoked", user, {"email": invitation.email})


@transaction.atomic
def accept_invitation(user, invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Deze uitnodiging is niet meer geldig. Vraag een nieuwe aan."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("Deze uitnodiging is bestemd voor %(email)s. Meld je aan met dat adres.") % {"email": invitation.email}
        )
    # Sent before the organisation's kind changed (or before roles were checked): not accepted as it is.
    check_role(invitation.organisation.kind, invitation.role)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "is_manager": invitation.is_manager},
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at"])
    forget_memberships(user)
    log_action(invitation.organisation, "organisations.member.joined", user, {"email": user.email})
    return membership


def _ensure_a_manager_remains(membership, still_manager):
    if membership.can_manage and not still_manager:
        others = (
            Membership.objects.filter(organisation=membership.organisation)
            .exclude(pk=membership.pk)
            .filter(Q(is_manager=True) | Q(role=Role.ORG_ADMIN))
        )
        if not others.exists():
            raise ValidationError(_("Een organisatie heeft minstens één organisatiebeheerder nodig."))


@transaction.atomic
def change_membership(user, membership, role, is_manager):
    require(user, "organisations.manage_members", membership.organisation)
    check_role(membership.organisation.kind, role)
    _ensure_a_manager_remains(membership, is_manager or role == Role.ORG_ADMIN)
    membership.role, membership.is_manager = role, is_manager
    membership.save(update_fields=["role", "is_manager"])
    log_action(
        membership.organisation,
        "organisations.member.changed",
        user,
        {"member": membership.user.email, "role": role, "is_manager": is_manager},
    )
    return membership


@transaction.atomic
def remove_membership(user, membership):
    require(user, "organisations.manage_members", membership.organisation)
    _ensure_a_manager_remains(membership, False)
    log_action(membership.organisation, "organisations.member.removed", user, {"member": membership.user.email})
    membership.delete()


@transaction.atomic
def assign_rtc_province(user, organisation, province):
    """Set the province an RTC serves. Platform administrators only; the change is audited with both values."""
    if not is_platform_admin(user):
        raise PermissionDenied
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if org.kind != OrganisationKind.RTC and province is not None:
        raise ValidationError({"served_province": _("Alleen een RTC heeft een werkgebied.")})
    if org.served_province_id == (province.pk if province else None):
        return org
    before = str(org.served_province) if org.served_province_id else ""
    org.served_province = province
    org.save(update_fields=["served_province", "updated_at"])
    organisation.served_province = province
    log_action(
        org,
        "organisations.rtc.province_assigned",
        user,
        {"from": before, "to": str(province) if province else ""},
    )
    return org
