"""Reads: search state from a URL, results with their objects and distances, facet labels, queues."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovet.core.models import AuditLog
from innovet.geo.models import Province
from innovet.geo.services import haversine_km, resolve_postcode
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.organisations.permissions import (
    is_platform_admin,
    memberships,
    organisation_ids,
    rtc_province_ids,
    schools,
)
from innovet.search import services as search_services
from innovet.search.query import SearchQuery
from innovet.search.registry import get_index
from innovet.taxonomy.models import Term

from . import related
from .models import (
    STALE_AFTER,
    Audience,
    Initiative,
    InitiativePartner,
    Offer,
    OfferLocation,
    OfferSession,
    SavedSearch,
    Status,
)
from .search_indexes import CATALOGUE_INDEX, OFFERS_SOURCE

PER_PAGE = 20
RADII = [10, 25, 50, 75, 100]
SORTS = {
    "relevantie": "relevance",
    "eerstvolgende": "date",
    "afstand": "distance",
    "nieuwste": "newest",
}
# Facets whose values are codes of a taxonomy vocabulary.
VOCABULARY_OF = {
    "soort": "aanbodsoort",
    "pijler": "pijler",
    "thema": "thema",
    "transitie": "transitieprioriteit",
    "studiedomein": "studiedomein",
    "graad": "graad",
    "onderwijsvorm": "onderwijsvorm",
    "nood": "noodtype",
    "kost": "kostenband",
    "locatietype": "locatietype",
    "doel": "initiatiefdoel",
}
# The order facets appear in on the page (the index declares which exist).
MAX_EXPORT = 5000


@dataclass
class SearchState:
    """Everything a search page needs, parsed from its (shareable) URL."""

    index_name: str
    query: SearchQuery
    text: str = ""
    postcode: str = ""
    radius: int | None = None
    near_school: bool = False
    origin: tuple[float, float] | None = None
    origin_label: str = ""
    sort_param: str = "relevantie"
    within_budget: bool = False  # 'past in mijn resterende budget'
    budget_remaining: object = None  # the user's remaining nascholingsbudget (Decimal), when they have one
    errors: dict = field(default_factory=dict)


def parse_search(params, user, index_name="offers", per_page=PER_PAGE):
    """Turn GET parameters into a SearchQuery. Unknown values are dropped; bad input becomes a Dutch error."""
    index = get_index(index_name)
    text = (params.get("q") or "").strip()[:200]
    filters = {}
    for facet in index.facets:
        values = [v for v in params.getlist(facet.name) if v and len(v) <= 200]
        if values:
            filters[facet.name] = values[:50]
    state = SearchState(index_name=index_name, query=SearchQuery(text=text, filters=filters), text=text)
    # Distance: from a postcode, or from the user's own school.
    state.postcode = (params.get("postcode") or "").strip()[:4]
    state.near_school = params.get("bijmijnschool") == "1"
    if state.near_school and getattr(user, "is_authenticated", False):
        own = [s for s in schools(user) if s.has_location]
        if own:
            state.origin = (own[0].latitude, own[0].longitude)
            state.origin_label = own[0].name
        else:
            state.errors["bijmijnschool"] = _("Je bent niet verbonden aan een school met een adres.")
    elif state.near_school:
        state.errors["bijmijnschool"] = _("Meld je aan om te zoeken rond je eigen school.")
    if state.origin is None and state.postcode:
        try:
            place = resolve_postcode(state.postcode)
        except ValidationError as exc:
            state.errors["postcode"] = " ".join(exc.messages)
        else:
            state.origin = (place.latitude, place.longitude)
            state.origin_label = f"{place.postcode} {place.municipality}"
    radius = params.get("km")
    if radius:
        try:
            state.radius = int(radius)
        except ValueError:
            state.errors["km"] = _("Kies een afstand in kilometer.")
        else:
            if not 1 <= state.radius <= 300:
                state.errors["km"] = _("Kies een afstand tussen 1 en 300 km.")
                state.radius = None
            elif state.origin is None and not state.errors:
                state.errors["km"] = _("Geef een postcode (of kies 'rond mijn school') om op afstand te zoeken.")
    if index_name in ("offers", CATALOGUE_INDEX):
        _budget_filter(state, params, user)
    state.sort_param = params.get("sorteer") if params.get("sorteer") in SORTS else "relevantie"
    if state.sort_param == "relevantie" and not text:
        state.sort_param = "eerstvolgende" if index_name in ("offers", CATALOGUE_INDEX) else "nieuwste"
    q = state.query
    q.sort = SORTS[state.sort_param]
    if q.sort == "distance" and state.origin is None:
        q.sort = "relevance"
        state.sort_param = "relevantie"
    q.near = state.origin
    q.radius_km = state.radius if state.origin else None
    try:
        q.page = max(1, min(int(params.get("pagina") or 1), 500))
    except ValueError:
        q.page = 1
    q.per_page = per_page
    return state


def remaining_budget(user):
    """The user's remaining nascholingsbudget (the budget app's, when installed), or None."""
    if not apps.is_installed("innovet.budget"):
        return None
    from innovet.budget.selectors import remaining_for

    return remaining_for(user)


def _budget_filter(state, params, user):
    """'Past in mijn resterende budget': the hidden price facet, every indexed price up to what remains."""
    state.budget_remaining = remaining_budget(user)
    if params.get("binnenbudget") != "1":
        return
    if state.budget_remaining is None:
        state.errors["binnenbudget"] = _("Je hebt (nog) geen nascholingsbudget om mee te vergelijken.")
        return
    state.within_budget = True
    # The prices are the offers' (netwerkmomenten have none: with this filter the page shows offers only).
    prices = search_services.facet_totals("offers")[1].get("prijs", {})
    fitting = [v for v in prices if v.isdigit() and int(v) <= state.budget_remaining]
    # No price fits: a value no offer has, so the result is empty rather than unfiltered.
    state.query.filters["prijs"] = fitting or ["geen"]


def run_search(state):
    return search_services.search(state.index_name, state.query)


def offers_for_hits(hits, full=False):
    """The offers of a result page, in the engine's order, with what the result cards show
    (``full``: everything the API returns, in a fixed number of queries)."""
    pks = [h.pk for h in hits]
    qs = (
        Offer.objects.filter(pk__in=pks, status=Status.PUBLISHED)
        .select_related("kind", "pillar", "province")
        .prefetch_related(
            "providers",
            "themes",
            Prefetch("locations", queryset=OfferLocation.objects.select_related("location_type", "province")),
            Prefetch("sessions", queryset=OfferSession.objects.order_by("starts_at")),
        )
    )
    if full:
        qs = qs.prefetch_related("transition_priorities", "studiedomeinen", "graden", "onderwijsvormen", "need_types")
    objs = qs.in_bulk()
    results = []
    for hit in hits:
        obj = objs.get(hit.pk)
        if obj is not None:  # deleted since it was indexed
            obj.distance_km = hit.distance_km
            results.append(obj)
    return results


OFFER_CARD = "catalogue/_offer_card.html"


def catalogue_items(hits):
    """The results of a catalogue page in the engine's order: offers and what other modules add (events),
    each loaded by its own module in a fixed number of queries, each with the card it is shown with."""
    sources = related.result_sources()
    by_index = {}
    for hit in hits:
        by_index.setdefault(hit.index or "offers", []).append(hit)
    loaded = {}
    for index_name, index_hits in by_index.items():
        if index_name == "offers":
            objs, template = offers_for_hits(index_hits), OFFER_CARD
        elif index_name in sources:
            objs, template = sources[index_name].loader(index_hits), sources[index_name].template
        else:
            continue
        distances = {h.pk: h.distance_km for h in index_hits}
        for obj in objs:
            obj.card_template = template
            obj.result_kind = index_name
            obj.distance_km = distances.get(obj.pk)
            loaded[(index_name, obj.pk)] = obj
    return [loaded[(h.index or "offers", h.pk)] for h in hits if (h.index or "offers", h.pk) in loaded]


def initiatives_for_hits(hits, full=False):
    pks = [h.pk for h in hits]
    partners = InitiativePartner.objects.select_related("organisation", "role") if full else InitiativePartner.objects
    qs = (
        Initiative.objects.filter(pk__in=pks, status=Status.PUBLISHED)
        .select_related("lead")
        .prefetch_related("provinces", "goals", "themes", Prefetch("partners", queryset=partners.all()))
    )
    if full:
        qs = qs.prefetch_related(
            "transition_priorities", "studiedomeinen", Prefetch("offers", queryset=Offer.objects.only("pk"))
        )
    objs = qs.in_bulk()
    results = []
    for hit in hits:
        obj = objs.get(hit.pk)
        if obj is not None:
            obj.distance_km = hit.distance_km
            results.append(obj)
    return results


def next_session(offer):
    now = timezone.now()
    return next((s for s in offer.sessions.all() if s.starts_at >= now), None)


# --- facet labels ------------------------------------------------------------------------------


def _month_label(value):
    try:
        year, month = (int(p) for p in value.split("-"))
        return date_format(date(year, month, 1), "F Y")
    except (ValueError, TypeError):
        return value


def value_labels(index_name):
    """{facet: {value: label}} for every facet of an index."""
    labels = {}
    terms = Term.objects.filter(vocabulary__code__in=set(VOCABULARY_OF.values())).select_related("vocabulary")
    by_vocabulary = {}
    for term in terms:
        by_vocabulary.setdefault(term.vocabulary.code, {})[term.code] = term.label
    for facet, vocabulary in VOCABULARY_OF.items():
        labels[facet] = by_vocabulary.get(vocabulary, {})
    labels["provincie"] = dict(Province.objects.values_list("slug", "name"))
    labels["voorwie"] = {"individueel": str(Audience.INDIVIDUAL.label), "team": str(Audience.TEAM.label)}
    labels["moment"] = {"binnen": _("Binnen de schooluren"), "buiten": _("Buiten de schooluren")}
    labels["merkneutraal"] = {"ja": _("Merkneutraal"), "nee": _("Gebonden aan een leverancier")}
    labels["partner"] = {k: str(v) for k, v in OrganisationKind.choices}
    labels["resultaat"] = {OFFERS_SOURCE: _("Aanbod")} | {
        s.value: str(s.label) for s in related.result_sources().values()
    }
    return labels


def facet_panels(state, result):
    """The facets to show: values with a count (zero hidden), selected ones always, the theme as a tree."""
    index = get_index(state.index_name)
    labels = value_labels(state.index_name)
    panels = []
    for facet in index.facets:
        if facet.hidden:
            continue
        counts = dict(result.facets.get(facet.name, []))
        selected = set(state.query.filters.get(facet.name, []))
        names = labels.get(facet.name, {})
        values = list(counts)
        values += [v for v in selected if v not in counts]
        if facet.name == "maand":
            values.sort()
        items = []
        for value in values:
            code = value.rsplit("/", 1)[-1]
            label = _month_label(value) if facet.name == "maand" else names.get(code, code)
            items.append(
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "selected": value in selected,
                    "depth": value.count("/") if facet.hierarchical else 0,
                }
            )
        if facet.hierarchical:
            items = _tree_order(items)
        if items:
            panels.append(
                {
                    "name": facet.name,
                    "label": facet.label,
                    "items": items,
                    "open": bool(selected) or facet.name in ("resultaat", "provincie", "soort", "thema"),
                }
            )
    return panels


def _tree_order(items):
    """Parents (by count) each followed by their children (by count)."""
    parents = [i for i in items if i["depth"] == 0]
    children = {}
    for item in items:
        if item["depth"]:
            children.setdefault(item["value"].split("/")[0], []).append(item)
    ordered = []
    for parent in parents:
        ordered.append(parent)
        ordered.extend(sorted(children.pop(parent["value"], []), key=lambda i: (-i["count"], i["label"])))
    for orphans in children.values():
        ordered.extend(orphans)
    return ordered


def active_filters(state):
    """The chosen facet values as removable chips: (facet, value, label)."""
    labels = value_labels(state.index_name)
    chips = []
    hidden = {f.name for f in get_index(state.index_name).facets if f.hidden}
    for facet, values in state.query.filters.items():
        if facet in hidden:
            continue
        for value in values:
            code = value.rsplit("/", 1)[-1]
            label = _month_label(value) if facet == "maand" else labels.get(facet, {}).get(code, code)
            chips.append({"facet": facet, "value": value, "label": label})
    if state.within_budget:
        chips.append({"facet": "binnenbudget", "value": "1", "label": _("Past in mijn resterende budget")})
    return chips


# --- owners, moderation, history ------------------------------------------------------------


def my_offers(user):
    qs = _owned_offers(user).select_related("kind", "province").prefetch_related("providers", "sessions")
    return qs.order_by("status", "-updated_at", "-pk")


def my_initiatives(user):
    qs = Initiative.objects.select_related("lead")
    if not is_platform_admin(user):
        qs = qs.filter(lead__in=organisation_ids(user))
    return qs.order_by("status", "-updated_at")


def stale_filter():
    cutoff = timezone.now() - STALE_AFTER
    today = timezone.localdate()
    confirmed_before = Q(last_confirmed_at__lt=cutoff) | Q(last_confirmed_at__isnull=True, published_at__lt=cutoff)
    return confirmed_before, today


def moderated_provinces(user, province=None):
    """The provinces whose entries the user moderates (all for a platform administrator), or only `province`."""
    if is_platform_admin(user):
        provinces = set(Province.objects.values_list("pk", flat=True))
    else:
        provinces = rtc_province_ids(user)
    if province is not None:
        provinces &= {province.pk}
    return provinces


def moderation_queue(provinces):
    """Published offers and initiatives in these provinces, newest first, and the recently unpublished offers."""
    # In a province by its own or one of its locations'/regions': a subquery, not a join that needs DISTINCT
    # over every column (the long texts too) in each list and each count.
    located = Q(province__in=provinces) | Q(
        pk__in=OfferLocation.objects.filter(province__in=provinces).values("offer_id")
    )
    offers = (
        Offer.objects.filter(located, status=Status.PUBLISHED)
        .select_related("province")
        .prefetch_related(Prefetch("providers", Organisation.objects.only("name")), "sessions")
        .only("title", "published_at", "last_confirmed_at", "created_at", "valid_until", "province")
        .order_by("-published_at")
    )
    initiatives = (
        Initiative.objects.filter(
            Q(province__in=provinces)
            | Q(pk__in=Initiative.provinces.through.objects.filter(province__in=provinces).values("initiative_id")),
            status=Status.PUBLISHED,
        )
        .select_related("lead")
        .only("title", "lead__name")
        .order_by("-published_at")
    )
    unpublished = (
        Offer.objects.filter(located, status=Status.DRAFT)
        .exclude(unpublish_reason="")
        .select_related("unpublished_by")
        .only("title", "unpublished_at", "unpublish_reason", "unpublished_by")
        .order_by("-unpublished_at")
    )
    return offers, initiatives, unpublished


def stale_entries(model):
    """Published entries past their end date or unconfirmed for 12 months, not reminded in the last 30 days."""
    confirmed_before, today = stale_filter()
    qs = model.objects.filter(status=Status.PUBLISHED).filter(
        Q(stale_reminded_at__isnull=True) | Q(stale_reminded_at__lt=timezone.now() - timedelta(days=30))
    )
    if model is Offer:
        past = Q(valid_until__lt=today) | (
            Q(valid_until__isnull=True, sessions__isnull=False) & ~Q(sessions__ends_at__gte=timezone.now())
        )
    else:
        past = Q(ends_on__lt=today)
    return qs.filter(past | confirmed_before).distinct()


def history(obj, limit=30):
    return AuditLog.objects.for_object(obj).select_related("actor")[:limit]


def offer_detail_queryset():
    return Offer.objects.select_related("kind", "pillar", "province", "unpublished_by").prefetch_related(
        "providers__province",
        "themes__parent",
        "transition_priorities",
        "studiedomeinen",
        "graden",
        "onderwijsvormen",
        "need_types",
        Prefetch("locations", queryset=OfferLocation.objects.select_related("location_type", "province")),
        Prefetch("sessions", queryset=OfferSession.objects.select_related("location").order_by("starts_at")),
        Prefetch("initiatives", queryset=Initiative.objects.published()),
    )


def initiative_detail_queryset():
    return Initiative.objects.select_related("lead__province", "province", "unpublished_by").prefetch_related(
        "provinces",
        "goals",
        "themes__parent",
        "transition_priorities",
        "studiedomeinen",
        Prefetch("partners", queryset=InitiativePartner.objects.select_related("organisation", "role")),
        Prefetch("offers", queryset=Offer.objects.published().select_related("kind")),
    )


def distance_from_school(user, offer):
    """Distance from the user's school to the nearest location of the offer, or None."""
    own = [s for s in schools(user) if s.has_location] if getattr(user, "is_authenticated", False) else []
    points = [loc for loc in offer.locations.all() if loc.has_point]
    if not own or not points:
        return None
    school = own[0]
    return min(haversine_km(school.latitude, school.longitude, p.latitude, p.longitude) for p in points)


def saved_searches(user):
    return SavedSearch.objects.filter(user=user)


def _owned_offers(user):
    """The offers a user manages, each once (a subquery instead of DISTINCT, so that the database can count)."""
    if is_platform_admin(user):
        return Offer.objects.all()
    return Offer.objects.filter(pk__in=Offer.objects.filter(providers__in=organisation_ids(user)).values("pk"))


def _needs_attention(user):
    """Published offers past their end or unconfirmed for a year, and drafts a moderator took offline."""
    confirmed_before, today = stale_filter()
    cutoff = timezone.now() - STALE_AFTER
    never_confirmed = Q(last_confirmed_at__isnull=True, published_at__isnull=True, created_at__lt=cutoff)
    past = Q(valid_until__lt=today) | (
        Q(valid_until__isnull=True, sessions__isnull=False) & ~Q(sessions__ends_at__gte=timezone.now())
    )
    stale = Q(status=Status.PUBLISHED) & (past | confirmed_before | never_confirmed)
    unpublished = Q(status=Status.DRAFT) & ~Q(unpublish_reason="")
    pks = _owned_offers(user).filter(stale | unpublished).values("pk")
    return Offer.objects.filter(pk__in=pks).prefetch_related("sessions").order_by("-updated_at")


def dashboard_panel(request):
    """'Mijn InnoVET': how many offers the user manages, those that need attention, and saved searches."""
    user = request.user
    if not user.is_authenticated:
        return None
    platform = is_platform_admin(user)
    counts = {"total": 0, "published": 0}
    attention = []
    if platform or organisation_ids(user):
        counts = _owned_offers(user).aggregate(
            total=Count("pk"), published=Count("pk", filter=Q(status=Status.PUBLISHED))
        )
        if counts["total"]:
            attention = list(_needs_attention(user)[:5])
    searches = list(saved_searches(user)[:5])
    # A provider (company, sector, RTC …) that has no offer yet gets the way to its first one; a school's
    # members, who mostly look for offers, and the government (the department) do not get an empty panel.
    not_providers = {OrganisationKind.SCHOOL, OrganisationKind.GOVERNMENT}
    provider = any(m.organisation.kind not in not_providers for m in memberships(user))
    can_add = (platform or provider) and user.has_perm("catalogue.add_offer")
    if not counts["total"] and not searches and not can_add:
        return None
    return {
        "can_add": can_add,
        "attention": attention,
        "offer_count": counts["total"],
        "published_count": counts["published"],
        # An administrator manages every offer, whether or not they belong to an organisation.
        "platform_wide": platform,
        "searches": searches,
    }
