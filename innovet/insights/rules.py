"""Who may open which insights dashboard (see ``access``)."""

import rules

from . import access


@rules.predicate
def sees_all(user):
    return access.is_department(user)


@rules.predicate
def sees_province(user, province):
    return province is not None and province.pk in access.province_ids(user)


@rules.predicate
def leads_school(user, school):
    return school is not None and access.can_see_school(user, school)


@rules.predicate
def sees_domain(user, domain):
    return domain is not None and domain.pk in access.domain_ids(user)


rules.add_perm("insights.view_all", sees_all)
rules.add_perm("insights.view_province", sees_province)
rules.add_perm("insights.view_school", leads_school)
rules.add_perm("insights.view_domain", sees_domain)
