"""Budgets are visible only to the school's management: the director, the TAC and the school's managers.
Setting the budget and approving costs is for the director (or a manager of the school)."""

import rules

from innovet.organisations.models import OrganisationKind, Role
from innovet.organisations.permissions import is_platform_admin, memberships

VIEW_ROLES = {Role.DIRECTOR, Role.TAC}


def _school_of(obj):
    return getattr(obj, "school", obj)


@rules.predicate
def is_school_management(user, obj):
    school = _school_of(obj)
    if school is None or getattr(school, "kind", None) != OrganisationKind.SCHOOL:
        return False
    return any(m.organisation_id == school.pk and (m.role in VIEW_ROLES or m.can_manage) for m in memberships(user))


@rules.predicate
def is_school_director(user, obj):
    school = _school_of(obj)
    if school is None or getattr(school, "kind", None) != OrganisationKind.SCHOOL:
        return False
    return any(m.organisation_id == school.pk and (m.role == Role.DIRECTOR or m.can_manage) for m in memberships(user))


rules.add_perm("budget.view_budget", is_platform_admin | is_school_management)
rules.add_perm("budget.change_budget", is_school_director)
rules.add_perm("budget.approve_cost", is_school_director)
