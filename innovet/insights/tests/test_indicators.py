from datetime import date

import pytest

from innovet.insights import indicators as ind
from innovet.insights.scope import Scope

from .conftest import term

pytestmark = pytest.mark.django_db

GENT = (51.05, 3.72)
BRUGGE = (51.21, 3.22)  # ~ 36 km from Gent


def test_reach_counts_people_and_schools_per_scope_and_year(schools, people, activities, take_part, rebuild):
    a = activities(grades=["3"], domains=["stem"])
    b = activities(grades=["1", "3"], domains=["maatschappij-en-welzijn"])
    gent = people(schools["gent"], 3)
    hasselt = people(schools["hasselt"], 2)
    for p in gent:
        take_part(p, a, schools["gent"])
    take_part(gent[0], b, schools["gent"], day=date(2024, 10, 1))  # school year 2024-2025
    take_part(hasselt[0], b, schools["hasselt"])
    rebuild()

    everywhere = Scope()
    assert ind.teachers_reached(everywhere) == 4
    assert ind.schools_reached(everywhere) == 2
    assert ind.participations(everywhere) == 5
    assert ind.base(everywhere) == {"schools": 4, "teachers": 320}

    oost = Scope(province_ids=[schools["gent"].province_id])
    assert ind.teachers_reached(oost) == 3 and ind.schools_reached(oost) == 1
    assert ind.teachers_reached(Scope(school_year=2024)) == 1
    assert ind.teachers_reached(Scope(school_year=2025)) == 4
    # a studiedomein: participations in activities of that domain, schools that offer it
    care = Scope(domain=term("studiedomein", "maatschappij-en-welzijn"))
    assert ind.teachers_reached(care) == 2
    assert ind.base(care)["schools"] == 2

    never = ind.never_reached(everywhere)
    assert never["count"] == 2
    assert {s["name"] for s in never["schools"]} == {"Zorgschool Gent", "Instituut Brussel"}

    by_province = {r["group"]: r for r in ind.reach_by(everywhere, "provincie")}
    assert by_province["Oost-Vlaanderen"]["schools"] == 2
    assert by_province["Oost-Vlaanderen"]["schools_reached"] == 1
    assert by_province["Oost-Vlaanderen"]["schools_share"] == 50.0
    assert by_province["Oost-Vlaanderen"]["teachers_reached"] == 3
    assert by_province["Oost-Vlaanderen"]["teachers"] == 180
    sizes = {r["group"]: r for r in ind.reach_by(everywhere, "grootte")}
    assert sizes[str(ind.SIZE_BANDS[0][1])]["schools"] == 1  # Zorgschool Gent, 30 teachers
    assert sizes[str(ind.SIZE_BANDS[0][1])]["schools_reached"] == 0
    hardness = {r["group"] for r in ind.reach_by(everywhere, "hardheid")}
    assert len(hardness) == 4  # hard, soft, both, unknown
    for dimension in ind.REACH_DIMENSIONS:
        assert ind.reach_by(everywhere, dimension) is not None


def test_pitfall_shares_with_trend(schools, people, activities, take_part, rebuild):
    upper = activities(grades=["3", "7"], domains=["stem"])
    lower = activities(grades=["2", "3"], domains=["voeding-en-horeca"])
    unknown = activities()
    teachers = people(schools["gent"], 4)
    take_part(teachers[0], upper, schools["gent"], role="presentator")
    take_part(teachers[1], upper, schools["gent"])
    take_part(teachers[2], lower, schools["gent"])
    take_part(teachers[3], unknown, schools["gent"], day=date(2024, 9, 1))
    rebuild()

    grade = ind.upper_grade_share(Scope())
    assert (grade["headline"]["num"], grade["headline"]["base"], grade["headline"]["value"]) == (2, 3, 66.7)
    assert [(r["school_year"], r["base"]) for r in grade["trend"]] == [(2024, 0), (2025, 3)]
    active = ind.active_role_share(Scope())
    assert active["headline"]["value"] == 25.0
    soft = ind.soft_participation_share(Scope(school_year=2025))
    assert (soft["headline"]["num"], soft["headline"]["base"]) == (1, 3)


def test_concentration_top_tenth_and_gini(schools, people, activities, take_part, rebuild):
    acts = [activities() for _ in range(10)]
    teachers = people(schools["gent"], 10)
    for activity in acts:
        take_part(teachers[0], activity, schools["gent"])  # one 'idealist' with 10
    for teacher in teachers[1:]:
        take_part(teacher, acts[0], schools["gent"])  # nine with 1
    rebuild()
    result = ind.concentration(Scope())
    head = result["headline"]
    assert head["people"] == 10 and head["total"] == 19
    assert head["top10_share"] == 52.6  # 10 of 19
    # Gini over [1 x9, 10]: 2*(45 + 100)/(10*19) - 11/10
    assert head["gini"] == round(2 * 145 / 190 - 1.1, 2)
    assert [r["school_year"] for r in result["trend"]] == [2025]
    # the same figures from the worker's summary (a province), live for one school or several provinces
    for scope in (
        Scope(province_ids=[schools["gent"].province_id]),
        Scope(school=schools["gent"], suppress=False),
        Scope(province_ids=[schools["gent"].province_id, schools["hasselt"].province_id], school_year=2025),
    ):
        assert ind.concentration(scope)["headline"] == dict(head, school_year=scope.school_year), scope

    # everyone equally active: no concentration
    equal = ind.concentration(Scope(province_ids=[schools["hasselt"].province_id]))
    assert equal["headline"]["gini"] is None


def test_median_distance_from_kilometre_bins(schools, people, activities, take_part, rebuild):
    near = activities(lat=schools["gent"].latitude, lon=schools["gent"].longitude)
    far = activities(lat=BRUGGE[0], lon=BRUGGE[1])
    teachers = people(schools["gent"], 3)
    take_part(teachers[0], near, schools["gent"])
    take_part(teachers[1], far, schools["gent"])
    take_part(teachers[2], far, schools["gent"])
    rebuild()
    result = ind.median_distance(Scope())
    assert result["headline"]["base"] == 3
    assert 30 <= result["headline"]["value"] <= 45
    assert result["trend"][0]["school_year"] == 2025
    own = ind.median_distance(Scope(school=schools["gent"], suppress=False))
    assert own["headline"]["value"] == result["headline"]["value"] and own["trend"] == result["trend"]
    assert ind.median_distance(Scope(school=schools["gent"], school_year=2025))["headline"]["base"] == 3


def test_offer_and_material_shares_and_supply(schools):
    scope = Scope()
    for fn in (ind.soft_offer_share, ind.brand_neutral_share, ind.soft_material_share):
        result = fn(scope)
        assert result["headline"]["base"] == 0 and result["headline"]["value"] is None
    rows = ind.supply_demand(scope)
    assert rows and all(r["offers"] == 0 and r["needs"] == 0 for r in rows)
    assert ind.funnel(scope)["needs"] == 0
    assert ind.materials_pipeline(scope) == {"published": 0, "validated": 0, "used": 0, "reports": 0}


def test_supply_demand_gap_and_funnel(schools, people, make_user, make_org):
    from innovet.matching import services as matching
    from innovet.organisations.models import OrganisationKind, Role

    director = make_user(org=schools["gent"], role=Role.DIRECTOR, is_manager=True)
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True)
    matching.create_need(
        director,
        schools["gent"],
        {
            "title": "Opleiding warmtepompen",
            "need_type": "vaktechnisch",
            "themes": ["warmtepompen"],
            "studiedomein": "stem",
            "graden": ["3"],
            "participation": "team",
            "teacher_count": 4,
            "support_forms": ["workshops"],
            "max_distance_km": 40,
        },
    )
    rows = {r["theme"]: r for r in ind.supply_demand(Scope())}
    main = term("thema", "warmtepompen").parent
    assert rows[main.label]["needs"] == 1 and rows[main.label]["gap"] is True
    assert ind.funnel(Scope())["needs"] == 1
    assert ind.funnel(Scope(province_ids=[schools["hasselt"].province_id]))["needs"] == 0


def test_median_helper_odd_and_even(schools):
    from django.db.models import F

    from innovet.organisations.models import Organisation

    qs = Organisation.objects.filter(teacher_count__isnull=False)
    assert ind.median(qs, F("teacher_count")) == 70.0  # 30, 60, 80, 150
    assert ind.median(qs.exclude(teacher_count=150), F("teacher_count")) == 60.0


def test_every_indicator_has_a_definition():
    for key, indicator in ind.INDICATORS.items():
        assert len(indicator.definition) > 80, key


def test_worker_rebuilds_only_when_the_ledger_changed(schools, people, activities, take_part, rebuild):
    from innovet.insights import refresh, tasks

    teacher = people(schools["gent"], 1)[0]
    take_part(teacher, activities(), schools["gent"])
    assert refresh.refresh_if_changed() is not None  # never built yet
    assert refresh.refresh_if_changed() is None  # nothing changed
    take_part(teacher, activities(), schools["gent"])
    state = refresh.refresh_if_changed()
    assert state is not None and state.participations == 2
    tasks.refresh_insights.call_local()
    assert ind.participations(Scope()) == 2
