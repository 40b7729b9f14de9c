"""Who may do what with badges: managers of the issuing organisation, for that organisation's badges only."""

import rules

from innovet.organisations.permissions import is_manager, is_platform_admin

from .models import ISSUER_KINDS


@rules.predicate
def manages_issuer(user, organisation):
    return organisation is not None and organisation.kind in ISSUER_KINDS and is_manager(user, organisation)


@rules.predicate
def manages_achievement_issuer(user, achievement):
    return achievement is not None and manages_issuer(user, achievement.issuer)


@rules.predicate
def manages_award_issuer(user, award):
    return award is not None and manages_issuer(user, award.issuer)


@rules.predicate
def is_recipient(user, award):
    return award is not None and award.recipient_id is not None and award.recipient_id == user.pk


rules.add_perm("badges.manage_issuer", is_platform_admin | manages_issuer)
rules.add_perm("badges.change_achievement", is_platform_admin | manages_achievement_issuer)
rules.add_perm("badges.award", manages_achievement_issuer)  # awarding is the issuer's act, not the platform's
rules.add_perm("badges.revoke_award", is_platform_admin | manages_award_issuer)
rules.add_perm("badges.view_award", is_recipient | manages_award_issuer | is_platform_admin)
