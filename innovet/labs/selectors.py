"""Reads of the innovatielabs, and the hook other modules use (portfolio, insights, school profile):
``labs_for_school(school)``, ``labs_for_person(user)`` and ``phase_counts(province=None)``.
Each indicator is defined once here (presentable, commitments delivered vs promised)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.materials.models import Material, UsageReport
from innovet.materials.models import Status as MaterialStatus
from innovet.organisations.models import Membership, Role

from .models import (
    PRESENTABLE_TARGET,
    Adoption,
    AdoptionStatus,
    Commitment,
    CommitmentStatus,
    Lab,
    LabMaterial,
    LabPartner,
    LabSchool,
    LabTeacher,
    Milestone,
    Phase,
    Showcase,
)

# --- presentable: material reviewed (validated) and tested in class -------------------------------


def presentable_material_q():
    """LabMaterial rows whose material the PBD validated and that was used in class at least once."""
    tested = UsageReport.objects.filter(material=OuterRef("material"))
    return LabMaterial.objects.filter(lab=OuterRef("pk"), material__status=MaterialStatus.VALIDATED).filter(
        Exists(tested)
    )


def with_indicators(qs):
    """Annotate what lists and the overview show, counted by the database (no per-row queries)."""
    today = timezone.localdate()
    overdue = Milestone.objects.filter(lab=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    return qs.annotate(
        is_presentable=Exists(presentable_material_q()),
        has_overdue=Exists(overdue),
    )


def presentable_problems(lab):
    """What keeps a lab from being presentable, in Dutch (empty when it is)."""
    links = list(lab.lab_materials.select_related("material"))
    if not links:
        return [_("Er is nog geen lesmateriaal gekoppeld.")]
    if any(link.material.status == MaterialStatus.VALIDATED and link.material.usage_reports.exists() for link in links):
        return []
    problems = []
    if not any(link.material.usage_reports.exists() for link in links):
        problems.append(_("Het materiaal werd nog niet in de klas getest (geen gebruik gemeld)."))
    if not any(link.material.status == MaterialStatus.VALIDATED for link in links):
        problems.append(_("De pedagogische begeleiding heeft het materiaal nog niet gevalideerd."))
    return problems


def is_presentable(lab):
    return not presentable_problems(lab)


# --- lists ---------------------------------------------------------------------------------------


def _list_queryset():
    return with_indicators(
        Lab.objects.select_related("province", "coordinator_organisation", "studiedomein")
        .prefetch_related("themes")
        .annotate(
            school_count=Count("schools", filter=Q(schools__left_on__isnull=True), distinct=True),
            partner_count=Count("partners", filter=Q(partners__left_on__isnull=True), distinct=True),
            adopting=Count("adoptions", filter=Q(adoptions__status=AdoptionStatus.USING), distinct=True),
        )
    )


def by_pks(pks):
    """Labs for search hits, in the order of the hits."""
    by_pk = {lab.pk: lab for lab in _list_queryset().filter(pk__in=pks)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def labs_for_school(school):
    """Labs a school takes part in: as co-developer (also after leaving), coordinator or in the follow-up track.
    Each lab carries ``school_role`` ('co-ontwikkelaar', 'coördinator', 'natraject')."""
    qs = (
        _list_queryset()
        .filter(Q(schools__school=school) | Q(coordinator_organisation=school) | Q(adoptions__school=school))
        .distinct()
    )
    labs = list(qs.order_by("-starts_on", "-id"))
    co_dev = set(LabSchool.objects.filter(school=school).values_list("lab_id", flat=True))
    adopting = dict(Adoption.objects.filter(school=school).values_list("lab_id", "status"))
    for lab in labs:
        if lab.coordinator_organisation_id == school.pk:
            lab.school_role = "coördinator"
        elif lab.pk in co_dev:
            lab.school_role = "co-ontwikkelaar"
        else:
            lab.school_role = "natraject"
        lab.adoption_status = adopting.get(lab.pk)
    return labs


def labs_for_person(user):
    """Labs a person takes part in: as teacher, coordinator, adviser, or through a partner organisation,
    a participating school's leadership or the coordinating organisation."""
    if not getattr(user, "is_authenticated", False):
        return []
    org_ids = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    lead_ids = list(
        Membership.objects.filter(user=user)
        .filter(Q(role__in=[Role.DIRECTOR, Role.TAC, Role.TA, Role.RTC_STAFF]) | Q(is_manager=True))
        .values_list("organisation_id", flat=True)
    )
    qs = _list_queryset().filter(
        Q(teachers__user=user, teachers__left_on__isnull=True)
        | Q(coordinator=user)
        | Q(adviser=user)
        | Q(coordinator_organisation_id__in=lead_ids)
        | Q(partners__organisation_id__in=org_ids, partners__left_on__isnull=True)
        | Q(schools__school_id__in=lead_ids, schools__left_on__isnull=True)
    )
    return list(qs.distinct().order_by("-last_activity_at", "-id"))


class PhaseCounts(dict):
    """{phase code: count}, which also tells its Dutch labels (insights' ``labelled_rows`` convention)."""

    LABELS = dict(Phase.choices)

    def labelled_rows(self):
        return [(str(self.LABELS[code]), n) for code, n in self.items()]


def phase_counts(province=None):
    """{phase code: count} of all labs (of a province, a Province or its id: the lab's main province), one
    GROUP BY; every phase present, in the order of the trajectory."""
    qs = Lab.objects.all()
    if province is not None:
        qs = qs.filter(province=province)
    counts = dict(qs.order_by().values_list("phase").annotate(n=Count("id")))
    return PhaseCounts((phase.value, counts.get(phase.value, 0)) for phase in Phase)


def activity_info(model, ids):
    """For insights' activity sources: graden, studiedomein and place of the labs behind ledger rows that
    point to a lab, a showcase or an adoption (the adopting school's place for an adoption)."""
    from innovet.insights.registry import ActivityInfo

    lab_field = {"lab": "pk", "showcase": "showcases__pk", "adoption": "adoptions__pk"}[model]
    labs = (
        Lab.objects.filter(**{f"{lab_field}__in": list(ids)})
        .select_related("coordinator_organisation")
        .prefetch_related("graden")
    )
    if model == "lab":
        keyed = {lab.pk: (lab, lab.coordinator_organisation) for lab in labs}
    elif model == "showcase":
        by_lab = {lab.pk: lab for lab in labs}
        keyed = {
            s.pk: (by_lab[s.lab_id], s.event)
            for s in Showcase.objects.filter(pk__in=list(ids)).select_related("event")
            if s.lab_id in by_lab
        }
    else:
        by_lab = {lab.pk: lab for lab in labs}
        keyed = {
            a.pk: (by_lab[a.lab_id], a.school)
            for a in Adoption.objects.filter(pk__in=list(ids)).select_related("school")
            if a.lab_id in by_lab
        }
    for pk, (lab, place) in keyed.items():
        yield ActivityInfo(
            pk,
            {t.code for t in lab.graden.all()},
            {lab.studiedomein_id} if lab.studiedomein_id else set(),
            getattr(place, "latitude", None),
            getattr(place, "longitude", None),
        )


def presentable_count(province=None):
    qs = Lab.objects.live().filter(Exists(presentable_material_q()))
    if province is not None:
        qs = qs.filter(province=province)
    return qs.count()


# --- one lab -------------------------------------------------------------------------------------


def lab_detail_queryset():
    return Lab.objects.select_related(
        "province", "coordinator_organisation", "coordinator", "adviser", "studiedomein", "need", "introduction"
    ).prefetch_related("themes", "graden", "provinces")


def partners_with_commitments(lab):
    return list(
        LabPartner.objects.filter(lab=lab)
        .select_related("organisation")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.select_related("category")))
        .order_by("left_on", "organisation__name")
    )


def commitment_totals(lab=None, labs=None):
    """Promised (not withdrawn) vs delivered: counts, and amounts per unit. For one lab or a queryset."""
    qs = Commitment.objects.exclude(status=CommitmentStatus.WITHDRAWN)
    if lab is not None:
        qs = qs.filter(partner__lab=lab)
    if labs is not None:
        qs = qs.filter(partner__lab__in=labs)
    totals = qs.aggregate(
        promised=Count("id"),
        confirmed=Count("id", filter=Q(status__in=[CommitmentStatus.CONFIRMED, CommitmentStatus.DELIVERED])),
        delivered=Count("id", filter=Q(status=CommitmentStatus.DELIVERED)),
    )
    units = list(
        qs.order_by()
        .values("unit")
        .annotate(
            promised=Sum("amount"),
            delivered=Sum("amount", filter=Q(status=CommitmentStatus.DELIVERED)),
        )
        .order_by("unit")
    )
    totals["units"] = units
    return totals


def schools_of(lab):
    return list(LabSchool.objects.filter(lab=lab).select_related("school", "school__province").order_by("left_on"))


def teachers_of(lab):
    return list(LabTeacher.objects.filter(lab=lab).select_related("user", "school").order_by("left_on"))


def materials_of(lab):
    links = list(
        LabMaterial.objects.filter(lab=lab)
        .select_related("material")
        .annotate(
            uses=Count("material__usage_reports", distinct=True),
            use_schools=Count("material__usage_reports__school", distinct=True),
        )
    )
    for link in links:
        link.presentable = link.material.status == MaterialStatus.VALIDATED and link.uses > 0
    return links


def adoptions_of(lab):
    return list(
        Adoption.objects.filter(lab=lab)
        .select_related("school", "school__province", "requested_by")
        .prefetch_related("onboarding")
        .order_by("status", "school__name")
    )


def adoption_counts(lab):
    rows = dict(Adoption.objects.filter(lab=lab).order_by().values_list("status").annotate(n=Count("id")))
    return {s.value: rows.get(s.value, 0) for s in AdoptionStatus}


def showcases_of(lab):
    return list(Showcase.objects.filter(lab=lab).select_related("event", "session__slot__day").order_by("-created_at"))


def linkable_materials(user, lab):
    """Material a coordinator can link: made by the lab's teachers or schools, or the user's own."""
    teacher_ids = list(lab.teachers.values_list("user_id", flat=True)) + [user.pk]
    org_ids = list(lab.schools.values_list("school_id", flat=True)) + list(
        lab.partners.values_list("organisation_id", flat=True)
    )
    already = lab.lab_materials.values_list("material_id", flat=True)
    return (
        Material.objects.visible_to(user)
        .filter(Q(authors__user_id__in=teacher_ids) | Q(organisations__in=org_ids))
        .exclude(pk__in=already)
        .distinct()
        .order_by("title")
    )


def showcase_slots(user):
    """Time slots of upcoming events the user may change (the showcase programme), labelled."""
    from innovet.events.models import TimeSlot
    from innovet.organisations.permissions import organisation_ids

    qs = TimeSlot.objects.filter(day__date__gte=timezone.localdate()).select_related("day__event")
    if not user.is_superuser:
        qs = qs.filter(day__event__organiser_id__in=organisation_ids(user))
    return qs.exclude(day__event__status="geannuleerd").order_by("day__date", "starts")


# --- overview for RTCs and the Department --------------------------------------------------------


def overview(province=None):
    qs = (
        _list_queryset()
        .select_related("coordinator")
        .annotate(
            overdue_count=Count(
                "milestones",
                filter=Q(milestones__done_on__isnull=True, milestones__due_on__lt=timezone.localdate()),
                distinct=True,
            ),
            promised=Count(
                "partners__commitments",
                filter=~Q(partners__commitments__status=CommitmentStatus.WITHDRAWN),
                distinct=True,
            ),
            delivered=Count(
                "partners__commitments",
                filter=Q(partners__commitments__status=CommitmentStatus.DELIVERED),
                distinct=True,
            ),
        )
    )
    if province is not None:
        qs = qs.filter(province=province)
    return qs.order_by("province__name", "phase", "title")


def overview_totals(province=None):
    labs = Lab.objects.all() if province is None else Lab.objects.filter(province=province)
    presentable = presentable_count(province)
    return {
        "phases": [(Phase(code).label, code, n) for code, n in phase_counts(province).items()],
        "presentable": presentable,
        "target": PRESENTABLE_TARGET,
        "progress": min(100, round(100 * presentable / PRESENTABLE_TARGET)),
        "overdue": Milestone.objects.filter(
            lab__in=labs.live(), done_on__isnull=True, due_on__lt=timezone.localdate()
        ).count(),
        "commitments": commitment_totals(labs=labs),
        "adopting_schools": Adoption.objects.filter(lab__in=labs, status=AdoptionStatus.USING)
        .values("school")
        .distinct()
        .count(),
    }


# --- funding -------------------------------------------------------------------------------------


def funding_recipients(themes):
    """People to tell about a funding call with these themes: coordinators and teachers of live labs with a
    matching theme (a main theme matches its sub-themes), and the leadership of schools with such a theme."""
    from django.contrib.auth import get_user_model

    ids = {t.pk for t in themes} | {t.parent_id for t in themes if t.parent_id}
    theme_q = Q(themes__in=ids) | Q(themes__parent__in=ids)
    labs = Lab.objects.live().filter(theme_q).exclude(phase=Phase.CLOSED).distinct()
    user_ids = set(labs.exclude(coordinator=None).values_list("coordinator_id", flat=True))
    user_ids |= set(LabTeacher.objects.filter(lab__in=labs, left_on__isnull=True).values_list("user_id", flat=True))
    school_ids = set(LabSchool.objects.filter(lab__in=labs, left_on__isnull=True).values_list("school_id", flat=True))
    from innovet.organisations.models import Organisation

    school_ids |= set(
        Organisation.objects.filter(kind="school", is_active=True)
        .filter(Q(themes__in=ids) | Q(themes__parent__in=ids))
        .values_list("id", flat=True)
    )
    user_ids |= set(
        Membership.objects.filter(organisation_id__in=school_ids)
        .filter(Q(role__in=[Role.DIRECTOR, Role.TAC]) | Q(is_manager=True))
        .values_list("user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def open_funding():
    from .models import FundingOpportunity

    return (
        FundingOpportunity.objects.filter(deadline__gte=timezone.localdate())
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("deadline")
    )


# --- dashboard -----------------------------------------------------------------------------------


def dashboard_panel(request):
    from .rules import coordinates

    user = request.user
    if not user.is_authenticated:
        return None
    labs = labs_for_person(user)[:6]
    can_overview = user.has_perm("labs.view_overview")
    if not labs and not can_overview:
        return None
    for lab in labs:
        lab.i_coordinate = coordinates(user, lab)
    return {
        "labs": labs,
        "can_overview": can_overview,
        "presentable": presentable_count() if can_overview else None,
        "target": PRESENTABLE_TARGET,
    }
