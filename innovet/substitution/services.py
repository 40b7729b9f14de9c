"""Writes for substitution: offers, leerplan notes, and requests (raise, propose, answer, confirm, cancel).

Each write checks the permission layer, validates everything before it changes anything (so a refusal
leaves nothing half-done), runs in one transaction and is audited. Answers and confirmations take a row
lock on the request, so a double click or two people at once decide only once.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.notifications.services import notify
from innovet.organisations.models import Membership
from innovet.organisations.permissions import memberships, require

from .models import CurriculumFit, OfferStatus, RequestStatus, SubstitutionOffer, SubstitutionRequest
from .registry import get_source
from .rules import LEADER_ROLES

OFFER_FIELDS = [
    "kind",
    "title",
    "description",
    "subjects",
    "conditions",
    "free",
    "cost_note",
    "max_hours_per_day",
    "available_from",
    "available_until",
    "lead_days",
    "contact_email",
]
OFFER_M2M = ["provinces", "studiedomeinen", "graden", "onderwijsvormen"]
STATUS_ACTIONS = {
    OfferStatus.PUBLISHED: "substitution.offer.published",
    OfferStatus.DRAFT: "substitution.offer.unpublished",
    OfferStatus.ARCHIVED: "substitution.offer.archived",
}


def _d(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def _school_leaders(school):
    return [
        m.user
        for m in Membership.objects.filter(organisation=school)
        .filter(Q(role__in=LEADER_ROLES) | Q(is_manager=True))
        .select_related("user")
    ]


def _provider_members(offer):
    return [m.user for m in Membership.objects.filter(organisation_id=offer.provider_id).select_related("user")]


# --- offers --------------------------------------------------------------------------------------


def _set_offer(offer, data):
    for field in OFFER_FIELDS:
        if field in data and data[field] is not None:
            setattr(offer, field, data[field])
    if not (offer.description or "").strip():
        raise ValidationError({"description": _("Beschrijf wat er in de klas gebeurt terwijl de leerkracht weg is.")})
    if offer.available_from and offer.available_until and offer.available_until < offer.available_from:
        raise ValidationError(
            {
                "available_until": _("'Beschikbaar tot' (%(end)s) ligt vóór 'beschikbaar vanaf' (%(start)s).")
                % {"end": _d(offer.available_until), "start": _d(offer.available_from)}
            }
        )
    offer.full_clean(exclude=["provider"])


@transaction.atomic
def create_offer(user, provider, data, publish=False):
    require(user, "substitution.provide_for", provider)
    offer = SubstitutionOffer(provider=provider, created_by=user)
    _set_offer(offer, data)
    if publish:
        offer.status = OfferStatus.PUBLISHED
    offer.save()
    for field in OFFER_M2M:
        if field in data:
            getattr(offer, field).set(data[field])
    log_action(offer, "substitution.offer.created", user, {"published": publish})
    return offer


@transaction.atomic
def update_offer(user, offer, data):
    require(user, "substitution.change_offer", offer)
    _set_offer(offer, data)
    offer.save()
    for field in OFFER_M2M:
        if field in data:
            getattr(offer, field).set(data[field])
    log_action(offer, "substitution.offer.changed", user)
    return offer


@transaction.atomic
def set_offer_status(user, offer, status):
    require(user, "substitution.change_offer", offer)
    if status not in OfferStatus.values:
        raise ValidationError(_("Onbekende status."))
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    log_action(offer, STATUS_ACTIONS[status], user)
    return offer


@transaction.atomic
def annotate_fit(user, offer, fit, leerplan="", comment=""):
    """A pedagogical adviser notes how the offer fits the leerplan of their network (one note per network)."""
    require(user, "substitution.annotate_fit", offer)
    pbds = [m.organisation for m in memberships(user) if m.organisation.kind == "pbd"]
    if not pbds:
        raise PermissionDenied
    from .models import Fit

    if fit not in Fit.values:
        raise ValidationError({"fit": _("Kies hoe het aanbod aansluit bij het leerplan.")})
    note, created = CurriculumFit.objects.update_or_create(
        offer=offer,
        pbd=pbds[0],
        defaults={
            "adviser": user,
            "fit": fit,
            "leerplan": (leerplan or "").strip()[:300],
            "comment": (comment or "").strip(),
            "updated_at": timezone.now(),
        },
    )
    log_action(offer, "substitution.offer.fit_noted", user, {"fit": fit, "pbd": pbds[0].name})
    return note


# --- requests ------------------------------------------------------------------------------------


def school_days(starts_on, ends_on):
    n, day = 0, starts_on
    while day <= ends_on:
        if day.weekday() < 5:
            n += 1
        day += timedelta(days=1)
    return n


def lesson_hours(starts_on, ends_on, start_time, end_time):
    """Hours to replace: per school day from start to end (a school day has at most 8 lesson hours)."""
    per_day = (datetime.combine(starts_on, end_time) - datetime.combine(starts_on, start_time)).seconds / 3600
    return (Decimal(str(min(per_day, 8))) * school_days(starts_on, ends_on)).quantize(Decimal("0.01"))


def _check_request_dates(data):
    errors = {}
    today = timezone.localdate()
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    start_time, end_time = data.get("start_time"), data.get("end_time")
    if not starts_on or not ends_on:
        errors["starts_on"] = _("Vul de eerste en de laatste dag in.")
    elif starts_on < today:
        errors["starts_on"] = _(
            "Vervanging voor een datum in het verleden (%(date)s) kan niet meer aangevraagd worden."
        ) % {"date": _d(starts_on)}
    elif ends_on < starts_on:
        errors["ends_on"] = _("De laatste dag (%(end)s) ligt vóór de eerste dag (%(start)s).") % {
            "end": _d(ends_on),
            "start": _d(starts_on),
        }
    elif school_days(starts_on, ends_on) == 0:
        errors["starts_on"] = _(
            "Er valt geen schooldag (maandag tot vrijdag) in deze periode: er is niets te vervangen."
        )
    if not start_time or not end_time:
        errors["start_time"] = _("Vul de uren in (van en tot).")
    elif end_time <= start_time:
        errors["end_time"] = _("Het einduur (%(end)s) ligt niet na het beginuur (%(start)s).") % {
            "end": end_time.strftime("%H:%M"),
            "start": start_time.strftime("%H:%M"),
        }
    if errors:
        raise ValidationError(errors)


def create_request(user, source_key, obj, data):
    """Raise a request for the absence ``obj`` stands for (a placement, an event registration...).

    ``data`` may narrow the dates and hours (the hours concerned) and adds studiedomein, graad, subject,
    class and notes. Dutch ValidationError, nothing changed, for a past date, an end before the start,
    a second request for the same activity, or an activity that needs no substitution."""
    source = get_source(source_key)
    if not isinstance(obj, source.model_class()):
        raise ValidationError(_("Onbekende activiteit."))
    if not source.may_request(user, obj):
        raise PermissionDenied
    absence = source.describe(obj)
    if absence is None:
        raise ValidationError(_("Deze activiteit valt niet tijdens de schooluren: er is geen vervanging nodig."))
    if absence.school is None:
        raise ValidationError(_("Er is geen school gekend voor deze activiteit."))
    merged = {
        "starts_on": data.get("starts_on") or absence.starts_on,
        "ends_on": data.get("ends_on") or absence.ends_on,
        "start_time": data.get("start_time") or absence.start_time,
        "end_time": data.get("end_time") or absence.end_time,
    }
    _check_request_dates(merged)
    try:
        with transaction.atomic():
            request = SubstitutionRequest.objects.create(
                school=absence.school,
                province_id=absence.school.province_id,
                requested_by=user,
                teacher=absence.teacher,
                source_kind=source.key,
                source_type=ContentType.objects.get_for_model(obj),
                source_id=str(obj.pk),
                title=str(absence.title)[:300],
                hours=lesson_hours(**merged),
                studiedomein=data.get("studiedomein") or absence.studiedomein,
                graad=data.get("graad"),
                subject=(data.get("subject") or "").strip()[:200],
                class_group=(data.get("class_group") or "").strip()[:60],
                notes=(data.get("notes") or "").strip(),
                **merged,
            )
            log_action(request, "substitution.request.created", user, {"source": source.key})
            notify(
                _school_leaders(absence.school),
                "substitution.request",
                _("Vervanging nodig: %(title)s") % {"title": request.title},
                _("Van %(start)s tot %(end)s, %(hours)s lesuren.")
                % {"start": _d(request.starts_on), "end": _d(request.ends_on), "hours": request.hours},
                url=request.get_absolute_url(),
                actor=user,
                target=request,
            )
            return request
    except IntegrityError:
        raise ValidationError(_("Voor deze activiteit loopt al een vervangingsaanvraag.")) from None


def _locked(request):
    """Take the row lock, then refresh the caller's own instance (so it never holds a stale status)."""
    list(SubstitutionRequest.objects.select_for_update().filter(pk=request.pk).values_list("pk"))
    request.refresh_from_db()
    return request


def check_offer_fits_dates(offer, request):
    """The offer's own rules: its availability and how long in advance it must be asked."""
    if offer.available_from and request.starts_on < offer.available_from:
        return _("Dit aanbod is pas beschikbaar vanaf %(date)s.") % {"date": _d(offer.available_from)}
    if offer.available_until and request.ends_on > offer.available_until:
        return _("Dit aanbod is maar beschikbaar tot %(date)s.") % {"date": _d(offer.available_until)}
    if request.starts_on < timezone.localdate() + timedelta(days=offer.lead_days):
        return _("Dit aanbod vraag je minstens %(n)s dagen vooraf aan.") % {"n": offer.lead_days}
    return None


@transaction.atomic
def propose(user, request, offer):
    """The school asks a provider: the request goes to the offer's organisation."""
    require(user, "substitution.manage_request", request)
    request = _locked(request)
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("Deze aanvraag is al bij een aanbieder of afgesloten."))
    if not offer.is_published:
        raise ValidationError(_("Dit aanbod is niet (meer) gepubliceerd."))
    if request.starts_on < timezone.localdate():
        raise ValidationError(_("De vervanging begint in het verleden; annuleer de aanvraag."))
    problem = check_offer_fits_dates(offer, request)
    if problem:
        raise ValidationError(problem)
    request.offer, request.status = offer, RequestStatus.PROPOSED
    request.provider_reason = ""
    request.save(update_fields=["offer", "status", "provider_reason"])
    log_action(request, "substitution.request.proposed", user, {"offer": offer.pk})
    notify(
        _provider_members(offer),
        "substitution.request",
        _("Vervangingsaanvraag van %(school)s") % {"school": request.school.name},
        _("%(offer)s, van %(start)s tot %(end)s.")
        % {"offer": offer.title, "start": _d(request.starts_on), "end": _d(request.ends_on)},
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


@transaction.atomic
def answer(user, request, accept, reason=""):
    """The provider accepts, or declines with a reason (the request opens again for another offer)."""
    require(user, "substitution.answer_request", request)
    request = _locked(request)
    if request.status != RequestStatus.PROPOSED:
        raise ValidationError(_("Over deze aanvraag is al beslist."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Geef een reden als je weigert: de school krijgt ze te zien.")})
    offer = request.offer
    request.answered_by, request.answered_at = user, timezone.now()
    request.provider_reason = reason[:500]
    if accept:
        request.status = RequestStatus.ACCEPTED
    else:
        request.status, request.offer = RequestStatus.OPEN, None
    request.save(update_fields=["status", "offer", "answered_by", "answered_at", "provider_reason"])
    log_action(
        request,
        "substitution.request.accepted" if accept else "substitution.request.declined",
        user,
        {"offer": offer.pk, "reason": reason},
    )
    title = (_("%(offer)s kan vervangen: bevestig") if accept else _("%(offer)s kan niet vervangen")) % {
        "offer": offer.title
    }
    recipients = [request.requested_by, request.teacher, *_school_leaders(request.school)]
    notify(
        recipients, "substitution.request", title, reason, url=request.get_absolute_url(), actor=user, target=request
    )
    return request


@transaction.atomic
def confirm(user, request):
    require(user, "substitution.confirm_request", request)
    request = _locked(request)
    if request.status == RequestStatus.CONFIRMED:
        raise ValidationError(_("Deze vervanging is al bevestigd."))
    if request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Bevestigen kan pas als de aanbieder aanvaard heeft."))
    request.status = RequestStatus.CONFIRMED
    request.confirmed_by, request.confirmed_at = user, timezone.now()
    request.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log_action(request, "substitution.request.confirmed", user)
    offer = request.offer
    notify(
        [*_provider_members(offer), request.teacher, request.requested_by],
        "substitution.request",
        _("Vervanging bevestigd: %(title)s") % {"title": request.title},
        _("%(school)s, van %(start)s tot %(end)s.")
        % {"school": request.school.name, "start": _d(request.starts_on), "end": _d(request.ends_on)},
        url=request.get_absolute_url(),
        actor=user,
        target=request,
    )
    return request


@transaction.atomic
def cancel(user, request, reason=""):
    require(user, "substitution.manage_request", request)
    request = _locked(request)
    if not request.is_open and request.status != RequestStatus.CONFIRMED:
        raise ValidationError(_("Deze aanvraag is al geannuleerd."))
    previous = request.status
    request.status = RequestStatus.CANCELLED
    request.save(update_fields=["status"])
    log_action(request, "substitution.request.cancelled", user, {"reason": (reason or "")[:300]})
    if previous != RequestStatus.OPEN and request.offer_id:
        notify(
            _provider_members(request.offer),
            "substitution.request",
            _("Geannuleerd: vervanging voor %(school)s") % {"school": request.school.name},
            reason,
            url=request.get_absolute_url(),
            actor=user,
            target=request,
        )
    return request


def cancel_for_source(obj, actor=None, reason=""):
    """The activity behind requests is off (a placement withdrawn or declined): cancel what still runs for
    it, so no provider keeps a class reserved. Called by the source module inside its own transaction."""
    ct = ContentType.objects.get_for_model(obj)
    running = list(
        SubstitutionRequest.objects.select_for_update(of=("self",))  # PostgreSQL locks no joined nullable rows
        .filter(source_type=ct, source_id=str(obj.pk))
        .exclude(status=RequestStatus.CANCELLED)
        .select_related("offer", "school")
    )
    for request in running:
        previous = request.status
        request.status = RequestStatus.CANCELLED
        request.save(update_fields=["status"])
        log_action(request, "substitution.request.cancelled", actor, {"reason": reason[:300], "source_ended": True})
        if previous != RequestStatus.OPEN and request.offer_id:
            notify(
                _provider_members(request.offer),
                "substitution.request",
                _("Geannuleerd: vervanging voor %(school)s") % {"school": request.school.name},
                reason,
                url=request.get_absolute_url(),
                actor=actor,
                target=request,
            )
    return len(running)


# --- GDPR ----------------------------------------------------------------------------------------


def user_data(user):
    rows = SubstitutionRequest.objects.filter(Q(teacher=user) | Q(requested_by=user)).select_related("school", "offer")
    return [
        {
            "activiteit": r.title,
            "school": r.school.name,
            "van": r.starts_on.isoformat(),
            "tot": r.ends_on.isoformat(),
            "uren": str(r.hours),
            "status": r.get_status_display(),
            "aanbod": r.offer.title if r.offer_id else None,
            "opmerkingen": r.notes,
        }
        for r in rows
    ]


def erase_user(user):
    """Requests stay for the school's figures; the person and their free text go."""
    SubstitutionRequest.objects.filter(teacher=user).update(teacher=None, notes="")
    SubstitutionRequest.objects.filter(requested_by=user).update(requested_by=None)
    CurriculumFit.objects.filter(adviser=user).update(adviser=None)


def provider_choices(user):
    from .rules import provider_organisations

    if user.is_superuser:
        from innovet.organisations.models import Organisation

        return list(Organisation.objects.exclude(kind="school").order_by("name"))
    return provider_organisations(user)
