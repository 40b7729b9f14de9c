"""Reads of portfolios and profiles: settings, the shared portfolio behind a token, and the sections."""

from django.contrib.auth import get_user_model

from innovet.organisations.models import Membership, OrganisationKind, Role
from innovet.organisations.permissions import schools

from .models import PortfolioSettings
from .sections import optional_selector, sections


def settings_for(user):
    """The user's settings; an unsaved default (private, no name on the school profile) when there are none."""
    found = PortfolioSettings.objects.filter(user=user).first()
    return found or PortfolioSettings(user=user)


def shared_settings(token):
    """The settings behind a share link, or None (unknown, revoked, or the person's account is gone)."""
    if not token or len(token) > 64:
        return None
    return PortfolioSettings.objects.select_related("user").filter(share_token=token, user__is_active=True).first()


def portfolio(person):
    return {
        "person": person,
        "schools": schools(person),
        "sections": sections("person", person),
    }


def profile(organisation):
    scope = "school" if organisation.kind == OrganisationKind.SCHOOL else "partner"
    return {"organisation": organisation, "scope": scope, "sections": sections(scope, organisation)}


def opted_in_badge_holders(school, limit=50):
    """[[name, badge]] of the school's teachers who chose to be named on its profile (one query for the people)."""
    awards_for_person = optional_selector("innovet.badges", "awards_for_person")
    if awards_for_person is None:
        return []
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            portfolio_settings__name_on_school_profile=True,
            memberships__organisation=school,
            memberships__role__in=[Role.TEACHER, Role.TA, Role.TAC, Role.DIRECTOR],
        )
        .distinct()
        .order_by("last_name", "first_name")[:limit]
    )
    rows = []
    for person in people:
        for award in list(awards_for_person(person)[:20]):
            rows.append([person.get_full_name() or str(person), str(getattr(award, "achievement", None) or award)])
    return rows[:limit]


def school_members_count(school):
    return Membership.objects.filter(organisation=school).count()


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    return {"settings": settings_for(user), "schools": schools(user)}
