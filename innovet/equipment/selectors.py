"""Reads of the equipment rotation, and ``rotation_summary`` for other modules."""

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from innovet.organisations.permissions import memberships, organisation_ids

from . import scheduler
from .models import ACTIVE_APPLICATION, Application, ApplicationStatus, EquipmentSet, Turn, TurnStatus
from .services import school_options

LIVE = (TurnStatus.PLANNED, TurnStatus.ACTIVE)


def _with_turns(qs):
    live = Turn.objects.filter(status__in=LIVE).select_related("school").order_by("starts_on")
    return qs.prefetch_related(Prefetch("turns", queryset=live, to_attr="live_turns")).annotate(
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITING), distinct=True)
    )


def holder_and_next(equipment):
    """(current turn or None, next turn or None) from ``live_turns`` (see ``_with_turns``)."""
    turns = getattr(equipment, "live_turns", None)
    if turns is None:
        turns = list(equipment.turns.filter(status__in=LIVE).select_related("school").order_by("starts_on"))
    current = next((t for t in turns if t.status == TurnStatus.ACTIVE), None)
    upcoming = [t for t in turns if t.status == TurnStatus.PLANNED]
    return current, (upcoming[0] if upcoming else None)


def set_list():
    sets = list(_with_turns(EquipmentSet.objects.filter(is_active=True).select_related("owner").order_by("name")))
    for s in sets:
        s.current, s.next_turn = holder_and_next(s)
    return sets


def owned_sets(user):
    ids = organisation_ids(user)
    return EquipmentSet.objects.filter(owner_id__in=ids).select_related("owner") if ids else EquipmentSet.objects.none()


def schedule(equipment):
    return list(
        Turn.objects.filter(equipment=equipment)
        .select_related("school")
        .prefetch_related("handover_steps")
        .order_by("starts_on", "id")
    )


def waiting_list(equipment):
    """The waiting schools in the scheduler's fairness order, with when they last had the set."""
    last = {
        row["school"]: row["last"]
        for row in Turn.objects.filter(equipment=equipment, status__in=(TurnStatus.DONE, TurnStatus.ACTIVE))
        .values("school")
        .annotate(last=Max("ends_on"))
    }
    applications = list(
        Application.objects.filter(equipment=equipment, status=ApplicationStatus.WAITING).select_related(
            "school", "applied_by"
        )
    )
    for a in applications:
        a.last_had = last.get(a.school_id)
    key = {
        a.pk: scheduler.fairness_key(scheduler.Candidate(a.school_id, None, None, a.created_at.date(), a.last_had))
        for a in applications
    }
    return sorted(applications, key=lambda a: (not a.conditions_met, key[a.pk]))


def my_school_items(user):
    schools = school_options(user)
    ids = [s.pk for s in schools]
    applications = (
        Application.objects.filter(school_id__in=ids, status__in=ACTIVE_APPLICATION)
        .select_related("equipment", "school")
        .order_by("created_at")
    )
    turns = (
        Turn.objects.filter(school_id__in=ids, status__in=LIVE)
        .select_related("equipment", "school")
        .order_by("starts_on")
    )
    return schools, applications, turns


def rotation_summary():
    """For other modules: per active set who has it until when and who is next.

    [{"set_id", "name", "owner", "holder", "holder_until", "next_school", "next_from", "waiting", "planned"}]
    — three queries whatever the number of sets."""
    out = []
    for s in set_list():
        current, upcoming = s.current, s.next_turn
        out.append(
            {
                "set_id": s.pk,
                "name": s.name,
                "owner": s.owner.name,
                "holder": current.school.name if current else None,
                "holder_until": current.ends_on if current else None,
                "next_school": upcoming.school.name if upcoming else None,
                "next_from": upcoming.starts_on if upcoming else None,
                "waiting": s.waiting,
                "planned": sum(1 for t in s.live_turns if t.status == TurnStatus.PLANNED),
            }
        )
    return out


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    owned = list(_with_turns(owned_sets(user))) if organisation_ids(user) else []
    for s in owned:
        s.current, s.next_turn = holder_and_next(s)
    turns = []
    if any(m.organisation.is_school for m in memberships(user)):
        _schools, _apps, turns_qs = my_school_items(user)
        turns = list(turns_qs[:5])
    if not (owned or turns):
        return None
    return {"owned": owned, "turns": turns, "today": timezone.localdate()}
