"""Who may open which dashboard. The Department (members of a government organisation: the Departement
Onderwijs en Vorming) and platform administrators see all of Flanders and Brussels; RTC staff the provinces
their RTC serves; a school's leadership (director, TA, TAC, organisation manager) their own school; sector
consultants the studiedomeinen of their sector organisation. Nobody sees another school's teachers: the
only page with individual people is the school dashboard, for that school's leadership."""

from innovet.organisations.models import OrganisationKind, Role
from innovet.organisations.permissions import is_platform_admin, memberships, rtc_province_ids
from innovet.participation.selectors import led_schools


def is_department(user):
    if is_platform_admin(user):
        return True
    return any(m.organisation.kind == OrganisationKind.GOVERNMENT for m in memberships(user))


def province_ids(user):
    """Provinces whose RTC dashboard the user may open (every one for the Department)."""
    from innovet.geo.models import Province

    if is_department(user):
        return set(Province.objects.filter(in_scope=True).values_list("pk", flat=True))
    return rtc_province_ids(user)


def schools(user):
    return led_schools(user)


def can_see_school(user, school):
    return is_platform_admin(user) or any(s.pk == school.pk for s in led_schools(user))


def domain_ids(user):
    """Studiedomeinen whose sector dashboard the user may open: those of their sector organisations (every
    one for the Department)."""
    from innovet.taxonomy.models import Term

    if is_department(user):
        return set(Term.objects.of("studiedomein").values_list("pk", flat=True))
    orgs = [
        m.organisation_id
        for m in memberships(user)
        if m.organisation.kind == OrganisationKind.SECTOR and m.role in (Role.SECTOR_CONSULTANT, Role.ORG_ADMIN)
    ]
    if not orgs:
        return set()
    from innovet.organisations.models import Organisation

    return set(
        Organisation.studiedomeinen.through.objects.filter(organisation_id__in=orgs).values_list("term_id", flat=True)
    )


def has_any_dashboard(user):
    return bool(is_department(user) or province_ids(user) or led_schools(user) or domain_ids(user))
