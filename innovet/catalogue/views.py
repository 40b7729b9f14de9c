import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from innovet.core.audit import history_page
from innovet.core.forms import add_service_errors
from innovet.core.page_cache import public_page, shared_html
from innovet.geo.models import Province
from innovet.organisations.permissions import schools

from . import calendar, importer, jsonld, related, selectors, services
from .forms import (
    ImportForm,
    InitiativeForm,
    LocationFormSet,
    OfferForm,
    PartnerFormSet,
    SavedSearchForm,
    SessionFormSet,
    UnpublishForm,
    offer_data,
    offer_initial,
)
from .models import ImportJob, SavedSearch, Status
from .search_indexes import CATALOGUE_INDEX


class _ResultPage(Page):
    """A Django Page over the engine's total, so the shared pagination include works."""


def _page(result, query, items):
    paginator = Paginator(range(result.total), query.per_page)
    number = min(query.page, max(1, paginator.num_pages))
    return _ResultPage(items, number, paginator)


# --- search pages -------------------------------------------------------------------------------


def _search_context(request, index_name):
    state = selectors.parse_search(request.GET, request.user, index_name)
    result = selectors.run_search(state)
    if index_name == CATALOGUE_INDEX:
        items = selectors.catalogue_items(result.hits)  # offers and netwerkmomenten, in one ranking
    elif index_name == "offers":
        items = selectors.offers_for_hits(result.hits)
    else:
        items = selectors.initiatives_for_hits(result.hits)
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    chips = selectors.active_filters(state)
    for chip in chips:
        remaining = querystring.copy()
        remaining.setlist(chip["facet"], [v for v in remaining.getlist(chip["facet"]) if v != chip["value"]])
        chip["remove"] = remaining.urlencode()
    return {
        "state": state,
        "result": result,
        "items": items,
        "page": _page(result, state.query, items),
        "total": result.total,
        "facets": selectors.facet_panels(state, result),
        "chips": chips,
        "radii": selectors.RADII,
        "sorts": [(k, _label_of_sort(k)) for k in selectors.SORTS],
        "querystring": querystring.urlencode(),
        "has_school": bool(request.user.is_authenticated and [s for s in schools(request.user) if s.has_location]),
        "saved_form": SavedSearchForm(initial={"name": state.text or _("Mijn zoekopdracht")}),
        "related": related.related(state, request) if index_name in ("offers", CATALOGUE_INDEX) else [],
    }


def _label_of_sort(key):
    return {
        "relevantie": _("Relevantie"),
        "eerstvolgende": _("Eerstvolgende sessie"),
        "afstand": _("Afstand"),
        "nieuwste": _("Nieuwste"),
    }[key]


@public_page
def search(request):
    context = _search_context(request, CATALOGUE_INDEX)
    return render(request, "catalogue/search.html", context)


@public_page
def initiative_list(request):
    context = _search_context(request, "initiatives")
    return render(request, "catalogue/initiative_list.html", context)


def export(request, fmt):
    """The offers of the current search result (all pages, up to 5,000) as CSV or XLSX, in the import columns
    (the search is the catalogue page's, so its filters mean the same; netwerkmomenten are not offers and are
    left out)."""
    state = selectors.parse_search(request.GET, request.user, CATALOGUE_INDEX, per_page=200)
    state.query.with_facets = False
    state.query.with_suggestion = False
    offers = []
    page = 1
    while len(offers) < selectors.MAX_EXPORT:
        state.query.page = page
        result = selectors.run_search(state)
        if not result.hits:
            break
        offers += selectors.offers_for_hits([h for h in result.hits if h.index == "offers"], full=True)
        if page * state.query.per_page >= result.total:
            break
        page += 1
    rows = [importer.offer_row(o) for o in offers[: selectors.MAX_EXPORT]]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(
            importer.write_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(importer.write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innovet-aanbod-{stamp}.{fmt}"'
    return response


# --- offers -----------------------------------------------------------------------------------


def _offer(request, pk, perm="catalogue.view_offer"):
    offer = get_object_or_404(selectors.offer_detail_queryset(), pk=pk)
    if not request.user.has_perm(perm, offer):
        if perm == "catalogue.view_offer":
            raise Http404
        raise PermissionDenied
    return offer


@public_page
def offer_detail(request, pk, slug=None):
    offer = _offer(request, pk)
    if slug != offer.slug:
        return redirect(offer, permanent=True)
    can_edit = request.user.has_perm("catalogue.change_offer", offer)
    can_moderate = request.user.has_perm("catalogue.moderate_offer", offer)
    context = {
        "offer": offer,
        "sessions": list(offer.sessions.all()),
        "upcoming": offer.upcoming_sessions(),
        "locations": list(offer.locations.all()),
        "map_points": [
            {"lat": loc.latitude, "lon": loc.longitude, "label": str(loc)}
            for loc in offer.locations.all()
            if loc.has_point
        ],
        "jsonld": jsonld.offer(offer, request),
        "map_points_json": json.dumps(
            [
                {"lat": loc.latitude, "lon": loc.longitude, "label": str(loc)}
                for loc in offer.locations.all()
                if loc.has_point
            ]
        ),
        "can_edit": can_edit,
        "can_moderate": can_moderate,
        "unpublish_form": UnpublishForm() if can_moderate and offer.is_published else None,
        "distance_from_school": selectors.distance_from_school(request.user, offer),
        "calendar_links": {link["session"].pk: link for link in calendar.links(offer, request)},
        "registration_boxes": related.for_offer(offer, request),
    }
    if request.user.has_perm("catalogue.view_history", offer):
        context["history"] = history_page(offer, request)
    return render(request, "catalogue/offer_detail.html", context)


def offer_ics(request, pk):
    offer = _offer(request, pk)
    response = HttpResponse(calendar.ics(offer, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{offer.slug}.ics"'
    return response


def _offer_form_page(request, offer=None):
    user = request.user
    locations_initial, sessions_initial = offer_initial(offer) if offer else ([], [])
    post = request.POST if request.method == "POST" else None
    form = OfferForm(post, instance=offer, user=user)
    locations = LocationFormSet(post, prefix="locaties", initial=locations_initial or None)
    sessions = SessionFormSet(post, prefix="sessies", initial=sessions_initial or None)
    if post is not None:
        valid = form.is_valid() & locations.is_valid() & sessions.is_valid()
        if valid:
            data = offer_data(form, locations, sessions)
            publish = "publiceer" in request.POST
            try:
                if offer is None:
                    saved = services.create_offer(user, data, publish=publish)
                    messages.success(
                        request,
                        _("Aanbod gepubliceerd.") if publish else _("Concept bewaard. Publiceer het als het klaar is."),
                    )
                else:
                    saved = services.update_offer(user, offer, data, changed=form.changed_data)
                    messages.success(request, _("Wijzigingen bewaard."))
                return redirect(saved)
            except ValidationError as exc:
                add_service_errors(form, exc)
    return render(
        request,
        "catalogue/offer_form.html",
        {"form": form, "locations": locations, "sessions": sessions, "offer": offer},
    )


@login_required
def offer_create(request):
    if not request.user.has_perm("catalogue.add_offer"):
        raise PermissionDenied
    return _offer_form_page(request)


@login_required
def offer_edit(request, pk):
    offer = _offer(request, pk, "catalogue.change_offer")
    return _offer_form_page(request, offer)


def _lifecycle(request, pk, perm, action, success):
    offer = _offer(request, pk, perm)
    try:
        action(request.user, offer)
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return offer


@login_required
@require_POST
def offer_publish(request, pk):
    offer = _lifecycle(request, pk, "catalogue.change_offer", services.publish_offer, _("Aanbod gepubliceerd."))
    return redirect(offer)


@login_required
@require_POST
def offer_archive(request, pk):
    offer = _lifecycle(request, pk, "catalogue.change_offer", services.archive_offer, _("Aanbod gearchiveerd."))
    return redirect(offer)


@login_required
@require_POST
def offer_confirm(request, pk):
    offer = _lifecycle(
        request,
        pk,
        "catalogue.change_offer",
        services.confirm_offer,
        _("Bedankt: het aanbod is bevestigd als actueel."),
    )
    return redirect(request.POST.get("terug") == "mijn" and reverse("catalogue:my_offers") or offer.get_absolute_url())


@login_required
@require_POST
def offer_delete(request, pk):
    offer = _offer(request, pk, "catalogue.change_offer")
    try:
        services.delete_offer(request.user, offer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(offer)
    messages.success(request, _("Concept verwijderd."))
    return redirect("catalogue:my_offers")


@login_required
def offer_unpublish(request, pk):
    offer = _offer(request, pk, "catalogue.moderate_offer")
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_offer(request.user, offer, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Aanbod gedepubliceerd. De aanbieder krijgt de reden te zien."))
            return redirect("catalogue:moderation")
    return render(request, "catalogue/unpublish.html", {"entry": offer, "form": form})


MY_OFFERS_PER_PAGE = 50


@login_required
def my_offers(request):
    offers = selectors.my_offers(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        offers = offers.filter(status=status)
    else:
        status = ""
    page = Paginator(offers, MY_OFFERS_PER_PAGE).get_page(request.GET.get("pagina"))
    initiatives = Paginator(selectors.my_initiatives(request.user), 20).get_page(request.GET.get("initiatieven"))
    return render(
        request,
        "catalogue/my_offers.html",
        {
            "page": page,
            "offers": page.object_list,
            "status": status,
            "statuses": Status.choices,
            "initiatives": initiatives,
            "imports": Paginator(ImportJob.objects.filter(uploaded_by=request.user), 10).get_page(
                request.GET.get("imports")
            ),
            "can_add": request.user.has_perm("catalogue.add_offer"),
        },
    )


@login_required
@require_POST
def offer_bulk(request):
    """Publish or archive the offers ticked in 'Mijn aanbod'."""
    back = reverse("catalogue:my_offers")
    query = request.POST.get("terug", "")
    if query.startswith("?"):
        back += query
    try:
        ids = [int(v) for v in request.POST.getlist("offers")]
        result = services.bulk_offer_action(request.user, ids, request.POST.get("actie", ""))
    except ValueError:
        messages.error(request, _("De selectie bevat een ongeldig aanbod; er is niets gewijzigd."))
        return redirect(back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("Er is niets gewijzigd."))
        return redirect(back)
    done, skipped = result["done"], result["skipped"]
    if request.POST.get("actie") == "publiceren":
        text = ngettext("%(n)d aanbod gepubliceerd.", "%(n)d aanbiedingen gepubliceerd.", len(done))
    else:
        text = ngettext("%(n)d aanbod gearchiveerd.", "%(n)d aanbiedingen gearchiveerd.", len(done))
    messages.success(request, text % {"n": len(done)})
    if skipped:
        names = "; ".join(f"{offer.title} ({reason})" for offer, reason in skipped)
        messages.warning(request, _("Overgeslagen: %(list)s.") % {"list": names})
    return redirect(back)


MODERATION_PER_PAGE = 30


@login_required
def moderation(request):
    if not request.user.has_perm("catalogue.moderation_queue"):
        raise PermissionDenied
    province = None
    if request.GET.get("provincie"):
        province = Province.objects.filter(slug=request.GET["provincie"]).first()
    provinces = selectors.moderated_provinces(request.user, province)

    def lists():
        offers, initiatives, unpublished = selectors.moderation_queue(provinces)
        # Three lists, each paged on its own (?pagina=, ?initiatieven=, ?gedepubliceerd=): nothing is cut off.
        return render_to_string(
            "catalogue/_moderation_lists.html",
            {
                "page": Paginator(offers, MODERATION_PER_PAGE).get_page(request.GET.get("pagina")),
                "initiatives": Paginator(initiatives, MODERATION_PER_PAGE).get_page(request.GET.get("initiatieven")),
                "unpublished": Paginator(unpublished, MODERATION_PER_PAGE).get_page(request.GET.get("gedepubliceerd")),
            },
            request,
        )

    # The same for every moderator of these provinces: rendered once per content version (shared cache).
    scope = "-".join(str(pk) for pk in sorted(provinces))
    context = {"province": province, "lists": shared_html(f"moderation:{scope}", request, lists)}
    return render(request, "catalogue/moderation.html", context)


# --- initiatives --------------------------------------------------------------------------------


def _initiative(request, pk, perm="catalogue.view_initiative"):
    initiative = get_object_or_404(selectors.initiative_detail_queryset(), pk=pk)
    if not request.user.has_perm(perm, initiative):
        if perm == "catalogue.view_initiative":
            raise Http404
        raise PermissionDenied
    return initiative


@public_page
def initiative_detail(request, pk, slug=None):
    initiative = _initiative(request, pk)
    if slug != initiative.slug:
        return redirect(initiative, permanent=True)
    partners = list(initiative.partners.all())
    organisations = [initiative.lead] + [p.organisation for p in partners if p.organisation_id != initiative.lead_id]
    can_moderate = request.user.has_perm("catalogue.moderate_initiative", initiative)
    context = {
        "initiative": initiative,
        "partners": partners,
        "offers": list(initiative.offers.all()),
        "map_points": [
            {"lat": o.latitude, "lon": o.longitude, "label": o.name} for o in organisations if o.has_location
        ],
        "jsonld": jsonld.initiative(initiative, request),
        "map_points_json": json.dumps(
            [{"lat": o.latitude, "lon": o.longitude, "label": o.name} for o in organisations if o.has_location]
        ),
        "can_edit": request.user.has_perm("catalogue.change_initiative", initiative),
        "can_moderate": can_moderate,
        "unpublish_form": UnpublishForm() if can_moderate and initiative.is_published else None,
    }
    if request.user.has_perm("catalogue.view_history", initiative):
        context["history"] = history_page(initiative, request)
    return render(request, "catalogue/initiative_detail.html", context)


def _partner_initial(initiative):
    return [
        {"organisation": p.organisation_id, "role": p.role_id, "contribution": p.contribution}
        for p in initiative.partners.all()
    ]


def _initiative_form_page(request, initiative=None):
    user = request.user
    post = request.POST if request.method == "POST" else None
    form = InitiativeForm(post, instance=initiative, user=user)
    partners = PartnerFormSet(
        post, prefix="partners", initial=(_partner_initial(initiative) if initiative else None) or None
    )
    if post is not None:
        if form.is_valid() & partners.is_valid():
            data = dict(form.cleaned_data)
            data["partners"] = [f.cleaned_data for f in partners.forms if f.cleaned_data]
            publish = "publiceer" in request.POST
            try:
                if initiative is None:
                    saved = services.create_initiative(user, data, publish=publish)
                    messages.success(request, _("Initiatief gepubliceerd.") if publish else _("Concept bewaard."))
                else:
                    saved = services.update_initiative(user, initiative, data, changed=form.changed_data)
                    messages.success(request, _("Wijzigingen bewaard."))
                return redirect(saved)
            except ValidationError as exc:
                add_service_errors(form, exc)
    return render(
        request,
        "catalogue/initiative_form.html",
        {"form": form, "partners": partners, "initiative": initiative},
    )


@login_required
def initiative_create(request):
    if not request.user.has_perm("catalogue.add_initiative"):
        raise PermissionDenied
    return _initiative_form_page(request)


@login_required
def initiative_edit(request, pk):
    initiative = _initiative(request, pk, "catalogue.change_initiative")
    return _initiative_form_page(request, initiative)


def _initiative_action(request, pk, perm, action, success):
    initiative = _initiative(request, pk, perm)
    try:
        action(request.user, initiative)
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(initiative)


@login_required
@require_POST
def initiative_publish(request, pk):
    return _initiative_action(
        request, pk, "catalogue.change_initiative", services.publish_initiative, _("Initiatief gepubliceerd.")
    )


@login_required
@require_POST
def initiative_archive(request, pk):
    return _initiative_action(
        request, pk, "catalogue.change_initiative", services.archive_initiative, _("Initiatief gearchiveerd.")
    )


@login_required
@require_POST
def initiative_confirm(request, pk):
    return _initiative_action(
        request,
        pk,
        "catalogue.change_initiative",
        services.confirm_initiative,
        _("Bedankt: het initiatief is bevestigd als actueel."),
    )


@login_required
def initiative_unpublish(request, pk):
    initiative = _initiative(request, pk, "catalogue.moderate_initiative")
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_initiative(request.user, initiative, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Initiatief gedepubliceerd. De trekker krijgt de reden te zien."))
            return redirect("catalogue:moderation")
    return render(request, "catalogue/unpublish.html", {"entry": initiative, "form": form})


# --- saved searches ----------------------------------------------------------------------------


@login_required
def saved_searches(request):
    page = Paginator(selectors.saved_searches(request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "catalogue/saved_searches.html", {"searches": page, "page": page})


@login_required
@require_POST
def saved_search_create(request):
    index = request.POST.get("index")
    if index not in SavedSearch.Index.values:
        index = SavedSearch.Index.OFFERS
    querystring = request.POST.get("querystring", "")
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        try:
            services.save_search(
                request.user, form.cleaned_data["name"], index, querystring, form.cleaned_data["alerts"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Zoekopdracht bewaard. Je krijgt een e-mail als er nieuw aanbod bij komt dat past.")
            )
    else:
        messages.error(request, _("Geef de zoekopdracht een naam."))
    name = "catalogue:search" if index == SavedSearch.Index.OFFERS else "catalogue:initiative_list"
    return redirect(reverse(name) + (f"?{querystring}" if querystring else ""))


def _own_saved(request, pk):
    # Another user's saved search does not exist for you: 404.
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_POST
def saved_search_update(request, pk):
    saved = _own_saved(request, pk)
    form = SavedSearchForm(request.POST, instance=SavedSearch(pk=saved.pk))
    if form.is_valid():
        services.update_saved_search(request.user, saved, form.cleaned_data["name"], form.cleaned_data["alerts"])
        messages.success(request, _("Zoekopdracht aangepast."))
    else:
        messages.error(request, _("Geef de zoekopdracht een naam."))
    return redirect("catalogue:saved_searches")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = _own_saved(request, pk)
    services.delete_saved_search(request.user, saved)
    messages.success(request, _("Zoekopdracht verwijderd."))
    return redirect("catalogue:saved_searches")


# --- import -----------------------------------------------------------------------------------


@login_required
def import_upload(request):
    if not request.user.has_perm("catalogue.import_offers"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                request.user, form.cleaned_data["organisation"], form.cleaned_data["file"], form.cleaned_data["publish"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("catalogue:import_detail", pk=job.pk)
    return render(
        request,
        "catalogue/import_upload.html",
        {"form": form, "columns": importer.COLUMNS, "max_rows": f"{importer.MAX_ROWS:,}".replace(",", ".")},
    )


def import_template(request, fmt):
    rows = importer.template_rows()
    if fmt == "xlsx":
        response = HttpResponse(
            importer.write_xlsx(rows, title="Sjabloon"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(importer.write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innovet-aanbod-sjabloon.{fmt}"'
    return response


def _own_job(request, pk):
    qs = ImportJob.objects.select_related("organisation")
    if not request.user.is_superuser:
        qs = qs.filter(uploaded_by=request.user)
    return get_object_or_404(qs, pk=pk)


@login_required
def import_detail(request, pk):
    job = _own_job(request, pk)
    template = "catalogue/_import_status.html" if request.htmx else "catalogue/import_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def import_commit(request, pk):
    job = _own_job(request, pk)
    try:
        services.commit_import(request.user, job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalogue:import_detail", pk=job.pk)
