"""Demo: innovatielabs from data/demo_labs.yaml — labs in every province and in different phases, two ready
and shown at a demo showcase, one with three adopting schools, partners' commitments in every status, an
overdue milestone, a quiet lab for the RTC's signal, a stopped lab, and two funding calls.

Everything goes through the services (and the repository's own review and usage-report services), so the
audit trail, the participation ledger and the search index look as they would after real use."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from innovet.geo.models import Province
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.taxonomy.models import Term

from . import selectors, services
from .models import Adoption, Commitment, Lab, Milestone

DATA = Path(__file__).parent / "data" / "demo_labs.yaml"


def _terms(vocabulary, codes):
    found = {t.code: t for t in Term.objects.of(vocabulary).filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _staff(org, role):
    m = Membership.objects.filter(organisation=org, role=role, user__is_active=True).select_related("user").first()
    return m.user if m else None


def _teacher(school, exclude=()):
    m = (
        Membership.objects.filter(organisation=school, role=Role.TEACHER, user__is_active=True)
        .exclude(user_id__in=exclude)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return m.user if m else None


def _report_use(user, material, school, rng, used_on):
    from innovet.materials import services as materials
    from innovet.materials.forms import UsageReportForm

    form = UsageReportForm(
        {
            "school": school.pk,
            "graad": Term.objects.of("graad").get(code="3").pk,
            "studierichting": "Elektrotechnieken",
            "used_on": used_on.isoformat(),
            "how_it_went": rng.choice(
                ["De leerlingen waren erg betrokken.", "Vlot verlopen, de handleiding hielp.", "Sterk, wel veel tijd."]
            ),
            "rating": rng.choice([4, 5]),
        },
        user=user,
        material=material,
    )
    if form.is_valid():
        try:
            return materials.report_use(user, material, form)
        except ValidationError:  # already reported that day: the demo needs one report, not this one
            return None
    return None


def _validate(pbd, material):
    from innovet.materials import services as materials
    from innovet.materials.forms import ReviewForm
    from innovet.materials.models import Status

    if material.status == Status.VALIDATED or pbd is None or not material.versions.exists():
        return
    if material.authors.filter(user=pbd).exists():
        return
    ok = "voldoet"
    form = ReviewForm(
        {
            **{
                c: ok
                for c in ("curriculum_link", "didactic_quality", "correctness", "accessibility", "brand_neutrality")
            },
            "comment": "Sterke link met het leerplan; getest in de klas en bijgestuurd in het lab.",
            "decision": "goedgekeurd",
        }
    )
    if form.is_valid():
        materials.submit_review(pbd, material, form)


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    titles = [spec["title"] for spec in data["labs"]]
    if Lab.objects.filter(title__in=titles).exists():
        ctx.say("    innovatielabs zijn al geladen")
        return
    from innovet.materials.models import Material

    rng = ctx.rng
    admin = ctx.users["admin"]
    pbd = ctx.users.get("pbd")
    by_name = {o.name: o for o in Organisation.objects.all()}
    provinces = {p.slug: p for p in Province.objects.all()}
    today = timezone.localdate()
    used_schools = set()
    ready = []
    for spec in data["labs"]:
        province = provinces[spec["province"]]
        coordinator_org = by_name[spec["coordinator"]]
        actor = _staff(coordinator_org, Role.RTC_STAFF) or admin
        schools = [by_name[n] for n in spec.get("schools", []) if n in by_name]
        extra = (
            Organisation.objects.filter(kind=OrganisationKind.SCHOOL, province=province)
            .exclude(pk__in=[s.pk for s in schools] + list(used_schools))
            .order_by("id")[: spec.get("extra_schools", 0)]
        )
        schools += list(extra)
        used_schools |= {s.pk for s in schools}
        starts_on = today - timedelta(weeks=spec["weeks_ago"])
        lab = services.create_lab(
            actor,
            {
                "title": spec["title"],
                "summary": spec["summary"],
                "description": spec.get("description", ""),
                "themes": _terms("thema", spec["themes"]),
                "studiedomein": _terms("studiedomein", [spec["studiedomein"]])[0],
                "graden": _terms("graad", spec["graden"]),
                "province": province,
                "provinces": [province],
                "coordinator_organisation": coordinator_org,
                "starts_on": starts_on,
                "vakgroep": spec.get("vakgroep", ""),
            },
            schools=schools,
            partners=[by_name[n] for n in spec["partners"] if n in by_name],
        )
        if pbd is not None:
            Lab.objects.filter(pk=lab.pk).update(adviser=pbd)
        teachers = []
        for school in schools:
            teacher = _teacher(school)
            if teacher is not None:
                services.add_teacher(actor, lab, teacher)
                teachers.append((teacher, school))
        for c in spec.get("commitments", []):
            partner = lab.partners.get(organisation=by_name[c["partner"]])
            contact = _staff(partner.organisation, Role.COMPANY_CONTACT) or _staff(
                partner.organisation, Role.SECTOR_CONSULTANT
            )
            commitment = services.add_commitment(
                actor,
                partner,
                {
                    "category": _terms("bedrijfsmiddel", [c["category"]])[0],
                    "amount": c["amount"],
                    "unit": c["unit"],
                    "description": c.get("description", ""),
                },
            )
            # The partner confirms (and delivers) its own commitment; demo partners without a contact
            # person get their status set directly.
            steps = {"voorgesteld": [], "bevestigd": ["bevestigd"], "geleverd": ["bevestigd", "geleverd"]}[c["status"]]
            for step in steps:
                if contact is not None:
                    services.change_commitment(contact, commitment, status=step)
                else:
                    Commitment.objects.filter(pk=commitment.pk).update(status=step)
        material = Material.objects.filter(title=spec.get("material", "")).first() if spec.get("material") else None
        if material is not None:
            services.link_material(admin, lab, material)
        # The plan: the first `done` milestones reached; the BIM lab has its next one overdue.
        milestones = list(lab.milestones.all())
        for m in milestones[: spec.get("done", 0)]:
            services.set_milestone_done(actor, m)
        Milestone.objects.filter(lab=lab, done_on__isnull=False).update(done_on=today - timedelta(days=3))
        if spec.get("overdue"):
            open_one = lab.milestones.filter(done_on__isnull=True).first()
            Milestone.objects.filter(pk=open_one.pk).update(due_on=today - timedelta(days=10))
        if teachers:
            services.post_message(
                teachers[0][0], lab, "Ik heb een eerste versie van de opdrachten in de documenten gezet."
            )
        services.add_task(actor, lab, "Proefles plannen met de partner", owner=teachers[0][0] if teachers else None)
        if spec.get("done", 0) >= 7 and material is not None:
            # Ready: tested in class by a lab teacher and validated by the PBD (the repository's own flows).
            if teachers and not material.usage_reports.exists():
                _report_use(teachers[0][0], material, teachers[0][1], rng, today - timedelta(days=20))
            _validate(pbd, material)
            if selectors.is_presentable(lab):
                ready.append((lab, spec, teachers, actor))
        if spec.get("inactive"):
            Lab.objects.filter(pk=lab.pk).update(last_activity_at=timezone.now() - timedelta(days=70))
        if spec.get("stopped"):
            services.stop_lab(actor, lab, spec["stopped"])
    _showcase(ctx, data["showcase"], ready, by_name)
    for call in data.get("funding", []):
        org = by_name[call["organiser"]]
        services.post_funding(
            _staff(org, Role.RTC_STAFF) or admin,
            org,
            {
                "title": call["title"],
                "description": call["description"],
                "deadline": today + timedelta(weeks=call["weeks"]),
                "themes": _terms("thema", call["themes"]),
            },
        )
    counts = Lab.objects.aggregate(n=Count("id"))
    ctx.say(f"    {counts['n']} innovatielabs, {len(ready)} getoond op het toonmoment")


def _showcase(ctx, spec, ready, by_name):
    """A past showcase event with the ready labs: built on a future day (the event services check dates),
    moved back, then presented; the first lab's follow-up gets its adopting schools."""
    from innovet.events import services as events
    from innovet.events.models import EventDay, EventKind, SlotKind

    admin = ctx.users["admin"]
    rng = ctx.rng
    organiser = by_name[spec["organiser"]]
    today = timezone.localdate()
    event = events.create_event(
        admin,
        organiser,
        {
            "title": spec["title"],
            "kind": EventKind.LAB,
            "summary": "Innovatielabs tonen hun geteste lesmateriaal aan scholen die niet meewerkten.",
            "venue_name": spec["venue"],
            "street": spec["street"],
            "postcode": spec["postcode"],
        },
    )
    day = events.add_day(admin, event, today + timedelta(days=14))
    opening = events.add_slot(admin, day, "13:00", "13:30", SlotKind.PLENARY, "Welkom")
    events.add_session(admin, opening, {"title": "Welkom: 50 presenteerbare projecten als doel", "room": "Aula"})
    stands = events.add_slot(admin, day, "13:30", "16:00", SlotKind.PARALLEL, "Standen en sessies")
    showcases = [
        services.add_to_showcase(admin, lab, stands, lab_spec["showcase"], f"Stand {i + 1}")
        for i, (lab, lab_spec, _t, _a) in enumerate(ready)
    ]
    events.publish_event(admin, event)
    EventDay.objects.filter(pk=day.pk).update(date=today - timedelta(weeks=spec["weeks_ago"]))
    events.sync_index(event)
    for showcase, (lab, lab_spec, teachers, actor) in zip(showcases, ready, strict=True):
        showcase.refresh_from_db()
        services.mark_presented(admin, showcase, [t for t, _s in teachers[:2]])
        lab.refresh_from_db()
        material = lab.lab_materials.select_related("material").first()
        taken = set(lab.schools.values_list("school_id", flat=True)) | set(
            lab.adoptions.values_list("school_id", flat=True)
        )
        candidates = (
            Organisation.objects.filter(kind=OrganisationKind.SCHOOL, memberships__role=Role.TEACHER)
            .exclude(pk__in=taken)
            .distinct()
            .order_by("province_id", "id")
        )
        for school in list(candidates[: lab_spec.get("adopters", 0)]):
            teacher = _teacher(school)
            adoption = services.request_join(teacher, lab, school, "Gezien op het toonmoment; we willen het gebruiken.")
            # The request came right after the showcase.
            Adoption.objects.filter(pk=adoption.pk).update(created_at=timezone.now() - timedelta(days=12))
            adoption.refresh_from_db()
            services.record_intake(actor, adoption, today - timedelta(days=10), "Kennismaking en planning.")
            services.add_onboarding(actor, adoption, today - timedelta(days=5), "Opstart met de proefopstelling", 3)
            if material is not None:
                # Using it in class: the repository's usage report moves the school to 'gebruikt het'.
                _report_use(teacher, material.material, school, rng, today - timedelta(days=1))
