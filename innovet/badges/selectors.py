"""Reads of the badges app, also for other modules (portfolio, school profile)."""

from django.db.models import Count, Q

from innovet.organisations.permissions import memberships

from . import credentials
from .models import ISSUER_KINDS, Achievement, Award, IssuerKey


def issuer_organisations(user):
    """Organisations the user may issue badges for: the ones they manage, of an issuing kind."""
    return [m.organisation for m in memberships(user) if m.can_manage and m.organisation.kind in ISSUER_KINDS]


def achievements_of(organisation):
    return (
        Achievement.objects.filter(issuer=organisation)
        .annotate(
            n_awards=Count("awards", filter=Q(awards__revoked_at__isnull=True), distinct=True),
            n_rules=Count("rules", filter=Q(rules__is_active=True), distinct=True),
        )
        .order_by("name")
    )


def awards_of(achievement):
    return Award.objects.filter(achievement=achievement).select_related("recipient", "rule", "awarded_by")


def awards_for_person(user, include_revoked=False):
    """The person's badges (non-revoked by default), each with ``verify_link``: the public verify URL.

    For the portfolio: ordered newest first, achievement and issuer joined (no query per row).
    """
    qs = Award.objects.filter(recipient=user).select_related("achievement", "issuer")
    if not include_revoked:
        qs = qs.valid()
    awards = list(qs)
    for award in awards:
        award.verify_link = award.verify_url()
    return awards


def award_counts_for_school(school):
    """{"<badge> (<issuer>)": number} of valid badges held by the school's current members, most held first.

    Counts only (no names): a school profile names only teachers who opt in, through ``awards_for_person``.
    One query.
    """
    rows = (
        Award.objects.valid()
        .filter(recipient__memberships__organisation=school)
        .order_by()
        .values("achievement_id", "achievement__name", "issuer__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "achievement__name")
    )
    return {f"{r['achievement__name']} ({r['issuer__name']})": r["n"] for r in rows}


def published_keys(organisation):
    """Every key of the issuer, retired ones included: earlier awards must keep verifying."""
    return list(IssuerKey.objects.filter(organisation=organisation).order_by("created_at"))


def revoked_indexes(organisation):
    return list(
        Award.objects.filter(issuer=organisation, revoked_at__isnull=False).values_list("status_index", flat=True)
    )


def encoded_status_list(organisation):
    return credentials.encode_status_list(revoked_indexes(organisation))


def dashboard_panel(request):
    if not request.user.is_authenticated:
        return None
    awards = list(Award.objects.valid().filter(recipient=request.user).select_related("achievement", "issuer")[:3])
    issuers = issuer_organisations(request.user)
    if not awards and not issuers:
        return None
    return {"awards": awards, "issuers": issuers}
