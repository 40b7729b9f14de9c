import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from innovet.core.audit import history_page
from innovet.core.forms import add_service_errors
from innovet.core.page_cache import shared_html
from innovet.organisations.models import OrganisationKind
from innovet.organisations.permissions import memberships, rtc_province_ids, schools

from . import selectors, services
from .engine import OFFER, PARTNER, SCHOOL
from .forms import (
    AddSuggestionForm,
    AnswerForm,
    FollowUpForm,
    InterestForm,
    IntroduceForm,
    NeedFilterForm,
    NeedForm,
    WillingnessForm,
)
from .models import Introduction, Need, Suggestion, Willingness

KIND_TITLES = {
    OFFER: _("Aanbod uit de catalogus"),
    PARTNER: _("Partners die willen samenwerken"),
    SCHOOL: _("Scholen met een gelijkaardige nood in de buurt"),
}


def _views_for(user):
    """The lists a person can open, depending on their roles."""
    tabs = []
    if schools(user):
        tabs.append(("school", _("Noden van mijn school")))
    if rtc_province_ids(user):
        tabs.append(("rtc", _("Wachtrij van het RTC")))
    if any(m.organisation.kind not in (OrganisationKind.SCHOOL, OrganisationKind.RTC) for m in memberships(user)):
        tabs.append(("regio", _("Noden in mijn regio")))
        tabs.append(("gekoppeld", _("Aan ons gekoppeld")))
    if user.is_superuser and not tabs:
        tabs.append(("alle", _("Alle noden")))
    return tabs


def need_list(request):
    if not request.user.is_authenticated:
        # Needs name schools and their plans: say why a login is needed instead of a bare redirect.
        return render(request, "matching/need_list_anonymous.html")
    tabs = _views_for(request.user)
    if not tabs:
        return render(request, "matching/need_list.html", {"tabs": [], "page": None})
    current = request.GET.get("lijst") or tabs[0][0]
    if current not in dict(tabs):
        raise Http404
    qs = {
        "school": lambda: selectors.school_needs(request.user),
        "rtc": lambda: selectors.rtc_queue(request.user),
        "regio": lambda: selectors.provider_needs(request.user),
        "gekoppeld": lambda: selectors.matched_needs(request.user),
        "alle": lambda: selectors.all_needs(),
    }[current]()
    form = NeedFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if current != "school" and not filters.get("status"):
        qs = qs.filter(status__in=Need.OPEN_STATUSES)
    qs = selectors.filter_needs(
        qs, filters.get("q", ""), filters.get("theme"), filters.get("domain"), filters.get("status", "")
    )

    def rows():
        page = Paginator(qs, 20).get_page(request.GET.get("pagina"))
        context = {"page": page, "total": page.paginator.count, "current": current}
        context["current_label"] = dict(tabs)[current]
        return render_to_string("matching/_need_rows.html", context, request)

    # Which needs a tab lists follows from the person's memberships alone (their school, their RTC's provinces,
    # their organisations' willingness): everyone with the same memberships (an RTC's staff, a school's team) sees
    # the same rows, rendered once per content version into the shared cache.
    scope = sorted((m.organisation_id, m.role, m.is_manager) for m in memberships(request.user))
    query = hashlib.sha256(repr(scope).encode()).hexdigest()
    return render(
        request,
        "matching/need_list.html",
        {
            "tabs": tabs,
            "current": current,
            "form": form,
            "rows": shared_html(f"needs:{current}:{query}", request, rows),
            # need_create needs a school of one's own: the button shows only for people who have one.
            "can_state": bool(schools(request.user)),
            "can_state_willingness": request.user.has_perm("matching.state_willingness"),
            "can_see_matches": bool(_provider_orgs(request.user)),
            "anonymous_view": current in ("regio", "gekoppeld"),
        },
    )


@login_required
def provider_matches(request):
    """'Passende noden': open needs that match an offer or willingness of the user's organisations."""
    from .rules import helping_organisation_ids

    if not helping_organisation_ids(request.user):
        raise PermissionDenied
    page = Paginator(selectors.provider_matches(request.user), 20).get_page(request.GET.get("pagina"))
    selectors.attach_matches(request.user, page.object_list)
    return render(request, "matching/provider_matches.html", {"page": page, "total": page.paginator.count})


@login_required
@require_POST
def need_interest(request, pk):
    need = _need_or_404(request, pk, "matching.signal_interest")
    form = InterestForm(request.POST, organisations=_provider_orgs(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(need)
    try:
        _interest, created = services.signal_interest(
            request.user, need, form.cleaned_data["organisation"], form.cleaned_data["message"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("Het RTC weet nu dat jullie kunnen helpen. Het neemt contact op als het past."))
        else:
            messages.info(request, _("Jullie hadden al gemeld dat jullie kunnen helpen; het RTC weet het."))
    return redirect(need)


def _provider_orgs(user):
    from .rules import helping_organisation_ids

    ids = helping_organisation_ids(user)
    return [m.organisation for m in memberships(user) if m.organisation_id in ids]


@login_required
def need_create(request):
    my_schools = schools(request.user)
    if not my_schools:
        raise PermissionDenied
    form = NeedForm(request.POST or None, schools=my_schools)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.create_need(request.user, form.cleaned_data["school"], form.service_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Je nood is bewaard. Hieronder zie je de eerste suggesties."))
            return redirect(need)
    return render(request, "matching/need_form.html", {"form": form, "creating": True})


def _need_or_404(request, pk, perm="matching.view_need"):
    need = get_object_or_404(
        Need.objects.select_related("school", "province", "need_type", "studiedomein", "created_by"), pk=pk
    )
    if not request.user.has_perm(perm, need):
        if request.user.has_perm("matching.view_need", need):
            raise PermissionDenied
        raise Http404
    return need


@login_required
def need_edit(request, pk):
    need = _need_or_404(request, pk, "matching.change_need")
    form = NeedForm(request.POST or None, schools=[need.school], instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(request.user, need, form.service_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De nood is bijgewerkt; de suggesties zijn opnieuw berekend."))
            return redirect(need)
    return render(request, "matching/need_form.html", {"form": form, "need": need})


# Closing a need ends its brokering and notifies nobody again: ask first (a page of its own, no JS needed).
CONFIRM_STATUSES = {
    Need.Status.CLOSED: (
        _l("Is de nood ingevuld?"),
        _l("De nood wordt afgesloten: er komen geen suggesties meer bij en het RTC bemiddelt niet verder."),
        _l("Ja, de nood is ingevuld"),
    ),
    Need.Status.WITHDRAWN: (
        _l("Nood intrekken?"),
        _l("De nood verdwijnt uit de lijsten van het RTC en van partners; lopende voorstellen stoppen."),
        _l("Ja, trek de nood in"),
    ),
}


@login_required
def need_status(request, pk):
    need = _need_or_404(request, pk, "matching.change_need")
    data = request.POST if request.method == "POST" else request.GET
    status = data.get("status", "")
    if status in CONFIRM_STATUSES and not (request.method == "POST" and request.POST.get("bevestigd") == "1"):
        title, text, button = CONFIRM_STATUSES[status]
        context = {"need": need, "status": status, "title": title, "text": text, "button": button}
        return render(request, "matching/need_status_confirm.html", context)
    if request.method != "POST":
        return redirect(need)
    try:
        services.set_need_status(request.user, need, status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": need.get_status_display()})
    return redirect(need)


@login_required
def need_detail(request, pk):
    need = _need_or_404(request, pk)
    user = request.user
    can_broker = user.has_perm("matching.broker_need", need)
    personal = user.has_perm("matching.view_need_personal", need)
    can_edit = user.has_perm("matching.change_need", need)
    context = {
        "need": need,
        "can_edit": can_edit,
        "can_broker": can_broker,
        "show_personal": personal,
        "themes": need.themes.all(),
        "graden": need.graden.all(),
        "support_forms": need.support_forms.all(),
    }
    if personal or can_broker:
        grouped = selectors.suggestions(need)
        context["sections"] = [(kind, KIND_TITLES[kind], grouped[kind]) for kind in (OFFER, PARTNER, SCHOOL)]
        context["introductions"] = selectors.introductions_for_need(need)
        context["history"] = history_page(need, request)
    else:
        # A provider sees the need without personal data, and only its own introductions.
        from innovet.organisations.permissions import organisation_ids

        context["introductions"] = selectors.introductions_for_need(need).filter(partner_id__in=organisation_ids(user))
    if can_broker:  # the RTC decides what to do with 'wij kunnen helpen'; the school hears of it via an introduction
        context["interests"] = selectors.interests_for_need(need)
    orgs = _provider_orgs(user)
    if orgs and user.has_perm("matching.signal_interest", need):
        ours = need.interests.filter(organisation__in=orgs).first()
        context["our_interest"] = ours
        if ours is None:
            context["interest_form"] = InterestForm(organisations=orgs)
    if can_broker:
        context["introduce_form"] = IntroduceForm()
        context["add_form"] = AddSuggestionForm(need=need)
    return render(request, "matching/need_detail.html", context)


@login_required
@require_POST
def need_recompute(request, pk):
    need = _need_or_404(request, pk)
    if not (request.user.has_perm("matching.change_need", need) or request.user.has_perm("matching.broker_need", need)):
        raise PermissionDenied
    services.recompute_suggestions(need)
    messages.success(request, _("De suggesties zijn opnieuw berekend."))
    return redirect(need)


def _suggestion_for_broker(request, pk, spk):
    need = _need_or_404(request, pk, "matching.broker_need")
    return get_object_or_404(Suggestion.objects.select_related("need", "willingness__organisation"), pk=spk, need=need)


@login_required
@require_POST
def suggestion_confirm(request, pk, spk):
    suggestion = _suggestion_for_broker(request, pk, spk)
    services.confirm_suggestion(request.user, suggestion)
    messages.success(request, _("Suggestie bevestigd: de school ziet ze bovenaan."))
    return redirect(suggestion.need)


@login_required
@require_POST
def suggestion_add(request, pk):
    need = _need_or_404(request, pk, "matching.broker_need")
    form = AddSuggestionForm(request.POST, need=need)
    if form.is_valid():
        try:
            services.add_suggestion(
                request.user,
                need,
                willingness=form.cleaned_data["willingness"],
                peer_need=form.cleaned_data["peer_need"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Suggestie toegevoegd."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(need)


@login_required
@require_POST
def suggestion_introduce(request, pk, spk):
    suggestion = _suggestion_for_broker(request, pk, spk)
    form = IntroduceForm(request.POST)
    if form.is_valid():
        try:
            intro = services.introduce(request.user, suggestion, form.cleaned_data["message"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Beide partijen kregen een bericht en een e-mail."))
            return redirect(intro)
    return redirect(suggestion.need)


def _introduction_or_404(request, pk):
    intro = get_object_or_404(
        Introduction.objects.select_related(
            "need", "need__school", "need__created_by", "partner", "willingness", "willingness__contact", "peer_need"
        ),
        pk=pk,
    )
    if not request.user.has_perm("matching.view_introduction", intro):
        raise Http404
    return intro


@login_required
def introduction_detail(request, pk):
    intro = _introduction_or_404(request, pk)
    user = request.user
    sides = []
    if user.has_perm("matching.answer_introduction_school", intro) and intro.school_answer == "open":
        sides.append("school")
    if user.has_perm("matching.answer_introduction_partner", intro) and intro.partner_answer == "open":
        sides.append("partner")
    follow_choices = (
        [(s, Introduction.Status(s).label) for s in services.FOLLOW_UP.get(intro.status, ())]
        if user.has_perm("matching.close_introduction", intro)
        else []
    )
    context = {
        "intro": intro,
        "need": intro.need,
        "answer_sides": sides if intro.is_open else [],
        "answer_form": AnswerForm(),
        "follow_form": FollowUpForm(choices=follow_choices) if follow_choices else None,
        "history": history_page(intro, request),
    }
    if intro.contacts_shared:
        context["school_contacts"] = services.school_side_people(intro.need)
        context["partner_contacts"] = services.partner_side_people(intro)
    return render(request, "matching/introduction_detail.html", context)


@login_required
@require_POST
def introduction_answer(request, pk):
    intro = _introduction_or_404(request, pk)
    side = request.POST.get("side")
    if side not in ("school", "partner"):
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies ja of nee."))
        return redirect(intro)
    try:
        services.answer_introduction(
            request.user, intro, side, form.cleaned_data["accept"], form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Je antwoord is doorgegeven."))
    return redirect(intro)


@login_required
@require_POST
def introduction_follow_up(request, pk):
    intro = _introduction_or_404(request, pk)
    if not request.user.has_perm("matching.close_introduction", intro):
        raise PermissionDenied
    try:
        services.follow_up(request.user, intro, request.POST.get("status", ""), request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De opvolging is bewaard."))
    return redirect(intro)


# --- willingness -----------------------------------------------------------------------------------


@login_required
def willingness_list(request):
    mine = selectors.willingness_for_user(request.user)
    provinces = rtc_province_ids(request.user) or {m.organisation.province_id for m in memberships(request.user)}
    qs = selectors.willingness_list(provinces if not request.user.is_superuser else None)
    page = Paginator(qs, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "matching/willingness_list.html",
        {"mine": mine, "page": page, "can_state": bool(_my_orgs(request.user))},
    )


def _my_orgs(user):
    return [m.organisation for m in memberships(user)]


@login_required
def willingness_create(request):
    orgs = _my_orgs(request.user)
    if not orgs:
        raise PermissionDenied
    form = WillingnessForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            w = services.create_willingness(request.user, form.cleaned_data["organisation"], form.service_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bewaard. Het RTC en scholen met een passende nood zien jullie aanbod nu."))
            return redirect(w)
    return render(request, "matching/willingness_form.html", {"form": form, "creating": True})


def _willingness_or_404(request, pk, perm=None):
    w = get_object_or_404(Willingness.objects.select_related("organisation", "contact", "province"), pk=pk)
    if perm and not request.user.has_perm(perm, w):
        raise PermissionDenied
    return w


@login_required
def willingness_detail(request, pk):
    w = _willingness_or_404(request, pk)
    can_edit = request.user.has_perm("matching.change_willingness", w)
    return render(
        request,
        "matching/willingness_detail.html",
        {"w": w, "can_edit": can_edit, "history": history_page(w, request) if can_edit else []},
    )


@login_required
def willingness_edit(request, pk):
    w = _willingness_or_404(request, pk, "matching.change_willingness")
    form = WillingnessForm(request.POST or None, organisations=[w.organisation], instance=w)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_willingness(request.user, w, form.service_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bewaard."))
            return redirect(w)
    return render(request, "matching/willingness_form.html", {"form": form, "w": w})


@login_required
@require_POST
def willingness_toggle(request, pk):
    w = _willingness_or_404(request, pk, "matching.change_willingness")
    services.set_willingness_active(request.user, w, not w.is_active)
    messages.success(request, _("Aanbod actief.") if w.is_active else _("Aanbod gepauzeerd."))
    return redirect(w)
