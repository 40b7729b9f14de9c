"""Every write of the innovatielabs: plain data in, one transaction, an audit line with a Dutch label.

Participation (co-developer, tester, presenter, adopter) goes to the one ledger through
``innovet.participation.services``; e-mail and in-app messages through ``notifications.notify``; the
search index ``labs`` is updated in the same transaction.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.organisations.models import Membership, OrganisationKind, Role
from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, memberships, require
from innovet.participation import services as participation
from innovet.participation.models import ActivityKind, ParticipationRole

from .models import (
    ADOPTION_ORDER,
    COMMITMENT_TRANSITIONS,
    DEFAULT_PLAN_WEEKS,
    PREPARATION_PHASES,
    Adoption,
    AdoptionStatus,
    Commitment,
    CommitmentStatus,
    Document,
    FundingOpportunity,
    Lab,
    LabMaterial,
    LabPartner,
    LabSchool,
    LabTeacher,
    Message,
    Milestone,
    OnboardingSession,
    Phase,
    Showcase,
    ShowcaseFormat,
    Task,
    Unit,
    inactivity_days,
)

COORDINATOR_KINDS = (OrganisationKind.RTC, OrganisationKind.SCHOOL)


# --- helpers -------------------------------------------------------------------------------------


def _index(lab):
    """Re-read the lab as the index reads it (fresh relations, the presentable flag) and store it."""
    from innovet.search import services as search
    from innovet.search.registry import get_index

    fresh = get_index("labs").get_queryset().filter(pk=lab.pk).first()
    if fresh is None:
        search.remove_object("labs", lab.pk)
    else:
        search.index_object("labs", fresh)


def _touch(lab):
    """Record activity (the inactivity signal looks at it) without touching other fields."""
    now = timezone.now()
    Lab.objects.filter(pk=lab.pk).update(last_activity_at=now, inactivity_signalled_at=None)
    lab.last_activity_at, lab.inactivity_signalled_at = now, None


def _lock(lab):
    return Lab.objects.select_for_update().get(pk=lab.pk)


def _sync(caller, locked, fields=("phase", "follow_up_open", "updated_at")):
    """The caller's object sees what the locked copy saved (views and tests keep using theirs)."""
    if caller is not locked:
        for field in fields:
            setattr(caller, field, getattr(locked, field))


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:200] or "lab"
    slug, n = base, 2
    while Lab.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _notify(recipients, category, title, body="", url="", actor=None, target=None):
    from innovet.notifications.services import notify

    notify(recipients, category, title, body=body, url=url, actor=actor, target=target)


def participants(lab):
    """Everyone who takes part in the lab (for notifications and task owners), active users only."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    ids = set(lab.teachers.filter(left_on__isnull=True).values_list("user_id", flat=True))
    if lab.coordinator_id:
        ids.add(lab.coordinator_id)
    if lab.adviser_id:
        ids.add(lab.adviser_id)
    partner_orgs = lab.partners.filter(left_on__isnull=True).values_list("organisation_id", flat=True)
    school_orgs = lab.schools.filter(left_on__isnull=True).values_list("school_id", flat=True)
    ids |= set(Membership.objects.filter(organisation_id__in=partner_orgs).values_list("user_id", flat=True))
    ids |= set(
        Membership.objects.filter(organisation_id__in=school_orgs)
        .filter(Q(role__in=[Role.DIRECTOR, Role.TAC]) | Q(is_manager=True))
        .values_list("user_id", flat=True)
    )
    if not lab.coordinator_id:
        ids |= set(
            Membership.objects.filter(organisation_id=lab.coordinator_organisation_id).values_list("user_id", flat=True)
        )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name"))


def coordinators(lab):
    if lab.coordinator_id and lab.coordinator.is_active:
        return [lab.coordinator]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=lab.coordinator_organisation_id, user__is_active=True
        ).select_related("user")
    ]


def rtc_staff_for_lab(lab):
    from innovet.matching.services import rtc_staff_for_province

    return rtc_staff_for_province(lab.province_id)


def _record(person, activity, role, title, date, hours, school, lab, recorded_by):
    participation.record_participation(
        person=person,
        activity=activity,
        kind=ActivityKind.INNOVATION_LAB,
        title=title,
        date=date,
        hours=hours,
        role=role,
        school=school,
        organiser=lab.coordinator_organisation,
        province=lab.province,
        url=lab.get_absolute_url(),
        recorded_by=recorded_by,
    )


# --- the lab -------------------------------------------------------------------------------------


def _check_coordinator_org(user, organisation):
    if organisation is None:
        raise ValidationError({"coordinator_organisation": _("Kies de coördinerende organisatie.")})
    if organisation.kind not in COORDINATOR_KINDS:
        raise ValidationError(
            {"coordinator_organisation": _("Een lab wordt gecoördineerd door een RTC of een school.")}
        )
    if not user.is_superuser and organisation.pk not in {m.organisation_id for m in memberships(user)}:
        raise ValidationError(
            {"coordinator_organisation": _("Je kunt alleen een lab starten voor een organisatie waar je werkt.")}
        )


def _apply(lab, data):
    for field in ("title", "summary", "description", "studiedomein", "province", "starts_on", "adviser"):
        if field in data:
            setattr(lab, field, data[field])
    if "adviser" in data and data["adviser"] is not None:
        from innovet.organisations.permissions import is_pedagogical_adviser

        if not is_pedagogical_adviser(data["adviser"]):
            raise ValidationError({"adviser": _("Kies een pedagogisch begeleider van een begeleidingsdienst.")})


def default_plan(lab):
    """The default 3–6-month preparation plan: one milestone per phase, dated from the start."""
    rows = [
        Milestone(
            lab=lab,
            phase=phase,
            title=str(phase.label),
            due_on=lab.starts_on + timedelta(weeks=DEFAULT_PLAN_WEEKS[phase]),
            position=i,
        )
        for i, phase in enumerate(PREPARATION_PHASES)
    ]
    Milestone.objects.bulk_create(rows)


@transaction.atomic
def create_lab(user, data, schools=(), partners=(), willingness=(), need=None, introduction=None):
    """Start a lab. ``data``: title, summary, description, themes, studiedomein, graden, province,
    provinces, coordinator_organisation, starts_on, adviser (optional)."""
    require(user, "labs.add_lab")
    _check_coordinator_org(user, data.get("coordinator_organisation"))
    if not (data.get("title") or "").strip():
        raise ValidationError({"title": _("Geef het lab een titel.")})
    lab = Lab(
        coordinator_organisation=data["coordinator_organisation"],
        coordinator=user if not user.is_superuser else None,
        created_by=user,
        need=need,
        introduction=introduction,
        starts_on=data.get("starts_on") or timezone.localdate(),
    )
    _apply(lab, data)
    if lab.province_id is None:
        lab.province = lab.coordinator_organisation.province
    lab.slug = _unique_slug(lab.title)
    lab.full_clean(exclude=["slug"])
    lab.save()
    lab.themes.set(data.get("themes") or [])
    lab.graden.set(data.get("graden") or [])
    lab.provinces.set(data.get("provinces") or [lab.province])
    default_plan(lab)
    for school in schools:
        _add_school(lab, school, data.get("vakgroep", ""))
    for w in willingness:
        lab.willingness.add(w)
        if w.organisation.is_school:
            _add_school(lab, w.organisation, "")
        else:
            _add_partner(lab, w.organisation, w.title[:200])
    for organisation in partners:
        _add_partner(lab, organisation, "")
    log_action(lab, "labs.lab.created", user, {"from_introduction": introduction.pk if introduction else None})
    _index(lab)
    return lab


@transaction.atomic
def start_from_introduction(user, introduction):
    """One click: an agreed introduction becomes a lab with the need's school and the partner. Twice is once."""
    from innovet.matching.models import Introduction

    require(user, "labs.start_from_introduction", introduction)
    intro = Introduction.objects.select_for_update().select_related("need__school", "partner").get(pk=introduction.pk)
    existing = Lab.objects.filter(introduction=intro).first()
    if existing is not None:
        return existing
    if intro.status not in (Introduction.Status.AGREED, Introduction.Status.DONE):
        raise ValidationError(
            _("Alleen een introductie waarop beide partijen akkoord gingen, kan een innovatielab worden.")
        )
    need = intro.need
    rtcs = [
        m.organisation
        for m in memberships(user)
        if m.organisation.kind == OrganisationKind.RTC and m.role == Role.RTC_STAFF
    ]
    coordinator_org = rtcs[0] if rtcs else need.school
    data = {
        "title": need.title,
        "summary": need.description[:1000] or need.title,
        "description": intro.message,
        "themes": list(need.themes.all()),
        "studiedomein": need.studiedomein,
        "graden": list(need.graden.all()),
        "province": need.province,
        "coordinator_organisation": coordinator_org,
        "vakgroep": need.vakgroep,
    }
    partner_orgs, schools = [], [need.school]
    if intro.partner.is_school:
        schools.append(intro.partner)
    else:
        partner_orgs.append(intro.partner)
    try:
        with transaction.atomic():
            lab = create_lab(
                user,
                data,
                schools=schools,
                partners=partner_orgs,
                willingness=[intro.willingness] if intro.willingness_id else [],
                need=need,
                introduction=intro,
            )
    except IntegrityError:
        return Lab.objects.get(introduction=intro)
    teacher = need.created_by
    if teacher is not None and teacher.is_active:
        _add_teacher(lab, teacher, need.school, user)
    return lab


@transaction.atomic
def update_lab(user, lab, data):
    require(user, "labs.change_lab", lab)
    lab = _lock(lab)
    old_start = lab.starts_on
    _apply(lab, data)
    lab.full_clean()
    lab.save()
    if "themes" in data:
        lab.themes.set(data["themes"])
    if "graden" in data:
        lab.graden.set(data["graden"])
    if "provinces" in data:
        lab.provinces.set(data["provinces"] or [lab.province])
    first = lab.milestones.order_by("due_on").first()
    if lab.starts_on != old_start and first is not None and first.due_on < lab.starts_on:
        raise ValidationError(
            {
                "starts_on": _("De start ligt na de eerste mijlpaal (%(d)s). Pas eerst de planning aan.")
                % {"d": first.due_on.strftime("%d/%m/%Y")}
            }
        )
    log_action(lab, "labs.lab.changed", user)
    _touch(lab)
    _index(lab)
    return lab


@transaction.atomic
def stop_lab(user, lab, reason):
    require(user, "labs.change_lab", lab)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Zeg kort waarom het lab stopt.")})
    caller, lab = lab, _lock(lab)
    lab.phase = Phase.STOPPED
    lab.follow_up_open = False
    lab.save(update_fields=["phase", "follow_up_open", "updated_at"])
    log_action(lab, "labs.lab.stopped", user, {"reason": reason})
    _sync(caller, lab)
    _index(lab)
    return lab


# --- schools, teachers, partners -----------------------------------------------------------------


def _add_school(lab, school, vakgroep):
    if not school.is_school:
        raise ValidationError({"school": _("%(org)s is geen school.") % {"org": school}})
    row, created = LabSchool.objects.get_or_create(lab=lab, school=school, defaults={"vakgroep": vakgroep[:120]})
    if not created and row.left_on is not None:
        row.left_on = None
        row.save(update_fields=["left_on"])
    return row, created


def _add_partner(lab, organisation, role):
    if organisation.is_school:
        raise ValidationError({"organisation": _("Een school neemt deel als school, niet als partner.")})
    row, created = LabPartner.objects.get_or_create(lab=lab, organisation=organisation, defaults={"role": role})
    if not created and row.left_on is not None:
        row.left_on = None
        row.save(update_fields=["left_on"])
    return row, created


def _add_teacher(lab, person, school, actor):
    row, created = LabTeacher.objects.get_or_create(lab=lab, user=person, defaults={"school": school})
    if not created and row.left_on is not None:
        row.left_on = None
        row.save(update_fields=["left_on"])
    # The ledger: this teacher co-develops in the lab (an active role). Hours follow the lab's plan later.
    _record(person, lab, ParticipationRole.CO_DEVELOPER, lab.title, lab.starts_on, 0, school, lab, actor)
    return row


@transaction.atomic
def add_school(user, lab, school, vakgroep=""):
    require(user, "labs.change_lab", lab)
    if lab.adoptions.filter(school=school).exclude(status=AdoptionStatus.STOPPED).exists():
        raise ValidationError({"school": _("Deze school volgt het natraject van dit lab al.")})
    row, created = _add_school(lab, school, vakgroep)
    if not created and row.left_on is None and not vakgroep:
        raise ValidationError({"school": _("%(school)s neemt al deel aan dit lab.") % {"school": school}})
    if vakgroep:
        row.vakgroep = vakgroep[:120]
        row.save(update_fields=["vakgroep"])
    log_action(lab, "labs.school.added", user, {"school": school.pk})
    _touch(lab)
    _index(lab)
    return row


@transaction.atomic
def add_teacher(user, lab, person):
    """A teacher of a participating school co-develops (recorded in the participation ledger)."""
    require(user, "labs.change_lab", lab)
    school_ids = set(lab.schools.filter(left_on__isnull=True).values_list("school_id", flat=True))
    membership = (
        Membership.objects.filter(user=person, organisation_id__in=school_ids, role__in=SCHOOL_STAFF_ROLES)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise ValidationError({"person": _("Deze persoon werkt niet in een school van dit lab.")})
    if lab.teachers.filter(user=person, left_on__isnull=True).exists():
        raise ValidationError({"person": _("%(p)s ontwikkelt al mee in dit lab.") % {"p": person.get_full_name()}})
    row = _add_teacher(lab, person, membership.organisation, user)
    log_action(lab, "labs.teacher.added", user, {"person": person.pk})
    _touch(lab)
    return row


@transaction.atomic
def leave_school(user, lab_school):
    """A school leaves: its row, its teachers' records and everything it made stay (with the date)."""
    lab = lab_school.lab
    is_own = any(
        m.organisation_id == lab_school.school_id and (m.role in (Role.DIRECTOR, Role.TAC) or m.can_manage)
        for m in memberships(user)
    )
    if not (is_own or user.has_perm("labs.change_lab", lab)):
        raise PermissionDenied
    if lab_school.left_on is not None:
        return lab_school
    today = timezone.localdate()
    lab_school.left_on = today
    lab_school.save(update_fields=["left_on"])
    lab.teachers.filter(school_id=lab_school.school_id, left_on__isnull=True).update(left_on=today)
    log_action(lab, "labs.school.left", user, {"school": lab_school.school_id})
    _touch(lab)
    _index(lab)
    return lab_school


@transaction.atomic
def add_partner(user, lab, organisation, role=""):
    require(user, "labs.change_lab", lab)
    row, created = _add_partner(lab, organisation, role)
    if not created and not role:
        raise ValidationError({"organisation": _("%(org)s is al partner van dit lab.") % {"org": organisation}})
    if role:
        row.role = role[:200]
        row.save(update_fields=["role"])
    log_action(lab, "labs.partner.added", user, {"organisation": organisation.pk})
    _notify(
        [m.user for m in organisation.memberships.select_related("user")],
        "labs.lab",
        _("%(org)s is partner van het innovatielab %(lab)s") % {"org": organisation, "lab": lab},
        body=_("Vul in wat jullie inbrengen (personeel, infrastructuur, materiaal...) en bevestig het."),
        url=lab.get_absolute_url() + "werkruimte/#engagementen",
        actor=user,
        target=lab,
    )
    _touch(lab)
    _index(lab)
    return row


@transaction.atomic
def leave_partner(user, partner):
    lab = partner.lab
    own = partner.organisation_id in {m.organisation_id for m in memberships(user) if m.can_manage}
    if not (own or user.has_perm("labs.change_lab", lab)):
        raise PermissionDenied
    if partner.left_on is None:
        partner.left_on = timezone.localdate()
        partner.save(update_fields=["left_on"])
        log_action(lab, "labs.partner.left", user, {"organisation": partner.organisation_id})
        _touch(lab)
        _index(lab)
    return partner


# --- commitments ---------------------------------------------------------------------------------


def _amount(value):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": _("Geef de hoeveelheid als getal, bv. 40 of 1250,50.")}) from None
    if amount < 0:
        raise ValidationError({"amount": _("De hoeveelheid kan niet negatief zijn.")})
    return amount


@transaction.atomic
def add_commitment(user, partner, data):
    """A partner states what it brings in (or the coordinator proposes it on its behalf): status 'voorgesteld'."""
    require(user, "labs.add_commitment", partner)
    if partner.left_on is not None:
        raise ValidationError(_("Deze partner neemt niet meer deel aan het lab."))
    category = data.get("category")
    if category is None:
        raise ValidationError({"category": _("Kies wat de partner inbrengt.")})
    unit = data.get("unit") or Unit.HOURS
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Kies een eenheid: uren, euro, stuks, dagen of plaatsen.")})
    commitment = Commitment.objects.create(
        partner=partner,
        category=category,
        description=(data.get("description") or "")[:300],
        amount=_amount(data.get("amount")),
        unit=unit,
        created_by=user,
    )
    log_action(
        partner.lab,
        "labs.commitment.added",
        user,
        {"commitment": commitment.pk, "partner": partner.organisation_id, "amount": str(commitment.amount)},
    )
    _touch(partner.lab)
    return commitment


@transaction.atomic
def change_commitment(user, commitment, status=None, amount=None, description=None):
    """Only the partner itself changes its commitment: the amount until it is delivered, the status
    proposed → confirmed → delivered (or withdrawn before delivery)."""
    require(user, "labs.change_commitment", commitment)
    commitment = Commitment.objects.select_for_update().select_related("partner__lab").get(pk=commitment.pk)
    changes = {}
    if amount is not None and amount != "":
        if commitment.status in (CommitmentStatus.DELIVERED, CommitmentStatus.WITHDRAWN):
            raise ValidationError({"amount": _("Een geleverd of ingetrokken engagement kan niet meer wijzigen.")})
        new = _amount(amount)
        if new != commitment.amount:
            changes["amount"] = [str(commitment.amount), str(new)]
            commitment.amount = new
    if description is not None and description != commitment.description:
        commitment.description = description[:300]
        changes["description"] = True
    if status and status != commitment.status:
        if status not in CommitmentStatus.values:
            raise ValidationError({"status": _("Onbekende status.")})
        if status not in COMMITMENT_TRANSITIONS[CommitmentStatus(commitment.status)]:
            raise ValidationError(
                {
                    "status": _("Een engagement gaat van ‘%(from)s’ niet naar ‘%(to)s’.")
                    % {"from": commitment.get_status_display(), "to": CommitmentStatus(status).label}
                }
            )
        changes["status"] = [commitment.status, status]
        commitment.status = status
    if not changes:
        return commitment
    commitment.save()
    lab = commitment.partner.lab
    log_action(lab, "labs.commitment.changed", user, {"commitment": commitment.pk, **changes})
    if "status" in changes:
        _notify(
            coordinators(lab),
            "labs.lab",
            _("%(org)s: engagement %(status)s")
            % {"org": commitment.partner.organisation, "status": commitment.get_status_display().lower()},
            body=f"{commitment.category.label}: {commitment.amount} {commitment.get_unit_display()}",
            url=lab.get_absolute_url() + "werkruimte/#engagementen",
            actor=user,
            target=lab,
        )
    _touch(lab)
    return commitment


# --- the plan: milestones and tasks --------------------------------------------------------------


def _check_plan(lab, rows):
    """Rows (milestone, title, due_on) in plan order: no date before the start, none before the previous."""
    errors = []
    previous = None
    for milestone, title, due_on in rows:
        label = title or milestone.title
        if not (title or "").strip():
            errors.append(_("Mijlpaal ‘%(m)s’: geef een titel.") % {"m": milestone.get_phase_display()})
        if due_on is None:
            errors.append(_("Mijlpaal ‘%(m)s’: geef een datum.") % {"m": label})
            continue
        if due_on < lab.starts_on:
            errors.append(
                _("Mijlpaal ‘%(m)s’ (%(d)s) valt vóór de start van het lab (%(s)s).")
                % {"m": label, "d": due_on.strftime("%d/%m/%Y"), "s": lab.starts_on.strftime("%d/%m/%Y")}
            )
        if previous is not None and due_on < previous[1]:
            errors.append(
                _(
                    "Mijlpaal ‘%(m)s’ (%(d)s) valt vóór de vorige mijlpaal ‘%(p)s’ (%(pd)s): "
                    "de data staan niet in volgorde."
                )
                % {
                    "m": label,
                    "d": due_on.strftime("%d/%m/%Y"),
                    "p": previous[0],
                    "pd": previous[1].strftime("%d/%m/%Y"),
                }
            )
        previous = (label, due_on)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(user, lab, rows):
    """The coordinator adapts the plan: ``rows`` = [(milestone, title, due_on)] for every milestone, in order.
    All or nothing: one date out of order and nothing changes."""
    require(user, "labs.change_lab", lab)
    lab = _lock(lab)
    ids = {m.pk for m in lab.milestones.all()}
    if {m.pk for m, _t, _d in rows} != ids or len(rows) != len(ids):
        raise ValidationError(_("De planning is intussen gewijzigd. Laad de pagina opnieuw."))
    _check_plan(lab, rows)
    changed = []
    for position, (milestone, title, due_on) in enumerate(rows):
        if (milestone.title, milestone.due_on, milestone.position) != (title.strip(), due_on, position):
            if milestone.due_on != due_on:
                milestone.overdue_signalled_at = None
            milestone.title, milestone.due_on, milestone.position = title.strip()[:200], due_on, position
            milestone.save(update_fields=["title", "due_on", "position", "overdue_signalled_at"])
            changed.append(milestone.pk)
    if changed:
        log_action(lab, "labs.plan.changed", user, {"milestones": changed})
        _touch(lab)
    return changed


@transaction.atomic
def add_milestone(user, lab, phase, title, due_on):
    """An extra milestone within a phase (after the phase's last one)."""
    require(user, "labs.change_lab", lab)
    lab = _lock(lab)
    if phase not in [p.value for p in PREPARATION_PHASES]:
        raise ValidationError({"phase": _("Kies een fase van het voortraject.")})
    existing = list(lab.milestones.all())
    order = [p.value for p in PREPARATION_PHASES]
    insert_at = 0
    for i, m in enumerate(existing):
        if m.phase in order and order.index(m.phase) <= order.index(phase):
            insert_at = i + 1
    new = Milestone(lab=lab, phase=phase, title=(title or "").strip()[:200], due_on=due_on)
    rows = [(m, m.title, m.due_on) for m in existing]
    rows.insert(insert_at, (new, new.title, due_on))
    _check_plan(lab, rows)
    new.position = insert_at
    new.save()
    for position, (m, _t, _d) in enumerate(rows):
        if m.position != position:
            m.position = position
            m.save(update_fields=["position"])
    log_action(lab, "labs.milestone.added", user, {"milestone": new.pk})
    _touch(lab)
    return new


def _recompute_phase(lab):
    """During preparation the lab is in the phase of its first open milestone; all done: ready."""
    if lab.phase not in PREPARATION_PHASES:
        return lab.phase
    open_one = lab.milestones.filter(done_on__isnull=True).order_by("position", "due_on").first()
    phase = open_one.phase if open_one is not None else Phase.READY
    if phase != lab.phase:
        lab.phase = phase
        lab.save(update_fields=["phase", "updated_at"])
    return phase


@transaction.atomic
def set_milestone_done(user, milestone, done=True):
    lab = milestone.lab
    require(user, "labs.change_lab", lab)
    caller, lab = lab, _lock(lab)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, lab=lab)
    if done and milestone.done_on is None:
        milestone.done_on = timezone.localdate()
    elif not done:
        milestone.done_on = None
    else:
        return milestone
    milestone.save(update_fields=["done_on"])
    previous = lab.phase
    phase = _recompute_phase(lab)
    log_action(lab, "labs.milestone.done" if done else "labs.milestone.reopened", user, {"milestone": milestone.pk})
    if phase != previous:
        log_action(lab, "labs.phase.changed", user, {"from": previous, "to": phase})
    _sync(caller, lab)
    _touch(lab)
    _index(lab)
    return milestone


@transaction.atomic
def add_task(user, lab, title, owner=None, due_on=None, milestone=None):
    require(user, "labs.take_part", lab)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Zeg wat er moet gebeuren.")})
    if owner is not None and owner.pk not in {p.pk for p in participants(lab)}:
        raise ValidationError({"owner": _("De verantwoordelijke moet deelnemen aan het lab.")})
    if milestone is not None and milestone.lab_id != lab.pk:
        raise ValidationError({"milestone": _("Die mijlpaal hoort niet bij dit lab.")})
    if due_on is not None and due_on < lab.starts_on:
        raise ValidationError({"due_on": _("De datum valt vóór de start van het lab.")})
    task = Task.objects.create(lab=lab, title=title[:200], owner=owner, due_on=due_on, milestone=milestone)
    log_action(lab, "labs.task.added", user, {"task": task.pk, "owner": owner.pk if owner else None})
    if owner is not None:
        _notify(
            [owner],
            "labs.lab",
            _("Nieuwe taak in %(lab)s: %(task)s") % {"lab": lab, "task": task.title},
            url=lab.get_absolute_url() + "werkruimte/#taken",
            actor=user,
            target=lab,
        )
    _touch(lab)
    return task


@transaction.atomic
def set_task_done(user, task, done=True):
    require(user, "labs.change_task", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    log_action(task.lab, "labs.task.done" if done else "labs.task.reopened", user, {"task": task.pk})
    _touch(task.lab)
    return task


# --- discussion and documents --------------------------------------------------------------------


@transaction.atomic
def post_message(user, lab, text):
    require(user, "labs.take_part", lab)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een bericht.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Een bericht is hoogstens 5000 tekens lang.")})
    message = Message.objects.create(lab=lab, author=user, text=text)
    log_action(lab, "labs.message.posted", user, {"message": message.pk})
    _notify(
        participants(lab),
        "labs.discussion",
        _("Nieuw bericht in %(lab)s van %(who)s") % {"lab": lab, "who": user.get_full_name() or user.email},
        body=text[:500],
        url=f"{lab.get_absolute_url()}werkruimte/#bericht-{message.pk}",
        actor=user,
        target=lab,
    )
    _touch(lab)
    return message


@transaction.atomic
def add_document(user, lab, upload, title=""):
    """A document of the preparation track; size and type checked like the repository's uploads."""
    from innovet.materials.uploads import check_upload

    require(user, "labs.take_part", lab)
    checked = check_upload(upload)
    upload.name = checked.name
    doc = Document(
        lab=lab,
        title=(title or "").strip()[:200] or checked.name,
        filename=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    doc.file.save(checked.name, upload, save=False)
    name, storage = doc.file.name, doc.file.storage
    try:
        doc.save()
    except Exception:
        storage.delete(name)
        raise
    log_action(lab, "labs.document.added", user, {"file": checked.name, "size": checked.size})
    _touch(lab)
    return doc


@transaction.atomic
def delete_document(user, document):
    lab = document.lab
    if not (document.uploaded_by_id == user.pk or user.has_perm("labs.change_lab", lab)):
        raise PermissionDenied
    name, storage = document.file.name, document.file.storage
    log_action(lab, "labs.document.removed", user, {"file": document.filename})
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- material ------------------------------------------------------------------------------------


@transaction.atomic
def link_material(user, lab, material):
    """Material of the repository (its versions, tests and review stay the repository's) linked to the lab."""
    require(user, "labs.change_lab", lab)
    if not user.has_perm("materials.view_material", material):
        raise ValidationError({"material": _("Je kunt alleen gepubliceerd materiaal of je eigen materiaal koppelen.")})
    link, created = LabMaterial.objects.get_or_create(lab=lab, material=material, defaults={"linked_by": user})
    if not created:
        raise ValidationError({"material": _("Dit materiaal is al gekoppeld aan het lab.")})
    log_action(lab, "labs.material.linked", user, {"material": material.pk})
    _touch(lab)
    _index(lab)
    return link


@transaction.atomic
def unlink_material(user, link):
    lab = link.lab
    require(user, "labs.change_lab", lab)
    log_action(lab, "labs.material.unlinked", user, {"material": link.material_id})
    link.delete()
    _touch(lab)
    _index(lab)


def usage_report_filed(report):
    """A usage report of a lab's material (from the repository): the teacher who tested it in class is a
    tester in the ledger; a school of the follow-up track that uses it moves to 'gebruikt het in de klas'."""
    if report.user_id is None:
        return
    links = LabMaterial.objects.filter(material_id=report.material_id).select_related(
        "lab__coordinator_organisation", "lab__province"
    )
    for link in links:
        lab = link.lab
        teacher = lab.teachers.filter(user_id=report.user_id).first()
        if teacher is not None:
            _record(
                report.user,
                report,
                ParticipationRole.TESTER,
                _("%(lab)s: test in de klas") % {"lab": lab.title},
                report.used_on,
                0,
                report.school or teacher.school,
                lab,
                report.user,
            )
        if report.school_id:
            adoption = lab.adoptions.filter(school_id=report.school_id).exclude(status=AdoptionStatus.STOPPED).first()
            if adoption is not None and adoption.status != AdoptionStatus.USING:
                previous = adoption.status
                adoption.status = AdoptionStatus.USING
                adoption.save(update_fields=["status", "updated_at"])
                log_action(
                    lab,
                    "labs.adoption.changed",
                    report.user,
                    {"adoption": adoption.pk, "from": previous, "to": AdoptionStatus.USING},
                )
                _record(
                    report.user,
                    adoption,
                    ParticipationRole.ADOPTER,
                    _("%(lab)s: natraject") % {"lab": lab.title},
                    report.used_on,
                    0,
                    adoption.school,
                    lab,
                    report.user,
                )
        _touch(lab)
        _index(lab)


def material_changed(material_id):
    """A review or status change of linked material can make a lab presentable: refresh its index entry."""
    for lab in Lab.objects.filter(lab_materials__material_id=material_id):
        _index(lab)


# --- showcase ------------------------------------------------------------------------------------


@transaction.atomic
def add_to_showcase(user, lab, slot, format=ShowcaseFormat.STAND, room=""):
    """Give a ready lab a stand or a session in a showcase event's programme (events.add_session)."""
    from innovet.events import services as events

    from .selectors import presentable_problems

    require(user, "labs.change_lab", lab)
    event = slot.day.event
    require(user, "events.change_event", event)
    problems = presentable_problems(lab)
    if problems:
        raise ValidationError(
            _("Dit lab is nog niet presenteerbaar: %(why)s") % {"why": " ".join(str(p) for p in problems)}
        )
    if format not in ShowcaseFormat.values:
        raise ValidationError({"format": _("Kies een stand of een sessie.")})
    if Showcase.objects.filter(lab=lab, event=event).exists():
        raise ValidationError(_("Dit lab staat al op het programma van %(event)s.") % {"event": event})
    prefix = _("Stand") if format == ShowcaseFormat.STAND else _("Sessie")
    theme = lab.themes.order_by("id").first()
    session = events.add_session(
        user,
        slot,
        {
            "title": f"{prefix}: {lab.title}"[:200],
            "description": lab.summary,
            "theme": theme,
            "room": room[:120],
            "speakers": ", ".join(
                t.user.get_full_name() for t in lab.teachers.filter(left_on__isnull=True).select_related("user")
            )[:300],
        },
        partners=[p.organisation for p in lab.partners.filter(left_on__isnull=True).select_related("organisation")],
    )
    showcase = Showcase.objects.create(lab=lab, event=event, session=session, format=format)
    log_action(lab, "labs.showcase.added", user, {"event": event.pk, "session": session.pk, "format": format})
    _touch(lab)
    return showcase


@transaction.atomic
def mark_presented(user, showcase, presenters):
    """After the showcase: the lab was shown; its presenters get an active role in the ledger, and the
    follow-up track opens for other schools."""
    lab = showcase.lab
    require(user, "labs.change_lab", lab)
    teachers = {t.user_id: t for t in lab.teachers.select_related("user", "school")}
    unknown = [p for p in presenters if p.pk not in teachers]
    if unknown:
        raise ValidationError({"presenters": _("Alleen leerkrachten van het lab kunnen als presentator staan.")})
    date = showcase.session.slot.day.date if showcase.session_id else timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError(
            _("Het toonmoment heeft nog niet plaatsgevonden (%(d)s).") % {"d": date.strftime("%d/%m/%Y")}
        )
    hours = showcase.session.slot.hours if showcase.session_id else 0
    for person in presenters:
        _record(
            person,
            showcase,
            ParticipationRole.PRESENTER,
            _("%(lab)s: presentatie op %(event)s") % {"lab": lab.title, "event": showcase.event.title},
            date,
            hours,
            teachers[person.pk].school,
            lab,
            user,
        )
    showcase.presented_on = date
    showcase.save(update_fields=["presented_on"])
    caller, lab = lab, _lock(lab)
    if lab.phase in PREPARATION_PHASES:
        lab.phase = Phase.FOLLOW_UP
    lab.follow_up_open = True
    lab.save(update_fields=["phase", "follow_up_open", "updated_at"])
    log_action(
        lab, "labs.showcase.presented", user, {"showcase": showcase.pk, "presenters": [p.pk for p in presenters]}
    )
    _sync(caller, lab)
    _touch(lab)
    _index(lab)
    return showcase


# --- follow-up track -----------------------------------------------------------------------------


@transaction.atomic
def open_follow_up(user, lab, open_=True):
    require(user, "labs.change_lab", lab)
    caller, lab = lab, _lock(lab)
    if open_ and lab.phase == Phase.STOPPED:
        raise ValidationError(_("Een stopgezet lab heeft geen natraject."))
    lab.follow_up_open = open_
    if open_ and lab.phase in PREPARATION_PHASES:
        lab.phase = Phase.FOLLOW_UP
    lab.save(update_fields=["follow_up_open", "phase", "updated_at"])
    log_action(lab, "labs.followup.opened" if open_ else "labs.followup.closed", user)
    _sync(caller, lab)
    _index(lab)
    return lab


@transaction.atomic
def request_join(user, lab, school, motivation=""):
    """A school that was not involved asks to join the follow-up track. Once per school."""
    require(user, "labs.request_join", lab)
    if school.pk not in {
        m.organisation_id for m in memberships(user) if m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES
    }:
        raise ValidationError({"school": _("Je kunt alleen aansluiten voor een school waar je werkt.")})
    if lab.schools.filter(school=school, left_on__isnull=True).exists():
        raise ValidationError(
            {"school": _("%(s)s ontwikkelt mee in dit lab en hoeft niet aan te sluiten.") % {"s": school}}
        )
    lab = _lock(lab)
    if Adoption.objects.filter(lab=lab, school=school).exists():
        raise ValidationError({"school": _("%(s)s sloot al aan bij het natraject van dit lab.") % {"s": school}})
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                lab=lab, school=school, requested_by=user, motivation=(motivation or "").strip()[:2000]
            )
    except IntegrityError:
        raise ValidationError(
            {"school": _("%(s)s sloot al aan bij het natraject van dit lab.") % {"s": school}}
        ) from None
    log_action(lab, "labs.adoption.requested", user, {"school": school.pk})
    _notify(
        coordinators(lab),
        "labs.lab",
        _("%(school)s wil aansluiten bij het natraject van %(lab)s") % {"school": school, "lab": lab},
        body=adoption.motivation[:500],
        url=lab.get_absolute_url() + "natraject/",
        actor=user,
        target=lab,
    )
    _touch(lab)
    return adoption


def _adoption_forward(adoption, status):
    """Move along interested → started → using, never backwards (except to 'gestopt')."""
    if status == AdoptionStatus.STOPPED:
        return True
    if adoption.status == AdoptionStatus.STOPPED:
        return False
    return ADOPTION_ORDER.index(status) > ADOPTION_ORDER.index(AdoptionStatus(adoption.status))


@transaction.atomic
def record_intake(user, adoption, held_on, notes=""):
    require(user, "labs.manage_adoption", adoption)
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    if held_on is None:
        raise ValidationError({"intake_on": _("Geef de datum van de intake.")})
    if held_on < adoption.created_at.date() - timedelta(days=1):
        raise ValidationError({"intake_on": _("De intake kan niet vóór de aanvraag vallen.")})
    adoption.intake_on, adoption.intake_notes = held_on, (notes or "").strip()[:3000]
    if adoption.status == AdoptionStatus.REQUESTED:
        adoption.status = AdoptionStatus.INTERESTED
    adoption.save(update_fields=["intake_on", "intake_notes", "status", "updated_at"])
    log_action(adoption.lab, "labs.adoption.intake", user, {"adoption": adoption.pk})
    _touch(adoption.lab)
    return adoption


@transaction.atomic
def add_onboarding(user, adoption, held_on, topic, hours=2):
    require(user, "labs.manage_adoption", adoption)
    topic = (topic or "").strip()
    if held_on is None or not topic:
        raise ValidationError(_("Geef de datum en het onderwerp van de opstartsessie."))
    hours = _amount(hours)
    if adoption.intake_on and held_on < adoption.intake_on:
        raise ValidationError(
            {
                "held_on": _("Een opstartsessie valt na de intake (%(d)s).")
                % {"d": adoption.intake_on.strftime("%d/%m/%Y")}
            }
        )
    session = OnboardingSession.objects.create(adoption=adoption, held_on=held_on, topic=topic[:200], hours=hours)
    log_action(adoption.lab, "labs.adoption.onboarding", user, {"adoption": adoption.pk, "session": session.pk})
    if adoption.status in (AdoptionStatus.REQUESTED, AdoptionStatus.INTERESTED):
        set_adoption_status(user, adoption, AdoptionStatus.STARTED)
    _touch(adoption.lab)
    return session


@transaction.atomic
def set_adoption_status(user, adoption, status):
    require(user, "labs.update_adoption", adoption)
    adoption = Adoption.objects.select_for_update().select_related("lab", "school").get(pk=adoption.pk)
    if status not in AdoptionStatus.values:
        raise ValidationError({"status": _("Onbekende status.")})
    if status == adoption.status:
        return adoption
    if not _adoption_forward(adoption, status):
        raise ValidationError(
            {
                "status": _("Van ‘%(from)s’ gaat een school niet terug naar ‘%(to)s’.")
                % {"from": adoption.get_status_display(), "to": AdoptionStatus(status).label}
            }
        )
    previous = adoption.status
    adoption.status = status
    adoption.save(update_fields=["status", "updated_at"])
    lab = adoption.lab
    log_action(lab, "labs.adoption.changed", user, {"adoption": adoption.pk, "from": previous, "to": status})
    if status in (AdoptionStatus.STARTED, AdoptionStatus.USING) and adoption.requested_by_id:
        hours = sum((s.hours for s in adoption.onboarding.all()), Decimal("0"))
        _record(
            adoption.requested_by,
            adoption,
            ParticipationRole.ADOPTER,
            _("%(lab)s: natraject") % {"lab": lab.title},
            timezone.localdate(),
            hours,
            adoption.school,
            lab,
            user,
        )
    _touch(lab)
    _index(lab)
    return adoption


# --- signals -------------------------------------------------------------------------------------


def signal_overdue(today=None):
    """Overdue milestones are signalled once to the coordinator (again after the date moves)."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        Milestone.objects.filter(done_on__isnull=True, due_on__lt=today, overdue_signalled_at__isnull=True)
        .exclude(lab__phase=Phase.STOPPED)
        .select_related("lab__coordinator")
    )
    for milestone in due:
        lab = milestone.lab
        with transaction.atomic():
            _notify(
                coordinators(lab),
                "labs.signal",
                _("Mijlpaal over tijd in %(lab)s: %(m)s") % {"lab": lab, "m": milestone.title},
                body=_("Gepland tegen %(d)s. Pas de planning aan of vink de mijlpaal af.")
                % {"d": milestone.due_on.strftime("%d/%m/%Y")},
                url=lab.get_absolute_url() + "planning/",
                target=lab,
            )
            Milestone.objects.filter(pk=milestone.pk).update(overdue_signalled_at=timezone.now())
            log_action(lab, "labs.signal.overdue", None, {"milestone": milestone.pk})
        sent += 1
    return sent


def signal_inactive(now=None):
    """A lab without activity for a set time is signalled to its RTC, once per quiet period."""
    now = now or timezone.now()
    limit = now - timedelta(days=inactivity_days())
    sent = 0
    quiet = Lab.objects.filter(last_activity_at__lt=limit, inactivity_signalled_at__isnull=True).exclude(
        phase__in=[Phase.STOPPED, Phase.CLOSED]
    )
    for lab in quiet:
        with transaction.atomic():
            _notify(
                rtc_staff_for_lab(lab),
                "labs.signal",
                _("Innovatielab zonder activiteit: %(lab)s") % {"lab": lab},
                body=_("Al %(n)d dagen gebeurde er niets in dit lab.") % {"n": (now - lab.last_activity_at).days},
                url=lab.get_absolute_url(),
                target=lab,
            )
            Lab.objects.filter(pk=lab.pk).update(inactivity_signalled_at=now)
            log_action(lab, "labs.signal.inactive", None)
        sent += 1
    return sent


# --- funding -------------------------------------------------------------------------------------


@transaction.atomic
def post_funding(user, organisation, data):
    """An RTC posts a funding opportunity; coordinators and teachers of labs with a matching theme and the
    leadership of schools with that theme are told."""
    require(user, "labs.post_funding")
    if not user.is_superuser and organisation.pk not in {
        m.organisation_id for m in memberships(user) if m.organisation.kind == OrganisationKind.RTC
    }:
        raise ValidationError({"organisation": _("Je kunt alleen namens je eigen RTC een oproep plaatsen.")})
    deadline = data.get("deadline")
    if deadline is None:
        raise ValidationError({"deadline": _("Geef de uiterste indiendatum.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("De uiterste indiendatum ligt in het verleden.")})
    themes = list(data.get("themes") or [])
    if not themes:
        raise ValidationError({"themes": _("Kies minstens één thema: zo weten we wie we moeten verwittigen.")})
    call = FundingOpportunity.objects.create(
        organisation=organisation,
        title=(data.get("title") or "").strip()[:200],
        description=(data.get("description") or "").strip()[:3000],
        url=data.get("url") or "",
        deadline=deadline,
        created_by=user,
    )
    if not call.title:
        raise ValidationError({"title": _("Geef de oproep een titel.")})
    call.themes.set(themes)
    from .selectors import funding_recipients

    recipients = [person for person in funding_recipients(themes) if person.pk != user.pk]
    _notify(
        recipients,
        "labs.funding",
        _("Financieringskans: %(title)s (tot %(d)s)") % {"title": call.title, "d": deadline.strftime("%d/%m/%Y")},
        body=call.description[:500],
        url=f"/innovatielabs/financiering/#oproep-{call.pk}",
        actor=user,
        target=call,
    )
    FundingOpportunity.objects.filter(pk=call.pk).update(notified=len(recipients))
    call.notified = len(recipients)
    log_action(call, "labs.funding.posted", user, {"notified": len(recipients)})
    return call


# --- GDPR ----------------------------------------------------------------------------------------


def user_data(user):
    return {
        "labs waarin je meewerkt": [
            {
                "lab": t.lab.title,
                "school": t.school.name,
                "sinds": t.joined_on.isoformat(),
                "vertrokken": t.left_on.isoformat() if t.left_on else None,
            }
            for t in LabTeacher.objects.filter(user=user).select_related("lab", "school")
        ],
        "berichten": [
            {"lab": m.lab.title, "datum": m.created_at.isoformat(), "tekst": m.text}
            for m in Message.objects.filter(author=user).select_related("lab")
        ],
        "taken": [
            {"lab": t.lab.title, "taak": t.title, "afgewerkt": bool(t.done_at)}
            for t in Task.objects.filter(owner=user).select_related("lab")
        ],
        "documenten": [
            {"lab": d.lab.title, "bestand": d.filename, "datum": d.created_at.isoformat()}
            for d in Document.objects.filter(uploaded_by=user).select_related("lab")
        ],
        "aanvragen natraject": [
            {"lab": a.lab.title, "school": a.school.name, "motivatie": a.motivation}
            for a in Adoption.objects.filter(requested_by=user).select_related("lab", "school")
        ],
    }


def erase_user(user):
    # The lab keeps what was contributed (a school leaving, or a person, loses nothing of the lab's work),
    # without the person's name or their own words.
    Message.objects.filter(author=user).update(author=None, text="(verwijderd op vraag van de auteur)")
    Task.objects.filter(owner=user).update(owner=None)
    Document.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Adoption.objects.filter(requested_by=user).update(requested_by=None, motivation="")
    LabTeacher.objects.filter(user=user).delete()
    Lab.objects.filter(coordinator=user).update(coordinator=None)
    Lab.objects.filter(adviser=user).update(adviser=None)
