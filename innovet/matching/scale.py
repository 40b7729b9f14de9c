"""Synthetic needs and willingness for benchmarks: deterministic (seeded), bulk-inserted, no per-row queries.

``generate(ctx)`` gives every synthetic school one need and every tenth synthetic company one offer to
collaborate. Suggestions are not computed here: run ``services.recompute_all()`` (the nightly job) after.
"""

from django.db import transaction

from innovet.organisations.models import Organisation, OrganisationKind
from innovet.taxonomy.models import Term

from .models import Need, Willingness
from .sources import current_school_year

CHUNK = 5_000


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=CHUNK)


@transaction.atomic
def generate(ctx):
    rng = ctx.rng
    orgs = ctx.extra.get("synthetic_organisations") or list(Organisation.objects.filter(slug__startswith="synth-"))
    schools = [o for o in orgs if o.kind == OrganisationKind.SCHOOL]
    companies = [o for o in orgs if o.kind == OrganisationKind.COMPANY][::10]
    themes = list(Term.objects.of("thema").filter(parent__isnull=False))
    domains = list(Term.objects.of("studiedomein"))
    grades = list(Term.objects.of("graad"))
    need_types = list(Term.objects.of("noodtype"))
    forms = list(Term.objects.of("ondersteuningsvorm"))
    resources = list(Term.objects.of("bedrijfsmiddel"))

    needs = _bulk(
        Need,
        [
            Need(
                school=s,
                province_id=s.province_id,
                title=f"Synthetische nood {i}",
                need_type=rng.choice(need_types),
                studiedomein=rng.choice(domains),
                teacher_count=rng.randint(1, 6),
                participation=rng.choice(["individueel", "team"]),
                budget_per_participant=rng.choice([None, 50, 70, 90, 100]),
                max_distance_km=rng.choice([20, 30, 40, 50, 75]),
                moments=[rng.choice(["woensdagnamiddag", "buiten-schooluren", "binnen-schooluren"])],
            )
            for i, s in enumerate(schools)
        ],
    )
    if needs and not needs[0].pk:  # SQLite before 3.35 returns no ids
        needs = list(Need.objects.filter(title__startswith="Synthetische nood").order_by("id"))
    _bulk(
        Need.themes.through,
        [
            Need.themes.through(need_id=n.pk, term_id=t.pk)
            for n in needs
            for t in {rng.choice(themes), rng.choice(themes)}
        ],
    )
    _bulk(Need.graden.through, [Need.graden.through(need_id=n.pk, term_id=rng.choice(grades).pk) for n in needs])
    _bulk(
        Need.support_forms.through,
        [Need.support_forms.through(need_id=n.pk, term_id=rng.choice(forms).pk) for n in needs],
    )

    year = current_school_year()
    offers = _bulk(
        Willingness,
        [
            Willingness(
                organisation=c,
                province_id=c.province_id,
                title=f"Synthetische samenwerking {i}",
                region="straal",
                radius_km=rng.choice([20, 30, 40, 60]),
                capacity_per_year=rng.randint(1, 5),
                school_year=year,
            )
            for i, c in enumerate(companies)
        ],
    )
    if offers and not offers[0].pk:
        offers = list(Willingness.objects.filter(title__startswith="Synthetische samenwerking").order_by("id"))
    _bulk(
        Willingness.themes.through,
        [Willingness.themes.through(willingness_id=w.pk, term_id=rng.choice(themes).pk) for w in offers],
    )
    _bulk(
        Willingness.resources.through,
        [Willingness.resources.through(willingness_id=w.pk, term_id=rng.choice(resources).pk) for w in offers],
    )
    return f"{len(needs)} noden, {len(offers)} keer aanbod tot samenwerking"
