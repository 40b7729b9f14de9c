"""Writes for placements: places and periods, applications, release, decision, reflection, completion.

Every write runs in one transaction, checks the permission layer, validates everything before it
changes anything (a refusal leaves nothing half-done), is audited, and keeps the search index in step.
A company's decision takes a row lock on the place, so two contacts accepting at once never hand out
more places than there are.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.geo.services import resolve_postcode
from innovet.notifications.services import notify
from innovet.organisations.models import Membership
from innovet.organisations.permissions import require
from innovet.participation import services as participation
from innovet.participation.models import ActivityKind, ParticipationRole
from innovet.search import services as search_services
from innovet.substitution import services as substitution

from .models import (
    TAKES_A_PLACE,
    Application,
    ApplicationStatus,
    HybridAvailability,
    HybridTeacherProfile,
    PlacementPeriod,
    PlacementPlace,
    PlaceStatus,
)
from .rules import RELEASER_ROLES

PLACE_FIELDS = [
    "kind",
    "title",
    "active_role",
    "description",
    "studiedomein",
    "location_name",
    "street",
    "postcode",
    "duration_days",
    "spread",
    "places",
    "return_day",
    "follow_up",
    "hours_per_day",
    "contact_name",
    "contact_email",
    "contact_phone",
    "insurance_note",
]
MIN_MOTIVATION = 20
REMINDER_DAYS = 3


def _d(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def sync_index(place):
    from .search_indexes import PlacementIndex

    fresh = PlacementIndex().get_queryset().filter(pk=place.pk).first()
    if fresh is not None:
        search_services.index_object("placements", fresh)
    else:
        search_services.remove_object("placements", place.pk)


# --- places --------------------------------------------------------------------------------------


def _clean_periods(periods):
    """Periods as plain dicts; every error at once, with its row, before anything is written."""
    cleaned, errors = [], []
    for i, p in enumerate(periods, start=1):
        starts, ends = p.get("starts_on"), p.get("ends_on")
        if not starts and not ends:
            continue
        if not starts or not ends:
            errors.append(_("Periode %(n)s: vul zowel de begin- als de einddatum in.") % {"n": i})
            continue
        if ends < starts:
            errors.append(
                _("Periode %(n)s: de einddatum (%(end)s) ligt vóór de begindatum (%(start)s).")
                % {"n": i, "end": _d(ends), "start": _d(starts)}
            )
            continue
        cleaned.append({"starts_on": starts, "ends_on": ends, "note": (p.get("note") or "")[:200]})
    if errors:
        raise ValidationError({"periods": errors})
    return cleaned


def _set_place_fields(place, data):
    for field in PLACE_FIELDS:
        if field in data:
            value = data[field]
            setattr(place, field, value if value is not None or field == "studiedomein" else "")
    if not (place.active_role or "").strip():
        raise ValidationError(
            {"active_role": _("Beschrijf wat de leerkracht doet: een stage met een actieve rol is verplicht.")}
        )
    location = resolve_postcode(place.postcode)  # Dutch ValidationError for an unknown postcode
    place.municipality = location.municipality
    place.province = location.province
    place.latitude, place.longitude = location.latitude, location.longitude
    place.full_clean(exclude=["company", "province", "studiedomein"])


def _save_periods(place, periods):
    place.periods.all().delete()
    PlacementPeriod.objects.bulk_create(PlacementPeriod(place=place, **p) for p in periods)


@transaction.atomic
def create_place(user, company, data, periods=(), publish=False):
    require(user, "placements.host_for", company)
    periods = _clean_periods(periods)
    place = PlacementPlace(company=company, created_by=user)
    _set_place_fields(place, data)
    place.save()
    if "themes" in data:
        place.themes.set(data["themes"])
    _save_periods(place, periods)
    log_action(place, "placements.place.created", user)
    if publish:
        _publish(user, place)
    sync_index(place)
    return place


@transaction.atomic
def update_place(user, place, data, periods=None):
    require(user, "placements.change_place", place)
    clean = _clean_periods(periods) if periods is not None else None
    _set_place_fields(place, data)
    place.save()
    if "themes" in data:
        place.themes.set(data["themes"])
    if clean is not None:
        _save_periods(place, clean)
    if place.is_published and not place.periods.filter(ends_on__gte=timezone.localdate()).exists():
        raise ValidationError(
            {"periods": [_("Een gepubliceerde stageplaats heeft minstens één periode in de toekomst.")]}
        )
    log_action(place, "placements.place.changed", user)
    sync_index(place)
    return place


def _publish(user, place):
    if not place.periods.filter(ends_on__gte=timezone.localdate()).exists():
        raise ValidationError(
            _(
                "Publiceren kan niet: geef minstens één periode op die nog niet voorbij is, "
                "zodat leerkrachten datums kunnen kiezen."
            )
        )
    place.status = PlaceStatus.PUBLISHED
    place.published_at = timezone.now()
    place.save(update_fields=["status", "published_at", "updated_at"])
    log_action(place, "placements.place.published", user)


@transaction.atomic
def set_status(user, place, status):
    require(user, "placements.change_place", place)
    if status == PlaceStatus.PUBLISHED:
        _publish(user, place)
    elif status in (PlaceStatus.DRAFT, PlaceStatus.ARCHIVED):
        place.status = status
        place.save(update_fields=["status", "updated_at"])
        log_action(
            place,
            "placements.place.archived" if status == PlaceStatus.ARCHIVED else "placements.place.unpublished",
            user,
        )
    else:
        raise ValidationError(_("Onbekende status."))
    sync_index(place)
    return place


# --- applications --------------------------------------------------------------------------------


def teacher_schools(user):
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, organisation__kind="school", organisation__is_active=True)
        .select_related("organisation")
        .order_by("id")
    ]


def _school_leaders(school):
    if school is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(organisation=school)
        .filter(Q(role__in=RELEASER_ROLES) | Q(is_manager=True))
        .select_related("user")
    ]


def _company_contacts(place):
    return [m.user for m in Membership.objects.filter(organisation_id=place.company_id).select_related("user")]


def taken_places(place, starts_on, ends_on, exclude=None):
    """How many accepted teachers overlap these dates (a place hosts ``places`` teachers at a time)."""
    qs = Application.objects.filter(
        place=place, status__in=TAKES_A_PLACE, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def _check_dates(place, period, starts_on, ends_on):
    errors = {}
    today = timezone.localdate()
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("De laatste dag (%(end)s) ligt vóór de eerste dag (%(start)s).") % {
            "end": _d(ends_on),
            "start": _d(starts_on),
        }
    elif starts_on and starts_on < today:
        errors["starts_on"] = _("De eerste dag (%(start)s) ligt in het verleden.") % {"start": _d(starts_on)}
    elif period is not None and (starts_on < period.starts_on or ends_on > period.ends_on):
        errors["starts_on"] = _("Kies datums binnen de periode van %(start)s tot %(end)s.") % {
            "start": _d(period.starts_on),
            "end": _d(period.ends_on),
        }
    elif not place.spread and starts_on and ends_on and (ends_on - starts_on).days + 1 > place.duration_days * 2:
        errors["ends_on"] = _("Deze stage duurt %(n)s dagen aan één stuk; kies een kortere periode.") % {
            "n": place.duration_days
        }
    if errors:
        raise ValidationError(errors)


def apply(user, place, data):
    """A teacher applies. ``data``: period (PlacementPeriod), starts_on, ends_on, motivation, school (optional)."""
    if not user.has_perm("placements.apply", place):
        raise PermissionDenied(
            _("Alleen leerkrachten van een school kunnen zich aanmelden voor een gepubliceerde stage.")
        )
    try:
        with transaction.atomic():
            return _apply(user, place, data)
    except IntegrityError:
        raise ValidationError(_("Je hebt je al aangemeld voor deze stageplaats.")) from None


def _apply(user, place, data):
    schools = teacher_schools(user)
    school = data.get("school") or (schools[0] if schools else None)
    if school is None or school.pk not in {s.pk for s in schools}:
        raise ValidationError({"school": _("Kies de school waar je werkt.")})
    period = data.get("period")
    if period is None or period.place_id != place.pk:
        raise ValidationError({"period": _("Kies een van de periodes van deze stageplaats.")})
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not starts_on or not ends_on:
        raise ValidationError({"starts_on": _("Vul de eerste en de laatste dag in.")})
    _check_dates(place, period, starts_on, ends_on)
    motivation = (data.get("motivation") or "").strip()
    if len(motivation) < MIN_MOTIVATION:
        raise ValidationError(
            {
                "motivation": _(
                    "Schrijf een motivatie van minstens %(n)s tekens: wat wil je leren en meenemen naar de klas?"
                )
                % {"n": MIN_MOTIVATION}
            }
        )
    if Application.objects.filter(
        place=place, teacher=user, status__in=["wacht-op-school", "wacht-op-bedrijf", "aanvaard"]
    ).exists():
        raise ValidationError(_("Je hebt je al aangemeld voor deze stageplaats."))
    if taken_places(place, starts_on, ends_on) >= place.places:
        raise ValidationError(_("Alle plaatsen in die periode zijn al ingenomen; kies andere datums."))
    application = Application.objects.create(
        place=place,
        period=period,
        teacher=user,
        school=school,
        starts_on=starts_on,
        ends_on=ends_on,
        motivation=motivation,
    )
    log_action(application, "placements.application.created", user)
    notify(
        _school_leaders(school),
        "placements.application",
        _("Vrijgave gevraagd: %(name)s voor %(place)s") % {"name": user.get_full_name(), "place": place.title},
        _("Van %(start)s tot %(end)s bij %(company)s.")
        % {"start": _d(starts_on), "end": _d(ends_on), "company": place.company.name},
        url=application.get_absolute_url(),
        actor=user,
        target=application,
    )
    return application


def _locked(application):
    """Take the row lock, then refresh the caller's own instance (so it never holds a stale status)."""
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
    application.refresh_from_db()
    return application


@transaction.atomic
def decide_release(actor, application, approve, reason=""):
    """The director or TAC of the teacher's school releases the teacher (or not, with a reason)."""
    require(actor, "placements.release", application)
    application = _locked(application)
    if application.status != ApplicationStatus.AWAITING_RELEASE:
        raise ValidationError(_("Over de vrijgave van deze aanvraag is al beslist."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Geef een reden als je de leerkracht niet vrijgeeft.")})
    application.status = ApplicationStatus.AWAITING_COMPANY if approve else ApplicationStatus.NOT_RELEASED
    application.released_by, application.released_at = actor, timezone.now()
    application.release_reason = reason[:500]
    application.save(update_fields=["status", "released_by", "released_at", "release_reason"])
    log_action(
        application,
        "placements.application.released" if approve else "placements.application.not_released",
        actor,
        {"reason": reason},
    )
    place = application.place
    notify(
        [application.teacher],
        "placements.decision",
        (_("Je school geeft je vrij voor %(place)s") if approve else _("Je school geeft je niet vrij voor %(place)s"))
        % {"place": place.title},
        reason,
        url=application.get_absolute_url(),
        actor=actor,
        target=application,
    )
    if approve:
        notify(
            _company_contacts(place),
            "placements.application",
            _("Nieuwe kandidaat voor %(place)s") % {"place": place.title},
            _("Van %(start)s tot %(end)s; de school heeft de leerkracht vrijgegeven.")
            % {"start": _d(application.starts_on), "end": _d(application.ends_on)},
            url=application.get_absolute_url(),
            actor=actor,
            target=application,
        )
    return application


@transaction.atomic
def decide(actor, application, accept, reason="", tasks=""):
    """The company accepts (with the tasks agreed) or declines with a reason."""
    require(actor, "placements.decide", application)
    place = PlacementPlace.objects.select_for_update().get(pk=application.place_id)
    application = _locked(application)
    if application.status == ApplicationStatus.AWAITING_RELEASE:
        raise ValidationError(_("De school van de leerkracht heeft nog niet beslist over de vrijgave."))
    if application.status != ApplicationStatus.AWAITING_COMPANY:
        raise ValidationError(_("Over deze aanvraag is al beslist."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Geef een reden als je weigert: de leerkracht krijgt ze te zien.")})
    if accept and taken_places(place, application.starts_on, application.ends_on) >= place.places:
        raise ValidationError(
            _("Alle %(n)s plaatsen zijn in die periode al toegekend; weiger met een reden of stel andere datums voor.")
            % {"n": place.places}
        )
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.decision_reason = reason[:500]
    application.tasks = (tasks or "").strip() or place.active_role
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "tasks"])
    log_action(
        application,
        "placements.application.accepted" if accept else "placements.application.declined",
        actor,
        {"reason": reason},
    )
    if not accept:
        substitution.cancel_for_source(application, actor, _("Het bedrijf aanvaardde de stage niet."))
    title = (_("Aanvaard: %(place)s") if accept else _("Niet aanvaard: %(place)s")) % {"place": place.title}
    body = _("De overeenkomst staat klaar op de pagina van je aanvraag.") if accept else reason
    notify(
        [application.teacher],
        "placements.decision",
        title,
        body,
        url=application.get_absolute_url(),
        actor=actor,
        target=application,
    )
    notify(
        _school_leaders(application.school),
        "placements.decision",
        title,
        body,
        url=application.get_absolute_url(),
        actor=actor,
        target=application,
    )
    return application


@transaction.atomic
def withdraw(actor, application):
    require(actor, "placements.withdraw", application)
    application = _locked(application)
    if not application.is_open:
        raise ValidationError(_("Deze aanvraag loopt niet meer en kan niet meer ingetrokken worden."))
    if application.status == ApplicationStatus.ACCEPTED and application.starts_on <= timezone.localdate():
        raise ValidationError(_("De stage is al begonnen; vraag het bedrijf om ze af te ronden of te stoppen."))
    was_accepted = application.status == ApplicationStatus.ACCEPTED
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    log_action(application, "placements.application.withdrawn", actor)
    substitution.cancel_for_source(application, actor, _("De leerkracht trok de stage-aanvraag in."))
    if was_accepted:
        notify(
            _company_contacts(application.place),
            "placements.application",
            _("Ingetrokken: %(place)s") % {"place": application.place.title},
            url=application.get_absolute_url(),
            actor=actor,
            target=application,
        )
    return application


@transaction.atomic
def reflect(actor, application, text):
    """After the placement (from its first day on) the teacher writes what they bring into class."""
    require(actor, "placements.reflect", application)
    application = _locked(application)
    if application.status not in TAKES_A_PLACE:
        raise ValidationError(_("Een reflectie schrijf je bij een aanvaarde stage."))
    if application.starts_on > timezone.localdate():
        raise ValidationError(_("De stage is nog niet begonnen: schrijf je reflectie tijdens of na de stage."))
    text = (text or "").strip()
    if len(text) < MIN_MOTIVATION:
        raise ValidationError(
            {"reflection": _("Schrijf minstens %(n)s tekens: wat neem je mee naar de klas?") % {"n": MIN_MOTIVATION}}
        )
    application.reflection = text
    application.reflected_at = timezone.now()
    application.save(update_fields=["reflection", "reflected_at"])
    log_action(application, "placements.application.reflected", actor)
    return application


@transaction.atomic
def confirm_completion(actor, application):
    """The company confirms the teacher completed the placement: it enters the participation record as
    an active role ('stagiair'), through the participation ledger only."""
    require(actor, "placements.decide", application)
    application = _locked(application)
    if application.status == ApplicationStatus.COMPLETED:
        raise ValidationError(_("Deze stage is al als afgerond bevestigd."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("Alleen een aanvaarde stage kan afgerond worden."))
    if application.ends_on > timezone.localdate():
        raise ValidationError(
            _("De stage loopt nog tot %(end)s: bevestig de afronding na de laatste dag.")
            % {"end": _d(application.ends_on)}
        )
    place = application.place
    application.status = ApplicationStatus.COMPLETED
    application.completed_by, application.completed_at = actor, timezone.now()
    application.save(update_fields=["status", "completed_by", "completed_at"])
    log_action(application, "placements.application.completed", actor)
    if application.teacher is not None:
        participation.record_participation(
            person=application.teacher,
            activity=application,
            kind=ActivityKind.PLACEMENT,
            title=f"{place.get_kind_display()}: {place.title} ({place.company.name})",
            date=application.starts_on,
            hours=(Decimal(application.days) * place.hours_per_day).quantize(Decimal("0.01")),
            role=ParticipationRole.INTERN,
            school=application.school,
            organiser=place.company,
            province=place.province,
            url=application.get_absolute_url(),
            recorded_by=actor,
        )
        notify(
            [application.teacher],
            "placements.decision",
            _("Stage afgerond: %(place)s") % {"place": place.title},
            _("Ze staat nu in je deelnames als actieve rol (stagiair)."),
            url=application.get_absolute_url(),
            actor=actor,
            target=application,
        )
    return application


# --- reminders -----------------------------------------------------------------------------------


def send_due_reminders(today=None):
    """Accepted placements that start within three days: one reminder to the teacher and the company."""
    today = today or timezone.localdate()
    sent = 0
    due = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED,
        reminder_sent_at__isnull=True,
        starts_on__gte=today,
        starts_on__lte=today + timedelta(days=REMINDER_DAYS),
    ).select_related("place__company", "teacher")
    for application in due:
        with transaction.atomic():
            claimed = Application.objects.filter(pk=application.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            place = application.place
            title = _("Herinnering: je stage bij %(company)s begint op %(start)s") % {
                "company": place.company.name,
                "start": _d(application.starts_on),
            }
            body = _("Contact: %(name)s, %(email)s. Locatie: %(address)s.") % {
                "name": place.contact_name,
                "email": place.contact_email,
                "address": place.address,
            }
            notify(
                [application.teacher],
                "placements.reminder",
                title,
                body,
                url=application.get_absolute_url(),
                target=application,
            )
            teacher = application.teacher.get_full_name() if application.teacher else _("een leerkracht")
            notify(
                _company_contacts(place),
                "placements.reminder",
                _("Herinnering: %(name)s begint op %(start)s") % {"name": teacher, "start": _d(application.starts_on)},
                place.title,
                url=application.get_absolute_url(),
                target=application,
            )
            sent += 1
    return sent


def send_due_followups(today=None):
    """Accepted placements that ended (up to two weeks ago) and are not yet completed: once, the teacher is
    asked for the reflection (if none yet) and the company to confirm completion."""
    today = today or timezone.localdate()
    sent = 0
    due = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED,
        followup_sent_at__isnull=True,
        ends_on__lt=today,
        ends_on__gte=today - timedelta(days=14),
    ).select_related("place__company", "teacher")
    for application in due:
        with transaction.atomic():
            claimed = Application.objects.filter(pk=application.pk, followup_sent_at__isnull=True).update(
                followup_sent_at=timezone.now()
            )
            if not claimed:
                continue
            place = application.place
            if not application.reflection:
                notify(
                    [application.teacher],
                    "placements.reminder",
                    _("Je stage bij %(company)s is voorbij: wat neem je mee naar de klas?")
                    % {"company": place.company.name},
                    _("Schrijf een korte reflectie op de pagina van je stage."),
                    url=application.get_absolute_url(),
                    target=application,
                )
            teacher = application.teacher.get_full_name() if application.teacher else _("een leerkracht")
            notify(
                _company_contacts(place),
                "placements.reminder",
                _("Bevestig de afronding van de stage van %(name)s") % {"name": teacher},
                _("Dan komt de stage als actieve rol in de deelnames van de leerkracht."),
                url=application.get_absolute_url(),
                target=application,
            )
            sent += 1
    return sent


# --- hybrid teachers -----------------------------------------------------------------------------


@transaction.atomic
def save_hybrid_profile(user, data):
    schools = teacher_schools(user)
    if not schools:
        raise ValidationError(_("Een profiel als hybride leerkracht maak je als lid van een school."))
    school = data.get("school") or schools[0]
    if school.pk not in {s.pk for s in schools}:
        raise ValidationError({"school": _("Kies de school waar je werkt.")})
    company = data.get("company")
    if company is None and not (data.get("company_name") or "").strip():
        raise ValidationError({"company_name": _("Vul het bedrijf in waar je werkt.")})
    available = [v for v in data.get("available_for", []) if v in HybridAvailability.values]
    profile = HybridTeacherProfile.objects.filter(user=user).first() or HybridTeacherProfile(user=user)
    created = profile.pk is None
    profile.school = school
    profile.province_id = school.province_id
    profile.company = company
    profile.company_name = (data.get("company_name") or "").strip()[:200]
    profile.job_in_company = (data.get("job_in_company") or "").strip()[:200]
    profile.subjects = (data.get("subjects") or "").strip()[:300]
    profile.school_share = data.get("school_share") or 50
    profile.about = (data.get("about") or "").strip()
    profile.available_for = available
    profile.is_visible = bool(data.get("is_visible", True))
    profile.full_clean(exclude=["user", "school", "company", "province"])
    profile.save()
    if "studiedomeinen" in data:
        profile.studiedomeinen.set(data["studiedomeinen"])
    if "themes" in data:
        profile.themes.set(data["themes"])
    log_action(profile, "placements.hybrid.created" if created else "placements.hybrid.changed", user)
    return profile


@transaction.atomic
def delete_hybrid_profile(user):
    profile = HybridTeacherProfile.objects.filter(user=user).first()
    if profile is not None:
        log_action(profile, "placements.hybrid.deleted", user)
        profile.delete()


# --- GDPR ----------------------------------------------------------------------------------------


def user_data(user):
    apps = Application.objects.filter(teacher=user).select_related("place__company", "school")
    data = {
        "aanvragen": [
            {
                "stage": a.place.title,
                "bedrijf": a.place.company.name,
                "school": a.school.name if a.school_id else None,
                "van": a.starts_on.isoformat(),
                "tot": a.ends_on.isoformat(),
                "status": a.get_status_display(),
                "motivatie": a.motivation,
                "reflectie": a.reflection,
                "aangevraagd op": a.created_at.isoformat(),
            }
            for a in apps
        ]
    }
    profile = HybridTeacherProfile.objects.filter(user=user).select_related("school", "company").first()
    if profile is not None:
        data["hybride profiel"] = {
            "school": profile.school.name if profile.school_id else None,
            "bedrijf": profile.company_label,
            "functie": profile.job_in_company,
            "vakken": profile.subjects,
            "deel op school": profile.school_share,
            "over mij": profile.about,
            "beschikbaar voor": profile.available_for_labels(),
            "vindbaar": profile.is_visible,
        }
    return data


def erase_user(user):
    """Applications stay as anonymous counts; the person, motivation and reflection go; the profile goes."""
    Application.objects.filter(teacher=user).update(teacher=None, motivation="", reflection="")
    HybridTeacherProfile.objects.filter(user=user).delete()


def company_choices(user):
    from .rules import host_organisations

    if user.is_superuser:
        from innovet.organisations.models import Organisation

        return list(Organisation.objects.exclude(kind="school").order_by("name"))
    return host_organisations(user)
