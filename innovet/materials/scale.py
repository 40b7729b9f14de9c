"""Synthetic material for benchmarks: deterministic (seeded), bulk-inserted, no per-row queries.

``generate(ctx)`` creates ``ctx.scale`` materials, most of them published with one version, an author
from the existing users (run ``organisations`` scale first), two or three reference terms per facet,
a leerplan goal, one or two work forms, an external link (no files on disk) and a few usage reports.
The search index is not touched: rebuild it afterwards (``innovet.search.services.rebuild("materials")``).
"""

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from innovet.organisations.models import Membership, OrganisationKind
from innovet.taxonomy.models import Term

from .models import Alignment, Attachment, Author, Material, Status, UsageReport, Version, WorkForm

CHUNK = 5000
TOPICS = [
    ("Warmtepomp", "warmtepompen", "stem"),
    ("Zonnepanelen", "zonnepanelen", "stem"),
    ("PLC-sturing", "robotica-automatisering", "stem"),
    ("Cobots", "cobots", "stem"),
    ("3D-printen", "3d-printing", "stem"),
    ("BIM", "bim", "stem"),
    ("Laadpalen", "elektrische-wagens", "stem"),
    ("Composieten", "composieten", "stem"),
    ("Slimme serre", "iot", "land-en-tuinbouw"),
    ("Zorgrobot", "cobots", "maatschappij-en-welzijn"),
    ("HACCP", "smart-industry", "voeding-en-horeca"),
    ("Magazijnbeheer", "digitale-vaardigheden", "economie-en-organisatie"),
    ("Kleurbeheer", "digitale-productie", "kunst-en-creatie"),
    ("Isolatie", "isolatietechnieken", "stem"),
]
FORMS = ["les", "project", "practicum", "zelfstudiepakket", "opdrachtenreeks", "workshop"]
STATUSES = [Status.CONCEPT, Status.IN_TEST, Status.TESTED, Status.VALIDATED]


def _ids(vocabulary):
    return {code: pk for code, pk in Term.objects.of(vocabulary).values_list("code", "pk")}


def _through(field):
    return getattr(Material, field).through


@transaction.atomic
def generate(ctx):
    n = ctx.scale
    rng = ctx.rng
    User = get_user_model()
    users = list(User.objects.filter(is_active=True).values_list("pk", flat=True)[:5000])
    if not users:
        return "geen gebruikers: genereer eerst organisations"
    membership_org = dict(Membership.objects.filter(user_id__in=users).values_list("user_id", "organisation_id"))
    schools = list(
        Membership.objects.filter(organisation__kind=OrganisationKind.SCHOOL)
        .values_list("user_id", "organisation_id")
        .distinct()[:2000]
    )
    themes, domains = _ids("thema"), _ids("studiedomein")
    grades, forms, licences = _ids("graad"), _ids("onderwijsvorm"), _ids("licentie")
    nets, work_forms = _ids("onderwijsnet"), list(_ids("werkvorm").values())
    grade_ids, form_ids, licence_ids = list(grades.values()), list(forms.values()), list(licences.values())
    now = timezone.now()
    start = Material.objects.filter(slug__startswith="synth-").count()
    created = 0
    for chunk_start in range(start, start + n, CHUNK):
        size = min(CHUNK, start + n - chunk_start)
        materials = []
        for i in range(chunk_start, chunk_start + size):
            topic, theme, domain = TOPICS[i % len(TOPICS)]
            published = rng.random() < 0.9
            materials.append(
                Material(
                    uuid=uuid.uuid5(uuid.NAMESPACE_URL, f"innovet-synth-material-{i}"),  # stable across runs
                    slug=f"synth-{i}",
                    title=f"{topic}: {rng.choice(FORMS)} {i}",
                    summary=f"Synthetisch lesmateriaal over {topic.lower()} voor de tweede en derde graad ({i}).",
                    body=f"<p>{topic} in de klas, stap voor stap.</p>",
                    duration_minutes=rng.choice([50, 100, 150, 200]),
                    licence_id=rng.choice(licence_ids) if published else None,
                    status=rng.choice(STATUSES) if published else Status.CONCEPT,
                    brand_neutral=rng.random() < 0.85,
                    published_at=now - timedelta(days=rng.randint(0, 900)) if published else None,
                )
            )
        materials = Material.objects.bulk_create(materials, batch_size=2000)
        if materials[0].pk is None:
            slugs = [m.slug for m in materials]
            materials = list(Material.objects.filter(slug__in=slugs).order_by("pk"))
        rows = {name: [] for name in ("themes", "studiedomeinen", "graden", "onderwijsvormen")}
        authors, alignments, wforms, versions, links, reports = [], [], [], [], [], []
        for m in materials:
            i = int(m.slug.split("-")[1])
            topic, theme, domain = TOPICS[i % len(TOPICS)]
            rows["themes"].append(_through("themes")(material_id=m.pk, term_id=themes[theme]))
            rows["studiedomeinen"].append(_through("studiedomeinen")(material_id=m.pk, term_id=domains[domain]))
            for g in rng.sample(grade_ids, 2):
                rows["graden"].append(_through("graden")(material_id=m.pk, term_id=g))
            for f in rng.sample(form_ids, 2):
                rows["onderwijsvormen"].append(_through("onderwijsvormen")(material_id=m.pk, term_id=f))
            user = rng.choice(users)
            authors.append(Author(material_id=m.pk, user_id=user, organisation_id=membership_org.get(user)))
            alignments.append(
                Alignment(
                    material_id=m.pk,
                    network_id=rng.choice(list(nets.values())),
                    code=f"LPD {rng.randint(1, 40)}",
                    text=f"De leerlingen passen {topic.lower()} toe.",
                )
            )
            wforms.append(WorkForm(material_id=m.pk, kind_id=rng.choice(work_forms), position=1))
            links.append(
                Attachment(
                    material_id=m.pk,
                    kind=Attachment.Kind.LINK,
                    title="Achtergrond",
                    url=f"https://voorbeeld.example/{m.slug}",
                    uploaded_by_id=user,
                )
            )
            if m.published_at:
                versions.append(
                    Version(
                        material_id=m.pk, number=1, changelog="Eerste versie.", licence_id=m.licence_id, snapshot={}
                    )
                )
                for _ in range(rng.randint(0, 4) if schools else 0):
                    reporter, school = rng.choice(schools)
                    reports.append(
                        UsageReport(
                            material_id=m.pk,
                            user_id=reporter,
                            school_id=school,
                            graad_id=rng.choice(grade_ids),
                            studierichting="Elektromechanische technieken",
                            how_it_went="Goed verlopen.",
                            rating=rng.randint(2, 5),
                            used_on=(now - timedelta(days=rng.randint(1, 400))).date(),
                        )
                    )
        for name, objs in rows.items():
            _through(name).objects.bulk_create(objs, batch_size=5000)
        Author.objects.bulk_create(authors, batch_size=5000)
        Alignment.objects.bulk_create(alignments, batch_size=5000)
        WorkForm.objects.bulk_create(wforms, batch_size=5000)
        Attachment.objects.bulk_create(links, batch_size=5000)
        Version.objects.bulk_create(versions, batch_size=5000)
        UsageReport.objects.bulk_create(reports, batch_size=5000)
        created += len(materials)
    return f"{created} lesmaterialen"
