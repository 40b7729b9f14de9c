"""Who may do what with placements.

- Members of the company (any non-school organisation that hosts teachers) publish places, and only
  they see who applied, decide, and confirm completion.
- A teacher (any school role) applies for themselves; the director or TAC (or a manager) of the
  teacher's school releases them.
- An application is seen by its teacher, the company and the school's leadership that releases.
- Hybrid teacher profiles: every signed-in person with an organisation finds the visible ones.
"""

import rules

from innovet.organisations.models import Role
from innovet.organisations.permissions import is_platform_admin, is_school_staff, memberships, organisation_ids

RELEASER_ROLES = {Role.DIRECTOR, Role.TAC}


def host_organisations(user):
    """Organisations the user may publish placement places for: every membership outside a school."""
    return [m.organisation for m in memberships(user) if not m.organisation.is_school]


@rules.predicate
def is_host(user):
    return bool(host_organisations(user))


@rules.predicate
def hosts_for(user, organisation):
    return organisation is not None and not organisation.is_school and organisation.pk in organisation_ids(user)


@rules.predicate
def is_company_member(user, place):
    return place is not None and place.company_id in organisation_ids(user)


@rules.predicate
def is_published(user, place):
    return place is not None and place.is_published


@rules.predicate
def of_application_company(user, application):
    return application is not None and application.place.company_id in organisation_ids(user)


@rules.predicate
def is_applicant(user, application):
    return application is not None and application.teacher_id is not None and application.teacher_id == user.pk


def releases_for_school(user, school):
    return school is not None and any(
        m.organisation_id == school.pk and m.organisation.is_school and (m.role in RELEASER_ROLES or m.can_manage)
        for m in memberships(user)
    )


@rules.predicate
def releases_for(user, application):
    return application is not None and releases_for_school(user, application.school)


@rules.predicate
def has_an_organisation(user):
    return bool(memberships(user))


rules.add_perm("placements.add_place", is_platform_admin | is_host)
rules.add_perm("placements.host_for", is_platform_admin | hosts_for)
rules.add_perm("placements.view_place", is_published | is_platform_admin | is_company_member)
rules.add_perm("placements.change_place", is_platform_admin | is_company_member)
rules.add_perm("placements.view_applicants", is_platform_admin | is_company_member)
rules.add_perm("placements.apply", is_published & is_school_staff)
rules.add_perm("placements.view_application", is_applicant | of_application_company | releases_for | is_platform_admin)
rules.add_perm("placements.release", is_platform_admin | releases_for)
rules.add_perm("placements.decide", is_platform_admin | of_application_company)
rules.add_perm("placements.reflect", is_applicant)
rules.add_perm("placements.withdraw", is_applicant)
rules.add_perm("placements.view_hybrid", is_platform_admin | has_an_organisation)
