"""The one read API of the participation ledger, for every module (recognition, budget, insights)."""

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import ExtractYear

from innovet.organisations.models import Role
from innovet.organisations.permissions import memberships

from .models import ACTIVE_ROLES, ActivityKind, Participation, ParticipationRole

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


def by_school_year(qs):
    """Per school year (1 September – 31 August), newest first: activities, hours and active ones.

    The database groups by the year the school year starts in, so a teacher's whole history is one query.
    """
    start = ExtractYear("date") - Case(
        When(Q(date__month__lt=9), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    rows = list(
        qs.order_by()
        .annotate(start=start)
        .values("start")
        .annotate(n=Count("id"), hours=Sum("hours"), active=Count("id", filter=Q(role__in=ACTIVE_ROLES)))
        .order_by("-start")
    )
    for row in rows:
        row["school_year"] = f"{row['start']}-{row['start'] + 1}"
    return rows


def by_activity(qs, limit=50):
    """Per activity (as titled when taken part in), newest first: people, hours — no names, for public pages."""
    return list(
        qs.order_by()
        .values("kind", "title", "url", "organiser__name", "organiser__slug")
        .annotate(people=Count("person", distinct=True), n=Count("id"), hours=Sum("hours"), last=Max("date"))
        .order_by("-last", "title")[:limit]
    )


def by_kind(qs):
    rows = list(qs.order_by().values("kind").annotate(n=Count("id"), hours=Sum("hours")).order_by("-n"))
    labels = dict(ActivityKind.choices)
    for row in rows:
        row["label"] = labels.get(row["kind"], row["kind"])
    return rows


def by_organiser(qs, limit=50):
    """The organisations whose activities the records are about, with how many records each."""
    return list(
        qs.exclude(organiser=None)
        .order_by()
        .values("organiser", "organiser__name", "organiser__slug", "organiser__kind")
        .annotate(n=Count("id"), people=Count("person", distinct=True))
        .order_by("-n", "organiser__name")[:limit]
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
