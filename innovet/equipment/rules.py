"""Who may do what with shared equipment.

- Members of the owner organisation register and change its sets, see the waiting list, mark conditions
  and build the rotation (only they).
- A school's staff apply for their school, withdraw it from the waiting list, and drop out of a turn that
  has not started.
- The handover to a school is recorded by the owner's members or the receiving school's staff.
"""

import rules

from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, is_platform_admin, memberships, organisation_ids


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in organisation_ids(user)


@rules.predicate
def owns_set(user, equipment):
    return equipment is not None and equipment.owner_id in organisation_ids(user)


@rules.predicate
def owns_turn_set(user, turn):
    return turn is not None and turn.equipment.owner_id in organisation_ids(user)


@rules.predicate
def works_at_turn_school(user, turn):
    return turn is not None and any(
        m.organisation_id == turn.school_id and m.role in SCHOOL_STAFF_ROLES for m in memberships(user)
    )


@rules.predicate
def works_at_application_school(user, application):
    return application is not None and any(
        m.organisation_id == application.school_id and m.role in SCHOOL_STAFF_ROLES for m in memberships(user)
    )


rules.add_perm("equipment.manage_for", is_platform_admin | is_member_of)
rules.add_perm("equipment.manage_set", is_platform_admin | owns_set)
rules.add_perm("equipment.view_turn", is_platform_admin | owns_turn_set | works_at_turn_school)
rules.add_perm("equipment.hand_over", is_platform_admin | owns_turn_set | works_at_turn_school)
rules.add_perm("equipment.drop_out", is_platform_admin | owns_turn_set | works_at_turn_school)
rules.add_perm(
    "equipment.withdraw",
    is_platform_admin
    | works_at_application_school
    | rules.predicate(
        lambda user, application: application is not None and application.equipment.owner_id in organisation_ids(user)
    ),
)
