"""Who may do what in the 10-dagenregeling.

- Members of a VDAB centre manage its opleidingen, infrastructure, availability and wegwijssessies, and
  confirm or decline the requests forwarded to it.
- RTC staff of the school's province forward or decline the requests of that province.
- The teacher sees and withdraws their own request; the school's leadership (director, TAC, TA) sees the
  school's requests. Nobody else sees a request.
"""

import rules

from innovet.organisations.models import OrganisationKind, Role
from innovet.organisations.permissions import is_platform_admin, is_rtc_staff_for, memberships, organisation_ids

LEADERS = {Role.DIRECTOR, Role.TAC, Role.TA}


@rules.predicate
def is_centre_member(user, centre):
    return centre is not None and centre.kind == OrganisationKind.VDAB and centre.pk in organisation_ids(user)


@rules.predicate
def is_request_centre(user, request):
    return request is not None and request.centre_id in organisation_ids(user)


@rules.predicate
def is_request_teacher(user, request):
    return request is not None and request.teacher_id is not None and request.teacher_id == user.pk


@rules.predicate
def leads_request_school(user, request):
    return request is not None and any(
        m.organisation_id == request.school_id and (m.role in LEADERS or m.can_manage) for m in memberships(user)
    )


rules.add_perm("tiendagen.manage_centre", is_platform_admin | is_centre_member)
rules.add_perm("tiendagen.handle_as_rtc", is_platform_admin | is_rtc_staff_for)
rules.add_perm("tiendagen.handle_as_centre", is_platform_admin | is_request_centre)
rules.add_perm(
    "tiendagen.view_request",
    is_platform_admin | is_request_teacher | leads_request_school | is_rtc_staff_for | is_request_centre,
)
