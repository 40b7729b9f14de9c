"""Who may do what with surveys.

Owners are organisations of the kinds that run consultations (RTC, pedagogical advisory service, the
Department = kind "overheid"); their members build surveys and see results. Platform admins may do all.
Respondents need no account: their access goes through the open link or a personal token.
"""

import rules

from innovet.organisations.models import OrganisationKind
from innovet.organisations.permissions import is_member, is_platform_admin, memberships

OWNER_KINDS = {OrganisationKind.RTC, OrganisationKind.PBD, OrganisationKind.GOVERNMENT}


def owner_organisations(user):
    """Organisations in whose name the user may create surveys."""
    return [m.organisation for m in memberships(user) if m.organisation.kind in OWNER_KINDS]


@rules.predicate
def can_own_surveys(user):
    return bool(owner_organisations(user))


@rules.predicate
def is_owner_member_of(user, organisation):
    return organisation is not None and organisation.kind in OWNER_KINDS and is_member(user, organisation)


@rules.predicate
def is_survey_owner(user, survey):
    return survey is not None and is_member(user, survey.organisation)


rules.add_perm("surveys.add_survey", is_platform_admin | can_own_surveys)
rules.add_perm("surveys.add_survey_for", is_platform_admin | is_owner_member_of)
rules.add_perm("surveys.change_survey", is_platform_admin | is_survey_owner)
rules.add_perm("surveys.view_results", is_platform_admin | is_survey_owner)
rules.add_perm("surveys.manage_invitations", is_platform_admin | is_survey_owner)
