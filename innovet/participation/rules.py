"""Who sees which participation: a teacher their own; a school's leadership their school's."""

import rules

from innovet.organisations.permissions import is_platform_admin

from .selectors import led_schools


@rules.predicate
def leads_school(user, school):
    return school is not None and any(s.pk == school.pk for s in led_schools(user))


rules.add_perm("participation.view_school", is_platform_admin | leads_school)
