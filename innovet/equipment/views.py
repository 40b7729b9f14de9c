from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.audit import grouped_history
from innovet.core.forms import add_service_errors
from innovet.core.models import AuditLog
from innovet.core.shortcuts import flash_errors
from innovet.organisations.permissions import organisations

from . import selectors, services
from .forms import ApplyForm, SetForm
from .models import Application, ApplicationStatus, ChecklistItem, EquipmentSet, Turn


def _set(request, pk, perm=None):
    equipment = get_object_or_404(EquipmentSet.objects.select_related("owner"), pk=pk)
    owner = request.user.has_perm("equipment.manage_set", equipment)
    if not equipment.is_active and not owner:
        raise Http404
    if perm and not request.user.has_perm(perm, equipment):
        raise PermissionDenied
    return equipment


def set_list(request):
    context = {
        "sets": selectors.set_list(),
        "owned": list(selectors.owned_sets(request.user)) if request.user.is_authenticated else [],
        # Registering needs an owner organisation (see _set_form): no button that leads to a 403.
        "can_register": bool(organisations(request.user)),
    }
    return render(request, "equipment/set_list.html", context)


def set_detail(request, pk):
    equipment = _set(request, pk)
    turns = selectors.schedule(equipment)
    current, upcoming = selectors.holder_and_next(equipment)
    schools = services.school_options(request.user) if request.user.is_authenticated else []
    active = set(
        Application.objects.filter(
            equipment=equipment, school__in=schools, status__in=(ApplicationStatus.WAITING, ApplicationStatus.PLANNED)
        ).values_list("school", flat=True)
    )
    context = {
        "equipment": equipment,
        "turns": turns,
        "current": current,
        "upcoming": upcoming,
        "checklist": equipment.checklist.all(),
        "can_apply": any(s.pk not in active for s in schools),
        "applied": bool(active),
        "can_manage": request.user.has_perm("equipment.manage_set", equipment),
    }
    return render(request, "equipment/set_detail.html", context)


def _set_form(request, equipment=None):
    owners = [equipment.owner] if equipment is not None else organisations(request.user)
    if not owners:
        raise PermissionDenied
    initial = None
    if equipment is not None:
        initial = {
            "owner": equipment.owner_id,
            "name": equipment.name,
            "description": equipment.description,
            "rotation_months": equipment.rotation_months,
            "conditions": equipment.conditions,
            "requires_training": equipment.requires_training,
            "is_active": equipment.is_active,
            "checklist": "\n".join(f"{i.step}: {i.label}" for i in equipment.checklist.all()),
        }
    form = SetForm(request.POST or None, initial=initial, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_set(request.user, data["owner"], data, equipment)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De uitrusting is bewaard."))
            return redirect("equipment:manage", pk=saved.pk)
    return render(request, "equipment/set_form.html", {"form": form, "equipment": equipment})


@login_required
def set_create(request):
    return _set_form(request)


@login_required
def set_edit(request, pk):
    return _set_form(request, _set(request, pk, "equipment.manage_set"))


@login_required
def apply(request, pk):
    equipment = _set(request, pk)
    schools = services.school_options(request.user)
    if not schools:
        raise PermissionDenied
    form = ApplyForm(request.POST or None, schools=schools, equipment=equipment)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.apply(request.user, equipment, d["school"], d.get("motivation", ""), d.get("trained", False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Je school staat op de wachtlijst. De eigenaar stelt het rotatieschema op."))
            return redirect(equipment)
    return render(request, "equipment/apply.html", {"form": form, "equipment": equipment})


@login_required
def manage(request, pk):
    equipment = _set(request, pk, "equipment.manage_set")
    context = {
        "equipment": equipment,
        "waiting": selectors.waiting_list(equipment),
        "turns": selectors.schedule(equipment),
        "history": grouped_history(AuditLog.objects.for_object(equipment)),
    }
    return render(request, "equipment/manage.html", context)


@login_required
@require_POST
def build(request, pk):
    equipment = _set(request, pk, "equipment.manage_set")
    try:
        turns = services.build_rotation(request.user, equipment)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Rotatieschema opgesteld: %(n)d beurten gepland.") % {"n": len(turns)})
    return redirect("equipment:manage", pk=pk)


def _application(request, pk, perm):
    application = get_object_or_404(Application.objects.select_related("equipment", "school"), pk=pk)
    if not request.user.has_perm(perm, application if perm == "equipment.withdraw" else application.equipment):
        raise Http404
    return application


@login_required
@require_POST
def conditions(request, pk):
    application = _application(request, pk, "equipment.manage_set")
    services.set_conditions(request.user, application, request.POST.get("vervuld") == "1")
    messages.success(request, _("Voorwaarden bijgewerkt voor %(school)s.") % {"school": application.school.name})
    return redirect("equipment:manage", pk=application.equipment_id)


@login_required
@require_POST
def withdraw(request, pk):
    application = _application(request, pk, "equipment.withdraw")
    try:
        services.withdraw_application(request.user, application)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("De aanvraag is ingetrokken."))
    return redirect(application.equipment)


def _turn(request, pk, perm="equipment.view_turn"):
    turn = get_object_or_404(Turn.objects.select_related("equipment__owner", "school"), pk=pk)
    if not request.user.has_perm("equipment.view_turn", turn):
        raise Http404
    if not request.user.has_perm(perm, turn):
        raise PermissionDenied
    return turn


@login_required
def turn_detail(request, pk):
    turn = _turn(request, pk)
    done = {s.item_id: s for s in turn.handover_steps.select_related("done_by")}
    items = [(item, done.get(item.pk)) for item in turn.equipment.checklist.all()]
    context = {
        "turn": turn,
        "items": items,
        "previous": services.previous_turn(turn),
        "can_hand_over": request.user.has_perm("equipment.hand_over", turn),
        "can_drop": turn.status == "gepland" and request.user.has_perm("equipment.drop_out", turn),
    }
    return render(request, "equipment/turn.html", context)


@login_required
@require_POST
def step(request, pk):
    turn = _turn(request, pk, "equipment.hand_over")
    item = get_object_or_404(ChecklistItem, pk=request.POST.get("item") or 0, equipment=turn.equipment_id)
    try:
        services.record_step(request.user, turn, item, request.POST.get("note", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Genoteerd: %(label)s.") % {"label": item.label})
    return redirect(turn)


@login_required
@require_POST
def drop_out(request, pk):
    turn = _turn(request, pk, "equipment.drop_out")
    try:
        replacement = services.drop_out(request.user, turn, request.POST.get("reason", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(turn)
    if replacement:
        messages.success(
            request,
            _("Afgehaakt. %(school)s van de wachtlijst neemt de beurt over.") % {"school": replacement.school.name},
        )
    else:
        messages.warning(request, _("Afgehaakt. Er staat niemand op de wachtlijst die de beurt kan overnemen."))
    return redirect(turn.equipment)


@login_required
def mine(request):
    schools, applications, turns = selectors.my_school_items(request.user)
    context = {
        "schools": schools,
        "applications": applications,
        "turns": turns,
        "owned": selectors.owned_sets(request.user),
    }
    return render(request, "equipment/mine.html", context)
