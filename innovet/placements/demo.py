"""Demo: placement places from data/demo_placements.yaml, the demo teacher's application waiting for the
director of VTI Sint-Jozef Gent, an accepted one, a completed one (in the participation ledger) and a few
hybrid teachers."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from innovet.organisations.models import Membership, Organisation
from innovet.taxonomy.models import Term

from . import services
from .models import Application, HybridTeacherProfile, PlacementPlace

DATA = Path(__file__).parent / "data" / "demo_placements.yaml"


def _monday(weeks):
    today = timezone.localdate()
    return today + timedelta(days=(0 - today.weekday()) % 7 + 7 * weeks)


def _contact(company, ctx):
    m = Membership.objects.filter(organisation=company).select_related("user").first()
    return m.user if m else ctx.users["admin"]


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    by_name = {o.name: o for o in Organisation.objects.all()}
    themes = {t.code: t for t in Term.objects.of("thema")}
    domains = {t.code: t for t in Term.objects.of("studiedomein")}
    places = []
    for spec in data["places"]:
        company = by_name[spec["company"]]
        existing = PlacementPlace.objects.filter(company=company, title=spec["title"]).first()
        if existing is not None:
            places.append(existing)
            continue
        name, email, phone = spec["contact"]
        periods = [{"starts_on": _monday(a), "ends_on": _monday(b) + timedelta(days=4)} for a, b in spec["periods"]]
        place = services.create_place(
            ctx.users["admin"],
            company,
            {
                "kind": spec["kind"],
                "title": spec["title"],
                "active_role": spec["active_role"],
                "description": spec.get("description", ""),
                "themes": [themes[c] for c in spec["themes"]],
                "studiedomein": domains[spec["studiedomein"]],
                "location_name": spec["location_name"],
                "street": spec["street"],
                "postcode": spec["postcode"],
                "duration_days": spec["duration_days"],
                "spread": spec["spread"],
                "places": spec["places"],
                "return_day": spec["return_day"],
                "follow_up": spec["follow_up"],
                "contact_name": name,
                "contact_email": email,
                "contact_phone": phone,
            },
            periods,
            publish=True,
        )
        places.append(place)

    admin = ctx.users["admin"]
    bakery, construction, electrical, care = places[:4]
    teacher = ctx.users.get("leerkracht")
    teacher2 = ctx.users.get("leerkracht2")

    def application(user, place, weeks, days=3):
        if user is None or Application.objects.filter(teacher=user, place=place).exists():
            return None
        start = _monday(weeks)
        return services.apply(
            user,
            place,
            {
                "period": place.periods.filter(starts_on__lte=start, ends_on__gte=start).first(),
                "starts_on": start,
                "ends_on": start + timedelta(days=days - 1),
                "motivation": "Ik wil zien hoe deze technieken vandaag gebruikt worden en ze meenemen naar "
                "mijn praktijklessen, met opdrachten uit het echte werk.",
            },
        )

    # The Gent journey: the demo teacher's application waits for the director.
    application(teacher, electrical, 2, days=4)
    # Hasselt: released and accepted (the agreement can be downloaded); a completed one in the ledger.
    accepted = application(teacher2, construction, 5)
    if accepted is not None:
        accepted = services.decide_release(admin, accepted, True)
        services.decide(_contact(construction.company, ctx), accepted, True)
    done = application(teacher2, bakery, 3)
    if done is not None:
        services.decide_release(admin, done, True)
        services.decide(admin, done, True)
        # Happened in the past: the dates move back, then the reflection and the completion.
        Application.objects.filter(pk=done.pk).update(starts_on=_monday(-6), ends_on=_monday(-6) + timedelta(days=2))
        done.refresh_from_db()
        services.reflect(
            teacher2,
            done,
            "Mijn leerlingen maken nu een productieplanning voor een feestdag, zoals in de bakkerij, en we "
            "vergelijken manuele en machinale deegverwerking.",
        )
        services.confirm_completion(admin, done)
    # A few applications from the demo teachers so the company lists and counts look real.
    teachers = [
        m.user
        for m in Membership.objects.filter(user__email__startswith="leerkracht-")
        .select_related("user")
        .order_by("id")[:8]
    ]
    for i, user in enumerate(teachers[:4]):
        a = application(user, care, 4 + i * 3)
        if a is not None and i % 2 == 0:
            services.decide_release(admin, a, True)

    for spec in data["hybrid"]:
        if spec["teacher"] >= len(teachers):
            continue
        user = teachers[spec["teacher"]]
        if HybridTeacherProfile.objects.filter(user=user).exists():
            continue
        services.save_hybrid_profile(
            user,
            {
                "company": by_name.get(spec.get("company", "")),
                "company_name": spec.get("company_name", ""),
                "job_in_company": spec["job"],
                "subjects": spec["subjects"],
                "school_share": spec["school_share"],
                "studiedomeinen": [domains[c] for c in spec["studiedomeinen"]],
                "themes": [themes[c] for c in spec["themes"]],
                "available_for": spec["available_for"],
                "about": spec.get("about", ""),
                "is_visible": True,
            },
        )
    ctx.extra["placements"] = places
    ctx.say(f"    {len(places)} stageplaatsen, {Application.objects.count()} aanvragen")
