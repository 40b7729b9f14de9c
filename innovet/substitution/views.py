from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.forms import add_service_errors
from innovet.core.shortcuts import flash_errors, get_permitted
from innovet.geo.models import Province
from innovet.taxonomy.models import terms

from . import registry, selectors, services
from .forms import AnswerForm, FitForm, OfferForm, RequestForm
from .models import OfferKind, OfferStatus, RequestStatus, SubstitutionOffer


def _offer(request, pk, perm=None):
    return get_permitted(request, selectors.offer_queryset(), pk, "substitution.view_offer", perm)


def _request(request, pk, perm=None):
    return get_permitted(request, selectors.request_queryset(), pk, "substitution.view_request", perm)


# --- offers --------------------------------------------------------------------------------------


def offer_list(request):
    rows = selectors.offers(request.GET)
    page = Paginator(rows, 20).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "offers": page.object_list,
        "params": request.GET,
        "provinces": Province.objects.filter(in_scope=True).order_by("name"),
        "domains": terms("studiedomein"),
        "grades": terms("graad"),
        "kinds": OfferKind.choices,
        "can_add": request.user.is_authenticated and request.user.has_perm("substitution.add_offer"),
    }
    return render(request, "substitution/offer_list.html", context)


def offer_detail(request, pk):
    offer = _offer(request, pk)
    can_fit = request.user.is_authenticated and request.user.has_perm("substitution.annotate_fit", offer)
    return render(
        request,
        "substitution/offer_detail.html",
        {
            "offer": offer,
            "can_edit": request.user.has_perm("substitution.change_offer", offer),
            "fit_form": FitForm() if can_fit else None,
        },
    )


def _offer_form(request, offer=None):
    providers = services.provider_choices(request.user)
    if offer is None and not providers:
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer, providers=providers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if offer is None:
                offer = services.create_offer(
                    request.user, data["provider"], data, publish="publiceren" in request.POST
                )
            else:
                services.update_offer(request.user, offer, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Vervangingsaanbod opgeslagen."))
            return redirect(offer)
    return render(request, "substitution/offer_form.html", {"form": form, "offer": offer})


@login_required
def offer_create(request):
    if not request.user.has_perm("substitution.add_offer"):
        raise PermissionDenied
    return _offer_form(request)


@login_required
def offer_edit(request, pk):
    return _offer_form(request, _offer(request, pk, "substitution.change_offer"))


@login_required
@require_POST
def offer_status(request, pk):
    offer = _offer(request, pk, "substitution.change_offer")
    status = request.POST.get("status")
    try:
        services.set_offer_status(request.user, offer, status)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Status gewijzigd: %(status)s.") % {"status": OfferStatus(status).label})
    return redirect(offer)


@login_required
@require_POST
def offer_fit(request, pk):
    offer = _offer(request, pk)
    if not request.user.has_perm("substitution.annotate_fit", offer):
        raise PermissionDenied
    form = FitForm(request.POST)
    if form.is_valid():
        services.annotate_fit(request.user, offer, **form.cleaned_data)
        messages.success(request, _("Je beoordeling van de aansluiting bij het leerplan is opgeslagen."))
    else:
        messages.error(request, _("Kies hoe het aanbod aansluit bij het leerplan."))
    return redirect(offer)


@login_required
def my_offers(request):
    page = Paginator(selectors.my_offers(request.user), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "substitution/my_offers.html",
        {"page": page, "offers": page.object_list, "can_add": request.user.has_perm("substitution.add_offer")},
    )


# --- requests ------------------------------------------------------------------------------------


@login_required
def request_list(request):
    user = request.user
    rows = selectors.visible_requests(user)
    status = request.GET.get("status")
    if status == "open":
        rows = rows.filter(status__in=[RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.ACCEPTED])
    elif status in RequestStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("starts_on", "start_time", "id"), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "substitution/request_list.html",
        {
            "page": page,
            "requests": page.object_list,
            "status": status,
            "statuses": RequestStatus.choices,
            "schools": selectors.led_schools(user),
            "incoming": selectors.incoming_for_provider(user).count(),
        },
    )


@login_required
def request_create(request, source, pk):
    try:
        src = registry.get_source(source)
    except LookupError:
        raise Http404 from None
    obj = get_object_or_404(src.model_class(), pk=pk)
    if not src.may_request(request.user, obj):
        raise Http404
    running = selectors.running_request_for(obj)
    if running is not None:
        messages.info(request, _("Voor deze activiteit loopt al een vervangingsaanvraag."))
        return redirect(running)
    absence = src.describe(obj)
    if absence is None:
        messages.error(request, _("Deze activiteit valt niet tijdens de schooluren: er is geen vervanging nodig."))
        return redirect(obj.get_absolute_url())
    initial = {
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "start_time": absence.start_time,
        "end_time": absence.end_time,
        "studiedomein": absence.studiedomein,
    }
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_request(request.user, source, obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Vervanging aangevraagd. Kies hieronder een passend aanbod."))
            return redirect(item)
    return render(
        request,
        "substitution/request_form.html",
        {"form": form, "absence": absence, "source": src, "obj": obj},
    )


@login_required
def request_detail(request, pk):
    item = _request(request, pk)
    user = request.user
    can_manage = user.has_perm("substitution.manage_request", item)
    return render(
        request,
        "substitution/request_detail.html",
        {
            "item": item,
            "can_manage": can_manage,
            "can_answer": user.has_perm("substitution.answer_request", item) and item.status == RequestStatus.PROPOSED,
            "can_confirm": user.has_perm("substitution.confirm_request", item)
            and item.status == RequestStatus.ACCEPTED,
            "suggestions": selectors.suggestions(item) if can_manage and item.status == RequestStatus.OPEN else [],
        },
    )


@login_required
@require_POST
def request_propose(request, pk):
    item = _request(request, pk, "substitution.manage_request")
    offer = SubstitutionOffer.objects.filter(pk=request.POST.get("offer")).first()
    if offer is None:
        messages.error(request, _("Kies een aanbod."))
        return redirect(item)
    try:
        services.propose(request.user, item, offer)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Gevraagd aan %(provider)s. Je krijgt bericht zodra ze antwoorden.") % {"provider": offer.provider.name},
        )
    return redirect(item)


@login_required
@require_POST
def request_answer(request, pk):
    item = _request(request, pk, "substitution.answer_request")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(request.user, item, form.cleaned_data["decision"] == "ja", form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Antwoord opgeslagen; de school krijgt bericht."))
    return redirect("substitution:request_list" if form.is_valid() and form.cleaned_data["decision"] == "nee" else item)


@login_required
@require_POST
def request_confirm(request, pk):
    item = _request(request, pk, "substitution.confirm_request")
    try:
        services.confirm(request.user, item)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Vervanging bevestigd."))
    return redirect(item)


@login_required
@require_POST
def request_cancel(request, pk):
    item = _request(request, pk, "substitution.manage_request")
    try:
        services.cancel(request.user, item, request.POST.get("reason", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Aanvraag geannuleerd."))
    return redirect(item)
