"""Who may do what with events.

- Members of the organiser organisation build the programme, publish, see and export the participant
  list, check people in and confirm attendance. Nobody else sees a participant list (not even RTC staff
  of the province: it is the organiser's).
- A person registers themselves; a school contact (TA, TAC, director) registers colleagues of their school.
- The director or TAC of a school decides on its registrations that need approval.
"""

import rules

from innovet.organisations.models import Role
from innovet.organisations.permissions import is_platform_admin, memberships, organisation_ids

APPROVER_ROLES = {Role.DIRECTOR, Role.TAC}


@rules.predicate
def is_organiser(user, event):
    return event is not None and event.organiser_id in organisation_ids(user)


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids(user)


@rules.predicate
def is_published(user, event):
    return event is not None and event.is_published


@rules.predicate
def has_an_organisation(user):
    return bool(memberships(user))


@rules.predicate
def approves_for(user, school):
    return school is not None and any(
        m.organisation_id == school.pk and (m.role in APPROVER_ROLES or m.can_manage) for m in memberships(user)
    )


rules.add_perm("events.add_event", is_platform_admin | has_an_organisation)
rules.add_perm("events.organise_for", is_platform_admin | is_member_of)
rules.add_perm("events.view_event", is_published | is_platform_admin | is_organiser)
rules.add_perm("events.change_event", is_platform_admin | is_organiser)
rules.add_perm("events.manage_participants", is_platform_admin | is_organiser)
rules.add_perm("events.approve_for_school", is_platform_admin | approves_for)
