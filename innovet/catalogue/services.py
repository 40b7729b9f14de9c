"""Writes for offers, initiatives and saved searches.

Every write runs in one transaction, is checked against the permission layer, logged in the audit trail,
and keeps the search index in step in that same transaction (``search_services.index_object`` /
``remove_object``): a rolled-back change never reaches the index, a committed one is never lost.
"""

import itertools
import logging
import os
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import OperationalError, connection, transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.core.bulk_sql import WriterPauses, gc_paused, reserve_ids
from innovet.core.mail import send_templated_mail
from innovet.core.page_cache import bump_content_version
from innovet.geo.services import resolve_postcode
from innovet.organisations.models import Membership
from innovet.organisations.permissions import organisation_ids, require
from innovet.search import services as search_services

from . import import_helper
from .models import (
    ImportJob,
    Initiative,
    InitiativePartner,
    Offer,
    OfferLocation,
    OfferSession,
    SavedSearch,
    Status,
    needs_address,
)

logger = logging.getLogger(__name__)

OFFER_FIELDS = [
    "title",
    "summary",
    "description",
    "goals",
    "kind",
    "pillar",
    "audience",
    "cost",
    "cost_note",
    "duration_hours",
    "duration_note",
    "period",
    "trainer_technical",
    "trainer_didactic",
    "curriculum_goals",
    "professional_qualifications",
    "brand_neutral",
    "supplier",
    "capacity",
    "registration_url",
    "registration_info",
    "contact_name",
    "contact_email",
    "contact_phone",
    "valid_from",
    "valid_until",
]
OFFER_M2M = ["themes", "transition_priorities", "studiedomeinen", "graden", "onderwijsvormen", "need_types"]

INITIATIVE_FIELDS = [
    "title",
    "summary",
    "description",
    "results",
    "website",
    "contact_name",
    "contact_email",
    "started_on",
    "ends_on",
]
INITIATIVE_M2M = ["goals", "themes", "transition_priorities", "studiedomeinen", "provinces"]


# --- search index ------------------------------------------------------------------------------


def sync_offer_index(offer):
    """Index a published offer as it is now in the database, or remove it from the index."""
    from .search_indexes import OfferIndex

    fresh = OfferIndex().get_queryset().filter(pk=offer.pk).first()
    if fresh is not None:
        search_services.index_object("offers", fresh)
    else:
        search_services.remove_object("offers", offer.pk)


def sync_initiative_index(initiative):
    from .search_indexes import InitiativeIndex

    fresh = InitiativeIndex().get_queryset().filter(pk=initiative.pk).first()
    if fresh is not None:
        search_services.index_object("initiatives", fresh)
    else:
        search_services.remove_object("initiatives", initiative.pk)


# --- offers ------------------------------------------------------------------------------------


def build_location(data):
    """An unsaved OfferLocation from a dict; the postcode gives municipality, province and coordinates."""
    location_type = data["location_type"]
    location = OfferLocation(
        location_type=location_type,
        name=(data.get("name") or "").strip(),
        street=(data.get("street") or "").strip(),
        postcode=(data.get("postcode") or "").strip(),
    )
    online = not needs_address(location_type)
    if location.postcode:
        place = resolve_postcode(location.postcode)  # Dutch ValidationError for an unknown postcode
        location.municipality = place.municipality
        location.province = place.province
        location.latitude, location.longitude = place.latitude, place.longitude
    elif not online:
        raise ValidationError(
            _("Geef de postcode van de locatie (%(type)s): de afstand tot de school hangt ervan af.")
            % {"type": location_type}
        )
    return location


def check_sessions(sessions):
    errors = []
    for i, session in enumerate(sessions, start=1):
        if session["ends_at"] <= session["starts_at"]:
            errors.append(_("Sessie %(n)d: het einde ligt vóór of op het begin.") % {"n": i})
    if errors:
        raise ValidationError({"sessions": errors})


def _check_providers(user, providers):
    if not providers:
        raise ValidationError({"providers": _("Kies minstens één aanbieder.")})
    if user.is_superuser:
        return
    if not {p.pk for p in providers} & organisation_ids(user):
        raise ValidationError({"providers": _("Je eigen organisatie moet een van de aanbieders zijn.")})


def _apply_offer(user, offer, data):
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if offer.brand_neutral:
        offer.supplier = ""
    locations = []
    errors = {}
    for i, loc in enumerate(data.get("locations", []), start=1):
        try:
            locations.append(build_location(loc))
        except ValidationError as exc:
            errors.setdefault("locations", []).extend(
                _("Locatie %(n)d: %(error)s") % {"n": i, "error": m} for m in exc.messages
            )
    try:
        check_sessions(data.get("sessions", []))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _check_providers(user, data.get("providers", []))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    located = [loc for loc in locations if loc.province_id]
    providers = data.get("providers") or []
    offer.province = located[0].province if located else (providers[0].province if providers else None)
    try:
        offer.full_clean(exclude=["created_by", "unpublished_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    offer.save()
    offer.providers.set(data["providers"])
    for name in OFFER_M2M:
        if name in data:
            getattr(offer, name).set(data[name])
    offer.sessions.all().delete()
    offer.locations.all().delete()
    for loc in locations:
        loc.offer = offer
    OfferLocation.objects.bulk_create(locations)
    saved_locations = list(offer.locations.order_by("id"))
    sessions = []
    for s in data.get("sessions", []):
        index = s.get("location_index")
        location = saved_locations[index] if index is not None and index < len(saved_locations) else None
        if location is None and saved_locations:
            location = saved_locations[0]
        session = OfferSession(
            offer=offer, title=s.get("title", ""), starts_at=s["starts_at"], ends_at=s["ends_at"], location=location
        )
        session.within_school_hours = _within(session)
        sessions.append(session)
    OfferSession.objects.bulk_create(sessions)
    return offer


def _within(session):
    from .models import within_school_hours

    return within_school_hours(session.starts_at, session.ends_at)


@transaction.atomic
def create_offer(user, data, publish=False):
    """Create an offer from cleaned data (forms and imports use the same path). Draft unless ``publish``."""
    require(user, "catalogue.add_offer")
    offer = Offer(created_by=user, status=Status.DRAFT)
    _apply_offer(user, offer, data)
    log_action(offer, "catalogue.offer.created", user)
    if publish:
        _publish(user, offer)
    return offer


@transaction.atomic
def update_offer(user, offer, data, changed=None):
    require(user, "catalogue.change_offer", offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _apply_offer(user, offer, data)
    log_action(offer, "catalogue.offer.changed", user, {"fields": sorted(changed or [])})
    sync_offer_index(offer)
    return offer


def _kind(entry):
    """'offer' or 'initiative': the word in this entry's permission and audit names."""
    return "offer" if isinstance(entry, Offer) else "initiative"


def _sync(entry):
    (sync_offer_index if isinstance(entry, Offer) else sync_initiative_index)(entry)


def _publish(user, entry):
    now = timezone.now()
    entry.status = Status.PUBLISHED
    entry.published_at = entry.published_at or now
    entry.last_confirmed_at = now
    entry.unpublish_reason = ""
    entry.unpublished_by = None
    entry.unpublished_at = None
    entry.stale_reminded_at = None
    entry.save(
        update_fields=[
            "status",
            "published_at",
            "last_confirmed_at",
            "unpublish_reason",
            "unpublished_by",
            "unpublished_at",
            "stale_reminded_at",
            "updated_at",
        ]
    )
    log_action(entry, f"catalogue.{_kind(entry)}.published", user)
    _sync(entry)


@transaction.atomic
def publish_offer(user, offer):
    require(user, "catalogue.change_offer", offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == Status.PUBLISHED:
        return offer  # published already (a double submit): no second 'published' entry in the audit trail
    if offer.is_past_end:
        raise ValidationError(_("Dit aanbod is voorbij: pas de data aan voor je het publiceert."))
    _publish(user, offer)
    return offer


def _unpublish(user, entry, reason, action, perm):
    require(user, perm, entry)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden: de aanbieder ziet ze en kan het aanbod verbeteren.")})
    if entry.status != Status.PUBLISHED:
        raise ValidationError(_("Dit is niet gepubliceerd."))
    entry.status = Status.DRAFT
    entry.unpublish_reason = reason
    entry.unpublished_by = user
    entry.unpublished_at = timezone.now()
    entry.save(update_fields=["status", "unpublish_reason", "unpublished_by", "unpublished_at", "updated_at"])
    log_action(entry, action, user, {"reason": reason})
    recipients = owner_emails(entry)
    if recipients:
        transaction.on_commit(lambda: _mail_unpublished(entry, reason, recipients))


@transaction.atomic
def unpublish_offer(user, offer, reason):
    """RTC moderation: the offer goes back to draft with a reason its owners see (and receive by e-mail)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _unpublish(user, offer, reason, "catalogue.offer.unpublished", "catalogue.moderate_offer")
    sync_offer_index(offer)
    return offer


def _change(user, entry, done, **fields):
    """An owner's lifecycle step on an offer or initiative: set fields, log ``catalogue.<kind>.<done>``."""
    kind = _kind(entry)
    require(user, f"catalogue.change_{kind}", entry)
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save(update_fields=[*fields, "updated_at"])
    log_action(entry, f"catalogue.{kind}.{done}", user)
    _sync(entry)
    return entry


def _archive(user, entry):
    return _change(user, entry, "archived", status=Status.ARCHIVED)


def _confirm(user, entry):
    """The owner confirms the entry is still current: the 12-month clock restarts and it ranks normally."""
    return _change(user, entry, "confirmed", last_confirmed_at=timezone.now(), stale_reminded_at=None)


@transaction.atomic
def archive_offer(user, offer):
    return _archive(user, offer)


BULK_ACTIONS = ("publiceren", "archiveren")
BULK_MAX = 100


@transaction.atomic
def bulk_offer_action(user, offer_ids, action):
    """Publish or archive a selection of offers (e.g. drafts from an import) in one go.

    Every offer is checked on its own: one the user may not change refuses the whole selection
    (nothing changes). Offers the step does not apply to (already in that status, or past their end
    for publishing) are skipped and named. Each change is logged on its offer, as one by one."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"actie": _("Kies wat er met de selectie moet gebeuren: publiceren of archiveren.")})
    ids = sorted({int(i) for i in offer_ids})
    if not ids:
        raise ValidationError({"offers": _("Vink minstens één aanbod aan.")})
    if len(ids) > BULK_MAX:
        raise ValidationError({"offers": _("Hoogstens %(max)d aanbiedingen tegelijk.") % {"max": BULK_MAX}})
    offers = list(Offer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    # Providers and sessions in two queries for the whole selection (permission check and end date).
    prefetch_related_objects(offers, "providers", "sessions")
    if len(offers) != len(ids) or not all(user.has_perm("catalogue.change_offer", o) for o in offers):
        raise PermissionDenied
    done, skipped = [], []
    for offer in offers:
        if action == "publiceren":
            if offer.is_published:
                skipped.append((offer, _("al gepubliceerd")))
            elif offer.is_past_end:
                skipped.append((offer, _("voorbij: pas eerst de data aan")))
            else:
                _publish(user, offer)
                done.append(offer)
        elif offer.status == Status.ARCHIVED:
            skipped.append((offer, _("al gearchiveerd")))
        else:
            offer.status = Status.ARCHIVED
            offer.save(update_fields=["status", "updated_at"])
            log_action(offer, "catalogue.offer.archived", user, {"bulk": True})
            sync_offer_index(offer)
            done.append(offer)
    return {"done": done, "skipped": skipped}


@transaction.atomic
def confirm_offer(user, offer):
    return _confirm(user, offer)


@transaction.atomic
def delete_offer(user, offer):
    require(user, "catalogue.change_offer", offer)
    if offer.status != Status.DRAFT or offer.published_at:
        raise ValidationError(_("Enkel een concept dat nooit gepubliceerd is, kan verwijderd worden. Archiveer het."))
    log_action(offer, "catalogue.offer.deleted", user, {"title": offer.title})
    search_services.remove_object("offers", offer.pk)
    offer.delete()


# --- initiatives -------------------------------------------------------------------------------


def _apply_initiative(user, initiative, data):
    for name in INITIATIVE_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    lead = data.get("lead") or (initiative.lead if initiative.lead_id else None)
    errors = {}
    if lead is None:
        errors["lead"] = [_("Kies de trekker van het initiatief.")]
    elif not user.is_superuser and lead.pk not in organisation_ids(user):
        errors["lead"] = [_("De trekker moet je eigen organisatie zijn.")]
    else:
        initiative.lead = lead
        initiative.province = lead.province
    if not data.get("provinces"):
        errors["provinces"] = [_("Kies minstens één provincie waar het initiatief actief is.")]
    try:
        initiative.full_clean(exclude=["created_by", "unpublished_by", "lead"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    partners = data.get("partners", [])
    seen = set()
    for i, p in enumerate(partners, start=1):
        if p["organisation"].pk in seen:
            errors.setdefault("partners", []).append(
                _("Partner %(n)d: %(org)s staat er al in.") % {"n": i, "org": p["organisation"]}
            )
        seen.add(p["organisation"].pk)
    if errors:
        raise ValidationError(errors)
    initiative.save()
    for name in INITIATIVE_M2M:
        if name in data:
            getattr(initiative, name).set(data[name])
    if "offers" in data:
        initiative.offers.set(data["offers"])
    initiative.partners.all().delete()
    InitiativePartner.objects.bulk_create(
        [
            InitiativePartner(
                initiative=initiative,
                organisation=p["organisation"],
                role=p["role"],
                contribution=p.get("contribution", ""),
            )
            for p in partners
        ]
    )
    return initiative


@transaction.atomic
def create_initiative(user, data, publish=False):
    require(user, "catalogue.add_initiative")
    initiative = Initiative(created_by=user, status=Status.DRAFT)
    _apply_initiative(user, initiative, data)
    log_action(initiative, "catalogue.initiative.created", user)
    if publish:
        _publish(user, initiative)
    return initiative


@transaction.atomic
def update_initiative(user, initiative, data, changed=None):
    require(user, "catalogue.change_initiative", initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _apply_initiative(user, initiative, data)
    log_action(initiative, "catalogue.initiative.changed", user, {"fields": sorted(changed or [])})
    sync_initiative_index(initiative)
    return initiative


@transaction.atomic
def publish_initiative(user, initiative):
    require(user, "catalogue.change_initiative", initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == Status.PUBLISHED:
        return initiative  # published already (a double submit)
    _publish(user, initiative)
    return initiative


@transaction.atomic
def unpublish_initiative(user, initiative, reason):
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _unpublish(user, initiative, reason, "catalogue.initiative.unpublished", "catalogue.moderate_initiative")
    sync_initiative_index(initiative)
    return initiative


@transaction.atomic
def archive_initiative(user, initiative):
    return _archive(user, initiative)


@transaction.atomic
def confirm_initiative(user, initiative):
    return _confirm(user, initiative)


# --- owners and mail ----------------------------------------------------------------------------


def owner_emails(entry):
    """Who hears about an entry: its creator and the managers of its provider(s) / lead organisation."""
    if isinstance(entry, Offer):
        org_ids = list(entry.providers.values_list("pk", flat=True))
    else:
        org_ids = [entry.lead_id]
    emails = set(
        Membership.objects.filter(organisation_id__in=org_ids, is_manager=True, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    if entry.created_by_id and entry.created_by.is_active:
        emails.add(entry.created_by.email)
    return sorted(emails)


def _entry_context(entry):
    edit = "catalogue:offer_edit" if isinstance(entry, Offer) else "catalogue:initiative_edit"
    return {
        "title": entry.title,
        "path": entry.get_absolute_url(),
        "edit_path": reverse(edit, kwargs={"pk": entry.pk}),
        "kind": _("aanbod") if isinstance(entry, Offer) else _("initiatief"),
    }


def _mail_each(recipients, template, context):
    """One e-mail per person: owners do not see each other's addresses."""
    for recipient in recipients:
        send_templated_mail(recipient, template, context)


def _mail_unpublished(entry, reason, recipients):
    _mail_each(recipients, "catalogue/email/unpublished", {**_entry_context(entry), "reason": reason})


@transaction.atomic
def remind_stale_owner(entry):
    """Flag a stale entry to its owners (once a month at most) and let it sink in the ranking."""
    entry.stale_reminded_at = timezone.now()
    entry.save(update_fields=["stale_reminded_at"])
    log_action(entry, "catalogue.entry.stale_reminded", None, {"past_end": entry.is_past_end})
    if isinstance(entry, Offer):
        sync_offer_index(entry)
    else:
        sync_initiative_index(entry)
    recipients = owner_emails(entry)
    if recipients:
        context = {**_entry_context(entry), "past_end": entry.is_past_end, "end_date": entry.end_date()}
        transaction.on_commit(lambda: _mail_each(recipients, "catalogue/email/stale_reminder", context))
    return recipients


# --- saved searches ---------------------------------------------------------------------------


@transaction.atomic
def save_search(user, name, index, querystring, alerts=True):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef de zoekopdracht een naam.")})
    if SavedSearch.objects.filter(user=user).count() >= 50:
        raise ValidationError(_("Je kan maximaal 50 zoekopdrachten bewaren. Verwijder er eerst een."))
    saved = SavedSearch.objects.create(
        user=user, name=name[:120], index=index, querystring=querystring[:2000], alerts=alerts
    )
    log_action(saved, "catalogue.saved_search.created", user)
    return saved


@transaction.atomic
def update_saved_search(user, saved, name, alerts):
    if saved.user_id != user.pk:
        raise ValidationError(_("Dit is niet jouw zoekopdracht."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef de zoekopdracht een naam.")})
    saved.name, saved.alerts = name[:120], alerts
    saved.save(update_fields=["name", "alerts"])
    return saved


@transaction.atomic
def delete_saved_search(user, saved):
    if saved.user_id != user.pk:
        raise ValidationError(_("Dit is niet jouw zoekopdracht."))
    log_action(saved, "catalogue.saved_search.deleted", user)
    saved.delete()


@transaction.atomic
def mark_saved_search_checked(saved, when):
    saved.last_checked_at = when
    saved.save(update_fields=["last_checked_at"])


def user_data(user):
    """GDPR export: the searches a user saved and the entries they created."""
    return {
        "bewaarde zoekopdrachten": [
            {"naam": s.name, "zoekopdracht": s.querystring, "e-mail": s.alerts, "aangemaakt": s.created_at.isoformat()}
            for s in SavedSearch.objects.filter(user=user)
        ],
        "aangemaakt aanbod": list(Offer.objects.filter(created_by=user).values_list("title", flat=True)),
        "aangemaakte initiatieven": list(Initiative.objects.filter(created_by=user).values_list("title", flat=True)),
    }


def erase_user(user):
    """GDPR erasure: saved searches go; offers stay with their organisation but no longer name the person."""
    SavedSearch.objects.filter(user=user).delete()
    Offer.objects.filter(created_by=user).update(created_by=None)
    Initiative.objects.filter(created_by=user).update(created_by=None)
    Offer.objects.filter(contact_email__iexact=user.email).update(contact_name="", contact_email="", contact_phone="")


# --- import ------------------------------------------------------------------------------------
#
# start_import stores the upload; check_import (worker) reads and checks every row once and writes the
# checked rows as JSON lines; commit_import queues run_import, which bulk-inserts those rows in chunks.
# Each chunk is its own short transaction (the embedded SQLite has one writer at a time: a whole file in
# one transaction locked the site for minutes); if any chunk fails, or the worker dies and the job is
# found stale, the offers already written are deleted again, so an import ends with all rows or none.
# Every step beats the job's heartbeat; fail_stale_imports (every minute) ends jobs whose worker stopped.

IMPORT_CHUNK = 500  # rows per transaction: the write lock is held for a fraction of a second
IMPORT_STALE_AFTER = timedelta(minutes=10)


class ImportInterrupted(Exception):
    """The job was ended while this worker was still writing (e.g. declared stale)."""


@transaction.atomic
def start_import(user, organisation, upload, publish=False):
    """Store the upload and check it in the background; the page polls the job's progress."""
    require(user, "catalogue.import_offers")
    if not user.is_superuser and organisation.pk not in organisation_ids(user):
        raise ValidationError({"organisation": _("Je kan enkel aanbod importeren voor je eigen organisatie.")})
    job = ImportJob.objects.create(
        organisation=organisation,
        uploaded_by=user,
        file=upload,
        original_name=upload.name[:255],
        publish=publish,
        heartbeat_at=timezone.now(),
    )
    log_action(job, "catalogue.import.uploaded", user, {"file": job.original_name})
    transaction.on_commit(lambda: _enqueue_check(job.pk))
    return job


def _enqueue_check(job_id):
    from .tasks import check_import_task

    check_import_task(job_id)


def _beat(job_id, **fields):
    return ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def _error(message, row=0, column=""):
    return {"row": row, "column": column, "message": str(message)}


def check_import(job_id):
    """Read and check every row once; keep the checked rows for the commit. Any failure ends the job."""
    from . import importer

    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.CHECKING).first()
    if job is None:  # already ended (e.g. declared stale while queued)
        return None
    _beat(job.pk, progress=0, processed_rows=0)

    def progress(rows, fraction):
        _beat(job.pk, processed_rows=rows, progress=min(99, int(fraction * 100)))

    fd, records = tempfile.mkstemp(suffix=".jsonl.gz")
    os.close(fd)
    try:
        # A helper process checks every other batch of a long file.
        helper = import_helper.CheckHelper if import_helper.available() else None
        with job.file.open("rb") as fh, importer.open_records(records, "wt") as out:
            result = importer.check_file(fh, job.original_name, progress=progress, out=out, helper=helper)
        errors, error_count, preview, rows = result.errors, result.error_count, result.preview, result.rows
    except ValidationError as exc:
        errors, preview, rows = [_error(m) for m in exc.messages], [], 0
        error_count = len(errors)
    except Exception as exc:  # never leave the job running: say what failed
        logger.exception("Import %s: the check failed", job.pk)
        message = _("De controle is mislukt: %(error)s. Er is niets bewaard.") % {"error": _describe(exc)}
        errors, error_count, preview, rows = [_error(message)], 1, [], 0
    job.errors, job.error_count, job.preview = errors, error_count, preview
    job.state = ImportJob.State.INVALID if error_count or not rows else ImportJob.State.READY
    job.processed_rows = job.total_rows = rows
    job.progress = 100
    job.finished_at = timezone.now()
    fields = ["errors", "error_count", "preview", "state", "processed_rows", "total_rows", "progress", "finished_at"]
    try:
        if job.state == ImportJob.State.READY:
            with open(records, "rb") as fh:
                job.records.save(f"{job.file.name.rsplit('/', 1)[-1]}.rijen.jsonl.gz", File(fh), save=False)
            fields.append("records")
    finally:
        os.unlink(records)
    # Only a job still being checked is finished here (a stale one was already ended).
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKING).update(
        **{name: getattr(job, name) for name in fields}
    )
    return job


def _describe(exc):
    """A technical failure in one line (the Dutch sentence around it says what and where)."""
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@transaction.atomic
def commit_import(user, job):
    """Ask for the import of a checked file: all rows or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.uploaded_by_id != user.pk and not user.is_superuser:
        raise ValidationError(_("Dit is niet jouw import."))
    if job.state != ImportJob.State.READY:
        raise ValidationError(_("Deze import is niet klaar om uitgevoerd te worden."))
    job.state = ImportJob.State.IMPORTING
    job.progress = job.processed_rows = 0
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["state", "progress", "processed_rows", "heartbeat_at"])
    transaction.on_commit(lambda: _enqueue_run(job.pk))
    return job


def _enqueue_run(job_id):
    from .tasks import run_import_task

    run_import_task(job_id)


class ChunkFailed(Exception):
    """Writing the chunk of these rows failed (the cause is chained)."""

    def __init__(self, first_row, last_row):
        super().__init__(first_row, last_row)
        self.first_row, self.last_row = first_row, last_row


def run_import(job_id):
    """Bulk-insert the checked rows in short transactions; on any failure remove what was written.

    A large file is shared with a helper process (``import_helper``), which a thread could not do: threads
    share one interpreter lock. On PostgreSQL it writes every other chunk, so that one process's Python
    overlaps the other's wait on the server. On SQLite, with its single writer, it prepares every chunk's rows
    and statements under ids reserved up front, while this process runs the previous chunk's statements."""
    from .bulk import OfferWriter

    job = (
        ImportJob.objects.select_related("organisation", "uploaded_by")
        .filter(pk=job_id, state=ImportJob.State.IMPORTING)
        .first()
    )
    if job is None:
        return None
    _beat(job.pk, progress=0)
    done, helper = {}, None  # chunk index -> ids of the offers it created
    try:
        user = job.uploaded_by
        if user is None or not user.is_active:
            raise ValidationError(_("De persoon die het bestand opliet, heeft geen account meer."))
        require(user, "catalogue.add_offer")
        _check_providers(user, [job.organisation])
        writer = OfferWriter(job, user)
        writers = _writer_count(job)
        if writers == 1:
            chunks = write_part(job, writer, part=0, parts=1, chunk_size=IMPORT_CHUNK)
        elif connection.vendor == "sqlite":
            helper = import_helper.ImportHelper(job.pk, chunk_size=IMPORT_CHUNK, first_ids=_reserve_ids(job, writer))
            chunks = (
                (index, _write_chunk(job, lambda plan=plan: writer.apply(plan), (plan.first_row, plan.last_row)))
                for index, plan in helper.plans()
            )
        else:
            helper = import_helper.ImportHelper(job.pk, chunk_size=IMPORT_CHUNK, part=1, parts=writers)
            chunks = write_part(job, writer, part=0, parts=writers, chunk_size=IMPORT_CHUNK)
        with WriterPauses() as pause:
            for count, (index, ids) in enumerate(chunks):
                done[index] = ids
                if count == 0:
                    _refresh_statistics(writer.referenced_tables())
                if helper and helper.writes:
                    helper.collect(done)
                pause()  # SQLite: a waiting writer (a login, a save) takes the lock
        if helper:
            helper.finish(done)
        created = [pk for index in sorted(done) for pk in done[index]]
        with transaction.atomic():
            if not ImportJob.objects.select_for_update().filter(pk=job.pk, state=ImportJob.State.IMPORTING).exists():
                raise ImportInterrupted
            log_action(job, "catalogue.import.committed", user, {"offers": len(created), "file": job.original_name})
            _beat(
                job.pk,
                state=ImportJob.State.DONE,
                created_offer_ids=created,
                written_ids=[],
                processed_rows=len(created),
                progress=100,
                finished_at=timezone.now(),
            )
    except ImportInterrupted:
        _stop(helper)
        _undo_import(_written_ids(job.pk, done))
        return job
    except Exception as exc:  # any failure ends the job, names the rows, and leaves nothing behind
        if not isinstance(exc, ValidationError | ImportHelperFailed):
            logger.exception("Import %s: the commit failed", job.pk)
        _stop(helper)
        _undo_import(_written_ids(job.pk, done))
        _beat(
            job.pk,
            state=ImportJob.State.FAILED,
            errors=[_error(f"{failure_message(exc)} " + _("Er is niets geïmporteerd."))],
            error_count=1,
            written_ids=[],
            finished_at=timezone.now(),
        )
    finally:
        _stop(helper)  # e.g. this worker is being stopped: its helper stops too
    job.refresh_from_db()
    return job


class ImportHelperFailed(Exception):
    """The helper process failed; its message says what and where."""


IMPORT_PARALLEL_MIN_ROWS = 20_000  # below this, starting a second interpreter costs more than it saves


def _writer_count(job):
    """How many processes share this import: one for a small file or where no helper can share the work."""
    if job.total_rows < IMPORT_PARALLEL_MIN_ROWS or not import_helper.available():
        return 1
    return max(1, min(settings.INNOVET_IMPORT_WRITERS, os.cpu_count() or 1))


def _refresh_statistics(tables):
    """PostgreSQL plans each foreign-key check once per connection and keeps the plan. Planned while the table
    it looks in was (nearly) empty, that is a sequential scan, run for every row written as the table grows:
    an import of 100,000 rows into tables analysed while empty ran for many minutes. After the first chunk,
    ANALYZE of those tables whose statistics say they are small makes every connection plan its checks again,
    as index look-ups."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname = ANY(%s) AND reltuples < 10000", [tables])
        for (table,) in cursor.fetchall():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _reserve_ids(job, writer):
    """The first of the ids reserved, in one short transaction, for every row the job can create, per table:
    a helper that plans the chunks numbers them beforehand (those a chunk leaves unused stay gaps)."""
    with transaction.atomic():
        return {table: reserve_ids(table, job.total_rows)[0] for table in writer.numbered_tables()}


def _stop(helper):
    if helper:
        helper.stop()


def _chunks(job, chunk_size, part=0, parts=1):
    """(index, checked rows) of every ``parts``-th chunk of the job's checked rows, from the ``part``-th on."""
    from . import importer

    with job.records.open("rb") as raw, importer.open_records(raw, "rt") as lines:
        for index in itertools.count():
            block = list(itertools.islice(lines, chunk_size))
            if not block:
                return
            if index % parts == part:  # another writer's chunks are skipped undecoded
                yield index, [importer.parse_record(line) for line in block]


def write_part(job, writer, part, parts, chunk_size):
    """Write this writer's share of the checked rows: every ``parts``-th chunk from the ``part``-th on.
    Yields (chunk index, ids of its offers) after each chunk."""
    with gc_paused():
        for index, chunk in _chunks(job, chunk_size, part, parts):
            try:
                # The chunk's CPU work (row values, search text analysis) before its transaction: on SQLite a
                # waiting writer (a login, a save) takes the lock meanwhile.
                writer.prepare(chunk)
            except Exception as exc:
                raise ChunkFailed(*_span(chunk)) from exc
            yield index, _write_chunk(job, lambda chunk=chunk: writer.write(chunk), _span(chunk))


def plan_all(job, writer, chunk_size, first_ids):
    """Plan every chunk (``OfferWriter.plan``) under the ids reserved from ``first_ids`` (table -> first id) on:
    (index, plan for SQLite) per chunk, for the process that writes them."""
    counters = {table: itertools.count(first) for table, first in first_ids.items()}

    def reserve(table, n):
        return list(itertools.islice(counters[table], n))

    with gc_paused():
        for index, chunk in _chunks(job, chunk_size):
            try:
                plan = writer.plan(chunk, reserve).for_sqlite()
            except Exception as exc:
                raise ChunkFailed(*_span(chunk)) from exc
            yield index, plan


def _span(chunk):
    """The first and last row of a chunk of checked rows, as a failure names them."""
    return chunk[0]["row"], chunk[-1]["row"]


def failure_message(exc):
    """Why an import failed, in Dutch, with the rows where it is known."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, ImportHelperFailed):
        return str(exc)
    if isinstance(exc, ChunkFailed):
        return _("Het bewaren van rij %(first)d tot %(last)d is mislukt: %(error)s.") % {
            "first": exc.first_row,
            "last": exc.last_row,
            "error": _describe(exc.__cause__),
        }
    return _("De import is mislukt: %(error)s.") % {"error": _describe(exc)}


IMPORT_CHUNK_ATTEMPTS = 3


def _write_chunk(job, write, rows):
    """Run ``write()`` (it writes a chunk and returns its offers' ids) in a transaction of its own that also
    records the ids on the job; again when the database chose it to break a deadlock with the job's other
    writer (both add the same new facet values and words: PostgreSQL aborts one of the two transactions, which
    wrote nothing). Any other failure, or a third deadlock, fails the chunk of these ``rows`` (first, last)."""
    for attempt in range(1, IMPORT_CHUNK_ATTEMPTS + 1):
        try:
            return _write_chunk_once(job, write)
        except ImportInterrupted:
            raise
        except OperationalError as exc:
            if attempt < IMPORT_CHUNK_ATTEMPTS and getattr(exc.__cause__, "sqlstate", None) in ("40P01", "40001"):
                logger.warning("Import %s: rows %s-%s met a deadlock, written again", job.pk, *rows)
                time.sleep(0.05 * attempt)  # the other writer's transaction ends meanwhile
                continue
            raise ChunkFailed(*rows) from exc
        except Exception as exc:
            raise ChunkFailed(*rows) from exc


def _write_chunk_once(job, write):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Foreign keys checked at each statement rather than at COMMIT, which comes after the job row's
            # lock below: the other writer of the job waits for that lock, so it is held briefly.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ids = write()
        # Still ours? A job declared stale meanwhile is not written to any further: this chunk is rolled back.
        # The row lock also serialises the writers of one job while they add their ids.
        written = (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, state=ImportJob.State.IMPORTING)
            .values_list("written_ids", flat=True)
            .first()
        )
        if written is None:
            raise ImportInterrupted
        # Bulk writes send no post_save: public pages cached under the old content version must go.
        transaction.on_commit(bump_content_version)
        # The ids written so far, in the same transaction: whoever ends this job can remove them.
        written = merge_runs(written, id_runs(ids))
        count = sum(last - first + 1 for first, last in written)
        _beat(
            job.pk,
            written_ids=written,
            processed_rows=count,
            progress=min(99, int(100 * count / max(job.total_rows, 1))),
        )
    return ids


def merge_runs(*runs):
    """Runs of ids ([first, last] pairs) merged into the fewest runs: [[1, 3]] + [[4, 4], [7, 7]] → [[1, 4], [7, 7]]."""
    merged = []
    for first, last in sorted(run for group in runs for run in group):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def id_runs(ids):
    """[1, 2, 3, 7] → [[1, 3], [7, 7]]: the written ids of a long import stay small in the job row."""
    return merge_runs([[pk, pk] for pk in ids])


def _written_ids(job_id, done):
    """Every offer this import wrote: what the job row lists (all writers) and what this process knows of."""
    runs = ImportJob.objects.filter(pk=job_id).values_list("written_ids", flat=True).first() or []
    return sorted({pk for first, last in runs for pk in range(first, last + 1)}.union(*done.values()))


def _undo_import(offer_ids):
    """Remove offers an interrupted import wrote (and their index entries), in short transactions."""
    from .bulk import delete_offers

    for start in range(0, len(offer_ids), IMPORT_CHUNK):
        with transaction.atomic():
            delete_offers(offer_ids[start : start + IMPORT_CHUNK])
            transaction.on_commit(bump_content_version)


def fail_stale_imports(now=None):
    """End every running import whose worker stopped (no heartbeat for a while); undo what it wrote."""
    now = now or timezone.now()
    cutoff = now - IMPORT_STALE_AFTER
    running = [ImportJob.State.CHECKING, ImportJob.State.IMPORTING]
    ended = 0
    for job_id in ImportJob.objects.filter(state__in=running, heartbeat_at__lt=cutoff).values_list("id", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=job_id, state__in=running).first()
            if job is None or (job.heartbeat_at and job.heartbeat_at >= cutoff):
                continue
            if job.state == ImportJob.State.CHECKING:
                message = _(
                    "De controle is onderbroken na rij %(row)d: de achtergrondverwerking is gestopt. "
                    "Er is niets bewaard. Laad het bestand opnieuw op."
                ) % {"row": job.processed_rows + 1}
            else:
                message = _(
                    "De import is onderbroken na %(done)d van %(total)d rijen: de achtergrondverwerking is gestopt. "
                    "Wat al bewaard was, is weer verwijderd: er is niets geïmporteerd. Start de import opnieuw."
                ) % {"done": job.processed_rows, "total": job.total_rows}
            offer_ids = [pk for first, last in job.written_ids for pk in range(first, last + 1)]
            job.state = ImportJob.State.FAILED
            job.errors = [_error(message)]
            job.error_count = 1
            job.written_ids = []
            job.finished_at = now
            job.save(update_fields=["state", "errors", "error_count", "written_ids", "finished_at"])
            log_action(job, "catalogue.import.stale", None, {"offers_removed": len(offer_ids)})
        _undo_import(offer_ids)
        ended += 1
    return ended


IMPORT_RETENTION_DAYS = 30


def purge_old_imports(now=None):
    """Uploaded spreadsheets are kept 30 days (to re-check or re-run), then removed with their files."""
    cutoff = (now or timezone.now()) - timedelta(days=IMPORT_RETENTION_DAYS)
    count = 0
    for job in ImportJob.objects.filter(created_at__lt=cutoff).exclude(state=ImportJob.State.IMPORTING):
        job.file.delete(save=False)
        if job.records:
            job.records.delete(save=False)
        job.delete()
        count += 1
    return count
