"""Every figure of the insights dashboards, defined once.

Each indicator is a function of a ``Scope`` (provinces, school year, studiedomein, school) whose docstring
says exactly what it counts and over which base. Those docstrings are user-facing — the definitions page
(``/inzichten/definities/``) shows them, and every figure on a dashboard and in an export links there — so
they are in Dutch, unlike the rest of the code. The figures are computed by the database: GROUP BY over the
summary tables (``models``, rebuilt by the worker from the participation ledger) or over the module tables,
window functions for the concentration and the medians. Nothing loads the rows of the ledger into Python.
The words the docstrings use (deelname, bereikt, basis, schooljaar) are defined once in
``templates/insights/definitions.html``.
"""

import inspect
from collections import OrderedDict

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from innovet.organisations.models import Organisation

from .models import ConcentrationFact, DistanceFact, PersonFact, SchoolFact, ScopeFact
from .refresh import CONCENTRATION_SQL, hardness, km_sql, school_year_sql

INDICATORS = OrderedDict()  # key -> Indicator


class Indicator:
    do_not_call_in_templates = True

    def __init__(self, key, label, fn, section):
        self.key, self.label, self.fn, self.section = key, label, fn, section

    @property
    def definition(self):
        return inspect.getdoc(self.fn) or ""

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def indicator(key, label, section):
    def wrap(fn):
        INDICATORS[key] = Indicator(key, label, fn, section)
        return INDICATORS[key]

    return wrap


REACH, PITFALLS, SUPPLY = _("Bereik"), _("Valkuilen uit de studie"), _("Aanbod en vraag")

# School size bands by number of teachers (the directory's 'aantal leerkrachten').
SIZE_BANDS = [
    ("klein", _("klein (minder dan 50 leerkrachten)"), 0, 50),
    ("middel", _("middelgroot (50 tot 99)"), 50, 100),
    ("groot", _("groot (100 tot 199)"), 100, 200),
    ("zeer-groot", _("zeer groot (200 of meer)"), 200, None),
]
UNKNOWN_SIZE = _("grootte onbekend")


def size_band(field="teacher_count"):
    whens = []
    for _code, label, low, high in SIZE_BANDS:
        q = Q(**{f"{field}__gte": low})
        if high is not None:
            q &= Q(**{f"{field}__lt": high})
        whens.append(When(q, then=Value(str(label))))
    return Case(*whens, default=Value(str(UNKNOWN_SIZE)))


def school_year_of(field):
    """ORM expression: the school year (first calendar year) of a date or datetime field."""
    return Case(
        When(**{f"{field}__month__gte": 9}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
        output_field=IntegerField(),
    )


def share(part, whole):
    """A percentage with one decimal, or None without a base."""
    return round(100 * part / whole, 1) if whole else None


class PercentileCont(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5) WITHIN GROUP (ORDER BY x)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median(qs, expression):
    """The median of ``expression`` over ``qs``, computed by the database: percentile_cont on PostgreSQL;
    elsewhere (SQLite) the middle row(s) of the ordered values by LIMIT/OFFSET (two small queries)."""
    qs = qs.annotate(_m=expression).filter(_m__isnull=False)
    if connection.vendor == "postgresql":
        return qs.aggregate(m=PercentileCont("_m"))["m"]
    n = qs.count()
    if not n:
        return None
    values = list(qs.order_by("_m").values_list("_m", flat=True)[(n - 1) // 2 : n // 2 + 1])
    total = values[0]
    for value in values[1:]:
        total += value
    return total / len(values)


def _wrap_sql(qs, outer):
    """Run ``outer`` (SQL with ``{inner}``) around the SQL the ORM builds for ``qs``: for window functions
    and aggregates over them, which the ORM cannot nest."""
    inner, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(outer.format(inner=inner), params)
        return cursor.fetchall()


# --- reach ---------------------------------------------------------------------------------------------


@indicator("teachers_reached", _("Leerkrachten bereikt"), REACH)
def teachers_reached(scope):
    """Het aantal verschillende personen van een school in het bereik met minstens één deelname in het
    schooljaar (of in om het even welk schooljaar). Wie zijn account liet wissen, telt niet meer mee (zijn
    deelnames wel). Het aandeel wordt genomen over de leerkrachten van de basisscholen ('aantal leerkrachten' in
    de organisatiegids)."""
    if scope.summarised and (scope.province_ids is None or len(scope.province_ids) == 1):
        # The worker counted the different people per province and over all provinces (ConcentrationFact).
        province = scope.province_ids[0] if scope.province_ids else None
        row = ConcentrationFact.objects.filter(school_year=scope.school_year, domain=scope.domain, province_id=province)
        return row.values_list("people", flat=True).first() or 0
    return scope.facts(PersonFact.objects).filter(person__isnull=False).aggregate(n=Count("person", distinct=True))["n"]


@indicator("schools_reached", _("Scholen bereikt"), REACH)
def schools_reached(scope):
    """Het aantal scholen met minstens één deelname van een van hun mensen in het schooljaar (of in om
    het even welk schooljaar), binnen het bereik. Het aandeel wordt genomen over de scholen van de basis."""
    return scope.facts(SchoolFact.objects).aggregate(n=Count("school", distinct=True))["n"]


@indicator("participations", _("Deelnames"), REACH)
def participations(scope):
    """Het aantal deelnames van mensen van scholen in het bereik in het schooljaar (of in alle
    schooljaren). Eén persoon die deelneemt aan één activiteit is één deelname, hoe lang die ook duurt."""
    return scope.facts(SchoolFact.objects).aggregate(n=Coalesce(Sum("participations"), 0))["n"]


@indicator("base", _("Scholen en leerkrachten in de basis"), REACH)
def base(scope):
    """De basis van elk bereikcijfer: het aantal actieve scholen in de organisatiegids binnen het bereik
    (provincie; bij een studiedomein: de scholen die het aanbieden) en de som van hun aantal leerkrachten (een
    school zonder dat aantal telt daar niet mee)."""
    return Organisation.objects.filter(scope.schools_q()).aggregate(
        schools=Count("pk", distinct=True), teachers=Coalesce(Sum("teacher_count"), 0)
    )


REACH_DIMENSIONS = OrderedDict(
    [
        ("provincie", (_("provincie"), "province__name")),
        ("net", (_("onderwijsnet"), "onderwijsnet__label")),
        ("onderwijsvorm", (_("onderwijsvorm"), "onderwijsvormen__label")),
        ("graad", (_("graad"), "graden__label")),
        ("studiedomein", (_("studiedomein"), "studiedomeinen__label")),
        ("hardheid", (_("harde of zachte studiedomeinen"), None)),
        ("grootte", (_("schoolgrootte"), None)),
    ]
)


@indicator("reach_by", _("Bereik per groep scholen"), REACH)
def reach_by(scope, dimension):
    """Per groep scholen van de basis — per provincie, onderwijsnet, onderwijsvorm (TSO, BSO...), graad,
    studiedomein (een school met meerdere domeinen staat in elk van die groepen), harde of zachte domeinen (een
    school met STEM of land- en tuinbouw is 'hard', een school met alleen andere domeinen 'zacht', een school
    met beide 'beide') of schoolgrootte volgens het aantal leerkrachten: de scholen in de groep, de bereikte
    scholen en hun aandeel; de leerkrachten in de groep (som van 'aantal leerkrachten'), de bereikte
    leerkrachten en hun aandeel."""
    label, field = REACH_DIMENSIONS[dimension]
    facts = scope.facts(SchoolFact.objects.filter(school=OuterRef("pk")))
    qs = Organisation.objects.filter(scope.schools_q()).annotate(
        reached=Exists(facts), people=Coalesce(Subquery(facts.values("people")[:1]), 0)
    )
    if dimension == "hardheid":
        kinds = hardness()
        hard_ids = [pk for pk, hard in kinds.items() if hard]
        soft_ids = [pk for pk, hard in kinds.items() if not hard]
        through = Organisation.studiedomeinen.through.objects.filter(organisation_id=OuterRef("pk"))
        qs = qs.annotate(
            has_hard=Exists(through.filter(term_id__in=hard_ids)), has_soft=Exists(through.filter(term_id__in=soft_ids))
        ).annotate(
            group=Case(
                When(has_hard=True, has_soft=True, then=Value(str(_("beide")))),
                When(has_hard=True, then=Value(str(_("hard (STEM, land- en tuinbouw)")))),
                When(has_soft=True, then=Value(str(_("zacht (zorg, handel, voeding, kunst...)")))),
                default=Value(str(_("studiedomein onbekend"))),
            )
        )
    elif dimension == "grootte":
        qs = qs.annotate(group=size_band())
    else:
        qs = qs.annotate(group=Coalesce(F(field), Value(str(_("onbekend")))))
    rows = list(
        qs.values("group")
        .annotate(
            schools=Count("pk", distinct=True),
            schools_reached=Count("pk", distinct=True, filter=Q(reached=True)),
            teachers=Coalesce(Sum("teacher_count"), 0),
            teachers_reached=Coalesce(Sum("people"), 0),
        )
        .order_by("group")
    )
    if dimension == "grootte":
        order = {str(band[1]): i for i, band in enumerate(SIZE_BANDS)}
        rows.sort(key=lambda r: order.get(r["group"], 99))
    for row in rows:
        row["schools_share"] = share(row["schools_reached"], row["schools"])
        row["teachers_share"] = share(row["teachers_reached"], row["teachers"])
    return rows


@indicator("never_reached", _("Scholen nooit bereikt"), REACH)
def never_reached(scope, limit=50):
    """Scholen van de basis zonder één deelname van hun mensen, in geen enkel schooljaar (bij een
    studiedomein: in geen enkele activiteit van dat domein): hoeveel, en de eerste 50 op naam. Scholen zijn
    organisaties, geen personen: hun namen worden getoond."""
    qs = (
        Organisation.objects.filter(scope.schools_q())
        .exclude(Exists(scope.facts(SchoolFact.objects.filter(school=OuterRef("pk")), year=False)))
        .order_by("name")
    )
    return {"count": qs.count(), "schools": list(qs.values("name", "slug", "municipality")[:limit])}


@indicator("reach_by_municipality", _("Bereik per gemeente"), REACH)
def reach_by_municipality(scope):
    """Per gemeente van de basisscholen (met gekende ligging): de scholen, de bereikte scholen en
    de bereikte personen in het schooljaar (of in alle schooljaren), met de gemiddelde ligging van die scholen
    voor de kaart."""
    facts = scope.facts(SchoolFact.objects.filter(school=OuterRef("pk")))
    from django.db.models import Avg

    rows = list(
        Organisation.objects.filter(scope.schools_q(), latitude__isnull=False)
        .annotate(reached=Exists(facts), people=Coalesce(Subquery(facts.values("people")[:1]), 0))
        .values("municipality", "province__name")
        .annotate(
            schools=Count("pk", distinct=True),
            schools_reached=Count("pk", distinct=True, filter=Q(reached=True)),
            teachers_reached=Coalesce(Sum("people"), 0),
            lat=Avg("latitude"),
            lon=Avg("longitude"),
        )
        .order_by("province__name", "municipality")
    )
    for row in rows:
        row["schools_share"] = share(row["schools_reached"], row["schools"])
    return rows


# --- the pitfalls, each with its trend per school year ---------------------------------------------------


PEOPLE_BEHIND = {"grade_known": "people_grade", "domain_known": "people_domain", "participations": "people"}


def _ratio_trend(scope, numerator, denominator):
    """Headline (the scope's school year or all) and trend (every school year) of Sum(numerator) /
    Sum(denominator), with the number of people behind each figure: from ScopeFact (per province, summed),
    or for one school from its PersonFact rows."""
    if scope.summarised:
        model = ScopeFact
        agg = dict(
            num=Coalesce(Sum(numerator), 0),
            base=Coalesce(Sum(denominator), 0),
            people=Coalesce(Sum(PEOPLE_BEHIND[denominator]), 0),
        )
    else:
        model = PersonFact
        agg = dict(
            num=Coalesce(Sum(numerator), 0),
            base=Coalesce(Sum(denominator), 0),
            people=Count("person", distinct=True, filter=Q(**{f"{denominator}__gt": 0})),
        )
    head = scope.facts(model.objects, school=not scope.summarised).aggregate(**agg)
    trend = list(
        scope.facts(model.objects, year=False, school=not scope.summarised)
        .values("school_year")
        .annotate(**agg)
        .order_by("school_year")
    )
    for row in [head] + trend:
        row["value"] = share(row["num"], row["base"])
    return {"headline": head, "trend": trend}


@indicator("upper_grade_share", _("Aandeel enkel derde graad"), PITFALLS)
def upper_grade_share(scope):
    """Van de deelnames aan activiteiten die een graad vermelden: het aandeel in activiteiten die
    alleen op de derde graad (of het zevende jaar / Se-n-Se) mikken, niet op de eerste of tweede graad. De studie
    waarschuwt dat initiatieven zich op de derde graad richten. Per schooljaar van de deelname."""
    return _ratio_trend(scope, "upper_only", "grade_known")


@indicator("active_role_share", _("Aandeel met een actieve rol"), PITFALLS)
def active_role_share(scope):
    """Van alle deelnames: het aandeel met een actieve rol (presentator, co-ontwikkelaar, stagiair
    in een bedrijf, begeleider) in plaats van bezoeker. De studie: 'de leerkracht is alleen bezoeker'. Per
    schooljaar van de deelname."""
    return _ratio_trend(scope, "active", "participations")


@indicator("soft_participation_share", _("Aandeel zachte domeinen in deelnames"), PITFALLS)
def soft_participation_share(scope):
    """Van de deelnames aan activiteiten die een hard of zacht studiedomein vermelden: het
    aandeel in activiteiten met een zacht domein (economie en organisatie, kunst en creatie, maatschappij en
    welzijn, sport, taal en cultuur, voeding en horeca; hard: STEM, land- en tuinbouw). De studie: zachte
    sectoren (zorg, kappers, handel...) vallen uit de boot. Per schooljaar van de deelname."""
    return _ratio_trend(scope, "soft", "domain_known")


@indicator("concentration", _("Concentratie bij dezelfde leerkrachten"), PITFALLS)
def concentration(scope):
    """Over de bereikte personen (per schooljaar, en over alle schooljaren), elk met hun aantal
    deelnames: het aandeel van alle deelnames dat het actiefste tiende van de personen voor zijn rekening neemt
    (NTILE(10) over de aantallen, van hoog naar laag) en de Gini-coëfficiënt van die aantallen (0: iedereen
    even actief, richting 1: enkelen doen alles), berekend als 2·Σ(i·xᵢ)/(n·Σx) − (n+1)/n over de aantallen xᵢ
    in stijgende volgorde (ROW_NUMBER). De studie: het hangt af van dezelfde geëngageerde 'idealisten'."""

    def figures(year, n, total, weighted, top):
        if not n or not total:
            return {"school_year": year, "people": n or 0, "total": 0, "top10_share": None, "gini": None}
        gini = 2 * float(weighted) / (n * float(total)) - (n + 1) / n
        return {
            "school_year": year,
            "people": n,
            "total": int(total),
            "top10_share": share(float(top), float(total)),
            "gini": round(max(gini, 0.0), 2),
        }

    empty = figures(scope.school_year, 0, 0, 0, 0)
    if scope.summarised and (scope.province_ids is None or len(scope.province_ids) == 1):
        # Kept by the worker per province and for all provinces together (province NULL).
        qs = ConcentrationFact.objects.filter(
            domain=scope.domain, province_id=scope.province_ids[0] if scope.province_ids else None
        )
        fields = ("school_year", "people", "total", "weighted", "top")
        head = qs.filter(school_year=scope.school_year).values_list(*fields).first()
        trend = qs.filter(school_year__isnull=False).order_by("school_year").values_list(*fields)
        return {"headline": figures(*head) if head else empty, "trend": [figures(*r) for r in trend]}

    # One school, or several provinces: the same window sums, over the scope's PersonFact rows.
    def rows(qs):
        per_person = (
            qs.filter(person__isnull=False).values("school_year", "person_id").annotate(x=Sum("participations"))
        )
        inner, params = per_person.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(CONCENTRATION_SQL.format(keys="school_year", inner=inner) + " ORDER BY school_year", params)
            return cursor.fetchall()

    head = rows(scope.facts(PersonFact.objects))
    trend = rows(scope.facts(PersonFact.objects, year=False))
    return {"headline": figures(*head[0]) if head else empty, "trend": [figures(*r) for r in trend]}


@indicator("size_reach_trend", _("Bereik naar schoolgrootte"), PITFALLS)
def size_reach_trend(scope):
    """Per schooljaar en grootteklasse van de school (volgens het aantal leerkrachten): het aandeel
    van de basisscholen van die klasse met minstens één deelname. De studie: grote scholen dicht bij de
    industrie halen er het meeste uit."""
    bases = dict(
        Organisation.objects.filter(scope.schools_q())
        .annotate(band=size_band())
        .values("band")
        .annotate(n=Count("pk", distinct=True))
        .values_list("band", "n")
    )
    reached = (
        scope.facts(SchoolFact.objects, year=False)
        .annotate(band=size_band("school__teacher_count"))
        .values("school_year", "band")
        .annotate(n=Count("school", distinct=True))
        .order_by("school_year")
    )
    years = OrderedDict()
    for row in reached:
        years.setdefault(row["school_year"], {})[row["band"]] = row["n"]
    bands = [str(b[1]) for b in SIZE_BANDS] + ([str(UNKNOWN_SIZE)] if str(UNKNOWN_SIZE) in bases else [])
    trend = [
        {
            "school_year": year,
            "bands": [
                {
                    "band": b,
                    "reached": counts.get(b, 0),
                    "schools": bases.get(b, 0),
                    "value": share(counts.get(b, 0), bases.get(b, 0)),
                }
                for b in bands
            ],
        }
        for year, counts in years.items()
    ]
    return {"bands": bands, "trend": trend}


@indicator("median_distance", _("Mediane verplaatsing (km)"), PITFALLS)
def median_distance(scope):
    """De mediaan van de afstand in vogelvlucht (in kilometer) tussen de school en de plaats van de
    activiteit, over de deelnames waarvan school en activiteit een ligging hebben; in hele kilometers: de
    kleinste afstand waarop de lopende telling de helft van alle deelnames bereikt, per schooljaar (een
    SUM-vensterfunctie over de afstanden in volgorde). De studie: de verplaatsing is te lang."""
    sql = """
        SELECT school_year, MIN(km), MAX(total)
        FROM (
            SELECT school_year, km,
                SUM(n) OVER (PARTITION BY school_year ORDER BY km ROWS UNBOUNDED PRECEDING) AS running,
                SUM(n) OVER (PARTITION BY school_year) AS total
            FROM ({inner}) bins
        ) cumulative
        WHERE 2 * running >= total
        GROUP BY school_year ORDER BY school_year
    """

    def run(inner, params):
        with connection.cursor() as cursor:
            cursor.execute(sql.format(inner=inner), params)
            return [{"school_year": r[0], "value": r[1], "base": int(r[2] or 0)} for r in cursor.fetchall()]

    def from_summary(qs):
        inner, params = qs.values("school_year", "km").annotate(n=Sum("participations")).query.sql_with_params()
        return run(inner, params)

    def for_school(all_years):
        # One school: its participations are few, so they are binned straight from the ledger.
        year = "CAST(NULL AS INTEGER)" if all_years else school_year_sql("p.date")
        inner = f"""
            SELECT {year} AS school_year, {km_sql()} AS km, COUNT(*) AS n
            FROM participation_participation p
            JOIN organisations_organisation o ON o.id = p.school_id
            JOIN insights_activityfact a ON a.activity_type_id = p.activity_type_id AND a.activity_id = p.activity_id
            WHERE p.school_id = %s AND a.latitude IS NOT NULL AND o.latitude IS NOT NULL
            GROUP BY 1, 2
        """
        return run(inner, [scope.school.pk])

    if scope.summarised:
        head = from_summary(scope.facts(DistanceFact.objects, school=False))
        trend = from_summary(scope.facts(DistanceFact.objects, year=False, school=False))
    else:
        trend = for_school(False)
        if scope.school_year:
            head = [r for r in trend if r["school_year"] == scope.school_year]
        else:
            head = for_school(True)
    return {
        "headline": head[0] if head else {"school_year": scope.school_year, "value": None, "base": 0},
        "trend": trend,
    }


def _offers(scope):
    from innovet.catalogue.models import Offer

    qs = Offer.objects.filter(published_at__isnull=False)
    provinces = scope.province_ids
    if scope.school is not None:
        provinces = [scope.school.province_id]
    if provinces is not None:
        qs = qs.filter(province_id__in=provinces)
    if scope.domain is not None:
        qs = qs.filter(studiedomeinen=scope.domain)
    return qs


def _year_trend(qs, date_field, scope, **agg):
    """Headline and per-school-year trend of aggregates over a module table, by the school year of
    ``date_field``."""
    qs = qs.annotate(school_year=school_year_of(date_field))
    head_qs = qs.filter(school_year=scope.school_year) if scope.school_year else qs
    head = head_qs.aggregate(**agg)
    trend = list(qs.values("school_year").annotate(**agg).order_by("school_year"))
    for row in [head] + trend:
        row["value"] = share(row["num"], row["base"])
    return {"headline": head, "trend": trend}


def _domain_flags(model_through, owner_field):
    kinds = hardness()
    through = model_through.objects.filter(**{owner_field: OuterRef("pk")})
    soft = Exists(through.filter(term_id__in=[pk for pk, hard in kinds.items() if not hard]))
    known = Exists(through.filter(term_id__in=list(kinds)))
    return soft, known


@indicator("soft_offer_share", _("Aandeel zachte domeinen in het aanbod"), PITFALLS)
def soft_offer_share(scope):
    """Van het aanbod dat ooit in de catalogus gepubliceerd werd (in de provincies van het bereik:
    de provincie waarin het aanbod gemodereerd wordt) en een hard of zacht studiedomein vermeldt: het aandeel
    met een zacht domein. Per schooljaar van de eerste publicatie."""
    from innovet.catalogue.models import Offer

    soft, known = _domain_flags(Offer.studiedomeinen.through, "offer_id")
    qs = _offers(scope).annotate(is_soft=soft, is_known=known)
    return _year_trend(
        qs,
        "published_at",
        scope,
        num=Count("pk", filter=Q(is_soft=True, is_known=True)),
        base=Count("pk", filter=Q(is_known=True)),
    )


@indicator("soft_material_share", _("Aandeel zachte domeinen in lesmateriaal"), PITFALLS)
def soft_material_share(scope):
    """Van het gepubliceerde lesmateriaal (in het bereik: met een organisatie uit de provincies van
    het bereik, of van de school) dat een hard of zacht studiedomein vermeldt: het aandeel met een zacht
    domein. Per schooljaar van de eerste publicatie."""
    from innovet.materials.models import Material

    soft, known = _domain_flags(Material.studiedomeinen.through, "material_id")
    qs = _materials(scope).annotate(is_soft=soft, is_known=known)
    return _year_trend(
        qs,
        "published_at",
        scope,
        num=Count("pk", filter=Q(is_soft=True, is_known=True)),
        base=Count("pk", filter=Q(is_known=True)),
    )


@indicator("brand_neutral_share", _("Aandeel merkneutraal aanbod"), PITFALLS)
def brand_neutral_share(scope):
    """Van het aanbod dat ooit in de catalogus gepubliceerd werd (bereik zoals bij het aandeel
    zachte domeinen in het aanbod): het aandeel dat merkneutraal is (niet gebonden aan de producten van één
    leverancier). De studie: het aanbod is te commercieel of aan één merk gebonden. Per schooljaar van de
    eerste publicatie."""
    return _year_trend(
        _offers(scope),
        "published_at",
        scope,
        num=Count("pk", filter=Q(brand_neutral=True)),
        base=Count("pk"),
    )


# --- supply and demand ---------------------------------------------------------------------------------


def _materials(scope):
    from innovet.materials.models import Material

    qs = Material.objects.filter(published_at__isnull=False)
    provinces = [scope.school.province_id] if scope.school is not None else scope.province_ids
    if scope.school is not None:
        qs = qs.filter(organisations=scope.school)
    elif provinces is not None:
        qs = qs.filter(
            Exists(
                Material.organisations.through.objects.filter(
                    material_id=OuterRef("pk"), organisation__province_id__in=provinces
                )
            )
        )
    if scope.domain is not None:
        qs = qs.filter(studiedomeinen=scope.domain)
    return qs


def _needs(scope):
    from innovet.matching.models import Need

    qs = Need.objects.all()
    if scope.school is not None:
        qs = qs.filter(school=scope.school)
    elif scope.province_ids is not None:
        qs = qs.filter(province_id__in=scope.province_ids)
    if scope.domain is not None:
        qs = qs.filter(studiedomein=scope.domain)
    if scope.school_year:
        qs = qs.annotate(sy=school_year_of("created_at")).filter(sy=scope.school_year)
    return qs


@indicator("supply_demand", _("Aanbod en noden per thema"), SUPPLY)
def supply_demand(scope):
    """Per hoofdthema van de innovatiethema's: het aanbod dat nu in de catalogus gepubliceerd is
    (provincies en studiedomein van het bereik) met dat thema of een subthema ervan, en de noden van scholen in
    het bereik (ingediend in het schooljaar, of ooit) met dat thema. Een kloof: noden zonder enig aanbod."""
    from innovet.catalogue.models import Offer
    from innovet.matching.models import Need
    from innovet.taxonomy.models import Term

    main = Coalesce("term__parent_id", "term_id")
    offers = dict(
        Offer.themes.through.objects.filter(offer__in=_offers(scope).filter(status="gepubliceerd"))
        .annotate(main=main)
        .values("main")
        .annotate(n=Count("offer_id", distinct=True))
        .values_list("main", "n")
    )
    needs = dict(
        Need.themes.through.objects.filter(need__in=_needs(scope))
        .annotate(main=main)
        .values("main")
        .annotate(n=Count("need_id", distinct=True))
        .values_list("main", "n")
    )
    rows = []
    for term in Term.objects.of("thema").filter(parent__isnull=True).order_by("position", "label"):
        o, n = offers.get(term.pk, 0), needs.get(term.pk, 0)
        rows.append({"theme": term.label, "offers": o, "needs": n, "gap": n > 0 and o == 0})
    return rows


@indicator("funnel", _("Matchmaking: van nood tot afgerond"), SUPPLY)
def funnel(scope):
    """De noden van scholen in het bereik (ingediend in het schooljaar, of ooit), en daarvan: de noden met
    minstens één introductie door een RTC, met een introductie waarop beide partijen akkoord gingen (of die
    afgerond is), en met een afgeronde introductie; de mediaan van het aantal dagen van het indienen van de nood
    tot de eerste introductie, en tot het afsluiten van de eerste afgeronde introductie."""
    from django.db.models import DurationField, ExpressionWrapper

    from innovet.matching.models import Introduction

    qs = _needs(scope)
    intros = Introduction.objects.filter(need=OuterRef("pk"))
    agreed = [Introduction.Status.AGREED, Introduction.Status.DONE]
    counts = qs.aggregate(
        needs=Count("pk", distinct=True),
        introduced=Count("pk", distinct=True, filter=Q(introductions__isnull=False)),
        agreed=Count("pk", distinct=True, filter=Q(introductions__status__in=agreed)),
        done=Count("pk", distinct=True, filter=Q(introductions__status=Introduction.Status.DONE)),
    )
    first_intro = Subquery(intros.order_by("created_at").values("created_at")[:1])
    first_done = Subquery(
        intros.filter(status=Introduction.Status.DONE, closed_at__isnull=False)
        .order_by("closed_at")
        .values("closed_at")[:1]
    )
    days = []
    for end in (first_intro, first_done):
        value = median(qs, ExpressionWrapper(end - F("created_at"), output_field=DurationField()))
        if value is not None and hasattr(value, "total_seconds"):
            value = value.total_seconds()
        days.append(round(value / 86400, 1) if value is not None else None)
    counts["days_to_introduction"], counts["days_to_done"] = days
    return counts


@indicator("materials_pipeline", _("Lesmateriaal: gepubliceerd, gevalideerd, gebruikt"), SUPPLY)
def materials_pipeline(scope):
    """Het lesmateriaal dat gepubliceerd werd in het bereik (met een organisatie uit de provincies
    van het bereik of van de school; bij een studiedomein: met dat domein) — in het schooljaar van de eerste
    publicatie, of ooit —, daarvan wat een pedagogisch begeleider valideerde (status 'gevalideerd'), wat
    gebruikt werd (minstens één melding 'ik gebruikte dit in de klas'), en het aantal gebruiksmeldingen."""
    from innovet.materials.models import Status, UsageReport

    qs = _materials(scope)
    if scope.school_year:
        qs = qs.annotate(sy=school_year_of("published_at")).filter(sy=scope.school_year)
    used = UsageReport.objects.filter(material=OuterRef("pk"))
    qs = qs.annotate(is_used=Exists(used))
    result = qs.aggregate(
        published=Count("pk", distinct=True),
        validated=Count("pk", distinct=True, filter=Q(status=Status.VALIDATED)),
        used=Count("pk", distinct=True, filter=Q(is_used=True)),
    )
    result["reports"] = UsageReport.objects.filter(material__in=qs.values("pk")).count()
    return result


def module_figures(scope):
    """Figures contributed by other modules through ``registry.register_indicator`` (labs per phase,
    placements, 10-day bookings, substitution requests met...). Each says its own definition."""
    from .registry import module_indicators

    out = []
    for ind in module_indicators():
        error = False
        try:
            rows = ind.fn(scope)
            rows = None if rows is None else list(rows)
        except Exception:  # noqa: BLE001  a module's failing figure must not take the dashboard down
            import logging

            logging.getLogger(__name__).exception("insights: module indicator %s failed", ind.key)
            rows, error = None, True
        out.append({"indicator": ind, "rows": rows, "error": error})
    return out


__all__ = ["INDICATORS", "Min", "ExtractMonth"]
