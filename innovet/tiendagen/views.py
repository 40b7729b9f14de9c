from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.forms import add_service_errors
from innovet.core.shortcuts import flash_errors
from innovet.geo.models import Province
from innovet.organisations.models import Organisation, OrganisationKind

from . import calendar as ics
from . import selectors, services
from .forms import AvailabilityForm, DecisionForm, InfrastructureForm, RequestForm, TrainingForm, WegwijsForm
from .models import RequestStatus, Training, WegwijsSession


def _centre(slug):
    return get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.VDAB, is_active=True)


def _managed_centre(request, slug):
    centre = _centre(slug)
    if not request.user.has_perm("tiendagen.manage_centre", centre):
        raise PermissionDenied
    return centre


def _page(request, qs, per_page=25):
    return Paginator(qs, per_page).get_page(request.GET.get("pagina"))


# --- public --------------------------------------------------------------------------------------


def overview(request):
    province = request.GET.get("provincie", "")
    centres = selectors.centres()
    if province:
        centres = centres.filter(province__slug=province)
    context = {
        "centres": centres,
        "provinces": Province.objects.filter(in_scope=True).order_by("name"),
        "province": province,
        "managed": selectors.managed_centres(request.user) if request.user.is_authenticated else [],
    }
    return render(request, "tiendagen/overview.html", context)


def centre(request, slug):
    centre = _centre(slug)
    trainings = (
        Training.objects.filter(centre=centre, is_active=True)
        .select_related("infrastructure")
        .prefetch_related("studiedomeinen")
    )
    sessions = list(selectors.upcoming_wegwijs(centre))
    mine = selectors.my_wegwijs(request.user, centre) if request.user.is_authenticated else set()
    context = {
        "centre": centre,
        "trainings": trainings,
        "sessions": sessions,
        "mine": mine,
        "can_register": request.user.is_authenticated and selectors.has_school(request.user),
        "can_manage": request.user.has_perm("tiendagen.manage_centre", centre),
    }
    return render(request, "tiendagen/centre.html", context)


def _month(request):
    today = timezone.localdate()
    value = request.GET.get("maand", "")
    try:
        year, month = (int(p) for p in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def centre_calendar(request, slug):
    centre = _centre(slug)
    first = _month(request)
    show_names = request.user.has_perm("tiendagen.manage_centre", centre)
    context = {
        "centre": centre,
        "cal": selectors.month_calendar(centre, first.year, first.month, show_names=show_names),
        "weekdays": [
            _("maandag"),
            _("dinsdag"),
            _("woensdag"),
            _("donderdag"),
            _("vrijdag"),
            _("zaterdag"),
            _("zondag"),
        ],
    }
    return render(request, "tiendagen/calendar.html", context)


def centre_ics(request, slug):
    centre = _centre(slug)
    response = HttpResponse(ics.centre_ics(centre, selectors.confirmed_days(centre)), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="10-dagenregeling-{centre.slug}.ics"'
    return response


def training_detail(request, pk):
    training = get_object_or_404(
        Training.objects.select_related("centre", "infrastructure").prefetch_related("studiedomeinen"), pk=pk
    )
    if not training.is_active and not request.user.has_perm("tiendagen.manage_centre", training.centre):
        raise Http404
    context = {
        "training": training,
        "centre": training.centre,
        "sessions": list(selectors.upcoming_wegwijs(training.centre)),
        "can_request": request.user.is_authenticated and selectors.has_school(request.user),
        "can_manage": request.user.has_perm("tiendagen.manage_centre", training.centre),
    }
    return render(request, "tiendagen/training.html", context)


# --- teachers --------------------------------------------------------------------------------------


@login_required
def request_create(request, pk):
    training = get_object_or_404(Training.objects.select_related("centre", "infrastructure"), pk=pk, is_active=True)
    schools = services.teacher_schools(request.user)
    if not schools:
        raise PermissionDenied
    form = RequestForm(request.POST or None, training=training, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit_request(request.user, data["school"], training, data, data["days"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Je aanvraag is verstuurd naar het RTC van je provincie. Je hoort het als het centrum bevestigt."),
            )
            return redirect(created)
    context = {"training": training, "centre": training.centre, "form": form}
    return render(request, "tiendagen/request_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def wegwijs_register(request, pk):
    session = get_object_or_404(WegwijsSession.objects.select_related("centre"), pk=pk)
    schools = services.teacher_schools(request.user)
    if not schools:
        raise PermissionDenied
    try:
        services.register_wegwijs(request.user, session, schools[0])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Je bent ingeschreven voor de wegwijssessie van %(day)s.") % {"day": session.day.strftime("%d/%m/%Y")},
        )
    return redirect("tiendagen:centre", slug=session.centre.slug)


@login_required
def my_requests(request):
    return render(request, "tiendagen/my_requests.html", {"page": _page(request, selectors.my_requests(request.user))})


def _request(request, pk):
    obj = get_object_or_404(selectors.request_detail_queryset(), pk=pk)
    if not request.user.has_perm("tiendagen.view_request", obj):
        raise Http404
    return obj


@login_required
def request_detail(request, pk):
    obj = _request(request, pk)
    from innovet.core.audit import grouped_history
    from innovet.core.models import AuditLog

    context = {
        "req": obj,
        "days": obj.days.all(),
        "can_rtc": obj.status == RequestStatus.SUBMITTED and request.user.has_perm("tiendagen.handle_as_rtc", obj),
        "can_centre": obj.status == RequestStatus.FORWARDED
        and request.user.has_perm("tiendagen.handle_as_centre", obj),
        "can_withdraw": obj.teacher_id == request.user.pk
        and obj.status in (RequestStatus.SUBMITTED, RequestStatus.FORWARDED, RequestStatus.CONFIRMED),
        "decision_form": DecisionForm(),
        "history": grouped_history(AuditLog.objects.for_object(obj)),
        "wegwijs": services.wegwijs_of(obj.teacher, obj.centre) if obj.teacher_id else [],
    }
    return render(request, "tiendagen/request_detail.html", context)


def _act(request, pk, perm, action, success):
    obj = _request(request, pk)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    try:
        action(obj)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect(obj)


@login_required
@require_POST
def request_forward(request, pk):
    return _act(
        request,
        pk,
        "tiendagen.handle_as_rtc",
        lambda obj: services.forward_request(request.user, obj, request.POST.get("note", "")),
        _("De aanvraag is doorgestuurd naar het centrum."),
    )


@login_required
@require_POST
def request_confirm(request, pk):
    return _act(
        request,
        pk,
        "tiendagen.handle_as_centre",
        lambda obj: services.confirm_request(request.user, obj),
        _("De lesdagen zijn bevestigd en staan in de kalender van het centrum."),
    )


@login_required
@require_POST
def request_decline(request, pk):
    obj = _request(request, pk)
    if not (
        request.user.has_perm("tiendagen.handle_as_rtc", obj)
        or request.user.has_perm("tiendagen.handle_as_centre", obj)
    ):
        raise PermissionDenied
    return _act(
        request,
        pk,
        "tiendagen.view_request",
        lambda o: services.decline_request(request.user, o, request.POST.get("reason", "")),
        _("De aanvraag is geweigerd; de leerkracht krijgt de reden."),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    obj = _request(request, pk)
    if obj.teacher_id != request.user.pk:
        raise PermissionDenied
    try:
        services.withdraw_request(request.user, obj)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Je aanvraag is ingetrokken."))
    return redirect(obj)


# --- RTC -------------------------------------------------------------------------------------------


@login_required
def rtc_queue(request):
    status = request.GET.get("status", RequestStatus.SUBMITTED)
    if status not in RequestStatus.values and status != "alle":
        status = RequestStatus.SUBMITTED
    qs = selectors.rtc_queue(request.user, "" if status == "alle" else status)
    context = {"page": _page(request, qs), "status": status, "statuses": RequestStatus.choices}
    return render(request, "tiendagen/rtc_queue.html", context)


# --- centre --------------------------------------------------------------------------------------


@login_required
def centre_manage(request, slug):
    centre = _managed_centre(request, slug)
    forms = {
        "infrastructure": InfrastructureForm(prefix="infra"),
        "availability": AvailabilityForm(prefix="vrij", centre=centre),
        "wegwijs": WegwijsForm(prefix="wegwijs"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "infrastructure":
                form = forms[action] = InfrastructureForm(request.POST, prefix="infra")
                if form.is_valid():
                    services.create_infrastructure(
                        request.user, centre, form.cleaned_data["name"], form.cleaned_data["capacity"]
                    )
                    messages.success(request, _("Infrastructuur toegevoegd."))
                    return redirect("tiendagen:centre_manage", slug=slug)
            elif action == "availability":
                form = forms[action] = AvailabilityForm(request.POST, prefix="vrij", centre=centre)
                if form.is_valid():
                    d = form.cleaned_data
                    services.add_availability(
                        request.user, d["infrastructure"], d["starts_on"], d["ends_on"], d["note"]
                    )
                    messages.success(request, _("Beschikbare periode toegevoegd."))
                    return redirect("tiendagen:centre_manage", slug=slug)
            elif action == "wegwijs":
                form = forms[action] = WegwijsForm(request.POST, prefix="wegwijs")
                if form.is_valid():
                    d = form.cleaned_data
                    services.create_wegwijs_session(
                        request.user, centre, d["day"], d["starts_at"], d["ends_at"], d["capacity"]
                    )
                    messages.success(request, _("Wegwijssessie gepland."))
                    return redirect("tiendagen:centre_manage", slug=slug)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            add_service_errors(forms[action], exc)
    context = {
        "centre": centre,
        "forms": forms,
        "trainings": Training.objects.filter(centre=centre).select_related("infrastructure"),
        "infrastructure": centre.tiendagen_infrastructure.prefetch_related("availability"),
        "sessions": WegwijsSession.objects.filter(centre=centre)
        .order_by("-day")
        .prefetch_related("registrations")[:20],
        "page": _page(request, selectors.centre_requests(centre)),
    }
    return render(request, "tiendagen/centre_manage.html", context, status=400 if request.method == "POST" else 200)


def _training_form(request, centre, training=None):
    form = TrainingForm(request.POST or None, instance=training, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_training(request.user, centre, form.cleaned_data, training)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De opleiding is bewaard."))
            return redirect(saved)
    return render(request, "tiendagen/training_form.html", {"form": form, "centre": centre, "training": training})


@login_required
def training_create(request, slug):
    return _training_form(request, _managed_centre(request, slug))


@login_required
def training_edit(request, pk):
    training = get_object_or_404(Training.objects.select_related("centre"), pk=pk)
    if not request.user.has_perm("tiendagen.manage_centre", training.centre):
        raise PermissionDenied
    return _training_form(request, training.centre, training)


@login_required
def wegwijs_attendance(request, pk):
    session = get_object_or_404(WegwijsSession.objects.select_related("centre"), pk=pk)
    if not request.user.has_perm("tiendagen.manage_centre", session.centre):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.confirm_wegwijs_attendance(request.user, session, request.POST.getlist("aanwezig"))
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Aanwezigheden bewaard; ze staan in de deelnames van de leerkrachten."))
            return redirect("tiendagen:centre_manage", slug=session.centre.slug)
    registrations = session.registrations.select_related("teacher", "school")
    return render(request, "tiendagen/wegwijs_attendance.html", {"session": session, "registrations": registrations})
