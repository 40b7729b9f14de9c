"""Writes for needs, willingness, suggestions and introductions. Each runs in one transaction, checks the
permission, logs to the audit trail and tells the people concerned through ``notify``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.core.bulk_sql import insert_rows
from innovet.organisations.models import Membership, OrganisationKind, Role
from innovet.organisations.permissions import require
from innovet.taxonomy.models import Term

from . import sources
from .engine import OFFER, PARTNER, SCHOOL
from .models import (
    MAX_DISTANCE_KM,
    Interest,
    Introduction,
    Moment,
    Need,
    OutboxEvent,
    Participation,
    StatedBy,
    Suggestion,
    Willingness,
    settings_expiry_days,
)

TOP_K = {OFFER: 10, PARTNER: 10, SCHOOL: 5}

NEED_TERM_FIELDS = {
    "need_type": "noodtype",
    "studiedomein": "studiedomein",
}
NEED_TERM_M2M = {"themes": "thema", "graden": "graad", "support_forms": "ondersteuningsvorm"}
NEED_SCALARS = [
    "stated_by",
    "vakgroep",
    "title",
    "studierichting",
    "teacher_count",
    "participation",
    "offer_kinds",
    "period_start",
    "period_end",
    "moments",
    "budget_per_participant",
    "max_distance_km",
    "description",
]


# --- validation ------------------------------------------------------------------------------------


def _term(vocabulary, value, field, errors, required=False):
    """A term of the given list, from a Term, a pk or a code; a Dutch error at the field otherwise."""
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append(_("Dit veld is vereist."))
        return None
    if isinstance(value, Term):
        ok = value.vocabulary.code == vocabulary and value.active
        term = value
    else:
        lookup = Q(code=str(value))
        if str(value).isdigit():
            lookup |= Q(pk=int(value))
        term = Term.objects.of(vocabulary).active().filter(lookup).first()
        ok = term is not None
    if not ok:
        errors.setdefault(field, []).append(
            _("'%(value)s' is geen geldige waarde voor dit veld.") % {"value": getattr(value, "label", value)}
        )
        return None
    return term


def _terms(vocabulary, values, field, errors):
    return [t for t in (_term(vocabulary, v, field, errors) for v in values or []) if t is not None]


def offer_kind_codes():
    """The catalogue's kinds of offer (codes), when the catalogue defines them."""
    model = sources.offer_model()
    kind_field = None
    if model is not None:
        kind_field = next((f for f in model._meta.fields if f.name == "kind"), None)
    if kind_field is not None and kind_field.choices:
        return [code for code, _label in kind_field.choices]
    if kind_field is not None and kind_field.is_relation:
        vocab = (kind_field.remote_field.limit_choices_to or {}).get("vocabulary__code")
        if vocab:
            return list(Term.objects.of(vocab).active().values_list("code", flat=True))
    return list(sources.KIND_FORMS)


def clean_need_data(data, school):
    """Check everything a form or an API call sends; returns the cleaned values or raises a Dutch
    ValidationError that names the field."""
    errors = {}
    if school is None:
        errors["school"] = [_("Een nood hoort bij een school: kies de school waarvoor je hem indient.")]
    elif school.kind != OrganisationKind.SCHOOL:
        errors["school"] = [_("%(org)s is geen school: alleen scholen dienen noden in.") % {"org": school}]
    cleaned = {f: data.get(f) for f in NEED_SCALARS if f in data}
    if not (data.get("title") or "").strip():
        errors.setdefault("title", []).append(_("Omschrijf de nood in een paar woorden."))
    cleaned["title"] = (data.get("title") or "").strip()
    for field, vocabulary in NEED_TERM_FIELDS.items():
        cleaned[field] = _term(vocabulary, data.get(field), field, errors, required=field == "need_type")
    for field, vocabulary in NEED_TERM_M2M.items():
        cleaned[field] = _terms(vocabulary, data.get(field), field, errors)
    budget = data.get("budget_per_participant")
    if budget not in (None, ""):
        try:
            budget = Decimal(str(budget))
        except ArithmeticError:
            errors.setdefault("budget_per_participant", []).append(_("Geef een bedrag in euro, bv. 80 of 75,50."))
        else:
            if budget < 0:
                errors.setdefault("budget_per_participant", []).append(
                    _("Het budget per deelnemer kan niet negatief zijn; laat het leeg als je het niet weet.")
                )
            cleaned["budget_per_participant"] = budget
    else:
        cleaned["budget_per_participant"] = None
    distance = data.get("max_distance_km")
    if distance in (None, ""):
        errors.setdefault("max_distance_km", []).append(_("Geef de maximale verplaatsing in km (1 tot 200)."))
    else:
        try:
            distance = int(distance)
        except (TypeError, ValueError):
            distance = None
        if distance is None or not 1 <= distance <= MAX_DISTANCE_KM:
            errors.setdefault("max_distance_km", []).append(
                _("De maximale verplaatsing moet tussen 1 en %(max)d km liggen.") % {"max": MAX_DISTANCE_KM}
            )
        cleaned["max_distance_km"] = distance
    count = data.get("teacher_count") or 1
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= 500:
        errors.setdefault("teacher_count", []).append(_("Het aantal leerkrachten ligt tussen 1 en 500."))
    cleaned["teacher_count"] = count
    for field, choices in (("participation", Participation), ("stated_by", StatedBy)):
        value = data.get(field) or choices.values[0]
        if value not in choices.values:
            errors.setdefault(field, []).append(_("'%(value)s' is geen geldige keuze.") % {"value": value})
        cleaned[field] = value
    moments = list(data.get("moments") or [])
    unknown = [m for m in moments if m not in Moment.values]
    if unknown:
        errors.setdefault("moments", []).append(
            _("Onbekend moment: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        )
    cleaned["moments"] = [m for m in Moment.values if m in moments]
    kinds = list(data.get("offer_kinds") or [])
    valid_kinds = offer_kind_codes()
    unknown = [k for k in kinds if k not in valid_kinds]
    if unknown:
        errors.setdefault("offer_kinds", []).append(
            _("Onbekende soort aanbod: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        )
    cleaned["offer_kinds"] = [k for k in valid_kinds if k in kinds]
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        errors.setdefault("period_end", []).append(_("Het einde van de periode ligt vóór het begin."))
    cleaned["period_start"], cleaned["period_end"] = start or None, end or None
    cleaned["vakgroep"] = (data.get("vakgroep") or "").strip()
    cleaned["studierichting"] = (data.get("studierichting") or "").strip()
    cleaned["description"] = (data.get("description") or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_need(need, cleaned):
    for field in NEED_SCALARS + list(NEED_TERM_FIELDS):
        if field in cleaned:
            setattr(need, field, cleaned[field])
    need.save()
    for field in NEED_TERM_M2M:
        getattr(need, field).set(cleaned[field])


# --- needs -----------------------------------------------------------------------------------------


@transaction.atomic
def create_need(user, school, data):
    cleaned = clean_need_data(data, school)
    require(user, "matching.add_need", school)
    need = Need(school=school, province_id=school.province_id, created_by=user)
    _apply_need(need, cleaned)
    log_action(need, "matching.need.created", user)
    recompute_suggestions(need)
    record_change(OutboxEvent.Kind.NEED, need.pk)
    transaction.on_commit(lambda: _tell_rtc_new_need(need.pk))
    return need


@transaction.atomic
def update_need(user, need, data):
    require(user, "matching.change_need", need)
    cleaned = clean_need_data(data, need.school)
    need = Need.objects.select_for_update().get(pk=need.pk)
    _apply_need(need, cleaned)
    log_action(need, "matching.need.changed", user)
    recompute_suggestions(need)
    record_change(OutboxEvent.Kind.NEED, need.pk)
    return need


@transaction.atomic
def set_need_status(user, need, status):
    require(user, "matching.change_need", need)
    if status not in (Need.Status.CLOSED, Need.Status.WITHDRAWN, Need.Status.NEW):
        raise ValidationError({"status": _("Deze status zet het platform zelf.")})
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    log_action(need, "matching.need.status", user, {"status": status})
    record_change(OutboxEvent.Kind.NEED, need.pk)
    return need


def _tell_rtc_new_need(need_id):
    need = Need.objects.select_related("school", "province").get(pk=need_id)
    _notify(
        rtc_staff_for_province(need.province_id),
        "matching.new_need",
        _("Nieuwe nood in je provincie: %(title)s") % {"title": need.title},
        _("%(school)s zoekt ondersteuning. Bekijk de suggesties en breng partijen samen.") % {"school": need.school},
        reverse("matching:need_detail", args=[need.pk]),
        target=need,
    )


# --- suggestions -----------------------------------------------------------------------------------


def compute(need, kinds=(OFFER, PARTNER, SCHOOL)):
    """Ranked suggestions for one need, per kind (pure: nothing is written)."""
    need = sources.need_queryset().get(pk=need.pk)
    spec = sources.need_spec(need)
    loaders = {OFFER: sources.offer_candidates, PARTNER: sources.partner_candidates, SCHOOL: sources.peer_candidates}
    result = {}
    for kind in kinds:
        index = sources.build_index(kind, loaders[kind](need))
        result[kind] = index.top(spec, TOP_K[kind])
    return result


_TARGET_FIELD = {OFFER: "offer_id_ref", PARTNER: "willingness_id", SCHOOL: "peer_need_id"}


@transaction.atomic
def recompute_suggestions(need):
    """Replace the computed suggestions of one need. RTC-confirmed and RTC-added ones stay."""
    if not need.is_open:
        Suggestion.objects.filter(need=need, source=Suggestion.Source.COMPUTED, confirmed_at__isnull=True).delete()
        return {}
    return _store(need, compute(need))


def _store(need, ranked):
    now = timezone.now()
    existing = {s.target_key: s for s in Suggestion.objects.filter(need=need)}
    keep = set()
    to_create, to_update = [], []
    for kind, items in ranked.items():
        for rank, item in enumerate(items, start=1):
            key = (kind, item.id)
            keep.add(key)
            current = existing.get(key)
            if current is None:
                to_create.append(
                    Suggestion(
                        need=need,
                        kind=kind,
                        score=item.score,
                        rank=rank,
                        factors=item.factors,
                        computed_at=now,
                        **{_TARGET_FIELD[kind]: item.id},
                    )
                )
            else:
                current.score, current.rank, current.factors, current.computed_at = item.score, rank, item.factors, now
                to_update.append(current)
    Suggestion.objects.bulk_create(to_create)
    Suggestion.objects.bulk_update(to_update, ["score", "rank", "factors", "computed_at"])
    stale = [
        s.pk
        for key, s in existing.items()
        if key not in keep and s.source == Suggestion.Source.COMPUTED and s.confirmed_at is None
    ]
    Suggestion.objects.filter(pk__in=stale).delete()
    Need.objects.filter(pk=need.pk).update(suggestions_computed_at=now)
    return ranked


@transaction.atomic
def confirm_suggestion(user, suggestion):
    require(user, "matching.broker_need", suggestion.need)
    suggestion.confirmed_by, suggestion.confirmed_at = user, timezone.now()
    suggestion.save(update_fields=["confirmed_by", "confirmed_at"])
    log_action(suggestion.need, "matching.suggestion.confirmed", user, {"suggestion": suggestion.target_label})
    return suggestion


@transaction.atomic
def add_suggestion(user, need, willingness=None, peer_need=None, offer_id=None):
    """An RTC adds a partner, a peer school or an offer the computer did not propose; scored like the rest."""
    require(user, "matching.broker_need", need)
    if sum(x is not None for x in (willingness, peer_need, offer_id)) != 1:
        raise ValidationError(_("Kies precies één partner, school of aanbod om toe te voegen."))
    if peer_need is not None and peer_need.school_id == need.school_id:
        raise ValidationError({"peer_need": _("Kies een nood van een andere school.")})
    kind = PARTNER if willingness is not None else SCHOOL if peer_need is not None else OFFER
    spec = sources.need_spec(sources.need_queryset().get(pk=need.pk))
    if kind == PARTNER:
        cand = sources.willingness_spec(sources.willingness_queryset().get(pk=willingness.pk))
    elif kind == SCHOOL:
        cand = sources.peer_spec(sources.need_queryset().get(pk=peer_need.pk))
    else:
        offer = sources.get_offer(offer_id)
        if offer is None:
            raise ValidationError({"offer": _("Dit aanbod bestaat niet.")})
        cand = sources.offer_spec(offer)
    index = sources.build_index(kind, [cand])
    spec.max_km = MAX_DISTANCE_KM * 10  # the RTC decides: distance counts in the score, it does not exclude
    cand.reach_km = None
    cand.provinces = ()
    index = sources.build_index(kind, [cand])
    scored = index.top(spec, 1)
    score, factors = (scored[0].score, scored[0].factors) if scored else (0.0, [])
    suggestion, _created = Suggestion.objects.update_or_create(
        need=need,
        kind=kind,
        **{_TARGET_FIELD[kind]: cand.id},
        defaults={
            "source": Suggestion.Source.RTC,
            "score": score,
            "factors": factors,
            "rank": 0,
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
        },
    )
    log_action(need, "matching.suggestion.added", user, {"suggestion": suggestion.target_label})
    return suggestion


# --- introductions ---------------------------------------------------------------------------------


def _partner_of(suggestion):
    if suggestion.kind == PARTNER:
        return suggestion.willingness.organisation
    if suggestion.kind == SCHOOL:
        return suggestion.peer_need.school
    offer = suggestion.offer
    provider = getattr(offer, "provider", None) if offer else None
    if provider is None and offer is not None and hasattr(offer, "providers"):
        provider = offer.providers.first()
    if provider is None:
        raise ValidationError(_("Dit aanbod heeft geen aanbieder om mee in contact te brengen."))
    return provider


def school_side_people(need):
    people = [need.created_by] if need.created_by_id and need.created_by.is_active else []
    if not people:
        people = [
            m.user
            for m in Membership.objects.filter(organisation_id=need.school_id, user__is_active=True)
            .filter(Q(is_manager=True) | Q(role__in=[Role.DIRECTOR, Role.TAC]))
            .select_related("user")
        ]
    return people


def partner_side_people(intro):
    if intro.willingness_id and intro.willingness and intro.willingness.contact_id:
        if intro.willingness.contact.is_active:
            return [intro.willingness.contact]
    if intro.peer_need_id and intro.peer_need and intro.peer_need.created_by_id:
        return [intro.peer_need.created_by]
    members = Membership.objects.filter(organisation_id=intro.partner_id, user__is_active=True).select_related("user")
    managers = [m.user for m in members if m.can_manage]
    return managers or [m.user for m in members]


def rtc_staff_for_province(province_id):
    from innovet.geo.models import Province

    province = Province.objects.filter(pk=province_id).first()
    if province is None:
        return []
    served_by = province.rtc_province_id or province.pk
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.RTC_STAFF,
            organisation__kind=OrganisationKind.RTC,
            organisation__served_province_id__in={served_by, province.pk},
            user__is_active=True,
        ).select_related("user")
    ]


def _notify(recipients, category, title, body, url, actor=None, target=None):
    if not apps.is_installed("innovet.notifications"):
        return
    from innovet.notifications.services import notify

    notify(recipients, category, title, body=body, url=url, actor=actor, target=target)


@transaction.atomic
def introduce(user, suggestion, message=""):
    # The need's row lock makes concurrent 'voorstellen' for it wait; the second then sees the first.
    need = Need.objects.select_for_update().get(pk=suggestion.need_id)
    suggestion.need = need
    require(user, "matching.broker_need", need)
    if not need.is_open:
        raise ValidationError(_("Deze nood is afgerond of ingetrokken."))
    partner = _partner_of(suggestion)
    already_message = _("%(partner)s is al voorgesteld voor deze nood.") % {"partner": partner}
    already = Introduction.objects.filter(
        need=need, partner=partner, status__in=[*Introduction.OPEN_STATUSES, Introduction.Status.AGREED]
    )
    if already.exists():
        raise ValidationError(already_message)
    try:
        with transaction.atomic():
            intro = Introduction.objects.create(
                need=need,
                suggestion=suggestion,
                kind=suggestion.kind,
                partner=partner,
                offer_id_ref=suggestion.offer_id_ref,
                willingness=suggestion.willingness,
                peer_need=suggestion.peer_need,
                introduced_by=user,
                message=(message or "").strip(),
                expires_at=timezone.now() + timedelta(days=settings_expiry_days()),
            )
    except IntegrityError:  # matching_one_live_introduction
        raise ValidationError(already_message) from None
    if suggestion.confirmed_at is None:
        suggestion.confirmed_by, suggestion.confirmed_at = user, timezone.now()
        suggestion.save(update_fields=["confirmed_by", "confirmed_at"])
    if need.status == Need.Status.NEW:
        need.status = Need.Status.IN_PROGRESS
        need.save(update_fields=["status", "updated_at"])
    log_action(intro, "matching.introduction.proposed", user, {"partner": partner.name})
    log_action(need, "matching.introduction.proposed", user, {"partner": partner.name})
    url = reverse("matching:introduction_detail", args=[intro.pk])
    days = settings_expiry_days()
    _notify(
        school_side_people(need),
        "matching.introduction",
        _("Het RTC stelt een partner voor: %(partner)s") % {"partner": partner},
        _(
            "Voor je nood '%(need)s' stelt het RTC %(partner)s voor. Laat binnen %(days)d dagen weten of je "
            "wilt kennismaken; jullie contactgegevens worden pas gedeeld als beide partijen akkoord gaan."
        )
        % {"need": need.title, "partner": partner, "days": days},
        url,
        actor=user,
        target=intro,
    )
    _notify(
        partner_side_people(intro),
        "matching.introduction",
        _("Een school zoekt samenwerking: %(need)s") % {"need": need.title},
        _(
            "Het RTC denkt dat %(partner)s %(school)s kan helpen. Laat binnen %(days)d dagen weten of je wilt "
            "kennismaken; contactgegevens worden pas gedeeld als beide partijen akkoord gaan."
        )
        % {"partner": partner, "school": need.school, "days": days},
        url,
        actor=user,
        target=intro,
    )
    return intro


@transaction.atomic
def answer_introduction(user, intro, side, accept, reason=""):
    intro = Introduction.objects.select_for_update().select_related("need", "partner").get(pk=intro.pk)
    perm = "matching.answer_introduction_school" if side == "school" else "matching.answer_introduction_partner"
    require(user, perm, intro)
    if not intro.is_open:
        raise ValidationError(
            _("Op deze introductie kan je niet meer antwoorden (%(status)s).")
            % {"status": intro.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Geef kort aan waarom het niet past: zo kan het RTC beter zoeken.")})
    answer = Introduction.Answer.ACCEPTED if accept else Introduction.Answer.DECLINED
    if side == "school":
        intro.school_answer, intro.school_answered_by = answer, user
    else:
        intro.partner_answer, intro.partner_answered_by = answer, user
    if not accept:
        intro.status, intro.reason, intro.closed_at = Introduction.Status.DECLINED, reason, timezone.now()
    elif intro.school_answer == intro.partner_answer == Introduction.Answer.ACCEPTED:
        intro.status = Introduction.Status.AGREED
        need = intro.need
        if need.status in (Need.Status.NEW, Need.Status.IN_PROGRESS):
            need.status = Need.Status.MATCHED
            need.save(update_fields=["status", "updated_at"])
    else:
        intro.status = Introduction.Status.CONTACTED
    intro.save()
    log_action(intro, f"matching.introduction.{intro.status}", user, {"side": side, "reason": reason})
    _tell_about_answer(user, intro)
    return intro


def _tell_about_answer(user, intro):
    url = reverse("matching:introduction_detail", args=[intro.pk])
    everyone = (
        school_side_people(intro.need) + partner_side_people(intro) + rtc_staff_for_province(intro.need.province_id)
    )
    if intro.status == Introduction.Status.AGREED:
        title = _("Akkoord: %(school)s en %(partner)s maken kennis") % {
            "school": intro.need.school,
            "partner": intro.partner,
        }
        body = _("Beide partijen gingen akkoord. De contactgegevens staan nu op de pagina van de introductie.")
    elif intro.status == Introduction.Status.DECLINED:
        title = _("Introductie afgewezen: %(need)s") % {"need": intro.need.title}
        body = _("Reden: %(reason)s") % {"reason": intro.reason}
    else:
        title = _("Eén partij wil kennismaken: %(need)s") % {"need": intro.need.title}
        body = _("We wachten nog op het antwoord van de andere partij.")
    _notify(everyone, "matching.introduction_update", title, body, url, actor=user, target=intro)


FOLLOW_UP = {
    Introduction.Status.AGREED: (Introduction.Status.DONE, Introduction.Status.DECLINED),
    Introduction.Status.CONTACTED: (Introduction.Status.DECLINED,),
    Introduction.Status.PROPOSED: (Introduction.Status.DECLINED,),
}


@transaction.atomic
def follow_up(user, intro, status, reason=""):
    """RTC (or either party) records the outcome: done, or declined with a reason."""
    intro = Introduction.objects.select_for_update().select_related("need", "partner").get(pk=intro.pk)
    require(user, "matching.close_introduction", intro)
    if status not in FOLLOW_UP.get(intro.status, ()):
        raise ValidationError(
            {
                "status": _("Van '%(from)s' kan je niet naar '%(to)s'.")
                % {
                    "from": intro.get_status_display(),
                    "to": Introduction.Status(status).label if status in Introduction.Status.values else status,
                }
            }
        )
    reason = (reason or "").strip()
    if status == Introduction.Status.DECLINED and not reason:
        raise ValidationError({"reason": _("Geef een reden op waarom de samenwerking niet doorgaat.")})
    intro.status, intro.reason, intro.closed_at = status, reason, timezone.now()
    intro.save(update_fields=["status", "reason", "closed_at", "updated_at"])
    log_action(intro, f"matching.introduction.{status}", user, {"reason": reason})
    _tell_about_answer(user, intro)
    return intro


@transaction.atomic
def expire_introductions(now=None):
    """Unanswered match requests lapse after the set number of days; the RTC of the province is told."""
    now = now or timezone.now()
    expired = list(
        Introduction.objects.select_for_update()
        .filter(status__in=Introduction.OPEN_STATUSES, expires_at__lte=now)
        .select_related("need", "partner")
    )
    for intro in expired:
        intro.status, intro.closed_at = Introduction.Status.EXPIRED, now
        intro.reason = _("Geen antwoord binnen %(days)d dagen.") % {"days": settings_expiry_days()}
        intro.save(update_fields=["status", "closed_at", "reason", "updated_at"])
        log_action(intro, "matching.introduction.verlopen", None)
        waiting = []
        if intro.school_answer == Introduction.Answer.PENDING:
            waiting.append(str(intro.need.school))
        if intro.partner_answer == Introduction.Answer.PENDING:
            waiting.append(str(intro.partner))
        _notify(
            rtc_staff_for_province(intro.need.province_id),
            "matching.expired",
            _("Verlopen zonder antwoord: %(school)s ↔ %(partner)s")
            % {
                "school": intro.need.school,
                "partner": intro.partner,
            },
            _("Geen antwoord van: %(who)s. Neem contact op of stel een andere partner voor.")
            % {"who": ", ".join(waiting)},
            reverse("matching:introduction_detail", args=[intro.pk]),
            target=intro,
        )
    return len(expired)


# --- willingness -----------------------------------------------------------------------------------


def clean_willingness_data(data, organisation):
    errors = {}
    if organisation is None:
        errors["organisation"] = [_("Kies de organisatie die dit aanbiedt.")]
    cleaned = {
        "title": (data.get("title") or "").strip(),
        "description": (data.get("description") or "").strip(),
        "co_develop_material": bool(data.get("co_develop_material")),
        "region": data.get("region") or Willingness.Region.RADIUS,
        "school_year": (data.get("school_year") or sources.current_school_year()).strip(),
    }
    if not cleaned["title"]:
        errors["title"] = [_("Geef een korte titel, bv. 'Stageplaatsen voor leerkrachten elektrotechniek'.")]
    if cleaned["region"] not in Willingness.Region.values:
        errors["region"] = [_("Kies een geldige regio.")]
    cleaned["resources"] = _terms("bedrijfsmiddel", data.get("resources"), "resources", errors)
    cleaned["themes"] = _terms("thema", data.get("themes"), "themes", errors)
    cleaned["studiedomeinen"] = _terms("studiedomein", data.get("studiedomeinen"), "studiedomeinen", errors)
    if not cleaned["themes"] and "themes" not in errors:
        errors["themes"] = [_("Kies minstens één thema waarrond je wilt samenwerken.")]
    if organisation is not None and organisation.kind == OrganisationKind.SCHOOL:
        cleaned["co_develop_material"] = True
    elif not cleaned["resources"] and "resources" not in errors:
        errors["resources"] = [_("Kies wat je organisatie kan inbrengen.")]
    try:
        radius = int(data.get("radius_km") or 30)
    except (TypeError, ValueError):
        radius = 0
    if not 1 <= radius <= MAX_DISTANCE_KM:
        errors["radius_km"] = [_("De straal ligt tussen 1 en %(max)d km.") % {"max": MAX_DISTANCE_KM}]
    cleaned["radius_km"] = radius
    provinces = list(data.get("provinces") or [])
    if cleaned["region"] == Willingness.Region.PROVINCES and not provinces:
        errors["provinces"] = [_("Kies minstens één provincie.")]
    cleaned["provinces"] = provinces
    try:
        capacity = int(data.get("capacity_per_year") or 0)
    except (TypeError, ValueError):
        capacity = 0
    if capacity < 1:
        errors["capacity_per_year"] = [_("Met hoeveel scholen kan je dit schooljaar samenwerken? Minstens 1.")]
    cleaned["capacity_per_year"] = capacity
    year = cleaned["school_year"]
    if not (
        len(year) == 9
        and year[4] == "-"
        and year[:4].isdigit()
        and year[5:].isdigit()
        and int(year[5:]) == int(year[:4]) + 1
    ):
        errors["school_year"] = [_("Schrijf het schooljaar als 2026-2027.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_willingness(w, cleaned):
    for field in (
        "title",
        "description",
        "co_develop_material",
        "region",
        "radius_km",
        "capacity_per_year",
        "school_year",
    ):
        setattr(w, field, cleaned[field])
    w.save()
    w.resources.set(cleaned["resources"])
    w.themes.set(cleaned["themes"])
    w.studiedomeinen.set(cleaned["studiedomeinen"])
    w.provinces.set(cleaned["provinces"] if w.region == Willingness.Region.PROVINCES else [])


@transaction.atomic
def create_willingness(user, organisation, data):
    cleaned = clean_willingness_data(data, organisation)
    require(user, "matching.add_willingness", organisation)
    w = Willingness(organisation=organisation, province_id=organisation.province_id, contact=user)
    _apply_willingness(w, cleaned)
    log_action(w, "matching.willingness.created", user)
    record_change(OutboxEvent.Kind.WILLINGNESS, w.pk)
    return w


@transaction.atomic
def update_willingness(user, w, data):
    require(user, "matching.change_willingness", w)
    cleaned = clean_willingness_data(data, w.organisation)
    _apply_willingness(w, cleaned)
    log_action(w, "matching.willingness.changed", user)
    record_change(OutboxEvent.Kind.WILLINGNESS, w.pk)
    return w


@transaction.atomic
def set_willingness_active(user, w, active):
    require(user, "matching.change_willingness", w)
    w.is_active = active
    w.save(update_fields=["is_active", "updated_at"])
    log_action(w, "matching.willingness.activated" if active else "matching.willingness.deactivated", user)
    record_change(OutboxEvent.Kind.WILLINGNESS, w.pk)
    return w


# --- incremental recompute (outbox) ----------------------------------------------------------------


def record_change(kind, object_id):
    """Written in the caller's transaction; the worker picks it up right after commit (and every minute)."""
    OutboxEvent.objects.create(kind=kind, object_id=object_id)
    transaction.on_commit(_enqueue_processing)


def record_changes(kind, object_ids):
    """``record_change`` for many objects at once (bulk imports): plain rows, no model instance per object."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_rows(
        OutboxEvent._meta.db_table,
        ["kind", "object_id", "created_at", "processed_at"],
        [(str(kind), pk, now, None) for pk in object_ids],
    )
    transaction.on_commit(_enqueue_processing)


def _enqueue_processing():
    from .tasks import process_outbox

    process_outbox()


def affected_needs(kind, object_id):
    """Open needs whose suggestions may change when this need, offer or willingness changes: those that
    already list it, and those that share a main theme with it (the scorer's own pre-filter)."""
    field = {"nood": "peer_need_id", "aanbod": "offer_id_ref", "samenwerking": "willingness_id"}[kind]
    listed = set(Suggestion.objects.filter(**{field: object_id}).values_list("need_id", flat=True))
    if kind == OutboxEvent.Kind.NEED:
        obj = Need.objects.filter(pk=object_id).prefetch_related("themes").first()
    elif kind == OutboxEvent.Kind.WILLINGNESS:
        obj = Willingness.objects.filter(pk=object_id).prefetch_related("themes").first()
    else:
        model = sources.offer_model()
        obj = model.objects.filter(pk=object_id).first() if model else None
    candidates = set()
    if obj is not None:
        v = sources.vocabulary()
        roots = {v.root(t.code) for t in obj.themes.all()}
        family = [c for c, parent in v.theme_parent.items() if c in roots or parent in roots]
        qs = Need.objects.open().filter(themes__code__in=family)
        if kind == OutboxEvent.Kind.NEED:
            qs = qs.exclude(pk=object_id).exclude(school_id=obj.school_id)
        candidates = set(qs.values_list("id", flat=True).distinct())
    return sorted(listed | candidates)


def process_outbox(limit=500):
    """Apply pending changes: recompute the changed need and every need the change may affect."""
    events = list(OutboxEvent.objects.filter(processed_at__isnull=True).order_by("id")[:limit])
    if not events:
        return 0
    todo = set()
    for event in {(e.kind, e.object_id) for e in events}:
        kind, object_id = event
        if kind == OutboxEvent.Kind.NEED:
            todo.add(object_id)
        todo.update(affected_needs(kind, object_id))
    for need in sources.need_queryset().filter(pk__in=todo).order_by("pk"):
        recompute_suggestions(need)
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(processed_at=timezone.now())
    return len(todo)


def build_indexes():
    """Warm candidate indexes over every published offer, active willingness and open need (one query
    per kind). Offers are placed at their first location here; the per-need path uses the nearest one."""
    offers = sources.offer_queryset()
    willingness = list(sources.willingness_queryset())
    used = sources._used_capacity([w.pk for w in willingness])
    return {
        OFFER: sources.build_index(OFFER, [sources.offer_spec(o) for o in offers] if offers is not None else []),
        PARTNER: sources.build_index(PARTNER, [sources.willingness_spec(w, used.get(w.pk, 0)) for w in willingness]),
        SCHOOL: sources.build_index(SCHOOL, [sources.peer_spec(n) for n in sources.need_queryset().open()]),
    }


def recompute_all(batch=500):
    """Every open need against every candidate, with one warm index per kind (the nightly safety net)."""
    indexes = build_indexes()
    count = 0
    for need in sources.need_queryset().open().order_by("pk").iterator(chunk_size=batch):
        spec = sources.need_spec(need)
        ranked = {kind: index.top(spec, TOP_K[kind], explain=False) for kind, index in indexes.items()}
        with transaction.atomic():
            _store(need, ranked)
        count += 1
    return count


# --- interest of providers ('wij kunnen helpen') ------------------------------------------------------


@transaction.atomic
def signal_interest(user, need, organisation, message=""):
    """A provider tells the RTC it can help with a need. Saying it again changes nothing and tells nobody
    twice. Returns (interest, created)."""
    from .rules import helping_organisation_ids

    require(user, "matching.signal_interest", need)
    if organisation is None or organisation.pk not in helping_organisation_ids(user):
        raise ValidationError(
            {
                "organisation": _(
                    "Kies een bedrijf of aanbieder waarvan je lid bent; scholen en RTC's melden geen interesse."
                )
            }
        )
    message = (message or "").strip()
    if len(message) > 2000:
        raise ValidationError({"message": _("Je toelichting is te lang: hoogstens 2000 tekens.")})
    interest, created = Interest.objects.get_or_create(
        need=need, organisation=organisation, defaults={"created_by": user, "message": message}
    )
    if not created:
        return interest, False
    log_action(need, "matching.interest.signalled", user, {"organisation": organisation.name})
    transaction.on_commit(lambda: _tell_rtc_interest(interest.pk))
    return interest, True


def _tell_rtc_interest(interest_id):
    interest = Interest.objects.select_related("need", "organisation", "created_by").get(pk=interest_id)
    need = interest.need
    _notify(
        rtc_staff_for_province(need.province_id),
        "matching.interest",
        _("%(org)s kan helpen met een nood: %(title)s") % {"org": interest.organisation, "title": need.title},
        (
            _("%(org)s meldt dat het %(school)s kan helpen. Bekijk de nood en stel de partijen eventueel voor.")
            % {"org": interest.organisation, "school": need.school}
        )
        + (f"\n\n{interest.message}" if interest.message else ""),
        reverse("matching:need_detail", args=[need.pk]),
        actor=interest.created_by,
        target=need,
    )


# --- GDPR ------------------------------------------------------------------------------------------


def export_for_user(user):
    return {
        "noden": [
            {"titel": n.title, "school": n.school.name, "ingediend op": n.created_at.isoformat(), "status": n.status}
            for n in Need.objects.filter(created_by=user).select_related("school")
        ],
        "aanbod tot samenwerking": [
            {"titel": w.title, "organisatie": w.organisation.name}
            for w in Willingness.objects.filter(contact=user).select_related("organisation")
        ],
        "interesse gemeld": [
            {"nood": i.need.title, "organisatie": i.organisation.name, "toelichting": i.message}
            for i in Interest.objects.filter(created_by=user).select_related("need", "organisation")
        ],
    }


def erase_for_user(user):
    """The needs and offers stay with the school or organisation; they no longer point to the person."""
    Need.objects.filter(created_by=user).update(created_by=None)
    Willingness.objects.filter(contact=user).update(contact=None)
    Interest.objects.filter(created_by=user).update(created_by=None)
    Introduction.objects.filter(introduced_by=user).update(introduced_by=None)
    Introduction.objects.filter(school_answered_by=user).update(school_answered_by=None)
    Introduction.objects.filter(partner_answered_by=user).update(partner_answered_by=None)
