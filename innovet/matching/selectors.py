"""Reads: which needs a person sees, the suggestions of a need, the RTC queue, introductions."""

from django.db.models import Count, OuterRef, Q, Subquery

from innovet.core.models import AuditLog
from innovet.organisations.permissions import organisation_ids, rtc_province_ids, schools

from .engine import OFFER, PARTNER, SCHOOL
from .models import Interest, Introduction, Need, Suggestion, Willingness
from .rules import helping_organisation_ids, provider_organisation_ids, rules_region_q, suggestions_of


def _base():
    return Need.objects.select_related("school", "province", "need_type", "studiedomein").prefetch_related("themes")


def all_needs():
    """Every need (platform administrators), with what the list shows."""
    return _base()


def school_needs(user):
    return _base().filter(school__in=[s.pk for s in schools(user)])


def rtc_queue(user, status=""):
    """New needs first, then the ones in progress, in the RTC's province(s)."""
    provinces = rtc_province_ids(user)
    qs = _base().filter(province_id__in=provinces)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=Need.OPEN_STATUSES)
    return qs.order_by("status", "-created_at", "-id")


def provider_province_ids(user):
    """Provinces where a non-school organisation of the user is located or states it collaborates."""
    from innovet.organisations.permissions import memberships

    own = {m.organisation.province_id for m in memberships(user) if not m.organisation.is_school}
    ids = provider_organisation_ids(user)  # a school's own willingness opens no other school's needs
    if not ids:
        return own
    willing = Willingness.objects.filter(organisation_id__in=ids, is_active=True)
    if willing.filter(region=Willingness.Region.FLANDERS).exists():
        from innovet.geo.models import Province

        return set(Province.objects.filter(in_scope=True).values_list("id", flat=True)) | own
    return own | set(willing.filter(region=Willingness.Region.PROVINCES).values_list("provinces__id", flat=True)) - {
        None
    }


def provider_needs(user):
    return _base().filter(province_id__in=provider_province_ids(user), status__in=Need.OPEN_STATUSES)


def matched_needs(user):
    """Needs a partner organisation of the user was introduced to."""
    ids = organisation_ids(user)
    return _base().filter(introductions__partner_id__in=ids).distinct()


def provider_matches(user):
    """Open needs that the scorer matched to an offer or a willingness of the user's organisations, best
    match first. Read without personal data: the view shows no names of the school's people."""
    ids = helping_organisation_ids(user)
    ours = suggestions_of(ids)
    best = ours.filter(need_id=OuterRef("pk")).order_by("-score").values("score")[:1]
    return (
        _base()
        .filter(status__in=Need.OPEN_STATUSES, pk__in=ours.values("need_id"))
        .annotate(best_score=Subquery(best))
        .order_by("-best_score", "-created_at", "-id")
    )


def attach_matches(user, needs):
    """For one page of needs: which of our offers or willingness matched each (``need.our_matches``, best
    first) and whether we already said we can help (``need.our_interest``). A few queries per page."""
    from .sources import offer_model

    ids = helping_organisation_ids(user)
    by_id = {n.pk: n for n in needs}
    for n in needs:
        n.our_matches, n.our_interest = [], None
    rows = list(
        suggestions_of(ids).filter(need_id__in=by_id).select_related("willingness").order_by("need_id", "-score", "id")
    )
    model = offer_model()
    offers = model.objects.in_bulk([s.offer_id_ref for s in rows if s.offer_id_ref]) if model else {}
    for s in rows:
        target = offers.get(s.offer_id_ref) if s.offer_id_ref else s.willingness
        if target is not None:
            by_id[s.need_id].our_matches.append((target, s.score))
    for interest in Interest.objects.filter(need_id__in=by_id, organisation_id__in=ids):
        by_id[interest.need_id].our_interest = interest
    return needs


def interests_for_need(need):
    return need.interests.select_related("organisation", "created_by")


def filter_needs(qs, q="", theme=None, domain=None, status=""):
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(studierichting__icontains=q))
    if theme is not None:
        qs = qs.filter(Q(themes=theme) | Q(themes__parent=theme)).distinct()
    if domain is not None:
        qs = qs.filter(studiedomein=domain)
    if status:
        qs = qs.filter(status=status)
    return qs


def suggestions(need):
    """Suggestions per kind, each with its target object resolved (a few queries, not one per row)."""
    rows = list(
        Suggestion.objects.filter(need=need)
        .select_related("willingness__organisation", "peer_need__school", "peer_need__need_type", "confirmed_by")
        .order_by("kind", "-confirmed_at", "rank", "-score", "id")
    )
    offers = {}
    offer_ids = [s.offer_id_ref for s in rows if s.offer_id_ref]
    if offer_ids:
        from .sources import offer_model

        model = offer_model()
        if model is not None:
            offers = model.objects.prefetch_related("providers").in_bulk(offer_ids)
    explain_missing(need, rows)
    grouped = {OFFER: [], PARTNER: [], SCHOOL: []}
    for s in rows:
        s.offer_obj = offers.get(s.offer_id_ref)
        if s.kind == OFFER and s.offer_obj is None:
            continue
        # Every factor carries the distance the engine measured (None: no place to measure from).
        s.distance_km = next((f.get("km") for f in s.factors if "km" in f), None)
        s.providers = list(s.offer_obj.providers.all()) if s.offer_obj is not None else []
        grouped[s.kind].append(s)
    for kind in grouped:
        grouped[kind].sort(key=lambda s: (s.confirmed_at is None, -s.score, s.id))
    grouped[OFFER] = group_same_titles(grouped[OFFER])
    return grouped


def group_same_titles(items):
    """One entry per offer title: the best-placed one, with the others offering the same title in
    ``s.same_title`` (by score), so that six sessions of one course don't fill the list."""
    firsts, by_title = [], {}
    for s in items:
        key = " ".join(s.offer_obj.title.split()).casefold()
        if key in by_title:
            by_title[key].same_title.append(s)
        else:
            s.same_title = []
            by_title[key] = s
            firsts.append(s)
    return firsts


def explain_missing(need, rows):
    """Suggestions stored by a bulk recompute carry their points but no sentences yet: write them now
    (a few queries for the whole list) and keep them, so the next reader gets them for free."""
    from . import sources
    from .engine import explain_factors

    missing = [s for s in rows if s.factors and "text" not in s.factors[0]]
    if not missing:
        return
    need_obj = sources.need_queryset().get(pk=need.pk)
    spec = sources.need_spec(need_obj)
    near = (need_obj.school.latitude, need_obj.school.longitude)
    ids = {
        kind: [s.offer_id_ref or s.willingness_id or s.peer_need_id for s in missing if s.kind == kind]
        for kind in (OFFER, PARTNER, SCHOOL)
    }
    specs = {}
    if ids[PARTNER]:
        for w in sources.willingness_queryset().filter(pk__in=ids[PARTNER]):
            specs[(PARTNER, w.pk)] = sources.willingness_spec(w)
    if ids[SCHOOL]:
        for n in sources.need_queryset().filter(pk__in=ids[SCHOOL]):
            specs[(SCHOOL, n.pk)] = sources.peer_spec(n)
    offers = sources.offer_queryset()
    if ids[OFFER] and offers is not None:
        for o in offers.filter(pk__in=ids[OFFER]):
            specs[(OFFER, o.pk)] = sources.offer_spec(o, near)
    vocab = sources.vocabulary()
    done = []
    for s in missing:
        cand = specs.get(s.target_key)
        if cand is not None:
            explain_factors(s.factors, spec, cand, vocab)
            done.append(s)
    Suggestion.objects.bulk_update(done, ["factors"])


def introductions_for_need(need):
    return need.introductions.select_related("partner", "introduced_by").order_by("-created_at")


def introductions_for_user(user):
    ids = organisation_ids(user)
    school_ids = [s.pk for s in schools(user)]
    return (
        Introduction.objects.filter(Q(partner_id__in=ids) | Q(need__school_id__in=school_ids))
        .select_related("need", "need__school", "partner")
        .order_by("-created_at")
    )


def willingness_for_user(user):
    return (
        Willingness.objects.filter(organisation_id__in=organisation_ids(user))
        .select_related("organisation")
        .prefetch_related("themes", "resources")
    )


def willingness_list(province_ids=None):
    qs = (
        Willingness.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation", "province")
        .prefetch_related("themes", "resources", "studiedomeinen")
    )
    if province_ids:
        qs = qs.filter(
            Q(province_id__in=province_ids)
            | Q(region=Willingness.Region.FLANDERS)
            | Q(region=Willingness.Region.PROVINCES, provinces__in=province_ids)
        ).distinct()
    return qs


def history(obj, limit=30):
    return AuditLog.objects.for_object(obj).select_related("actor")[:limit]


def status_counts(qs):
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    context = {}
    if schools(user):
        context["school_needs"] = list(school_needs(user).filter(status__in=Need.OPEN_STATUSES)[:5])
    if rtc_province_ids(user):
        context["queue_new"] = rtc_queue(user, status=Need.Status.NEW).count()
        context["queue_open"] = rtc_queue(user).count()
    intros = introductions_for_user(user).filter(status__in=Introduction.OPEN_STATUSES)
    context["open_introductions"] = list(intros[:5])
    if not any(context.values()):
        return None
    return context


__all__ = ["rules_region_q"]
