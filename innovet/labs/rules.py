"""Who may do what with innovatielabs (django-rules, on the shared permission layer).

- Everyone reads a lab's public page (what, who, status, material, how to join).
- Coordinators (the lab's coordinator, or staff of the coordinating RTC or school) change the plan:
  the lab, its schools and partners, milestones, tasks, linked material, showcases, the follow-up track.
- Participants (coordinators, the schools' staff, the partners' members, the pedagogical adviser) use
  the workspace: discussion, documents, tasks.
- A partner changes only its own commitments; the coordinator may propose one on its behalf.
- RTC staff of the lab's province follow the lab (read its workspace); RTC staff start labs, from an
  agreed introduction they brokered or from willingness entries, and post funding opportunities.
- RTC staff and the Department see the overview of all labs.
"""

import rules

from innovet.organisations.models import OrganisationKind, Role
from innovet.organisations.permissions import (
    SCHOOL_STAFF_ROLES,
    is_platform_admin,
    is_rtc_staff,
    is_rtc_staff_for,
    is_school_staff,
    memberships,
)

# Who at a coordinating school may steer a lab (a teacher takes part; the school's leadership steers).
SCHOOL_COORDINATOR_ROLES = {Role.DIRECTOR, Role.TAC, Role.TA}


def _lab_cache(lab, user):
    """Per lab object and user, the ids that decide roles (one set of queries, reused by every check)."""
    key = f"_labs_roles_{getattr(user, 'pk', None)}"
    cached = getattr(lab, key, None)
    if cached is None:
        cached = {
            "schools": set(lab.schools.filter(left_on__isnull=True).values_list("school_id", flat=True)),
            "partners": set(lab.partners.filter(left_on__isnull=True).values_list("organisation_id", flat=True)),
            "teachers": set(lab.teachers.filter(left_on__isnull=True).values_list("user_id", flat=True)),
        }
        setattr(lab, key, cached)
    return cached


def coordinates(user, lab):
    if lab is None or not getattr(user, "is_authenticated", False):
        return False
    if lab.coordinator_id == user.pk:
        return True
    for m in memberships(user):
        if m.organisation_id != lab.coordinator_organisation_id:
            continue
        org = m.organisation
        if org.kind == OrganisationKind.RTC and m.role == Role.RTC_STAFF:
            return True
        if org.is_school and (m.role in SCHOOL_COORDINATOR_ROLES or m.can_manage):
            return True
    return False


def partner_org_ids(user, lab):
    if lab is None or not getattr(user, "is_authenticated", False):
        return set()
    mine = {m.organisation_id for m in memberships(user)}
    return mine & _lab_cache(lab, user)["partners"]


def school_ids_in_lab(user, lab):
    if lab is None or not getattr(user, "is_authenticated", False):
        return set()
    mine = {m.organisation_id for m in memberships(user) if m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES}
    return mine & _lab_cache(lab, user)["schools"]


def takes_part(user, lab):
    if lab is None or not getattr(user, "is_authenticated", False):
        return False
    if coordinates(user, lab) or lab.adviser_id == user.pk:
        return True
    cache = _lab_cache(lab, user)
    return user.pk in cache["teachers"] or bool(partner_org_ids(user, lab)) or bool(school_ids_in_lab(user, lab))


@rules.predicate
def is_coordinator(user, lab):
    return coordinates(user, lab)


@rules.predicate
def is_participant(user, lab):
    return takes_part(user, lab)


@rules.predicate
def is_lab_adviser(user, lab):
    return lab is not None and getattr(user, "is_authenticated", False) and lab.adviser_id == user.pk


@rules.predicate
def is_commitment_partner(user, commitment):
    """A member of the partner organisation that made the commitment (of a partner still in the lab)."""
    if commitment is None:
        return False
    partner = commitment.partner
    return partner.left_on is None and partner.organisation_id in {m.organisation_id for m in memberships(user)}


@rules.predicate
def coordinates_partner_lab(user, partner):
    return partner is not None and coordinates(user, partner.lab)


@rules.predicate
def is_partner_member(user, partner):
    return (
        partner is not None
        and partner.left_on is None
        and partner.organisation_id in {m.organisation_id for m in memberships(user)}
    )


@rules.predicate
def is_lab_rtc(user, lab):
    return is_rtc_staff_for(user, lab)


@rules.predicate
def is_task_owner(user, task):
    return task is not None and getattr(user, "is_authenticated", False) and task.owner_id == user.pk


@rules.predicate
def coordinates_task_lab(user, task):
    return task is not None and coordinates(user, task.lab)


@rules.predicate
def brokered(user, introduction):
    """RTC staff of the province of the introduction's need (the broker side)."""
    return introduction is not None and is_rtc_staff_for(user, introduction.need)


@rules.predicate
def is_department(user):
    return any(m.organisation.kind == OrganisationKind.GOVERNMENT for m in memberships(user))


@rules.predicate
def can_join_follow_up(user, lab):
    return lab is not None and lab.follow_up_open and is_school_staff(user)


@rules.predicate
def is_adoption_school_staff(user, adoption):
    return adoption is not None and any(
        m.organisation_id == adoption.school_id and m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES
        for m in memberships(user)
    )


@rules.predicate
def coordinates_adoption_lab(user, adoption):
    return adoption is not None and coordinates(user, adoption.lab)


rules.add_perm("labs.view_lab", rules.always_allow)
rules.add_perm("labs.add_lab", is_platform_admin | is_rtc_staff | is_school_staff)
rules.add_perm("labs.start_from_introduction", is_platform_admin | brokered)
rules.add_perm("labs.change_lab", is_platform_admin | is_coordinator)
rules.add_perm("labs.view_workspace", is_platform_admin | is_participant | is_lab_rtc)
rules.add_perm("labs.take_part", is_platform_admin | is_participant)
rules.add_perm("labs.add_commitment", is_platform_admin | coordinates_partner_lab | is_partner_member)
rules.add_perm("labs.change_commitment", is_platform_admin | is_commitment_partner)
rules.add_perm("labs.change_task", is_platform_admin | is_task_owner | coordinates_task_lab)
rules.add_perm("labs.request_join", can_join_follow_up)
rules.add_perm("labs.manage_adoption", is_platform_admin | coordinates_adoption_lab)
rules.add_perm("labs.update_adoption", is_platform_admin | coordinates_adoption_lab | is_adoption_school_staff)
rules.add_perm("labs.view_overview", is_platform_admin | is_rtc_staff | is_department)
rules.add_perm("labs.post_funding", is_platform_admin | is_rtc_staff)
