"""Writes to the participation ledger. Every module records through here (never with .create())."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innovet.core.audit import log_action

from .models import ActivityKind, Participation, ParticipationRole
from .signals import participation_recorded


@transaction.atomic
def record_participation(
    *,
    person,
    activity,
    kind,
    title,
    date,
    hours,
    role=ParticipationRole.VISITOR,
    school=None,
    organiser=None,
    province=None,
    url="",
    recorded_by=None,
):
    """Record (or correct) that ``person`` took part in ``activity``. Idempotent per person and activity."""
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Onbekende soort activiteit: %(kind)s.") % {"kind": kind}})
    if role not in ParticipationRole.values:
        raise ValidationError({"role": _("Onbekende rol: %(role)s.") % {"role": role}})
    hours = Decimal(str(hours)).quantize(Decimal("0.01"))
    if hours < 0:
        raise ValidationError({"hours": _("Het aantal uren kan niet negatief zijn.")})
    record, created = Participation.objects.update_or_create(
        person=person,
        activity_type=ContentType.objects.get_for_model(activity),
        activity_id=str(activity.pk),
        defaults={
            "kind": kind,
            "title": str(title)[:300],
            "date": date,
            "hours": hours,
            "role": role,
            "school": school,
            "organiser": organiser,
            "province": province,
            "url": url[:300],
            "recorded_by": recorded_by,
        },
    )
    log_action(record, "participation.recorded", recorded_by, {"created": created, "role": role})
    transaction.on_commit(lambda: participation_recorded.send(sender=Participation, record=record))
    return record


@transaction.atomic
def withdraw_participation(*, person, activity, withdrawn_by=None):
    """Remove a record made in error (e.g. attendance corrected to 'niet aanwezig'). Returns how many."""
    qs = Participation.objects.for_activity(activity).filter(person=person)
    records = list(qs)
    for record in records:
        log_action(record, "participation.withdrawn", withdrawn_by)
    qs.delete()
    return len(records)


def user_data(user):
    return [
        {
            "activiteit": p.title,
            "soort": p.get_kind_display(),
            "datum": p.date.isoformat(),
            "uren": str(p.hours),
            "rol": p.get_role_display(),
            "school": p.school.name if p.school_id else None,
            "organisator": p.organiser.name if p.organiser_id else None,
        }
        for p in Participation.objects.filter(person=user).select_related("school", "organiser")
    ]


def erase_user(user):
    """Keep the anonymous record (school, date, hours, role) for reach figures; drop the person."""
    Participation.objects.filter(person=user).update(person=None)
