import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.catalogue.views import _page
from innovet.core.forms import add_service_errors
from innovet.core.shortcuts import flash_errors, get_permitted
from innovet.geo.models import Province
from innovet.organisations.permissions import schools as user_schools
from innovet.substitution import registry as substitution_registry
from innovet.taxonomy.models import terms

from . import selectors, services
from .agreement import render_agreement
from .forms import (
    ApplicationForm,
    DecisionForm,
    HybridProfileForm,
    PeriodFormSet,
    PlaceForm,
    ReflectionForm,
    period_initial,
)
from .models import ApplicationStatus, HybridAvailability, HybridTeacherProfile, PlaceKind, PlaceStatus


def _place(request, pk, perm=None):
    return get_permitted(request, selectors.place_queryset(), pk, "placements.view_place", perm)


def _application(request, pk, perm=None):
    return get_permitted(request, selectors.application_queryset(), pk, "placements.view_application", perm)


# --- places ------------------------------------------------------------------------------------


def place_list(request):
    near = None
    school = next(iter(user_schools(request.user)), None) if request.user.is_authenticated else None
    if school is not None and school.has_location:
        near = (school.latitude, school.longitude)
    query, result, items = selectors.search_places(request.GET, near=near)
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    facet_labels = {
        "provincie": {p.slug: p.name for p in Province.objects.filter(in_scope=True)},
        "soort": dict(PlaceKind.choices),
        "studiedomein": {t.code: t.label for t in terms("studiedomein")},
        "thema": {t.code: t.label for t in terms("thema")},
        "duur": {
            "1-dag": _("1 dag"),
            "2-5-dagen": _("2 tot 5 dagen"),
            "6-10-dagen": _("6 tot 10 dagen"),
            "meer-dan-10": _("meer dan 10 dagen"),
        },
        "vorm": {"gespreid": _("gespreid over weken"), "aaneensluitend": _("aaneensluitend")},
        "extra": {"terugkomdag": _("terugkomdag"), "opvolging": _("opvolging")},
    }
    from .search_indexes import PlacementIndex

    facets = []
    for facet in PlacementIndex.facets:
        if facet.name == "maand":
            continue
        labels = facet_labels.get(facet.name, {})
        selected = request.GET.getlist(facet.name)
        values = [
            {"value": v, "label": labels.get(v.split("/")[-1], v), "count": c, "selected": v in selected, "depth": 0}
            for v, c in result.facets.get(facet.name, [])
            if facet.name != "thema" or "/" not in v  # main themes only: a short list
        ]
        if values:
            facets.append({"name": facet.name, "label": facet.label, "items": values, "open": bool(selected)})
    context = {
        "items": items,
        "result": result,
        "total": result.total,
        "page": _page(result, query, items),
        "facets": facets,
        "q": query.text,
        "school": school,
        "radii": ["10", "25", "50", "100"],
        "querystring": querystring.urlencode(),
        "can_add": request.user.is_authenticated and request.user.has_perm("placements.add_place"),
    }
    return render(request, "placements/place_list.html", context)


def place_detail(request, pk):
    place = _place(request, pk)
    today = timezone.localdate()
    periods = [p for p in place.periods.all() if p.ends_on >= today]
    form = None
    mine = []
    if request.user.is_authenticated:
        mine = list(selectors.my_applications(request.user).filter(place=place))
        if request.user.has_perm("placements.apply", place) and periods and not any(a.is_open for a in mine):
            form = ApplicationForm(place=place, schools=services.teacher_schools(request.user), periods=periods)
    context = {
        "place": place,
        "periods": periods,
        "form": form,
        "mine": mine,
        "can_edit": request.user.has_perm("placements.change_place", place),
        "places_left": selectors.open_places_left(place),
        "map_points": json.dumps([{"lat": place.latitude, "lon": place.longitude, "label": place.company.name}])
        if place.has_point
        else "",
    }
    return render(request, "placements/place_detail.html", context)


def _place_form(request, place=None):
    companies = services.company_choices(request.user)
    if place is None and not companies:
        raise PermissionDenied
    form = PlaceForm(request.POST or None, instance=place, companies=companies)
    formset = PeriodFormSet(request.POST or None, initial=period_initial(place) if place else None, prefix="periode")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        periods = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            if place is None:
                place = services.create_place(
                    request.user, data["company"], data, periods, publish="publiceren" in request.POST
                )
                messages.success(request, _("Stageplaats opgeslagen."))
            else:
                services.update_place(request.user, place, data, periods)
                messages.success(request, _("Wijzigingen opgeslagen."))
        except ValidationError as exc:
            add_service_errors(form, exc, on_top=("periods",) if formset is not None else ())
        else:
            return redirect(place)
    return render(request, "placements/place_form.html", {"form": form, "formset": formset, "place": place})


@login_required
def place_create(request):
    if not request.user.has_perm("placements.add_place"):
        raise PermissionDenied
    return _place_form(request)


@login_required
def place_edit(request, pk):
    place = _place(request, pk, "placements.change_place")
    return _place_form(request, place)


@login_required
@require_POST
def place_status(request, pk):
    place = _place(request, pk, "placements.change_place")
    status = request.POST.get("status")
    try:
        services.set_status(request.user, place, status)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Status gewijzigd: %(status)s.") % {"status": PlaceStatus(status).label})
    return redirect(place)


@login_required
def company_places(request):
    places = selectors.company_places(request.user)
    page = Paginator(places, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "placements/company_places.html",
        {"page": page, "places": page.object_list, "can_add": request.user.has_perm("placements.add_place")},
    )


@login_required
def applicants(request, pk):
    place = _place(request, pk, "placements.view_applicants")
    rows = selectors.applicants(place)
    page = Paginator(rows, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "placements/applicants.html",
        {"place": place, "page": page, "applications": page.object_list, "form": DecisionForm()},
    )


# --- applications --------------------------------------------------------------------------------


@login_required
@require_POST
def apply(request, pk):
    place = _place(request, pk)
    today = timezone.localdate()
    periods = [p for p in place.periods.all() if p.ends_on >= today]
    form = ApplicationForm(request.POST, place=place, schools=services.teacher_schools(request.user), periods=periods)
    if form.is_valid():
        try:
            application = services.apply(request.user, place, form.cleaned_data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Aangemeld. Je directie of TAC beslist nu over je vrijgave."))
            return redirect(application)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(place)


@login_required
def my_applications(request):
    rows = selectors.my_applications(request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("pagina"))
    return render(request, "placements/my_applications.html", {"page": page, "applications": page.object_list})


@login_required
def releases(request):
    schools = selectors.led_schools(request.user)
    if not schools and not request.user.is_superuser:
        raise PermissionDenied
    pending = selectors.pending_releases(request.user)
    decided = Paginator(selectors.school_applications(request.user), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "placements/releases.html",
        {"pending": pending, "page": decided, "decided": decided.object_list, "schools": schools},
    )


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    today = timezone.localdate()
    context = {
        "application": application,
        "place": application.place,
        "can_release": user.has_perm("placements.release", application)
        and application.status == ApplicationStatus.AWAITING_RELEASE,
        "can_decide": user.has_perm("placements.decide", application)
        and application.status == ApplicationStatus.AWAITING_COMPANY,
        "can_complete": user.has_perm("placements.decide", application)
        and application.status == ApplicationStatus.ACCEPTED
        and application.ends_on <= today,
        "can_reflect": user.has_perm("placements.reflect", application)
        and application.has_agreement
        and application.starts_on <= today,
        "can_withdraw": user.has_perm("placements.withdraw", application) and application.is_open,
        "is_company": user.has_perm("placements.decide", application),
        "substitution_url": substitution_registry.request_url(user, application),
        "reflection_form": ReflectionForm(initial={"reflection": application.reflection}),
        "decision_form": DecisionForm(initial={"tasks": application.place.active_role}),
    }
    return render(request, "placements/application_detail.html", context)


@login_required
@require_POST
def release(request, pk):
    application = _application(request, pk, "placements.release")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_release(
                request.user, application, form.cleaned_data["decision"] == "ja", form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Beslissing opgeslagen; de leerkracht krijgt bericht."))
    return redirect(request.POST.get("next") == "vrijgaven" and "placements:releases" or application)


@login_required
@require_POST
def decide(request, pk):
    application = _application(request, pk, "placements.decide")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                request.user,
                application,
                form.cleaned_data["decision"] == "ja",
                form.cleaned_data["reason"],
                form.cleaned_data["tasks"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Beslissing opgeslagen; de leerkracht en de school krijgen bericht."))
    return redirect(application)


@login_required
@require_POST
def withdraw(request, pk):
    application = _application(request, pk, "placements.withdraw")
    try:
        services.withdraw(request.user, application)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Je aanvraag is ingetrokken."))
    return redirect(application)


@login_required
@require_POST
def reflect(request, pk):
    application = _application(request, pk, "placements.reflect")
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.reflect(request.user, application, form.cleaned_data["reflection"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Reflectie opgeslagen."))
    else:
        messages.error(request, _("Schrijf je reflectie in het tekstvak."))
    return redirect(application)


@login_required
@require_POST
def complete(request, pk):
    application = _application(request, pk, "placements.decide")
    try:
        services.confirm_completion(request.user, application)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Afronding bevestigd: de stage staat in de deelnames van de leerkracht."))
    return redirect(application)


@login_required
def agreement(request, pk):
    application = _application(request, pk)
    if not application.has_agreement:
        raise Http404
    response = HttpResponse(render_agreement(application), content_type="application/pdf")
    name = slugify(f"stageovereenkomst {application.place.title}")[:60] or "stageovereenkomst"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# --- hybrid teachers -----------------------------------------------------------------------------


@login_required
def hybrid_list(request):
    if not request.user.has_perm("placements.view_hybrid"):
        raise PermissionDenied
    rows = selectors.hybrid_profiles(request.GET)
    page = Paginator(rows, 20).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "profiles": page.object_list,
        "provinces": Province.objects.filter(in_scope=True).order_by("name"),
        "domains": terms("studiedomein"),
        "themes": terms("thema").filter(parent__isnull=True),
        "availability": HybridAvailability.choices,
        "params": request.GET,
        "own": HybridTeacherProfile.objects.filter(user=request.user).first(),
    }
    return render(request, "placements/hybrid_list.html", context)


@login_required
def hybrid_detail(request, pk):
    profile = get_object_or_404(
        HybridTeacherProfile.objects.select_related("user", "school", "company", "province"), pk=pk
    )
    if profile.user_id != request.user.pk and not (
        profile.is_visible and request.user.has_perm("placements.view_hybrid")
    ):
        raise Http404
    return render(request, "placements/hybrid_detail.html", {"profile": profile})


@login_required
def hybrid_edit(request):
    schools = services.teacher_schools(request.user)
    if not schools:
        raise PermissionDenied
    profile = HybridTeacherProfile.objects.filter(user=request.user).first()
    initial = None
    if profile is not None:
        initial = {
            "school": profile.school_id,
            "company": profile.company_id,
            "company_name": profile.company_name,
            "job_in_company": profile.job_in_company,
            "subjects": profile.subjects,
            "school_share": profile.school_share,
            "studiedomeinen": list(profile.studiedomeinen.all()),
            "themes": list(profile.themes.all()),
            "available_for": profile.available_for,
            "about": profile.about,
            "is_visible": profile.is_visible,
        }
    if request.method == "POST" and "verwijderen" in request.POST:
        services.delete_hybrid_profile(request.user)
        messages.success(request, _("Je profiel als hybride leerkracht is verwijderd."))
        return redirect("placements:hybrid_list")
    form = HybridProfileForm(request.POST or None, initial=initial, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.save_hybrid_profile(request.user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Je profiel is opgeslagen."))
            return redirect(profile)
    return render(request, "placements/hybrid_form.html", {"form": form, "profile": profile})
