"""Writes of the 10-dagenregeling. Each runs in a transaction, checks permission, and logs to the audit trail.

Flow: a teacher submits a request (``submit_request``: every rule of ``eligibility`` is checked, a refusal
changes nothing) → the RTC of the school's province forwards it (``forward_request``) or declines it →
the centre confirms the days (``confirm_request``, under a row lock on the infrastructure) or declines.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.notifications.services import notify
from innovet.organisations.models import Membership, OrganisationKind
from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, memberships, require
from innovet.participation.models import ActivityKind, ParticipationRole
from innovet.participation.services import record_participation, withdraw_participation

from . import eligibility
from .models import (
    COUNTING_STATUSES,
    Availability,
    BookedDay,
    Infrastructure,
    RequestStatus,
    TiendagenRequest,
    Training,
    WegwijsRegistration,
    WegwijsSession,
)


def _error(message, field="__all__"):
    return ValidationError({field: [message]})


# --- the centre's offer --------------------------------------------------------------------------


def _require_centre(user, centre):
    if centre.kind != OrganisationKind.VDAB:
        raise _error(_("Alleen een VDAB-centrum biedt de 10-dagenregeling aan."), "centre")
    require(user, "tiendagen.manage_centre", centre)


@transaction.atomic
def create_infrastructure(user, centre, name, capacity=16):
    _require_centre(user, centre)
    name = (name or "").strip()
    if not name:
        raise _error(_("Geef de infrastructuur een naam."), "name")
    if Infrastructure.objects.filter(centre=centre, name__iexact=name).exists():
        raise _error(_("Dit centrum heeft al infrastructuur met de naam ‘%(name)s’.") % {"name": name}, "name")
    infra = Infrastructure.objects.create(centre=centre, name=name, capacity=capacity)
    log_action(infra, "tiendagen.infrastructure.created", user)
    return infra


@transaction.atomic
def save_training(user, centre, data, training=None):
    """Create or change an opleiding. ``data``: title, description, infrastructure, studiedomeinen,
    studierichtingen, is_active."""
    _require_centre(user, centre)
    infra = data["infrastructure"]
    if infra.centre_id != centre.pk:
        raise _error(_("Kies infrastructuur van dit centrum."), "infrastructure")
    if not data.get("studiedomeinen"):
        raise _error(_("Kies minstens één studiedomein."), "studiedomeinen")
    created = training is None
    training = training or Training(centre=centre)
    for name in ("title", "description", "studierichtingen"):
        setattr(training, name, (data.get(name) or "").strip())
    training.infrastructure = infra
    training.is_active = data.get("is_active", True)
    training.save()
    training.studiedomeinen.set(data["studiedomeinen"])
    log_action(training, "tiendagen.training.created" if created else "tiendagen.training.changed", user)
    return training


@transaction.atomic
def add_availability(user, infrastructure, starts_on, ends_on, note=""):
    _require_centre(user, infrastructure.centre)
    if ends_on < starts_on:
        raise _error(_("Het einde van de periode ligt vóór het begin."), "ends_on")
    overlapping = Availability.objects.filter(
        infrastructure=infrastructure, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists()
    if overlapping:
        raise _error(_("Deze periode overlapt met een periode die al beschikbaar is."), "starts_on")
    period = Availability.objects.create(infrastructure=infrastructure, starts_on=starts_on, ends_on=ends_on, note=note)
    log_action(infrastructure, "tiendagen.availability.added", user, {"van": str(starts_on), "tot": str(ends_on)})
    return period


@transaction.atomic
def create_wegwijs_session(user, centre, day, starts_at="14:00", ends_at="16:00", capacity=20):
    _require_centre(user, centre)
    if day < timezone.localdate():
        raise _error(_("Een wegwijssessie plan je vandaag of later."), "day")
    if str(ends_at) <= str(starts_at):
        raise _error(_("Het einde ligt vóór het begin."), "ends_at")
    session = WegwijsSession.objects.create(
        centre=centre, day=day, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    log_action(session, "tiendagen.wegwijs.created", user)
    return session


# --- wegwijssessies ------------------------------------------------------------------------------


def teacher_schools(user):
    return [m.organisation for m in memberships(user) if m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES]


def _require_school(user, school):
    if school is None or school.pk not in {s.pk for s in teacher_schools(user)}:
        raise PermissionDenied


@transaction.atomic
def register_wegwijs(user, session, school):
    _require_school(user, school)
    session = WegwijsSession.objects.select_for_update().get(pk=session.pk)
    if session.day < timezone.localdate():
        raise _error(_("Deze wegwijssessie is al voorbij."))
    existing = WegwijsRegistration.objects.filter(session=session, teacher=user).first()
    if existing:
        return existing  # a double click
    if session.registrations.count() >= session.capacity:
        raise _error(_("Deze wegwijssessie is volzet. Kies een andere datum."))
    registration = WegwijsRegistration.objects.create(session=session, teacher=user, school=school)
    log_action(session, "tiendagen.wegwijs.registered", user)
    return registration


@transaction.atomic
def confirm_wegwijs_attendance(user, session, present_ids):
    """The centre marks who came. Present teachers enter the participation ledger (a session of VDAB's
    offer, visitor role); a teacher marked absent after all is taken out of it again."""
    require(user, "tiendagen.manage_centre", session.centre)
    session = WegwijsSession.objects.select_for_update().get(pk=session.pk)
    if session.day > timezone.localdate():
        raise _error(_("Aanwezigheden bevestig je op of na de dag van de sessie."))
    present_ids = {int(i) for i in present_ids}
    for registration in session.registrations.select_related("teacher", "school"):
        registration.attended = registration.pk in present_ids
        registration.save(update_fields=["attended"])
        if registration.teacher_id is None:
            continue
        if registration.attended:
            record_participation(
                person=registration.teacher,
                activity=registration,
                kind=ActivityKind.OFFER_SESSION,
                title=_("Wegwijssessie 10-dagenregeling – %(centre)s") % {"centre": session.centre.name},
                date=session.day,
                hours=session.hours,
                role=ParticipationRole.VISITOR,
                school=registration.school,
                organiser=session.centre,
                province=session.centre.province,
                recorded_by=user,
            )
        else:
            withdraw_participation(person=registration.teacher, activity=registration, withdrawn_by=user)
    session.attendance_confirmed_at = timezone.now()
    session.save(update_fields=["attendance_confirmed_at"])
    log_action(session, "tiendagen.wegwijs.attendance", user, {"aanwezig": len(present_ids)})
    return session


# --- requests --------------------------------------------------------------------------------------


def _check_days(training, days, exclude_request=None):
    """(kind, Dutch message) about the days themselves (not the eligibility rules): kinds 'input' (twice,
    past, weekend, more than one school year) and 'taken' (not available, already booked)."""
    errors = []
    today = timezone.localdate()
    if len(set(days)) != len(days):
        errors.append(("input", _("Je koos een dag twee keer.")))
    days = sorted(set(days))
    if not days:
        return [("input", _("Kies minstens één lesdag."))]
    if len({eligibility.school_year_of(d) for d in days}) > 1:
        errors.append(("input", _("Alle lesdagen van één aanvraag vallen in hetzelfde schooljaar.")))
    periods = list(Availability.objects.filter(infrastructure=training.infrastructure_id))
    booked = set(
        BookedDay.objects.filter(infrastructure=training.infrastructure_id, day__in=days, confirmed=True)
        .exclude(request=exclude_request)
        .values_list("day", flat=True)
    )
    for d in days:
        label = d.strftime("%d/%m/%Y")
        if d <= today:
            errors.append(("input", _("%(day)s ligt niet in de toekomst.") % {"day": label}))
        elif d.weekday() >= 5:
            errors.append(("input", _("%(day)s is geen schooldag (weekend).") % {"day": label}))
        elif d in booked:
            errors.append(
                (
                    "taken",
                    _("Op %(day)s is de infrastructuur ‘%(infra)s’ al geboekt door een andere klas.")
                    % {"day": label, "infra": training.infrastructure.name},
                )
            )
        elif not any(p.starts_on <= d <= p.ends_on for p in periods):
            errors.append(
                (
                    "taken",
                    _("Op %(day)s is de infrastructuur ‘%(infra)s’ niet beschikbaar.")
                    % {"day": label, "infra": training.infrastructure.name},
                )
            )
    return errors


def days_used(teacher, school_year, exclude_request=None):
    return (
        BookedDay.objects.filter(
            request__teacher=teacher, request__school_year=school_year, request__status__in=COUNTING_STATUSES
        )
        .exclude(request=exclude_request)
        .count()
    )


def wegwijs_of(teacher, centre):
    return [
        eligibility.WegwijsSession(r.session.day, r.attended)
        for r in WegwijsRegistration.objects.filter(teacher=teacher, session__centre=centre).select_related("session")
    ]


def facts_for(teacher, training, data, days, exclude_request=None):
    days = sorted(set(days))
    school_year = eligibility.school_year_of(days[0]) if days else ""
    domains = list(training.studiedomeinen.all())
    domain = data.get("studiedomein")
    return eligibility.Facts(
        track=data["track"],
        grade=data.get("grade"),
        year=data.get("year"),
        class_domain=domain.code if domain else None,
        class_field=data.get("studierichting", ""),
        training_domains=tuple(d.code for d in domains),
        training_fields=tuple(training.field_list),
        domain_labels={d.code: d.label for d in domains},
        days_requested=len(days),
        days_used=days_used(teacher, school_year, exclude_request) if school_year else 0,
        first_day=days[0] if days else None,
        wegwijs=wegwijs_of(teacher, training.centre),
    )


def refusal_error(refusals):
    return ValidationError({"__all__": [str(r) for r in refusals]})


@transaction.atomic
def submit_request(user, school, training, data, days):
    """``data``: class_name, track, grade, year, studiedomein (Term), studierichting, pupils, note. ``days``:
    dates. Refused with every broken rule at once (and nothing stored) — or stored as 'aangevraagd' for the
    RTC of the school's province."""
    _require_school(user, school)
    # One teacher's requests are counted under a lock on the teacher, so two tabs cannot pass 10 days together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    training = Training.objects.select_related("centre", "infrastructure").get(pk=training.pk)
    if not training.is_active:
        raise _error(_("Deze opleiding wordt niet meer aangeboden."))
    day_errors = _check_days(training, list(days))
    if day_errors:
        raise ValidationError({"days": [message for _kind, message in day_errors]})
    refusals = eligibility.evaluate(facts_for(user, training, data, days))
    if refusals:
        raise refusal_error(refusals)
    days = sorted(set(days))
    request = TiendagenRequest.objects.create(
        teacher=user,
        school=school,
        province_id=school.province_id,
        training=training,
        centre=training.centre,
        class_name=data["class_name"].strip(),
        track=data["track"],
        grade=data.get("grade"),
        year=data.get("year"),
        studiedomein=data["studiedomein"],
        studierichting=data["studierichting"].strip(),
        pupils=data["pupils"],
        school_year=eligibility.school_year_of(days[0]),
        note=data.get("note", ""),
    )
    BookedDay.objects.bulk_create(
        BookedDay(request=request, infrastructure_id=training.infrastructure_id, day=d) for d in days
    )
    log_action(request, "tiendagen.request.submitted", user, {"dagen": len(days)})
    from innovet.matching.services import rtc_staff_for_province

    notify(
        rtc_staff_for_province(school.province_id),
        "tiendagen.request",
        _("Nieuwe aanvraag 10-dagenregeling: %(request)s") % {"request": request},
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


def _locked(request):
    return TiendagenRequest.objects.select_for_update().select_related("training__centre", "centre").get(pk=request.pk)


def _recheck(request):
    days = list(request.days.values_list("day", flat=True))
    data = {
        "track": request.track,
        "grade": request.grade,
        "year": request.year,
        "studiedomein": request.studiedomein,
        "studierichting": request.studierichting,
    }
    # Later steps only care whether the days are still free (the input was checked at submission).
    day_errors = [m for kind, m in _check_days(request.training, days, exclude_request=request) if kind == "taken"]
    refusals = eligibility.evaluate(facts_for(request.teacher, request.training, data, days, exclude_request=request))
    return day_errors, refusals


def _centre_members(centre):
    return [m.user for m in Membership.objects.filter(organisation=centre, user__is_active=True).select_related("user")]


@transaction.atomic
def forward_request(user, request, note=""):
    require(user, "tiendagen.handle_as_rtc", request)
    request = _locked(request)
    if request.status != RequestStatus.SUBMITTED:
        raise _error(_("Deze aanvraag is al behandeld."))
    day_errors, refusals = _recheck(request)
    if day_errors or refusals:
        raise ValidationError({"__all__": day_errors + [str(r) for r in refusals]})
    request.status = RequestStatus.FORWARDED
    request.forwarded_at = timezone.now()
    request.save(update_fields=["status", "forwarded_at"])
    log_action(request, "tiendagen.request.forwarded", user, {"opmerking": note} if note else None)
    notify(
        _centre_members(request.centre),
        "tiendagen.request",
        _("Aanvraag 10-dagenregeling via het RTC: %(request)s") % {"request": request},
        body=note,
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


@transaction.atomic
def decline_request(user, request, reason):
    reason = (reason or "").strip()
    if not reason:
        raise _error(_("Geef een reden: de leerkracht leest ze."), "reason")
    request = _locked(request)
    if request.status == RequestStatus.SUBMITTED:
        require(user, "tiendagen.handle_as_rtc", request)
    elif request.status == RequestStatus.FORWARDED:
        require(user, "tiendagen.handle_as_centre", request)
    else:
        raise _error(_("Deze aanvraag is al behandeld."))
    request.status = RequestStatus.DECLINED
    request.decision_reason = reason
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decision_reason", "decided_at"])
    log_action(request, "tiendagen.request.declined", user, {"reden": reason})
    notify(
        [request.teacher],
        "tiendagen.request",
        _("Je aanvraag 10-dagenregeling is geweigerd"),
        body=reason,
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


@transaction.atomic
def confirm_request(user, request):
    """The centre confirms every day of the request. The infrastructure row is locked, so two confirmations
    of the same day one after the other find each other; the partial unique index is the backstop."""
    require(user, "tiendagen.handle_as_centre", request)
    request = _locked(request)
    if request.status != RequestStatus.FORWARDED:
        raise _error(_("Alleen een doorgestuurde aanvraag kan bevestigd worden."))
    Infrastructure.objects.select_for_update().get(pk=request.training.infrastructure_id)
    day_errors, refusals = _recheck(request)
    if day_errors or refusals:
        raise ValidationError({"__all__": day_errors + [str(r) for r in refusals]})
    try:
        with transaction.atomic():
            request.days.update(confirmed=True)
    except IntegrityError:
        raise _error(
            _("Een van deze dagen is intussen al aan een andere klas bevestigd. Er is niets gewijzigd.")
        ) from None
    request.status = RequestStatus.CONFIRMED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    log_action(request, "tiendagen.request.confirmed", user)
    notify(
        [request.teacher],
        "tiendagen.request",
        _("Je lesdagen bij %(centre)s zijn bevestigd") % {"centre": request.centre.name},
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


@transaction.atomic
def withdraw_request(user, request):
    request = _locked(request)
    if request.teacher_id != user.pk:
        raise PermissionDenied
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.FORWARDED, RequestStatus.CONFIRMED):
        raise _error(_("Deze aanvraag is al afgesloten."))
    if request.days.filter(day__lte=timezone.localdate(), confirmed=True).exists():
        raise _error(_("De lesdagen zijn al begonnen: neem contact op met het centrum."))
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    request.days.update(confirmed=False)
    log_action(request, "tiendagen.request.withdrawn", user)
    return request


# --- reminders (a daily job, tasks.py) ------------------------------------------------------------

REMINDER_DAYS = 3


def _claim(model, pk):
    """Mark one row reminded; False when another worker run did it first (the job may run twice)."""
    return bool(model.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now()))


def send_due_reminders(today=None):
    """Teachers whose wegwijssessie or first confirmed lesdag is at most three days away get one reminder each;
    a lesdag reminder says so when the teacher has not followed the centre's wegwijssessie yet."""
    today = today or timezone.localdate()
    until = today + timedelta(days=REMINDER_DAYS)
    sent = 0
    registrations = WegwijsRegistration.objects.filter(
        reminder_sent_at__isnull=True, teacher__isnull=False, session__day__range=(today, until)
    ).select_related("session__centre", "teacher")
    for registration in registrations:
        with transaction.atomic():
            if not _claim(WegwijsRegistration, registration.pk):
                continue
            session = registration.session
            notify(
                [registration.teacher],
                "tiendagen.reminder",
                _("Herinnering: wegwijssessie bij %(centre)s op %(day)s")
                % {
                    "centre": session.centre.name,
                    "day": date_format(session.day, "SHORT_DATE_FORMAT"),
                },
                _("Van %(start)s tot %(end)s. Zonder deze sessie kan je klas niet naar het centrum komen.")
                % {
                    "start": date_format(session.starts_at, "TIME_FORMAT"),
                    "end": date_format(session.ends_at, "TIME_FORMAT"),
                },
                target=registration,
            )
            sent += 1
    confirmed = Q(days__confirmed=True)
    requests = (
        TiendagenRequest.objects.filter(
            status=RequestStatus.CONFIRMED, reminder_sent_at__isnull=True, teacher__isnull=False
        )
        .annotate(first_day=Min("days__day", filter=confirmed), day_count=Count("days", filter=confirmed))
        .filter(first_day__range=(today, until))
        .select_related("centre", "teacher")
    )
    for request in requests:
        with transaction.atomic():
            if not _claim(TiendagenRequest, request.pk):
                continue
            body = _("Klas %(klas)s, %(days)d lesdag(en) in %(centre)s.") % {
                "klas": request.class_name,
                "days": request.day_count,
                "centre": request.centre.name,
            }
            followed = wegwijs_of(request.teacher, request.centre)
            if not any(session.attended is not False and session.day < request.first_day for session in followed):
                body += " " + _(
                    "Je volgde de wegwijssessie van dit centrum nog niet: schrijf je in voor een sessie vóór je "
                    "eerste lesdag."
                )
            notify(
                [request.teacher],
                "tiendagen.reminder",
                _("Herinnering: je eerste lesdag bij %(centre)s is op %(day)s")
                % {
                    "centre": request.centre.name,
                    "day": date_format(request.first_day, "SHORT_DATE_FORMAT"),
                },
                body,
                url=request.get_absolute_url(),
                target=request,
            )
            sent += 1
    return sent


# --- GDPR ------------------------------------------------------------------------------------------


def user_data(user):
    return {
        "aanvragen": [
            {
                "centrum": r.centre.name,
                "opleiding": r.training.title,
                "klas": r.class_name,
                "status": r.get_status_display(),
                "dagen": [d.day.isoformat() for d in r.days.all()],
            }
            for r in TiendagenRequest.objects.filter(teacher=user)
            .select_related("centre", "training")
            .prefetch_related("days")
        ],
        "wegwijssessies": [
            {"centrum": r.session.centre.name, "datum": r.session.day.isoformat(), "aanwezig": r.attended}
            for r in WegwijsRegistration.objects.filter(teacher=user).select_related("session__centre")
        ],
    }


def erase_user(user):
    """Requests and bookings stay (the centre's calendar and the counts need them); the person goes."""
    TiendagenRequest.objects.filter(teacher=user).update(teacher=None)
    WegwijsRegistration.objects.filter(teacher=user).update(teacher=None)
