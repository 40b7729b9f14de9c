"""Writes of the equipment rotation. Each in a transaction, permission-checked and audited.

Only the owner organisation's members build the rotation (``build_rotation``, under a row lock on the
set). Every handover step is recorded (``record_step``); when all the checklist's steps of a turn are
done, that school has the set and the previous turn is finished. A school that drops out
(``drop_out``) is replaced from the waiting list by the scheduler's own rule.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.notifications.services import notify
from innovet.organisations.models import Membership
from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, memberships, require

from . import scheduler
from .models import (
    ACTIVE_APPLICATION,
    Application,
    ApplicationStatus,
    ChecklistItem,
    EquipmentSet,
    HandoverStep,
    Step,
    Turn,
    TurnStatus,
)

DEFAULT_CHECKLIST = [
    (Step.CHECK, _("Staat en volledigheid gecontroleerd (schade, toestellen, handleidingen)")),
    (Step.COLLECT, _("Opgehaald bij de vorige school of de eigenaar")),
    (Step.TRANSFER, _("Overgedragen met uitleg aan de leerkrachten van de nieuwe school")),
]


def _error(message, field="__all__"):
    return ValidationError({field: [message]})


def school_options(user):
    return [m.organisation for m in memberships(user) if m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES]


def _members(org):
    return [m.user for m in Membership.objects.filter(organisation=org, user__is_active=True).select_related("user")]


def _checklist_lines(text):
    """'controle: Banden nagekeken' per line → (step, label); a line without a known step is a check."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        step, _sep, label = line.partition(":")
        if step.strip().lower() in Step.values and label.strip():
            items.append((step.strip().lower(), label.strip()))
        else:
            items.append((Step.CHECK, line))
    return items


@transaction.atomic
def save_set(user, owner, data, equipment=None):
    """``data``: name, description, rotation_months, conditions, requires_training, is_active, checklist
    (text, one item per line, 'controle:' / 'ophalen:' / 'overdracht:' in front)."""
    require(user, "equipment.manage_for", owner)
    months = data.get("rotation_months") or scheduler.DEFAULT_MONTHS
    if not 1 <= months <= 24:
        raise _error(_("Een beurt duurt tussen 1 en 24 maanden."), "rotation_months")
    created = equipment is None
    equipment = equipment or EquipmentSet(owner=owner)
    equipment.name = data["name"].strip()
    equipment.description = data.get("description", "")
    equipment.rotation_months = months
    equipment.conditions = data.get("conditions", "")
    equipment.requires_training = bool(data.get("requires_training"))
    equipment.is_active = data.get("is_active", True)
    equipment.save()
    lines = _checklist_lines(data.get("checklist", "")) or [(s, str(label)) for s, label in DEFAULT_CHECKLIST]
    steps = {s for s, _label in lines}
    missing = [Step(s).label for s in Step.values if s not in steps]
    if missing:
        raise _error(
            _("De checklist heeft minstens één punt per stap nodig; ontbreekt: %(steps)s.")
            % {"steps": ", ".join(str(m) for m in missing)},
            "checklist",
        )
    current = [(i.step, i.label) for i in equipment.checklist.all()]
    if current != lines:
        equipment.checklist.all().delete()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(equipment=equipment, step=s, label=label, position=i) for i, (s, label) in enumerate(lines)
        )
    log_action(equipment, "equipment.set.created" if created else "equipment.set.changed", user)
    return equipment


@transaction.atomic
def apply(user, equipment, school, motivation="", trained=False):
    if school.pk not in {s.pk for s in school_options(user)}:
        raise PermissionDenied
    equipment = EquipmentSet.objects.select_for_update().get(pk=equipment.pk)
    if not equipment.is_active:
        raise _error(_("Deze uitrusting wordt niet meer uitgeleend."))
    existing = Application.objects.filter(equipment=equipment, school=school, status__in=ACTIVE_APPLICATION).first()
    if existing:
        raise _error(_("%(school)s staat al op de wachtlijst of is al ingepland.") % {"school": school.name})
    application = Application.objects.create(
        equipment=equipment,
        school=school,
        applied_by=user,
        motivation=motivation,
        trained=trained,
        conditions_met=not equipment.requires_training,
    )
    log_action(application, "equipment.application.created", user)
    notify(
        _members(equipment.owner),
        "equipment.rotation",
        _("%(school)s vraagt %(set)s aan") % {"school": school.name, "set": equipment.name},
        url=equipment.get_absolute_url(),
        actor=user,
        target=equipment,
    )
    return application


@transaction.atomic
def set_conditions(user, application, met):
    require(user, "equipment.manage_set", application.equipment)
    application.conditions_met = bool(met)
    application.save(update_fields=["conditions_met"])
    log_action(application, "equipment.application.conditions", user, {"vervuld": bool(met)})
    return application


@transaction.atomic
def withdraw_application(user, application):
    if application.school_id not in {s.pk for s in school_options(user)}:
        require(user, "equipment.manage_set", application.equipment)
    if application.status != ApplicationStatus.WAITING:
        raise _error(_("Alleen een aanvraag op de wachtlijst kan ingetrokken worden; haak anders af voor je beurt."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    log_action(application, "equipment.application.withdrawn", user)
    return application


def _last_had(equipment):
    return dict(
        Turn.objects.filter(equipment=equipment, status__in=(TurnStatus.DONE, TurnStatus.ACTIVE))
        .values("school")
        .annotate(last=Max("ends_on"))
        .values_list("school", "last")
    )


def _candidates(equipment, exclude_school_ids=()):
    last = _last_had(equipment)
    applications = (
        Application.objects.filter(equipment=equipment, status=ApplicationStatus.WAITING, conditions_met=True)
        .exclude(school_id__in=exclude_school_ids)
        .select_related("school")
    )
    by_school = {}
    for a in applications:
        by_school[a.school_id] = a
    candidates = [
        scheduler.Candidate(
            a.school_id, a.school.latitude, a.school.longitude, a.created_at.date(), last.get(a.school_id)
        )
        for a in by_school.values()
    ]
    return candidates, by_school


def _busy(school_ids, equipment):
    busy = {}
    for t in Turn.objects.filter(school_id__in=school_ids, status__in=(TurnStatus.PLANNED, TurnStatus.ACTIVE)).exclude(
        equipment=equipment
    ):
        busy.setdefault(t.school_id, []).append((t.starts_on, t.ends_on))
    return busy


@transaction.atomic
def build_rotation(user, equipment, start=None):
    """(Re)build the planned part of the rotation: turns that have not started go back to the waiting
    list, and the scheduler plans every waiting school whose conditions are met, from the end of the
    current turn (or ``start`` / tomorrow)."""
    require(user, "equipment.manage_set", equipment)
    equipment = EquipmentSet.objects.select_for_update().select_related("owner").get(pk=equipment.pk)
    today = timezone.localdate()
    open_turns = Turn.objects.filter(equipment=equipment, status=TurnStatus.PLANNED, starts_on__gt=today)
    for turn in open_turns.select_related("application"):
        if turn.application_id:
            Application.objects.filter(pk=turn.application_id).update(status=ApplicationStatus.WAITING)
    dropped = open_turns.count()
    open_turns.delete()
    kept = (
        Turn.objects.filter(equipment=equipment)
        .exclude(status=TurnStatus.CANCELLED)
        .select_related("school")
        .order_by("-ends_on")
        .first()
    )
    if kept is not None:
        begin = kept.ends_on + timedelta(days=1)
        lat, lon = kept.school.latitude, kept.school.longitude
    else:
        begin = start or today + timedelta(days=1)
        lat, lon = equipment.owner.latitude, equipment.owner.longitude
    begin = max(begin, start or begin)
    candidates, by_school = _candidates(equipment)
    spec = scheduler.SetSpec(equipment.pk, lat, lon, begin, equipment.rotation_months)
    planned = scheduler.schedule([spec], {equipment.pk: candidates}, busy=_busy(by_school.keys(), equipment))
    turns = Turn.objects.bulk_create(
        Turn(
            equipment=equipment,
            school_id=t.school_id,
            application=by_school[t.school_id],
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            distance_km=t.distance_km,
        )
        for t in planned
    )
    Application.objects.filter(pk__in=[by_school[t.school_id].pk for t in planned]).update(
        status=ApplicationStatus.PLANNED
    )
    log_action(equipment, "equipment.rotation.built", user, {"beurten": len(turns), "vervangen": dropped})
    schools = [m for t in turns[:2] for m in _members(t.school)]
    if schools:
        notify(
            schools,
            "equipment.rotation",
            _("Het rotatieschema van %(set)s is opgesteld") % {"set": equipment.name},
            url=equipment.get_absolute_url(),
            actor=user,
            target=equipment,
        )
    return turns


def previous_turn(turn):
    return (
        Turn.objects.filter(equipment=turn.equipment_id, starts_on__lt=turn.starts_on)
        .exclude(status=TurnStatus.CANCELLED)
        .select_related("school")
        .order_by("-starts_on")
        .first()
    )


@transaction.atomic
def record_step(user, turn, item, note=""):
    """Record one checklist item of the handover to ``turn``'s school. When every item is done, the school
    has the set (turn 'lopend') and the previous holder's turn is finished."""
    require(user, "equipment.hand_over", turn)
    turn = Turn.objects.select_for_update().select_related("equipment", "school").get(pk=turn.pk)
    if turn.status not in (TurnStatus.PLANNED, TurnStatus.ACTIVE):
        raise _error(_("Deze beurt is afgelopen of geannuleerd."))
    if item.equipment_id != turn.equipment_id:
        raise _error(_("Dit punt hoort niet bij de checklist van deze uitrusting."))
    if HandoverStep.objects.filter(turn=turn, item=item).exists():
        return None  # a double click
    try:
        with transaction.atomic():
            step = HandoverStep.objects.create(
                turn=turn, item=item, step=item.step, label=item.label, done_by=user, note=note[:300]
            )
    except IntegrityError:
        return None
    log_action(turn, "equipment.handover.step", user, {"stap": item.step, "punt": item.label})
    done = set(HandoverStep.objects.filter(turn=turn).values_list("item", flat=True))
    if turn.status == TurnStatus.PLANNED and set(turn.equipment.checklist.values_list("pk", flat=True)) <= done:
        previous = previous_turn(turn)
        if previous is not None and previous.status == TurnStatus.ACTIVE:
            previous.status = TurnStatus.DONE
            previous.save(update_fields=["status"])
            Application.objects.filter(pk=previous.application_id).update(status=ApplicationStatus.DONE)
        turn.status = TurnStatus.ACTIVE
        turn.save(update_fields=["status"])
        log_action(turn, "equipment.handover.completed", user)
    return step


@transaction.atomic
def drop_out(user, turn, reason):
    """A school gives up a turn that has not started. The waiting list's next school (the scheduler's
    rule: fairness order, nearest of the first three to the previous holder) gets the same dates."""
    require(user, "equipment.drop_out", turn)
    reason = (reason or "").strip()
    if not reason:
        raise _error(_("Geef een reden: de eigenaar leest ze."), "reason")
    EquipmentSet.objects.select_for_update().get(pk=turn.equipment_id)
    turn = Turn.objects.select_related("equipment", "school").get(pk=turn.pk)
    if turn.status != TurnStatus.PLANNED:
        raise _error(_("Alleen een beurt die nog niet begonnen is, kan afgezegd worden."))
    turn.status = TurnStatus.CANCELLED
    turn.drop_reason = reason
    turn.save(update_fields=["status", "drop_reason"])
    if turn.application_id:
        Application.objects.filter(pk=turn.application_id).update(status=ApplicationStatus.WITHDRAWN)
    log_action(turn, "equipment.turn.dropped", user, {"reden": reason})
    previous = previous_turn(turn)
    holder = previous.school if previous else turn.equipment.owner
    candidates, by_school = _candidates(turn.equipment, exclude_school_ids=[turn.school_id])
    chosen = scheduler.replacement(
        holder.latitude,
        holder.longitude,
        candidates,
        turn.starts_on,
        turn.ends_on,
        _busy(by_school.keys(), turn.equipment),
    )
    replacement = None
    if chosen is not None:
        application = by_school[chosen.school_id]
        replacement = Turn.objects.create(
            equipment=turn.equipment,
            school_id=chosen.school_id,
            application=application,
            starts_on=turn.starts_on,
            ends_on=turn.ends_on,
            distance_km=round(scheduler.distance(holder.latitude, holder.longitude, chosen), 1)
            if holder.latitude is not None and chosen.lat is not None
            else None,
        )
        application.status = ApplicationStatus.PLANNED
        application.save(update_fields=["status"])
        log_action(replacement, "equipment.turn.replaced", user, {"voor": turn.school.name})
        notify(
            _members(application.school),
            "equipment.rotation",
            _("%(set)s komt naar je school van %(start)s tot %(end)s")
            % {
                "set": turn.equipment.name,
                "start": turn.starts_on.strftime("%d/%m/%Y"),
                "end": turn.ends_on.strftime("%d/%m/%Y"),
            },
            url=turn.equipment.get_absolute_url(),
            actor=user,
            target=replacement,
        )
    notify(
        _members(turn.equipment.owner),
        "equipment.rotation",
        _("%(school)s haakt af voor %(set)s") % {"school": turn.school.name, "set": turn.equipment.name},
        body=reason,
        url=turn.equipment.get_absolute_url(),
        actor=user,
        target=turn,
    )
    return replacement


def user_data(user):
    return {
        "aanvragen": [
            {"uitrusting": a.equipment.name, "school": a.school.name, "motivatie": a.motivation}
            for a in Application.objects.filter(applied_by=user).select_related("equipment", "school")
        ],
        "overdrachtsstappen": [
            {"beurt": str(s.turn), "punt": s.label, "op": s.done_at.isoformat(), "opmerking": s.note}
            for s in HandoverStep.objects.filter(done_by=user).select_related("turn__equipment", "turn__school")
        ],
    }


def erase_user(user):
    """The rotation and its handover record stay (they belong to the schools and the owner); the person goes."""
    Application.objects.filter(applied_by=user).update(applied_by=None)
    HandoverStep.objects.filter(done_by=user).update(done_by=None)
