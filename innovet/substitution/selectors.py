"""Reads for substitution: the offer register, suggestions for a request, who sees which requests,
and ``request_counts(province=None)`` for insights (met vs open)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.organisations.permissions import memberships, organisation_ids

from .models import (
    OPEN_REQUEST_STATUSES,
    CurriculumFit,
    OfferStatus,
    RequestStatus,
    SubstitutionOffer,
    SubstitutionRequest,
)
from .rules import LEADER_ROLES


def offer_queryset():
    return SubstitutionOffer.objects.select_related("provider").prefetch_related(
        "provinces",
        "studiedomeinen",
        "graden",
        "onderwijsvormen",
        Prefetch("fits", queryset=CurriculumFit.objects.select_related("pbd")),
    )


def offers(params):
    """The public register: published offers, filtered by region, subject, pupils' year, kind and words."""
    qs = offer_queryset().filter(status=OfferStatus.PUBLISHED)
    text = (params.get("q") or "").strip()[:100]
    if text:
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(subjects__icontains=text)
            | Q(provider__name__icontains=text)
        )
    if params.get("provincie"):
        # No provinces means all of Flanders and Brussels.
        qs = qs.filter(Q(provinces__slug=params.get("provincie")) | Q(provinces__isnull=True))
    if params.get("studiedomein"):
        qs = qs.filter(studiedomeinen__code=params.get("studiedomein"))
    if params.get("graad"):
        qs = qs.filter(graden__code=params.get("graad"))
    if params.get("soort"):
        qs = qs.filter(kind=params.get("soort"))
    if params.get("gratis"):
        qs = qs.filter(free=True)
    return qs.distinct().order_by("title", "id")


def my_offers(user):
    qs = SubstitutionOffer.objects.select_related("provider").annotate(
        waiting=Count("requests", filter=Q(requests__status=RequestStatus.PROPOSED))
    )
    if not user.is_superuser:
        qs = qs.filter(provider_id__in=organisation_ids(user))
    return qs.order_by("title", "id")


def suggestions(request, limit=5):
    """Published offers that fit the request: the region is a must (an offer for the school's province or
    for everywhere), then the subject (studiedomein), the pupils' year (graad) and the dates count.
    Returns [(offer, score, problem)], best first; ``problem`` is the date rule an offer breaks (or None)."""
    from .services import check_offer_fits_dates

    qs = offer_queryset().filter(status=OfferStatus.PUBLISHED)
    if request.province_id:
        qs = qs.filter(Q(provinces=request.province_id) | Q(provinces__isnull=True))
    rows = []
    for offer in qs.distinct():
        score = 1.0
        domains = {t.pk for t in offer.studiedomeinen.all()}
        if request.studiedomein_id and request.studiedomein_id in domains:
            score += 3
        elif domains and request.studiedomein_id:
            score -= 0.5
        grades = {t.pk for t in offer.graden.all()}
        if request.graad_id and request.graad_id in grades:
            score += 2
        if request.province_id and any(p.pk == request.province_id for p in offer.provinces.all()):
            score += 1  # a regional offer before a Flanders-wide one
        problem = check_offer_fits_dates(offer, request)
        if problem:
            score -= 4
        if any(f.fit == "sluit-aan" for f in offer.fits.all()):
            score += 0.5
        rows.append((offer, score, problem))
    rows.sort(key=lambda r: (-r[1], r[0].title))
    return rows[:limit]


def request_queryset():
    return SubstitutionRequest.objects.select_related(
        "school", "province", "teacher", "requested_by", "offer__provider", "studiedomein", "graad"
    )


def led_schools(user):
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation.is_school and (m.role in LEADER_ROLES or m.can_manage)
    ]


def visible_requests(user):
    """Requests the user follows: their own, their school's (leadership), those asked of their organisation."""
    if user.is_superuser:
        return request_queryset()
    schools = [s.pk for s in led_schools(user)]
    orgs = organisation_ids(user)
    return request_queryset().filter(
        Q(teacher=user) | Q(requested_by=user) | Q(school_id__in=schools) | Q(offer__provider_id__in=orgs)
    )


def open_for_schools(user):
    """What directors see: open requests of the schools they lead, soonest first."""
    schools = [s.pk for s in led_schools(user)]
    return request_queryset().filter(school_id__in=schools, status__in=OPEN_REQUEST_STATUSES)


def incoming_for_provider(user):
    return request_queryset().filter(offer__provider_id__in=organisation_ids(user), status=RequestStatus.PROPOSED)


def running_request_for(obj):
    ct = ContentType.objects.get_for_model(obj)
    return (
        SubstitutionRequest.objects.filter(source_type=ct, source_id=str(obj.pk))
        .exclude(status=RequestStatus.CANCELLED)
        .first()
    )


# --- read API for other modules ------------------------------------------------------------------


class RequestCounts(dict):
    """The figures by key (for code), and ``labelled_rows()`` with Dutch labels (insights shows these)."""

    LABELS = {
        "total": _("Aanvragen"),
        "met": _("Ingevuld (bevestigd)"),
        "open": _("Open"),
        "cancelled": _("Geannuleerd"),
        "met_share": _("Ingevuld (% van de niet-geannuleerde)"),
    }

    def labelled_rows(self):
        return [(str(label), self[key]) for key, label in self.LABELS.items() if key in self]


def request_counts(province=None):
    """Requests met (confirmed) and open, per province of the school (or everywhere): one query."""
    qs = SubstitutionRequest.objects.all()
    if province is not None:
        qs = qs.filter(province_id=getattr(province, "pk", province))
    totals = qs.aggregate(
        total=Count("id"),
        met=Count("id", filter=Q(status=RequestStatus.CONFIRMED)),
        open=Count("id", filter=Q(status__in=OPEN_REQUEST_STATUSES)),
        cancelled=Count("id", filter=Q(status=RequestStatus.CANCELLED)),
    )
    asked = totals["total"] - totals["cancelled"]
    totals["met_share"] = round(100 * totals["met"] / asked) if asked else 0
    return RequestCounts(totals)


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    open_school = open_for_schools(user).count() if led_schools(user) else 0
    incoming = incoming_for_provider(user).count() if organisation_ids(user) else 0
    mine = list(
        request_queryset().filter(
            Q(teacher=user) | Q(requested_by=user), status__in=OPEN_REQUEST_STATUSES, ends_on__gte=timezone.localdate()
        )[:3]
    )
    if not (open_school or incoming or mine):
        return None
    return {"open_school": open_school, "incoming": incoming, "mine": mine}
