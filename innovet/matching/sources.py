"""From database rows to the scorer's specs, and the candidate pre-filters in SQL.

The catalogue (``innovet.catalogue``) is read through ``offer_model()`` and ``offer_spec()`` only, so
that the rest of the module does not depend on the details of its Offer model.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from innovet.geo.services import bounding_box
from innovet.taxonomy.models import Term

from .engine import INDIVIDUAL, OFFER, PARTNER, SCHOOL, TEAM, CandidateIndex, CandidateSpec, NeedSpec, Vocabulary
from .models import Need, Participation, Willingness

# What a partner's contribution (bedrijfsmiddel) can offer, in terms of the support forms schools ask
# for (ondersteuningsvorm). Codes, not labels: the labels live in the taxonomy.
RESOURCE_FORMS = {
    "personeel": ("coaching", "workshops", "lezingen", "innovatief-samenwerken", "netwerk-bedrijven"),
    "bedrijfsinfrastructuur": ("infrastructuur", "bedrijfsstages"),
    "infrastructuur-scholen": ("infrastructuur",),
    "handleidingen": ("inhoud-lesmateriaal",),
    "bestaand-materiaal": ("inhoud-lesmateriaal", "lesmateriaal", "infrastructuur"),
    "stageplaatsen": ("bedrijfsstages", "innovatief-samenwerken"),
    "financiele-steun": (),
}
# A school that wants to develop material together offers this.
CO_DEVELOP_FORMS = ("lesmateriaal", "inhoud-lesmateriaal", "netwerk-collegas")

# Catalogue kinds of offer (codes) and the support forms they deliver.
KIND_FORMS = {
    "opleiding": ("workshops",),
    "opleiding-geven": ("bedrijfsstages", "innovatief-samenwerken"),
    "workshop": ("workshops",),
    "bedrijfsstage": ("bedrijfsstages", "innovatief-samenwerken"),
    "werkplekleren": ("bedrijfsstages", "innovatief-samenwerken"),
    "train-the-trainer": ("workshops", "coaching"),
    "10-dagenregeling": ("bedrijfsstages", "workshops"),
    "tiendagenregeling": ("bedrijfsstages", "workshops"),
    "netwerkmoment": ("netwerk-collegas", "netwerk-bedrijven"),
    "lezing": ("lezingen",),
    "coaching": ("coaching",),
    "infrastructuur-delen": ("infrastructuur",),
    "infrastructuur": ("infrastructuur",),
    "leeromgeving": ("inhoud-lesmateriaal", "lesmateriaal"),
    "lesmateriaalpakket": ("lesmateriaal", "inhoud-lesmateriaal"),
    "lesmateriaal": ("lesmateriaal", "inhoud-lesmateriaal"),
    "vervangingsaanbod": (),
}

_VOCAB = None


def vocabulary():
    """Bit positions and labels for the scorer (one per process; reference lists change rarely)."""
    global _VOCAB
    if _VOCAB is None:
        v = Vocabulary()
        rows = Term.objects.filter(
            vocabulary__code__in=["thema", "studiedomein", "graad", "ondersteuningsvorm", "aanbodsoort"]
        ).values_list("vocabulary__code", "code", "label", "parent__code")
        for vocab_code, code, label, parent in rows:
            if vocab_code == "aanbodsoort":  # kinds of offer explain the 'vorm' factor too
                vocab_code = "ondersteuningsvorm"
            v.labels[(vocab_code, code)] = label
            if vocab_code == "thema":
                v.theme_parent[code] = parent or ""
        _VOCAB = v
    return _VOCAB


def vocabulary_from_rows(rows):
    """The same, from (vocabulary, code, label, parent) rows (the evaluation reads the CSV directly)."""
    v = Vocabulary()
    for vocab_code, code, label, parent in rows:
        if vocab_code == "aanbodsoort":
            vocab_code = "ondersteuningsvorm"
        v.labels[(vocab_code, code)] = label
        if vocab_code == "thema":
            v.theme_parent[code] = parent or ""
    return v


def _age_days(moment):
    if moment is None:
        return 0.0
    return max((timezone.now() - moment).total_seconds() / 86400.0, 0.0)


def _codes(manager):
    return tuple(sorted(t.code for t in manager.all()))


# --- needs ------------------------------------------------------------------------------------------


def need_spec(need: Need) -> NeedSpec:
    forms = set(_codes(need.support_forms))
    for kind in need.offer_kinds or ():
        forms.update(KIND_FORMS.get(kind, ()))
        forms.add(kind)
    school = need.school
    return NeedSpec(
        id=need.pk,
        school_id=need.school_id,
        themes=_codes(need.themes),
        domain=need.studiedomein.code if need.studiedomein_id else "",
        graden=_codes(need.graden),
        forms=tuple(sorted(forms)),
        lat=school.latitude,
        lon=school.longitude,
        max_km=float(need.max_distance_km),
        province=str(need.province_id),
        budget=float(need.budget_per_participant) if need.budget_per_participant is not None else None,
        participation=TEAM if need.participation == Participation.TEAM else INDIVIDUAL,
        period_start=need.period_start,
        period_end=need.period_end,
        moments=tuple(need.moments or ()),
    )


def peer_spec(need: Need) -> CandidateSpec:
    """Another school's need as a candidate for a cross-school team."""
    school = need.school
    return CandidateSpec(
        id=need.pk,
        kind=SCHOOL,
        org_id=need.school_id,
        title=need.title,
        themes=_codes(need.themes),
        domains=(need.studiedomein.code,) if need.studiedomein_id else (),
        graden=_codes(need.graden),
        lat=school.latitude,
        lon=school.longitude,
        reach_km=float(need.max_distance_km),
        participation=TEAM if need.participation == Participation.TEAM else INDIVIDUAL | TEAM,
        period_start=need.period_start,
        period_end=need.period_end,
        moments=tuple(need.moments or ()),
        age_days=_age_days(need.updated_at),
    )


def need_queryset():
    return Need.objects.select_related("school", "studiedomein", "province").prefetch_related(
        "themes", "graden", "support_forms"
    )


# --- willingness ------------------------------------------------------------------------------------


def current_school_year(today=None):
    today = today or timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


def willingness_spec(w: Willingness, used=0) -> CandidateSpec:
    forms = set()
    for code in _codes(w.resources):
        forms.update(RESOURCE_FORMS.get(code, ()))
    if w.co_develop_material:
        forms.update(CO_DEVELOP_FORMS)
    org = w.organisation
    if w.region == Willingness.Region.RADIUS:
        reach, provinces = float(w.radius_km), ()
    elif w.region == Willingness.Region.PROVINCES:
        reach, provinces = None, tuple(str(p.pk) for p in w.provinces.all())
    else:
        reach, provinces = None, ()
    located = w.region == Willingness.Region.RADIUS
    return CandidateSpec(
        id=w.pk,
        kind=PARTNER,
        org_id=w.organisation_id,
        title=w.title,
        themes=_codes(w.themes),
        domains=_codes(w.studiedomeinen),
        forms=tuple(sorted(forms)),
        lat=org.latitude if located else None,
        lon=org.longitude if located else None,
        reach_km=reach,
        provinces=provinces,
        capacity_left=max(w.capacity_per_year - used, 0),
        age_days=_age_days(w.updated_at),
    )


def willingness_queryset():
    return (
        Willingness.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related("resources", "themes", "studiedomeinen", "provinces")
    )


def _used_capacity(willingness_ids):
    """Introductions agreed or in progress this school year count against a partner's capacity."""
    from django.db.models import Count

    from .models import Introduction

    year = current_school_year()
    start = date(int(year[:4]), 9, 1)
    rows = (
        Introduction.objects.filter(
            willingness_id__in=willingness_ids,
            created_at__date__gte=start,
            status__in=[Introduction.Status.AGREED, Introduction.Status.DONE, Introduction.Status.CONTACTED],
        )
        .values("willingness_id")
        .annotate(n=Count("id"))
    )
    return {r["willingness_id"]: r["n"] for r in rows}


# --- catalogue offers -------------------------------------------------------------------------------


def offer_model():
    try:
        return apps.get_model("catalogue", "Offer")
    except LookupError:
        return None


def get_offer(pk):
    model = offer_model()
    if model is None:
        return None
    return model.objects.filter(pk=pk).first()


AUDIENCE_PARTICIPATION = {"individueel": INDIVIDUAL, "team": TEAM, "beide": INDIVIDUAL | TEAM}


def session_moments(sessions):
    """The moments (Moment codes) at which an offer's sessions take place."""
    moments = set()
    for s in sessions:
        start = timezone.localtime(s.starts_at)
        if start.weekday() == 5:
            moments.add("zaterdag")
        elif s.within_school_hours:
            moments.add("binnen-schooluren")
        else:
            moments.add("buiten-schooluren")
        if start.weekday() == 2 and start.hour >= 12:
            moments.add("woensdagnamiddag")
    return tuple(sorted(moments))


def _travel_free(location):
    return bool(location.location_type.data.get("online")) or location.location_type.code == "eigen-school"


def offer_spec(offer, near=None) -> CandidateSpec:
    """An offer as a candidate. With ``near`` (lat, lon), the location closest to that point is used;
    an online offer or one at the school itself needs no travel."""
    from innovet.geo.services import haversine_km

    locations = list(offer.locations.all())
    lat = lon = None
    if not any(_travel_free(loc) for loc in locations):
        points = [loc for loc in locations if loc.has_point]
        if points:
            if near and near[0] is not None:
                points.sort(key=lambda loc: haversine_km(near[0], near[1], loc.latitude, loc.longitude))
            lat, lon = points[0].latitude, points[0].longitude
    sessions = list(offer.sessions.all())
    if sessions:
        start = timezone.localtime(min(s.starts_at for s in sessions)).date()
        end = timezone.localtime(max(s.ends_at for s in sessions)).date()
    else:
        start, end = offer.valid_from, offer.valid_until
    providers = list(offer.providers.all())
    kind = offer.kind.code if offer.kind_id else ""
    return CandidateSpec(
        id=offer.pk,
        kind=OFFER,
        org_id=providers[0].pk if providers else 0,
        title=offer.title,
        themes=_codes(offer.themes),
        domains=_codes(offer.studiedomeinen),
        graden=_codes(offer.graden),
        forms=(kind,) + tuple(sorted(set(KIND_FORMS.get(kind, ())) - {kind})) if kind else (),
        lat=lat,
        lon=lon,
        cost=float(offer.cost) if offer.cost is not None else None,
        participation=AUDIENCE_PARTICIPATION.get(offer.audience, INDIVIDUAL | TEAM),
        period_start=start,
        period_end=end,
        moments=session_moments(sessions),
        age_days=_age_days(offer.last_confirmed_at or offer.updated_at),
    )


def offer_queryset():
    model = offer_model()
    if model is None:
        return None
    today = timezone.localdate()
    return (
        model.objects.published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("kind")
        .prefetch_related("themes", "studiedomeinen", "graden", "providers", "sessions", "locations__location_type")
    )


# --- pre-filters in SQL -----------------------------------------------------------------------------


def _theme_family_q(prefix, need):
    """Candidates that share at least one main theme with the need (or every candidate without themes)."""
    codes = [t.code for t in need.themes.all()]
    if not codes:
        return Q()
    v = vocabulary()
    roots = {v.root(c) for c in codes}
    family = [c for c, parent in v.theme_parent.items() if c in roots or parent in roots]
    return Q(**{f"{prefix}themes__code__in": family})


def _box_q(prefix, need, km):
    school = need.school
    if school.latitude is None:
        return Q()
    lat0, lat1, lon0, lon1 = bounding_box(school.latitude, school.longitude, km)
    return Q(
        **{
            f"{prefix}latitude__gte": lat0,
            f"{prefix}latitude__lte": lat1,
            f"{prefix}longitude__gte": lon0,
            f"{prefix}longitude__lte": lon1,
        }
    )


def partner_candidates(need):
    qs = willingness_queryset().filter(_theme_family_q("", need)).exclude(organisation_id=need.school_id)
    region = (
        (Q(region=Willingness.Region.RADIUS) & _box_q("organisation__", need, need.max_distance_km))
        | Q(region=Willingness.Region.PROVINCES, provinces=need.province_id)
        | Q(region=Willingness.Region.FLANDERS)
    )
    items = list(qs.filter(region).distinct())
    used = _used_capacity([w.pk for w in items])
    return [willingness_spec(w, used.get(w.pk, 0)) for w in items]


def peer_candidates(need):
    qs = (
        need_queryset()
        .open()
        .filter(_theme_family_q("", need), _box_q("school__", need, min(need.max_distance_km, 200)))
        .exclude(school_id=need.school_id)
        .distinct()
    )
    return [peer_spec(n) for n in qs]


def offer_candidates(need):
    qs = offer_queryset()
    if qs is None:
        return []
    near = (need.school.latitude, need.school.longitude)
    return [offer_spec(o, near) for o in qs.filter(_theme_family_q("", need)).distinct()]


def build_index(kind, specs):
    return CandidateIndex(kind, specs, vocabulary())
