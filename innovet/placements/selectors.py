"""Reads for placements, and the helpers other modules call (portfolio, recognition, insights).

``completed_for_school(school)`` and ``counts(province=None, school_year=None)`` are the read API for
other modules: they never query the placement tables themselves.
"""

from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.organisations.permissions import organisation_ids
from innovet.search import services as search_services
from innovet.search.query import SearchQuery

from .models import (
    OPEN_STATUSES,
    TAKES_A_PLACE,
    Application,
    ApplicationStatus,
    HybridTeacherProfile,
    PlacementPeriod,
    PlacementPlace,
    PlaceStatus,
)
from .rules import RELEASER_ROLES, releases_for_school

PER_PAGE = 20


def school_year_bounds(school_year):
    """'2026-2027' → (1 September 2026, 31 August 2027). A Dutch ValueError for anything else."""
    try:
        start, end = (int(x) for x in str(school_year).split("-"))
    except ValueError:
        raise ValueError("Schrijf het schooljaar als 2026-2027.") from None
    if end != start + 1:
        raise ValueError("Schrijf het schooljaar als 2026-2027.")
    return date(start, 9, 1), date(end, 8, 31)


def place_queryset():
    return PlacementPlace.objects.select_related("company", "province", "studiedomein").prefetch_related(
        "themes", Prefetch("periods", queryset=PlacementPeriod.objects.order_by("starts_on"))
    )


def search_places(params, near=None):
    """The public list: the search index with facets; ``params`` is request.GET."""
    query = SearchQuery(
        text=(params.get("q") or "").strip()[:200],
        filters={
            f: params.getlist(f)
            for f in ("provincie", "soort", "thema", "studiedomein", "duur", "vorm", "extra", "maand")
        },
        sort=params.get("sorteer") or ("relevance" if params.get("q") else "date"),
        per_page=PER_PAGE,
    )
    try:
        query.page = int(params.get("pagina") or 1)
    except ValueError:
        query.page = 1
    if near is not None:
        query.near = near
        try:
            query.radius_km = float(params.get("straal") or 0) or None
        except ValueError:
            query.radius_km = None
    result = search_services.search("placements", query)
    by_pk = place_queryset().in_bulk(result.pks)
    items = []
    for hit in result.hits:
        place = by_pk.get(hit.pk)
        if place is not None:
            place.distance_km = hit.distance_km
            items.append(place)
    return query, result, items


def open_places_left(place):
    taken = place.applications.filter(status__in=TAKES_A_PLACE).count()
    return max(place.places - taken, 0)


def company_places(user):
    """Places of the user's organisations, with how many applications wait for the company."""
    qs = PlacementPlace.objects.select_related("company", "province").annotate(
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.AWAITING_COMPANY)),
        accepted=Count("applications", filter=Q(applications__status__in=TAKES_A_PLACE)),
    )
    if not user.is_superuser:
        qs = qs.filter(company_id__in=organisation_ids(user))
    return qs.order_by("-created_at", "-id")


def application_queryset():
    return Application.objects.select_related(
        "place__company", "place__province", "teacher", "school", "period", "released_by", "decided_by"
    )


def applicants(place):
    """Only for the company (the view checks): who applied, newest first."""
    return application_queryset().filter(place=place).exclude(status=ApplicationStatus.AWAITING_RELEASE)


def my_applications(user):
    return application_queryset().filter(teacher=user)


def led_schools(user):
    from innovet.organisations.permissions import memberships

    return [
        m.organisation
        for m in memberships(user)
        if m.organisation.is_school and (m.role in RELEASER_ROLES or m.can_manage)
    ]


def pending_releases(user):
    schools = [s.pk for s in led_schools(user) if releases_for_school(user, s)]
    return application_queryset().filter(school_id__in=schools, status=ApplicationStatus.AWAITING_RELEASE)


def school_applications(user):
    schools = [s.pk for s in led_schools(user)]
    return application_queryset().filter(school_id__in=schools).exclude(status=ApplicationStatus.AWAITING_RELEASE)


def company_pending(user):
    return application_queryset().filter(
        place__company_id__in=organisation_ids(user), status=ApplicationStatus.AWAITING_COMPANY
    )


# --- read API for other modules ------------------------------------------------------------------


class Counts(dict):
    """The figures by key (for code), and ``labelled_rows()`` with Dutch labels (insights shows these)."""

    LABELS = {}

    def labelled_rows(self):
        return [(str(label), self[key]) for key, label in self.LABELS.items() if key in self]


class PlacementCounts(Counts):
    LABELS = {
        "published_places": _("Gepubliceerde stageplaatsen"),
        "applications": _("Aanvragen"),
        "open": _("Lopende aanvragen"),
        "accepted": _("Aanvaard"),
        "declined": _("Niet vrijgegeven of geweigerd"),
        "completed": _("Afgerond"),
        "teachers": _("Leerkrachten met een afgeronde stage"),
        "schools": _("Scholen met een afgeronde stage"),
    }


def completed_for_school(school):
    """Completed placements of a school's teachers (portfolio, recognition, the school's profile)."""
    return application_queryset().filter(school=school, status=ApplicationStatus.COMPLETED).order_by("-starts_on")


def counts(province=None, school_year=None):
    """One dict of figures, each made by the database: published places, applications by state,
    distinct teachers and schools with a completed placement. ``province``: a Province (or its pk),
    by the place's location; ``school_year``: '2026-2027', by the placement's first day (places: a
    period in that year)."""
    places = PlacementPlace.objects.all()
    apps = Application.objects.all()
    if province is not None:
        pid = getattr(province, "pk", province)
        places = places.filter(province_id=pid)
        apps = apps.filter(place__province_id=pid)
    if school_year:
        start, end = school_year_bounds(school_year)
        places = places.filter(periods__starts_on__lte=end, periods__ends_on__gte=start).distinct()
        apps = apps.filter(starts_on__gte=start, starts_on__lte=end)
    place_totals = places.aggregate(
        published=Count("id", filter=Q(status=PlaceStatus.PUBLISHED), distinct=True), total=Count("id", distinct=True)
    )
    done = Q(status=ApplicationStatus.COMPLETED)
    totals = apps.aggregate(
        applications=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        accepted=Count("id", filter=Q(status__in=TAKES_A_PLACE)),
        declined=Count("id", filter=Q(status__in=[ApplicationStatus.DECLINED, ApplicationStatus.NOT_RELEASED])),
        completed=Count("id", filter=done),
        teachers=Count("teacher", filter=done, distinct=True),
        schools=Count("school", filter=done, distinct=True),
    )
    return PlacementCounts(places=place_totals["total"], published_places=place_totals["published"], **totals)


# --- hybrid teachers -----------------------------------------------------------------------------


def hybrid_profiles(params):
    qs = (
        HybridTeacherProfile.objects.filter(is_visible=True, user__is_active=True)
        .select_related("user", "school", "company", "province")
        .prefetch_related("studiedomeinen", "themes")
    )
    text = (params.get("q") or "").strip()[:100]
    if text:
        qs = qs.filter(
            Q(user__first_name__icontains=text)
            | Q(user__last_name__icontains=text)
            | Q(subjects__icontains=text)
            | Q(job_in_company__icontains=text)
            | Q(company_name__icontains=text)
            | Q(company__name__icontains=text)
            | Q(about__icontains=text)
        )
    if params.get("provincie"):
        qs = qs.filter(province__slug=params.get("provincie"))
    if params.get("studiedomein"):
        qs = qs.filter(studiedomeinen__code=params.get("studiedomein"))
    if params.get("thema"):
        qs = qs.filter(Q(themes__code=params.get("thema")) | Q(themes__parent__code=params.get("thema")))
    if params.get("beschikbaar"):
        # JSON list membership, portable between SQLite and PostgreSQL.
        qs = qs.filter(available_for__icontains=f'"{params.get("beschikbaar")}"')
    return qs.distinct()


# --- dashboard -----------------------------------------------------------------------------------


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    mine = list(my_applications(user).filter(status__in=[*OPEN_STATUSES, ApplicationStatus.COMPLETED])[:5])
    releases = pending_releases(user).count() if led_schools(user) else 0
    waiting = company_pending(user).count() if organisation_ids(user) else 0
    # A company's own places, so that its contact finds them from 'Mijn InnoVET' when no candidate waits.
    places = (
        PlacementPlace.objects.filter(company_id__in=organisation_ids(user)).count() if organisation_ids(user) else 0
    )
    to_reflect = sum(
        1 for a in mine if a.status in TAKES_A_PLACE and not a.reflection and a.starts_on <= timezone.localdate()
    )
    if not (mine or releases or waiting or places):
        return None
    return {
        "applications": mine,
        "releases": releases,
        "waiting": waiting,
        "places": places,
        "to_reflect": to_reflect,
    }


def catalogue_related(state, request):
    """The catalogue search's box: published placements that match the same words and filters (a filter
    the placements index does not know, e.g. graad, means no box rather than a wrong one)."""
    from copy import deepcopy

    from django.urls import reverse

    from .search_indexes import PlacementIndex

    query = deepcopy(state.query)
    known = {f.name for f in PlacementIndex.facets}
    if any(name not in known for name, values in (query.filters or {}).items() if values):
        return None
    query.page, query.per_page = 1, 3
    query.with_facets = query.with_suggestion = False
    result = search_services.search("placements", query)
    if not result.total:
        return None
    by_pk = PlacementPlace.objects.select_related("company").in_bulk(result.pks)
    params = request.GET.copy()
    params.pop("pagina", None)
    return {
        "template": "placements/_catalogue_related.html",
        "total": result.total,
        "places": [by_pk[pk] for pk in result.pks if pk in by_pk],
        "url": reverse("placements:place_list") + (f"?{params.urlencode()}" if params else ""),
    }
