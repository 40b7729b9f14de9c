"""Writes of the portfolio: share and revoke the public link, the opt-in for the school profile, GDPR."""

import secrets

from django.db import transaction
from django.utils import timezone

from innovet.core.audit import log_action
from innovet.organisations.permissions import require

from .models import PortfolioSettings


def _settings_for_update(user):
    PortfolioSettings.objects.get_or_create(user=user)
    # The row lock makes two quick clicks on 'delen' produce one link, not two that overwrite each other.
    return PortfolioSettings.objects.select_for_update().get(user=user)


@transaction.atomic
def share_portfolio(user):
    """Make the portfolio readable through a public link. Idempotent: an existing link stays the same."""
    require(user, "portfolio.change_portfolio", user)
    settings = _settings_for_update(user)
    if settings.share_token:
        return settings
    settings.share_token = secrets.token_urlsafe(24)
    settings.shared_at = timezone.now()
    settings.save(update_fields=["share_token", "shared_at", "updated_at"])
    log_action(settings, "portfolio.shared", user)
    return settings


@transaction.atomic
def revoke_share(user):
    """The link stops working at once; sharing again makes a new one."""
    require(user, "portfolio.change_portfolio", user)
    settings = _settings_for_update(user)
    if not settings.share_token:
        return settings
    settings.share_token = None
    settings.shared_at = None
    settings.save(update_fields=["share_token", "shared_at", "updated_at"])
    log_action(settings, "portfolio.share_revoked", user)
    return settings


@transaction.atomic
def set_name_on_school_profile(user, value):
    require(user, "portfolio.change_portfolio", user)
    settings = _settings_for_update(user)
    value = bool(value)
    if settings.name_on_school_profile != value:
        settings.name_on_school_profile = value
        settings.save(update_fields=["name_on_school_profile", "updated_at"])
        log_action(settings, "portfolio.name_on_school_profile", user, {"value": value})
    return settings


def user_data(user):
    settings = PortfolioSettings.objects.filter(user=user).first()
    if settings is None:
        return {}
    return {
        "openbare link actief": settings.is_shared,
        "gedeeld sinds": settings.shared_at.isoformat() if settings.shared_at else None,
        "naam op het schoolprofiel": settings.name_on_school_profile,
    }


def erase_user(user):
    # The link and the opt-in are the person's own choices: they go with the person.
    PortfolioSettings.objects.filter(user=user).delete()
