"""Who may do what with substitution.

- Any organisation that is not a school can publish substitution offers; its members edit them and
  answer the requests made to them.
- Pedagogical advisers (PBD) note how a published offer fits the leerplan of their network.
- A request belongs to a school: the absent teacher and whoever raised it follow it up; the school's
  director, TAC or a manager sees all open requests of the school and confirms. The provider asked sees it.
"""

import rules

from innovet.organisations.models import Role
from innovet.organisations.permissions import (
    is_pedagogical_adviser,
    is_platform_admin,
    memberships,
    organisation_ids,
)

LEADER_ROLES = {Role.DIRECTOR, Role.TAC}


def provider_organisations(user):
    return [m.organisation for m in memberships(user) if not m.organisation.is_school]


def leads_school(user, school):
    return school is not None and any(
        m.organisation_id == school.pk and m.organisation.is_school and (m.role in LEADER_ROLES or m.can_manage)
        for m in memberships(user)
    )


@rules.predicate
def is_provider(user):
    return bool(provider_organisations(user))


@rules.predicate
def provides_for(user, organisation):
    return organisation is not None and not organisation.is_school and organisation.pk in organisation_ids(user)


@rules.predicate
def is_offer_member(user, offer):
    return offer is not None and offer.provider_id in organisation_ids(user)


@rules.predicate
def is_published(user, offer):
    return offer is not None and offer.is_published


@rules.predicate
def is_requester(user, request):
    return request is not None and user.pk in (request.requested_by_id, request.teacher_id)


@rules.predicate
def is_school_leader(user, request):
    return request is not None and leads_school(user, request.school)


@rules.predicate
def is_asked_provider(user, request):
    return request is not None and request.offer_id is not None and request.offer.provider_id in organisation_ids(user)


rules.add_perm("substitution.add_offer", is_platform_admin | is_provider)
rules.add_perm("substitution.provide_for", is_platform_admin | provides_for)
rules.add_perm("substitution.view_offer", is_published | is_platform_admin | is_offer_member)
rules.add_perm("substitution.change_offer", is_platform_admin | is_offer_member)
rules.add_perm("substitution.annotate_fit", is_published & is_pedagogical_adviser)
rules.add_perm("substitution.view_request", is_platform_admin | is_requester | is_school_leader | is_asked_provider)
rules.add_perm("substitution.manage_request", is_platform_admin | is_requester | is_school_leader)
rules.add_perm("substitution.confirm_request", is_platform_admin | is_school_leader)
rules.add_perm("substitution.answer_request", is_platform_admin | is_asked_provider)
