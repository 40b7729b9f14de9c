"""The one read API of the participation ledger, for every module (recognition, budget, insights)."""

from django.db.models import Count, Q, Sum

from innovet.organisations.models import Role
from innovet.organisations.permissions import memberships

from .models import ACTIVE_ROLES, Participation, ParticipationRole

# Who may see a school's participation: its leadership.
SCHOOL_LEADERS = {Role.DIRECTOR, Role.TAC, Role.TA}


def participations(*, person=None, school=None, organiser=None, province=None, kind=None, since=None, until=None):
    """The ledger filtered; every argument optional. Ordered newest first."""
    qs = Participation.objects.select_related("person", "school", "organiser", "province")
    if person is not None:
        qs = qs.filter(person=person)
    if school is not None:
        qs = qs.filter(school=school)
    if organiser is not None:
        qs = qs.filter(organiser=organiser)
    if province is not None:
        qs = qs.filter(province=province)
    if kind:
        qs = qs.filter(kind__in=[kind] if isinstance(kind, str) else kind)
    if since:
        qs = qs.filter(date__gte=since)
    if until:
        qs = qs.filter(date__lte=until)
    return qs


def for_activity(activity):
    return Participation.objects.for_activity(activity).select_related("person", "school")


def summary(qs):
    """Counts the database makes: records, distinct people and schools, hours, and the active share."""
    totals = qs.aggregate(
        records=Count("id"),
        people=Count("person", distinct=True),
        schools=Count("school", distinct=True),
        hours=Sum("hours"),
        active=Count("id", filter=Q(role__in=ACTIVE_ROLES)),
    )
    totals["hours"] = totals["hours"] or 0
    totals["active_share"] = round(100 * totals["active"] / totals["records"]) if totals["records"] else 0
    return totals


def by_role(qs):
    rows = list(qs.order_by().values("role").annotate(n=Count("id"), hours=Sum("hours")).order_by("-n"))
    labels = dict(ParticipationRole.choices)
    for row in rows:
        row["label"] = labels.get(row["role"], row["role"])
    return rows


def by_person(qs):
    """Per teacher of a school: how many activities, hours, and how many with an active role."""
    return list(
        qs.exclude(person=None)
        .order_by()
        .values("person", "person__first_name", "person__last_name")
        .annotate(n=Count("id"), hours=Sum("hours"), active=Count("id", filter=Q(role__in=ACTIVE_ROLES)))
        .order_by("person__last_name", "person__first_name")
    )


def led_schools(user):
    """Schools whose participation the user may see (director, TA/TAC or manager of the school)."""
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation.is_school and (m.role in SCHOOL_LEADERS or m.can_manage)
    ]


def dashboard_panel(request):
    if not request.user.is_authenticated:
        return None
    qs = participations(person=request.user)
    totals = summary(qs)
    if not totals["records"] and not led_schools(request.user):
        return None
    return {"totals": totals, "recent": list(qs[:3]), "schools": led_schools(request.user)}
