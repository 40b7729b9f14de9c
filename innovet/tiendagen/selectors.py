"""Reads of the 10-dagenregeling, and the figures other modules may use (``booking_counts``)."""

import calendar as pycalendar
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.organisations.models import Organisation, OrganisationKind, Role
from innovet.organisations.permissions import memberships, organisation_ids, rtc_province_ids

from .eligibility import school_year_of
from .models import (
    OPEN_STATUSES,
    Availability,
    BookedDay,
    RequestStatus,
    TiendagenRequest,
    Training,
    WegwijsRegistration,
    WegwijsSession,
)
from .services import teacher_schools


def has_school(user):
    return bool(teacher_schools(user))


def is_rtc(user):
    """RTC staff with a province (from the cached memberships: the user menu runs on every page)."""
    return any(
        m.role == Role.RTC_STAFF and m.organisation.kind == OrganisationKind.RTC and m.organisation.served_province_id
        for m in memberships(user)
    )


def centres():
    """VDAB centres that publish at least one active opleiding, with those opleidingen."""
    trainings = (
        Training.objects.filter(is_active=True).select_related("infrastructure").prefetch_related("studiedomeinen")
    )
    return (
        Organisation.objects.filter(kind=OrganisationKind.VDAB, is_active=True, tiendagen_trainings__is_active=True)
        .distinct()
        .select_related("province")
        .prefetch_related(Prefetch("tiendagen_trainings", queryset=trainings, to_attr="active_trainings"))
        .order_by("province__name", "name")
    )


def managed_centres(user):
    return Organisation.objects.filter(kind=OrganisationKind.VDAB, pk__in=organisation_ids(user)).order_by("name")


def upcoming_wegwijs(centre, today=None):
    today = today or timezone.localdate()
    return (
        WegwijsSession.objects.filter(centre=centre, day__gte=today)
        .annotate(n=Count("registrations"))
        .order_by("day", "starts_at")
    )


def my_wegwijs(user, centre):
    return set(
        WegwijsRegistration.objects.filter(teacher=user, session__centre=centre).values_list("session", flat=True)
    )


def _request_list():
    return (
        TiendagenRequest.objects.select_related("teacher", "school", "centre", "training", "province", "studiedomein")
        .annotate(n_days=Count("days"))
        .order_by("-created_at", "-id")
    )  # GROUP BY drops Meta.ordering


def my_requests(user):
    return _request_list().filter(teacher=user)


def rtc_queue(user, status=""):
    qs = _request_list().filter(province_id__in=rtc_province_ids(user))
    if status:
        qs = qs.filter(status=status)
    return qs


def centre_requests(centre):
    return _request_list().filter(centre=centre).exclude(status=RequestStatus.SUBMITTED)


def request_detail_queryset():
    return TiendagenRequest.objects.select_related(
        "teacher", "school", "centre", "training__infrastructure", "province", "studiedomein"
    ).prefetch_related("days")


def month_calendar(centre, year, month, show_names=False):
    """Weeks (lists of 7 cells) of one month for a centre: per day the confirmed bookings (infrastructure,
    and the school and class for the centre's own members) and whether any infrastructure is free."""
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    booked = {}
    for b in BookedDay.objects.filter(
        infrastructure__centre=centre, day__range=(first, last), confirmed=True
    ).select_related("infrastructure", "request__school"):
        label = b.infrastructure.name
        if show_names:
            label = f"{b.infrastructure.name}: {b.request.class_name} ({b.request.school.name})"
        booked.setdefault(b.day, []).append(label)
    periods = list(Availability.objects.filter(infrastructure__centre=centre, starts_on__lte=last, ends_on__gte=first))
    sessions = {s.day for s in WegwijsSession.objects.filter(centre=centre, day__range=(first, last))}
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            row.append(
                {
                    "day": d,
                    "in_month": d.month == month,
                    "bookings": booked.get(d, []),
                    "free": d.weekday() < 5 and any(p.starts_on <= d <= p.ends_on for p in periods),
                    "wegwijs": d in sessions,
                }
            )
        weeks.append(row)
    prev_month = first - timedelta(days=1)
    next_month = last + timedelta(days=1)
    return {
        "weeks": weeks,
        "first": first,
        "prev": f"{prev_month.year}-{prev_month.month:02d}",
        "next": f"{next_month.year}-{next_month.month:02d}",
        "booked_days": sorted(booked.items()),
    }


def confirmed_days(centre):
    return (
        BookedDay.objects.filter(infrastructure__centre=centre, confirmed=True)
        .select_related("infrastructure", "request__centre")
        .order_by("day")
    )


class BookingCounts(dict):
    """The figures by key (for code), and ``labelled_rows()`` with Dutch labels (insights shows these)."""

    LABELS = {
        "requests": _("Aanvragen 10-dagenregeling"),
        "open_requests": _("Aanvragen in behandeling"),
        "confirmed_requests": _("Bevestigde aanvragen"),
        "confirmed_days": _("Bevestigde lesdagen"),
        "teachers": _("Leerkrachten met bevestigde dagen"),
        "schools": _("Scholen met bevestigde dagen"),
    }

    def labelled_rows(self):
        return [(str(label), self[key]) for key, label in self.LABELS.items() if key in self]


def _school_year(value):
    """'2026-2027' as stored; also accepts the first calendar year (2026), as insights passes it."""
    if isinstance(value, int):
        return f"{value}-{value + 1}"
    return str(value)


def booking_counts(province=None, school_year=None):
    """Figures for other modules (reach, insights): requests and days of the 10-dagenregeling, optionally for
    one province (a Province or its id: the school's province) and one school year ('2026-2027' or 2026).

    Returns a dict {"requests", "confirmed_requests", "open_requests", "confirmed_days", "teachers",
    "schools"} with ``labelled_rows()`` for Dutch labels — counted by the database in two queries."""
    qs = TiendagenRequest.objects.all()
    if province is not None:
        qs = qs.filter(province_id=getattr(province, "pk", province))
    if school_year:
        qs = qs.filter(school_year=_school_year(school_year))
    totals = qs.aggregate(
        requests=Count("id"),
        confirmed_requests=Count("id", filter=Q(status=RequestStatus.CONFIRMED)),
        open_requests=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        teachers=Count("teacher", distinct=True, filter=Q(status=RequestStatus.CONFIRMED)),
        schools=Count("school", distinct=True, filter=Q(status=RequestStatus.CONFIRMED)),
    )
    totals["confirmed_days"] = BookedDay.objects.filter(request__in=qs, confirmed=True).count()
    return BookingCounts(totals)


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    mine = list(my_requests(user).filter(status__in=(*OPEN_STATUSES, RequestStatus.CONFIRMED))[:5])
    rtc_open = rtc_queue(user, RequestStatus.SUBMITTED).count() if rtc_province_ids(user) else 0
    centre_ids = [m.organisation_id for m in memberships(user) if m.organisation.kind == OrganisationKind.VDAB]
    centre_open = (
        TiendagenRequest.objects.filter(centre_id__in=centre_ids, status=RequestStatus.FORWARDED).count()
        if centre_ids
        else 0
    )
    centres_managed = [m.organisation for m in memberships(user) if m.organisation.kind == OrganisationKind.VDAB]
    if not (mine or rtc_open or centre_open or centres_managed):
        return None
    return {
        "requests": mine,
        "rtc_open": rtc_open,
        "centre_open": centre_open,
        "centres": centres_managed,
        "school_year": school_year_of(timezone.localdate()),
    }
