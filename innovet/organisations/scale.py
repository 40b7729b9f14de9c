"""Synthetic organisations and users for benchmarks: deterministic (seeded) and bulk-inserted."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from innovet.geo.models import Postcode

from .models import Membership, Organisation, OrganisationKind, Role

KINDS = [OrganisationKind.SCHOOL] * 4 + [OrganisationKind.COMPANY] * 5 + [OrganisationKind.SECTOR]


def generate(ctx):
    n = ctx.scale
    rng = ctx.rng
    places = list(Postcode.objects.filter(province__in_scope=True).select_related("province"))
    start = Organisation.objects.filter(slug__startswith="synth-").count()
    orgs = []
    for i in range(start, start + n):
        place = rng.choice(places)
        kind = KINDS[i % len(KINDS)]
        orgs.append(
            Organisation(
                kind=kind,
                name=f"Synthetische {kind} {i}",
                slug=f"synth-{kind}-{i}",
                postcode=place.code,
                municipality=place.municipality,
                province=place.province,
                latitude=place.latitude,
                longitude=place.longitude,
                teacher_count=rng.randint(20, 250) if kind == OrganisationKind.SCHOOL else None,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs, batch_size=2000)
    if not orgs[0].pk:  # SQLite before 3.35 returns no ids
        orgs = list(Organisation.objects.filter(slug__startswith="synth-").order_by("-id")[:n])[::-1]
    User = get_user_model()
    password = make_password("synthetisch-wachtwoord")  # hashed once: hashing is the slow part
    users = User.objects.bulk_create(
        [
            User(
                email=f"synth{start + i}@innovet.test", first_name="Synth", last_name=str(start + i), password=password
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    # Each with a role of its organisation's kind (models.ROLES_BY_KIND).
    role_of = {
        OrganisationKind.SCHOOL: Role.TEACHER,
        OrganisationKind.COMPANY: Role.COMPANY_CONTACT,
        OrganisationKind.SECTOR: Role.SECTOR_CONSULTANT,
    }
    memberships = [Membership(user=u, organisation=o, role=role_of[o.kind]) for u, o in zip(users, orgs, strict=True)]
    Membership.objects.bulk_create(memberships, batch_size=2000)
    ctx.extra["synthetic_organisations"] = orgs
    return f"{len(orgs)} organisaties, {len(users)} gebruikers"
