"""Rebuilds the summary tables (``models``) from the participation ledger. Run by the worker every ten
minutes (``tasks``), after the demo is loaded, and by ``manage.py refresh_insights``.

Activities are profiled in Python (a few thousand to tens of thousands of them, through each module's
activity source); the ledger itself (up to millions of rows) is only ever read by the database: each
summary table is filled by one ``INSERT ... SELECT ... GROUP BY`` per variant (per school year and for all
years, per studiedomein and for all). The rebuild runs in one transaction, so dashboards read the old
tables until the new ones are complete.
"""

import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from innovet.participation.models import ACTIVE_ROLES, Participation
from innovet.taxonomy.models import Term

from .models import (
    ActivityDomain,
    ActivityFact,
    ConcentrationFact,
    DistanceFact,
    PersonFact,
    RefreshState,
    SchoolFact,
    ScopeFact,
)
from .registry import ACTIVITY_SOURCES

UPPER_GRADES = {"3", "7"}  # 3rd grade and the 7th year / Se-n-Se
LOWER_GRADES = {"1", "2"}
CHUNK = 2000
DOMAIN_JOIN = (
    "JOIN insights_activitydomain d ON d.activity_type_id = p.activity_type_id AND d.activity_id = p.activity_id"
)
FACT_JOIN = (
    "LEFT JOIN insights_activityfact a ON a.activity_type_id = p.activity_type_id AND a.activity_id = p.activity_id"
)


def school_year_sql(column):
    """SQL for the school year (first calendar year; a school year starts on 1 September) of a date column."""
    if connection.vendor == "postgresql":
        year, month = f"EXTRACT(YEAR FROM {column})", f"EXTRACT(MONTH FROM {column})"
    else:
        year, month = f"strftime('%%Y', {column})", f"strftime('%%m', {column})"
    return f"(CAST({year} AS INTEGER) - CASE WHEN CAST({month} AS INTEGER) < 9 THEN 1 ELSE 0 END)"


def hardness():
    """{studiedomein id: True (hard) / False (soft)}; domains without the flag are neither."""
    return {
        pk: bool(data["hard"])
        for pk, data in Term.objects.of("studiedomein").values_list("pk", "data")
        if isinstance(data, dict) and "hard" in data
    }


def rebuild_activity_facts():
    hard = hardness()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ActivityDomain._meta.db_table}")
        cursor.execute(f"DELETE FROM {ActivityFact._meta.db_table}")
    type_ids = Participation.objects.order_by().values_list("activity_type", flat=True).distinct()
    for ct in ContentType.objects.filter(pk__in=list(type_ids)):
        source = ACTIVITY_SOURCES.get(f"{ct.app_label}.{ct.model}")
        if source is None:
            continue  # an activity nobody describes: its participations count, without grade/domain/place
        ids = list(
            Participation.objects.filter(activity_type=ct).order_by().values_list("activity_id", flat=True).distinct()
        )
        for start in range(0, len(ids), CHUNK):
            facts, domains = [], []
            for info in source(ids[start : start + CHUNK]):
                grades = set(info.grades)
                known = {hard[d] for d in info.domain_ids if d in hard}
                facts.append(
                    ActivityFact(
                        activity_type=ct,
                        activity_id=str(info.id),
                        grade_known=bool(grades & (UPPER_GRADES | LOWER_GRADES)),
                        upper_only=bool(grades & UPPER_GRADES) and not grades & LOWER_GRADES,
                        lower_grades=bool(grades & LOWER_GRADES),
                        domain_known=bool(known),
                        soft=False in known,
                        hard=True in known,
                        latitude=info.latitude,
                        longitude=info.longitude,
                    )
                )
                domains += [
                    ActivityDomain(activity_type=ct, activity_id=str(info.id), domain_id=d) for d in info.domain_ids
                ]
            ActivityFact.objects.bulk_create(facts, batch_size=1000)
            ActivityDomain.objects.bulk_create(domains, batch_size=1000)


def _variants():
    """(school year expression or None, with the domain join or not): the four slices every table holds."""
    year = school_year_sql("p.date")
    return [(year, False), (None, False), (year, True), (None, True)]


def _flag(column):
    return f"SUM(CASE WHEN {column} THEN 1 ELSE 0 END)"


def _fill_person_facts(cursor):
    active = ", ".join(["%s"] * len(ACTIVE_ROLES))
    for year, by_domain in _variants():
        group = [e for e in (year, "d.domain_id" if by_domain else None) if e] + [
            "p.person_id",
            "p.school_id",
            "o.province_id",
        ]
        cursor.execute(
            f"""
            INSERT INTO insights_personfact (school_year, domain_id, person_id, school_id, province_id, participations,
                active, grade_known, upper_only, lower_grades, domain_known, soft, hard)
            SELECT {year or "NULL"}, {"d.domain_id" if by_domain else "NULL"}, p.person_id, p.school_id, o.province_id,
                COUNT(*), SUM(CASE WHEN p.role IN ({active}) THEN 1 ELSE 0 END), {_flag("a.grade_known")},
                {_flag("a.upper_only")}, {_flag("a.lower_grades")}, {_flag("a.domain_known")}, {_flag("a.soft")},
                {_flag("a.hard")}
            FROM participation_participation p
            JOIN organisations_organisation o ON o.id = p.school_id
            {FACT_JOIN}
            {DOMAIN_JOIN if by_domain else ""}
            GROUP BY {", ".join(group)}
            """,
            sorted(ACTIVE_ROLES),
        )


def _fill_school_facts(cursor):
    cursor.execute(
        """
        INSERT INTO insights_schoolfact (school_year, domain_id, school_id, province_id, people, participations, active)
        SELECT school_year, domain_id, school_id, province_id, COUNT(person_id), SUM(participations), SUM(active)
        FROM insights_personfact
        GROUP BY school_year, domain_id, school_id, province_id
        """,
        [],
    )


def _fill_scope_facts(cursor):
    sums = ", ".join(
        f"SUM({c})"
        for c in (
            "participations",
            "active",
            "grade_known",
            "upper_only",
            "lower_grades",
            "domain_known",
            "soft",
            "hard",
        )
    )
    cursor.execute(
        f"""
        INSERT INTO insights_scopefact (school_year, domain_id, province_id, people, people_grade, people_domain,
            participations, active, grade_known, upper_only, lower_grades, domain_known, soft, hard)
        SELECT school_year, domain_id, province_id, COUNT(DISTINCT person_id),
            COUNT(DISTINCT CASE WHEN grade_known > 0 THEN person_id END),
            COUNT(DISTINCT CASE WHEN domain_known > 0 THEN person_id END), {sums}
        FROM insights_personfact
        GROUP BY school_year, domain_id, province_id
        """,
        [],
    )


CONCENTRATION_SQL = """
    SELECT {keys}, COUNT(*) AS n, SUM(x) AS total, SUM(rn * x) AS weighted,
        SUM(CASE WHEN tile = 1 THEN x ELSE 0 END) AS top
    FROM (
        SELECT {keys}, x,
            ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY x, person_id) AS rn,
            NTILE(10) OVER (PARTITION BY {keys} ORDER BY x DESC, person_id) AS tile
        FROM ({inner}) per_person
    ) ranked
    GROUP BY {keys}
"""


def _fill_concentration_facts(cursor):
    # Per province, and over all provinces (province NULL): the window sums of the per-person counts.
    for keys, province in (("school_year, domain_id, province_id", "province_id"), ("school_year, domain_id", "NULL")):
        inner = (
            f"SELECT {keys}, person_id, SUM(participations) AS x FROM insights_personfact "
            f"WHERE person_id IS NOT NULL GROUP BY {keys}, person_id"
        )
        select = CONCENTRATION_SQL.format(keys=keys, inner=inner)
        cursor.execute(
            f"""
            INSERT INTO insights_concentrationfact (school_year, domain_id, province_id, people, total, weighted, top)
            SELECT school_year, domain_id, {province}, n, total, weighted, top
            FROM ({select}) figures
            """,
            [],
        )


def km_sql(a="a", o="o"):
    """Distance 'as the crow flies' between the school and the activity (equirectangular approximation, well
    within a kilometre at Flemish distances), rounded to whole kilometres."""
    return (
        f"CAST(ROUND(111.32 * SQRT(POWER({a}.latitude - {o}.latitude, 2) + POWER(({a}.longitude - {o}.longitude) * "
        f"COS(RADIANS(({a}.latitude + {o}.latitude) / 2)), 2))) AS INTEGER)"
    )


def _fill_distance_facts(cursor):
    km = km_sql()
    for year, by_domain in _variants():
        group = [e for e in (year, "d.domain_id" if by_domain else None) if e] + ["o.province_id", km]
        cursor.execute(
            f"""
            INSERT INTO insights_distancefact (school_year, domain_id, province_id, km, participations)
            SELECT {year or "NULL"}, {"d.domain_id" if by_domain else "NULL"}, o.province_id, {km}, COUNT(*)
            FROM participation_participation p
            JOIN organisations_organisation o ON o.id = p.school_id
            {FACT_JOIN.replace("LEFT JOIN", "JOIN")}
            {DOMAIN_JOIN if by_domain else ""}
            WHERE a.latitude IS NOT NULL AND o.latitude IS NOT NULL
            GROUP BY {", ".join(group)}
            """,
            [],  # with parameters, '%%' in the SQLite school year expression reads as '%'
        )


def _analyze(cursor, *tables):
    """Fresh planner statistics for tables just filled in this transaction: without them PostgreSQL plans the
    joins for empty tables (nested loops over a million rows)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def ledger_signature():
    from django.db.models import Count, Max

    agg = Participation.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("recorded_at"))
    return f"{agg['n']}:{agg['last']}:{agg['at'].isoformat() if agg['at'] else ''}"


def refresh_if_changed(max_age=timedelta(hours=1)):
    """The worker's job: rebuild when the ledger changed since the last rebuild, or when that one is older than
    ``max_age`` (activities edited: grades, domains, places). Returns the RefreshState, or None if skipped."""
    state = RefreshState.objects.filter(pk=1).first()
    if state and state.refreshed_at and state.refreshed_at > timezone.now() - max_age:
        if state.signature == ledger_signature():
            return None
    return rebuild()


@transaction.atomic
def rebuild():
    """Rebuild every summary table; returns the RefreshState."""
    started = time.monotonic()
    rebuild_activity_facts()
    with connection.cursor() as cursor:
        # DELETE, not TRUNCATE: readers keep seeing the old rows until this transaction commits.
        for model in (DistanceFact, ConcentrationFact, ScopeFact, SchoolFact, PersonFact):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        _analyze(cursor, "insights_activityfact", "insights_activitydomain")
        _fill_person_facts(cursor)
        _analyze(cursor, "insights_personfact")
        _fill_school_facts(cursor)
        _fill_scope_facts(cursor)
        _fill_concentration_facts(cursor)
        _fill_distance_facts(cursor)
        _analyze(
            cursor, "insights_schoolfact", "insights_scopefact", "insights_concentrationfact", "insights_distancefact"
        )
    state, _ = RefreshState.objects.get_or_create(pk=1)
    state.refreshed_at = timezone.now()
    state.seconds = round(time.monotonic() - started, 2)
    state.participations = Participation.objects.count()
    state.signature = ledger_signature()
    state.save()
    return state
