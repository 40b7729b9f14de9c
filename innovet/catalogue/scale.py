"""Synthetic offers for benchmarks: deterministic (seeded), bulk-inserted in large batches, no per-row queries.

``generate(ctx)`` creates ``ctx.scale`` published offers with a location, one to three sessions and the
usual facet values. Ids are assigned here (after the current maximum), so related rows need no read-back.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from innovet.geo.models import Postcode
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.taxonomy.models import Term

from .models import Audience, Offer, OfferLocation, OfferSession, Status, within_school_hours

CHUNK = 10_000
# Text columns the synthetic offers leave empty (NOT NULL, so they get '').
EMPTY_TEXT_COLUMNS = (
    "unpublish_reason, cost_note, duration_note, period, trainer_technical, trainer_didactic, curriculum_goals,"
    " professional_qualifications, supplier, registration_url, registration_info, contact_name, contact_email,"
    " contact_phone"
)

SUBJECTS = [
    ("lassen", "MIG/MAG-lassen en TIG-lassen van roestvast staal", "mechanica"),
    ("PLC", "PLC-programmatie en industriële automatisering", "automatisering"),
    ("warmtepomp", "installatie en onderhoud van warmtepompen", "energie"),
    ("zonnepanelen", "plaatsing en keuring van zonnepanelen en omvormers", "energie"),
    ("cobots", "samenwerken met cobots op de werkvloer", "robotica"),
    ("3D-printen", "3D-printen en additive manufacturing in de klas", "productie"),
    ("BIM", "BIM-modellering voor bouwprojecten", "bouw"),
    ("elektrische wagens", "veilig werken aan hoogspanning in elektrische wagens", "auto"),
    ("domotica", "domotica en slim wonen", "elektriciteit"),
    ("composieten", "verwerking van composietmaterialen", "materialen"),
    ("isolatie", "nieuwe isolatietechnieken en luchtdichtheid", "bouw"),
    ("IoT", "sensoren en Internet of Things in productielijnen", "digitalisering"),
    ("zorgrobot", "zorgtechnologie en zorgrobots in de ouderenzorg", "zorg"),
    ("haarkleuring", "nieuwe technieken in haarkleuring en -verzorging", "haarzorg"),
    ("voedselveiligheid", "voedselveiligheid en HACCP in de grootkeuken", "voeding"),
    ("precisielandbouw", "precisielandbouw met drones en GPS", "landbouw"),
    ("CNC", "CNC-frezen en CAD/CAM", "mechanica"),
    ("hydraulica", "hydraulica en pneumatica in onderhoud", "onderhoud"),
    ("batterijen", "opslag in batterijen en energiebeheer", "energie"),
    ("datacenters", "cloud, netwerken en cybersecurity", "ict"),
]
FORMATS = [
    "Opleiding",
    "Workshop",
    "Bedrijfsstage",
    "Praktijkdag",
    "Leertraject",
    "Lezing",
    "Netwerkmoment",
    "Infosessie",
]
AUDIENCE_WORDS = [
    "voor leerkrachten elektromechanica",
    "voor leerkrachten bouw",
    "voor praktijkleerkrachten",
    "voor technisch adviseurs",
    "voor vakgroepen STEM",
    "voor leerkrachten zorg",
    "voor leerkrachten voeding",
    "voor de derde graad",
]


def _ids(vocabulary):
    return list(Term.objects.of(vocabulary).filter(active=True).values_list("id", flat=True))


def generate(ctx):
    n = ctx.scale
    rng = ctx.rng
    now = timezone.now()
    kinds = _ids("aanbodsoort")
    pillars = _ids("pijler")
    location_types = [t for t in Term.objects.of("locatietype").values_list("id", "code")]
    themes = list(Term.objects.of("thema").filter(parent__isnull=False).values_list("id", flat=True))
    priorities = _ids("transitieprioriteit")
    domains = _ids("studiedomein")
    grades = _ids("graad")
    forms = list(Term.objects.of("onderwijsvorm").filter(code__in=["TSO", "BSO", "DUAAL", "BUSO-OV3", "SENSE"]))
    forms = [t.id for t in forms]
    needs = _ids("noodtype")
    places = list(
        Postcode.objects.filter(province__in_scope=True).values_list(
            "code", "municipality", "province_id", "latitude", "longitude"
        )
    )
    providers = list(
        Organisation.objects.exclude(kind=OrganisationKind.SCHOOL).order_by("id").values_list("id", flat=True)[:5000]
    ) or list(Organisation.objects.order_by("id").values_list("id", flat=True)[:5000])
    if not providers:
        return "geen organisaties: draai eerst organisations (--only organisations catalogue)"

    offer_id = (Offer.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    location_id = (OfferLocation.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    through = {
        name: getattr(Offer, name).through
        for name in (
            "providers",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "need_types",
        )
    }
    columns = {
        "providers": "organisation_id",
        "themes": "term_id",
        "transition_priorities": "term_id",
        "studiedomeinen": "term_id",
        "graden": "term_id",
        "onderwijsvormen": "term_id",
        "need_types": "term_id",
    }
    # Raw rows need the database's own representation (SQLite: naive UTC text; PostgreSQL: aware).
    adapt = connection.ops.adapt_datetimefield_value

    def decimal(value):
        return connection.ops.adapt_decimalfield_value(value)

    created = sessions_total = 0
    costs = [Decimal("0"), Decimal("0"), Decimal("45"), Decimal("75"), Decimal("95"), Decimal("150"), Decimal("350")]
    audiences = [Audience.INDIVIDUAL, Audience.TEAM, Audience.BOTH]
    while created < n:
        size = min(CHUNK, n - created)
        offers, locations, sessions = [], [], []
        for _i in range(size):
            word, subject, field = rng.choice(SUBJECTS)
            place = rng.choice(places)
            loc_type_id, loc_code = rng.choice(location_types)
            published = now - timedelta(days=rng.randint(0, 700))
            confirmed = published + timedelta(days=rng.randint(0, 200))
            offers.append(
                (
                    offer_id,
                    f"{rng.choice(FORMATS)} {word} {rng.choice(AUDIENCE_WORDS)}",
                    f"Leerkrachten leren {subject} in een echte {field}omgeving.",
                    f"In dit aanbod maken leerkrachten kennis met {subject}. "
                    f"Ze werken met de nieuwste toestellen en vertalen wat ze leren naar lessen "
                    f"voor leerlingen van het TSO en BSO. Aanbod nummer {offer_id}.",
                    f"Na afloop kan de leerkracht {subject} demonstreren en inpassen in het leerplan.",
                    rng.choice(kinds),
                    rng.choice(pillars),
                    place[2],
                    rng.choice(audiences),
                    decimal(rng.choice(costs)),
                    decimal(Decimal(rng.choice([3, 6, 7, 14, 21, 35]))),
                    rng.random() > 0.15,
                    rng.choice([None, 8, 12, 16, 20, 30]),
                    Status.PUBLISHED.value,
                    adapt(published),
                    adapt(min(confirmed, now)),
                    adapt(published),
                    adapt(now),
                )
            )
            online = loc_code == "online"
            locations.append(
                (location_id, offer_id, loc_type_id, "", "") + (("", "", None, None, None) if online else place)
            )
            start_day = (now + timedelta(days=rng.randint(-60, 300))).date()
            for s in range(rng.randint(1, 3)):
                day = start_day + timedelta(days=7 * s)
                hour = rng.choice([9, 13, 17])
                starts = timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))
                ends = starts + timedelta(hours=rng.choice([3, 4]))
                sessions.append(
                    (offer_id, location_id, "", adapt(starts), adapt(ends), within_school_hours(starts, ends))
                )
            offer_id += 1
            location_id += 1
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {_table(Offer)} (id, title, summary, description, goals, kind_id, pillar_id,"
                    " province_id, audience, cost, duration_hours, brand_neutral, capacity, status, published_at,"
                    " last_confirmed_at, created_at, updated_at, "
                    + EMPTY_TEXT_COLUMNS
                    + ") VALUES ("
                    + ", ".join(["%s"] * 18 + ["''"] * len(EMPTY_TEXT_COLUMNS.split(", ")))
                    + ")",
                    offers,
                )
                cursor.executemany(
                    f"INSERT INTO {_table(OfferLocation)} (id, offer_id, location_type_id, name, street, postcode,"
                    " municipality, province_id, latitude, longitude) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    locations,
                )
                cursor.executemany(
                    f"INSERT INTO {_table(OfferSession)} (offer_id, location_id, title, starts_at, ends_at,"
                    " within_school_hours) VALUES (%s, %s, %s, %s, %s, %s)",
                    sessions,
                )
        created += size
        sessions_total += len(sessions)
        _link(offers, rng, through, columns, providers, themes, priorities, domains, grades, forms, needs)
    return f"{created} aanbiedingen, {sessions_total} sessies"


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _link(offers, rng, through, columns, providers, themes, priorities, domains, grades, forms, needs):
    """The facet values of one chunk, as M2M rows (deterministic: seeded by the offer id)."""
    values = {name: [] for name in through}
    for offer in offers:
        offer_id = offer[0]
        r = _Seeded(offer_id)
        values["providers"].append((offer_id, r.choice(providers)))
        values["themes"].extend((offer_id, t) for t in r.sample(themes, 2))
        values["transition_priorities"].append((offer_id, r.choice(priorities)))
        values["studiedomeinen"].append((offer_id, r.choice(domains)))
        values["graden"].extend((offer_id, g) for g in r.sample(grades, r.randint(1, 2)))
        values["onderwijsvormen"].extend((offer_id, f) for f in r.sample(forms, r.randint(1, 2)))
        values["need_types"].append((offer_id, r.choice(needs)))
    # Plain executemany: the ORM's per-row preparation costs ten times more than the insert itself.
    with transaction.atomic(), connection.cursor() as cursor:
        for name, model in through.items():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.executemany(f"INSERT INTO {table} (offer_id, {columns[name]}) VALUES (%s, %s)", values[name])


class _Seeded:
    """A tiny deterministic generator per offer id (cheaper than a random.Random per row)."""

    def __init__(self, seed):
        self.state = (seed * 2654435761) & 0xFFFFFFFF or 1

    def _next(self):
        self.state ^= (self.state << 13) & 0xFFFFFFFF
        self.state ^= self.state >> 17
        self.state ^= (self.state << 5) & 0xFFFFFFFF
        return self.state

    def randint(self, a, b):
        return a + self._next() % (b - a + 1)

    def choice(self, items):
        return items[self._next() % len(items)]

    def sample(self, items, k):
        pool = list(items)
        picked = []
        for _ in range(min(k, len(pool))):
            picked.append(pool.pop(self._next() % len(pool)))
        return picked
