"""Who may see and do what with needs, willingness and introductions.

- A need belongs to its school: only school staff of that school (and platform admins) edit it.
- RTC staff see and broker the needs of their province(s); they never edit what the school wrote.
- Providers (any non-school organisation) in the need's province see it without personal data.
- A partner sees the needs it was introduced to; contact details only once both sides agreed.
- A provider whose offer or willingness the scorer matched to a need sees it too (any province), and may
  tell the RTC 'wij kunnen helpen'.
"""

import rules

from innovet.organisations.models import OrganisationKind
from innovet.organisations.permissions import (
    SCHOOL_STAFF_ROLES,
    is_platform_admin,
    is_rtc_staff,
    is_rtc_staff_for,
    memberships,
    organisation_ids,
)


@rules.predicate
def is_staff_of_school(user, obj):
    """School staff of the school of a need (or of the school itself)."""
    school_id = getattr(obj, "school_id", None) or getattr(obj, "pk", None)
    if obj is None or school_id is None:
        return False
    return any(
        m.organisation_id == school_id and m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES
        for m in memberships(user)
    )


@rules.predicate
def is_school_staff_anywhere(user):
    return any(m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES for m in memberships(user))


@rules.predicate
def is_provider_in_province(user, need):
    """A member of a non-school organisation located in (or serving) the need's province."""
    if need is None:
        return False
    return any(
        m.organisation.kind != OrganisationKind.SCHOOL and m.organisation.province_id == need.province_id
        for m in memberships(user)
    ) or _serves_province(user, need.province_id)


def provider_organisation_ids(user):
    """The user's non-school organisations: only their willingness opens needs. A school's willingness
    (to co-develop material) makes it a candidate partner, never a reader of other schools' needs."""
    return {m.organisation_id for m in memberships(user) if not m.organisation.is_school}


def _serves_province(user, province_id):
    from .models import Willingness

    ids = provider_organisation_ids(user)
    if not ids:
        return False
    return (
        Willingness.objects.filter(organisation_id__in=ids, is_active=True).filter(rules_region_q(province_id)).exists()
    )


def rules_region_q(province_id):
    from django.db.models import Q

    from .models import Willingness

    return Q(region=Willingness.Region.FLANDERS) | Q(region=Willingness.Region.PROVINCES, provinces=province_id)


@rules.predicate
def is_introduced_partner(user, need):
    if need is None:
        return False
    ids = organisation_ids(user)
    return bool(ids) and need.introductions.filter(partner_id__in=ids).exists()


@rules.predicate
def is_member_of_org(user, obj):
    org_id = getattr(obj, "organisation_id", None) or getattr(obj, "pk", None)
    return org_id is not None and org_id in organisation_ids(user)


@rules.predicate
def is_intro_school_side(user, intro):
    return intro is not None and is_staff_of_school(user, intro.need)


@rules.predicate
def is_intro_partner_side(user, intro):
    return intro is not None and intro.partner_id in organisation_ids(user)


@rules.predicate
def is_intro_broker(user, intro):
    return intro is not None and is_rtc_staff_for(user, intro.need)


def helping_organisation_ids(user):
    """Organisations through which a person can help schools: any kind but a school or an RTC (the broker)."""
    return [
        m.organisation_id
        for m in memberships(user)
        if m.organisation.kind not in (OrganisationKind.SCHOOL, OrganisationKind.RTC)
    ]


def suggestions_of(org_ids):
    """Suggestions that point to an offer or a willingness of these organisations."""
    from django.db.models import Q

    from .models import Suggestion
    from .sources import offer_model

    q = Q(kind=Suggestion.Kind.PARTNER, willingness__organisation_id__in=org_ids)
    model = offer_model()
    if model is not None:
        q |= Q(kind=Suggestion.Kind.OFFER, offer_id_ref__in=model.objects.filter(providers__in=org_ids).values("pk"))
    return Suggestion.objects.filter(q)


@rules.predicate
def is_provider(user):
    return bool(helping_organisation_ids(user))


@rules.predicate
def is_suggested_provider(user, need):
    """The scorer matched one of the user's offers or willingness to this need (any province)."""
    if need is None:
        return False
    ids = helping_organisation_ids(user)
    return bool(ids) and suggestions_of(ids).filter(need_id=need.pk).exists()


@rules.predicate
def is_open_need(user, need):
    return need is not None and need.is_open


@rules.predicate
def has_non_school_membership(user):
    return any(not m.organisation.is_school for m in memberships(user))


rules.add_perm("matching.add_need", is_platform_admin | is_staff_of_school)
rules.add_perm("matching.state_need", is_school_staff_anywhere)
rules.add_perm("matching.change_need", is_platform_admin | is_staff_of_school)
rules.add_perm("matching.view_need_personal", is_platform_admin | is_staff_of_school | is_rtc_staff_for)
rules.add_perm(
    "matching.view_need",
    is_platform_admin
    | is_staff_of_school
    | is_rtc_staff_for
    | is_provider_in_province
    | is_introduced_partner
    | is_suggested_provider,
)
rules.add_perm("matching.view_provider_matches", is_provider)
# 'Wij kunnen helpen': a provider (never the school itself or the RTC) that may see the open need.
rules.add_perm(
    "matching.signal_interest",
    is_provider & is_open_need & (is_provider_in_province | is_suggested_provider | is_introduced_partner),
)
rules.add_perm("matching.broker_need", is_platform_admin | is_rtc_staff_for)
rules.add_perm("matching.view_queue", is_platform_admin | is_rtc_staff)
rules.add_perm("matching.add_willingness", is_platform_admin | is_member_of_org)
rules.add_perm("matching.state_willingness", is_platform_admin | has_non_school_membership | is_school_staff_anywhere)
rules.add_perm("matching.change_willingness", is_platform_admin | is_member_of_org)
rules.add_perm(
    "matching.view_introduction",
    is_platform_admin | is_intro_school_side | is_intro_partner_side | is_intro_broker,
)
rules.add_perm("matching.answer_introduction_school", is_intro_school_side)
rules.add_perm("matching.answer_introduction_partner", is_intro_partner_side)
rules.add_perm("matching.manage_introduction", is_platform_admin | is_intro_broker)
rules.add_perm(
    "matching.close_introduction",
    is_platform_admin | is_intro_broker | is_intro_school_side | is_intro_partner_side,
)
