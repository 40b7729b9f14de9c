"""Demo: the VDAB centres of the five provinces with opleidingen, free periods and wegwijssessies from
data/demo_centres.yaml; the demo VDAB account works in each; the Gent teacher followed a wegwijssessie and
has confirmed days, the Hasselt teacher's request waits for RTC Limburg."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.text import slugify

from innovet.geo.services import resolve_postcode
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.taxonomy.models import Term

from . import services
from .models import Infrastructure, TiendagenRequest, WegwijsSession

DATA = Path(__file__).parent / "data" / "demo_centres.yaml"


def _weekday(weeks):
    d = timezone.localdate() + timedelta(weeks=weeks)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _centre(spec):
    location = resolve_postcode(spec["postcode"])
    centre, _ = Organisation.objects.update_or_create(
        slug=slugify(spec["name"])[:200],
        defaults={
            "name": spec["name"],
            "kind": OrganisationKind.VDAB,
            "postcode": spec["postcode"],
            "street": spec.get("street", ""),
            "municipality": location.municipality,
            "province": location.province,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "email": f"{slugify(spec['name'])[:40]}@vdab.example",
            "website": "https://www.vdab.be",
        },
    )
    return centre


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    domains = {t.code: t for t in Term.objects.of("studiedomein")}
    staff = ctx.users.get("vdab") or ctx.users["admin"]
    centres, trainings, sessions = {}, {}, {}
    for spec in data["centres"]:
        centre = _centre(spec)
        ctx.orgs[centre.slug] = centre
        centres[spec["name"]] = centre
        # Start clean so that loading twice gives the same demo.
        TiendagenRequest.objects.filter(centre=centre).delete()
        WegwijsSession.objects.filter(centre=centre).delete()
        centre.tiendagen_trainings.all().delete()
        Infrastructure.objects.filter(centre=centre).delete()
        if staff != ctx.users["admin"]:
            Membership.objects.get_or_create(user=staff, organisation=centre, defaults={"role": Role.VDAB_STAFF})
            from innovet.organisations.permissions import forget_memberships

            forget_memberships(staff)
        infra = {}
        for item in spec["infrastructure"]:
            infra[item["name"]] = services.create_infrastructure(staff, centre, item["name"], item["capacity"])
            for period in data["availability"]:
                services.add_availability(
                    staff,
                    infra[item["name"]],
                    _weekday(period["from_weeks"]),
                    _weekday(period["to_weeks"]),
                    period.get("note", ""),
                )
        for t in spec["trainings"]:
            trainings[(spec["name"], t["title"])] = services.save_training(
                staff,
                centre,
                {
                    "title": t["title"],
                    "description": t.get("description", ""),
                    "infrastructure": infra[t["infrastructure"]],
                    "studiedomeinen": [domains[c] for c in t["domains"]],
                    "studierichtingen": "\n".join(t.get("fields", [])),
                },
            )
        sessions[spec["name"]] = []
        for weeks in spec["wegwijs_weeks"]:
            session = services.create_wegwijs_session(staff, centre, _weekday(abs(weeks)))
            sessions[spec["name"]].append((session, weeks))
    by_name = {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.SCHOOL)}
    for spec in data["requests"]:
        teacher = ctx.users.get(spec["teacher"])
        school = by_name.get(spec["school"])
        if teacher is None or school is None:
            continue
        centre = centres[spec["centre"]]
        training = trainings[(spec["centre"], spec["training"])]
        session, weeks = sessions[spec["centre"]][0]
        registration = services.register_wegwijs(teacher, session, school)
        if weeks < 0:  # a session that already took place (demo only: services plan from today on)
            WegwijsSession.objects.filter(pk=session.pk).update(day=timezone.localdate() - timedelta(weeks=-weeks))
            session.refresh_from_db()
            services.confirm_wegwijs_attendance(staff, session, [registration.pk])
        first = _weekday(spec["weeks_ahead"])
        days, d = [], first
        while len(days) < spec["days"]:
            if d.weekday() < 5:
                days.append(d)
            d += timedelta(days=1)
        klass = dict(spec["class"], studiedomein=domains[spec["class"]["studiedomein"]])
        request = services.submit_request(teacher, school, training, klass, days)
        if spec["status"] == "bevestigd":
            rtc_staff = ctx.users.get("rtc") or ctx.users["admin"]
            services.forward_request(rtc_staff, request, "Past in ons provinciaal aanbod.")
            services.confirm_request(staff, request)
    ctx.say(f"    {len(centres)} VDAB-centra, {len(trainings)} opleidingen (10-dagenregeling)")
