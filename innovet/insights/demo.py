"""Demo: participations of teachers in the catalogue's offers over three school years, spread as the study
predicts (data/demo_participation.yaml) — most in the 3rd grade and in hard domains, a few very active
teachers, small schools rarely or never reached — so that a new user sees what the dashboards are for.
Everything goes through participation.services.record_participation; the summary tables are rebuilt at the
end (the worker keeps them current afterwards)."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from innovet.catalogue.models import Offer
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.participation import services as participation
from innovet.participation.models import ActivityKind, ParticipationRole
from innovet.taxonomy.models import Term

from . import refresh

DATA = Path(__file__).parent / "data" / "demo_participation.yaml"
ACTIVE = [
    ParticipationRole.PRESENTER,
    ParticipationRole.CO_DEVELOPER,
    ParticipationRole.INTERN,
    ParticipationRole.COACH,
]
FIRST = ["Ann", "Bart", "Chloë", "Dries", "Elif", "Filip", "Greet", "Hamza", "Ines", "Jens", "Karen", "Lars"]


def _current_school_year():
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def _teachers(ctx, schools, per_school):
    User = get_user_model()
    out = {}
    for school in schools:
        people = [
            m.user for m in Membership.objects.filter(organisation=school, role=Role.TEACHER).select_related("user")
        ]
        for j in range(per_school):
            email = f"deelnemer-{school.pk}-{j}@demo.innovet.test"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=None,
                    first_name=FIRST[(school.pk + j) % len(FIRST)],
                    last_name=f"Demo {school.pk}-{j}",
                )
            Membership.objects.get_or_create(user=user, organisation=school, defaults={"role": Role.TEACHER})
            people.append(user)
        out[school.pk] = people
    return out


def _offer_weights(offers, weights):
    hard = refresh.hardness()
    result = []
    for offer in offers:
        grades = {t.code for t in offer.graden.all()}
        kinds = {hard[t.pk] for t in offer.studiedomeinen.all() if t.pk in hard}
        w = weights["upper_only"] if grades and grades <= {"3", "7"} else weights["lower"]
        w *= weights["soft"] if kinds == {False} else weights["hard"]
        result.append(w)
    return result


def load(ctx):
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rng = ctx.rng
    for name, codes in spec["sector_domains"].items():
        org = Organisation.objects.filter(name=name, kind=OrganisationKind.SECTOR).first()
        if org:
            org.studiedomeinen.set(Term.objects.of("studiedomein").filter(code__in=codes))

    schools = list(
        Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True).order_by("teacher_count", "pk")
    )
    reached = schools[spec["never_reached"] :]
    teachers = _teachers(ctx, reached, spec["teachers_per_school"])
    offers = list(
        Offer.objects.filter(published_at__isnull=False)
        .prefetch_related("graden", "studiedomeinen", "providers")
        .order_by("pk")
    )
    if not offers or not reached:
        return
    offer_weights = _offer_weights(offers, spec["offer_weights"])
    school_weights = [1 + spec["school_weight_per_teacher"] * (s.teacher_count or 40) for s in reached]
    person_weight = {}
    for people in teachers.values():
        for person in people:
            person_weight[person.pk] = spec["very_active_weight"] if rng.random() < spec["very_active_share"] else 1

    admin = ctx.users.get("admin")
    current = _current_school_year()
    years = [current - spec["school_years"] + 1 + i for i in range(spec["school_years"])]
    taken = set()
    recorded = 0
    for year, volume, active_share in zip(
        years, spec["participations_per_year"], spec["active_role_share"], strict=True
    ):
        start = date(year, 9, 1)
        end = min(date(year + 1, 6, 30), timezone.localdate())
        span = max((end - start).days, 1)
        for _i in range(volume):
            school = rng.choices(reached, weights=school_weights)[0]
            people = teachers[school.pk]
            person = rng.choices(people, weights=[person_weight[p.pk] for p in people])[0]
            offer = rng.choices(offers, weights=offer_weights)[0]
            if (person.pk, offer.pk) in taken:
                continue
            taken.add((person.pk, offer.pk))
            providers = list(offer.providers.all())
            participation.record_participation(
                person=person,
                activity=offer,
                kind=ActivityKind.OFFER_SESSION,
                title=offer.title,
                date=start + timedelta(days=rng.randrange(span)),
                hours=offer.duration_hours or Decimal("3"),
                role=rng.choice(ACTIVE) if rng.random() < active_share else ParticipationRole.VISITOR,
                school=school,
                organiser=providers[0] if providers else None,
                province=offer.province,
                recorded_by=admin,
            )
            recorded += 1
    state = refresh.rebuild()
    ctx.say(
        f"    {recorded} deelnames verspreid over {len(years)} schooljaren; inzichten in {state.seconds} s berekend"
    )
