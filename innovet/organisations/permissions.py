"""The permission layer every app uses.

What a role may see and do, scoped to its organisation, and for RTC staff to their province (and the
provinces their RTC serves, e.g. Brussels for RTC Vlaams-Brabant). Checks go through django-rules, so a
view asks ``request.user.has_perm("organisations.change_organisation", org)``; services call
``require(user, perm, obj)``. Memberships are read once per request and cached on the user object.
"""

import rules
from django.core.exceptions import PermissionDenied

from .models import Membership, OrganisationKind, Role

SCHOOL_STAFF_ROLES = {Role.TEACHER, Role.TA, Role.TAC, Role.DIRECTOR, Role.ORG_ADMIN}


def memberships(user):
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_innovet_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, organisation__is_active=True).select_related(
                "organisation", "organisation__province"
            )
        )
        user._innovet_memberships = cached
    return cached


def forget_memberships(user):
    """Call after changing a user's memberships within the same request."""
    for cached in ("_innovet_memberships", "_innovet_rtc_provinces"):
        if hasattr(user, cached):
            delattr(user, cached)


def organisation_ids(user, roles=None, managers_only=False):
    return {
        m.organisation_id
        for m in memberships(user)
        if (roles is None or m.role in roles) and (not managers_only or m.can_manage)
    }


def organisations(user, roles=None):
    return [m.organisation for m in memberships(user) if roles is None or m.role in roles]


def schools(user):
    """The schools where the user works (any school role)."""
    return [m.organisation for m in memberships(user) if m.organisation.kind == OrganisationKind.SCHOOL]


def primary_organisation(user):
    ms = memberships(user)
    return ms[0].organisation if ms else None


def _has_role(membership, role, kind):
    """A role counts only in an organisation of the kind it belongs to (models.ROLES_BY_KIND)."""
    return membership.role == role and membership.organisation.kind == kind


def rtc_province_ids(user):
    """Provinces an RTC staff member moderates: the province a platform administrator assigned to their RTC
    (``served_province``, not its address, which the RTC edits) and those that province's RTC serves."""
    from innovet.geo.models import Province

    cached = getattr(user, "_innovet_rtc_provinces", None)
    if cached is not None:
        return set(cached)
    own = {
        m.organisation.served_province_id
        for m in memberships(user)
        if _has_role(m, Role.RTC_STAFF, OrganisationKind.RTC) and m.organisation.served_province_id is not None
    }
    served = set(Province.objects.filter(rtc_province_id__in=own).values_list("id", flat=True)) if own else set()
    # Read once per request with the memberships (menus and every row's permission check ask again).
    if getattr(user, "is_authenticated", False):
        user._innovet_rtc_provinces = frozenset(own | served)
    return own | served


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


# --- predicates ---------------------------------------------------------------------------------


@rules.predicate
def is_platform_admin(user):
    return bool(getattr(user, "is_active", False) and user.is_superuser)


@rules.predicate
def is_member(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids(user)


@rules.predicate
def is_manager(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids(user, managers_only=True)


@rules.predicate
def is_rtc_staff_for(user, obj):
    """RTC staff of the province of an organisation (or of anything with a ``province_id``)."""
    province_id = getattr(obj, "province_id", None)
    return province_id is not None and province_id in rtc_province_ids(user)


@rules.predicate
def is_rtc_staff(user):
    return bool(rtc_province_ids(user))


@rules.predicate
def is_pedagogical_adviser(user):
    return any(_has_role(m, Role.PEDAGOGICAL_ADVISER, OrganisationKind.PBD) for m in memberships(user))


@rules.predicate
def is_school_staff(user):
    return any(m.role in SCHOOL_STAFF_ROLES and m.organisation.is_school for m in memberships(user))


is_authenticated = rules.is_authenticated

rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", is_platform_admin | is_rtc_staff)
rules.add_perm("organisations.change_organisation", is_platform_admin | is_manager | is_rtc_staff_for)
rules.add_perm("organisations.manage_members", is_platform_admin | is_manager)
rules.add_perm("organisations.view_members", is_platform_admin | is_member | is_rtc_staff_for)
rules.add_perm("organisations.view_history", is_platform_admin | is_manager | is_rtc_staff_for)
