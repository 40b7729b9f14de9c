import csv
import io

import pytest
from django.urls import reverse

from innovet.insights import registry
from innovet.insights.registry import ModuleIndicator
from innovet.organisations.models import OrganisationKind, Role

from .conftest import term

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(schools, people, activities, take_part, rebuild, make_org, make_user):
    """Gent: 6 teachers reached; Hasselt: 2 (a small count). Users of every kind."""
    a = activities(grades=["3"], domains=["stem"])
    gent = people(schools["gent"], 6)
    hasselt = people(schools["hasselt"], 2)
    for p in gent + hasselt:
        take_part(p, a, p.memberships.get().organisation)
    rebuild()
    department = make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")
    rtc_oost = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    rtc_limburg = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    rtc_brabant = make_org("RTC Vlaams-Brabant", OrganisationKind.RTC, "3000")
    sector = make_org("Educam", OrganisationKind.SECTOR, "1070")
    sector.studiedomeinen.set([term("studiedomein", "stem")])
    return {
        "schools": schools,
        "gent_teachers": gent,
        "department": make_user(org=department, role=Role.ORG_ADMIN),
        "rtc_oost": make_user(org=rtc_oost, role=Role.RTC_STAFF),
        "rtc_limburg": make_user(org=rtc_limburg, role=Role.RTC_STAFF),
        "rtc_brabant": make_user(org=rtc_brabant, role=Role.RTC_STAFF),
        "sector": make_user(org=sector, role=Role.SECTOR_CONSULTANT),
        "director_gent": make_user(org=schools["gent"], role=Role.DIRECTOR, is_manager=True),
        "director_hasselt": make_user(org=schools["hasselt"], role=Role.DIRECTOR, is_manager=True),
        "teacher_gent": gent[0],
    }


def _get(client, user, name, *args, **query):
    client.force_login(user)
    url = reverse(name, args=args)
    return client.get(url, query)


def test_department_sees_all_and_nobody_else(client, setup):
    for who in ("department",):
        response = _get(client, setup[who], "insights:department")
        assert response.status_code == 200
        assert "Vlaanderen en Brussel" in response.content.decode()
    for who in ("rtc_oost", "sector", "director_gent", "teacher_gent"):
        assert _get(client, setup[who], "insights:department").status_code == 403, who
    client.logout()
    assert client.get(reverse("insights:department")).status_code == 302


def test_rtc_sees_its_province_only(client, setup):
    oost, limburg = "oost-vlaanderen", "limburg"
    assert _get(client, setup["rtc_oost"], "insights:province", oost).status_code == 200
    assert _get(client, setup["rtc_oost"], "insights:province", limburg).status_code == 403
    assert _get(client, setup["rtc_limburg"], "insights:province", oost).status_code == 403
    # RTC Vlaams-Brabant also serves Brussels
    assert _get(client, setup["rtc_brabant"], "insights:province", "brussel").status_code == 200
    assert _get(client, setup["department"], "insights:province", limburg).status_code == 200
    for who in ("director_gent", "teacher_gent", "sector"):
        assert _get(client, setup[who], "insights:province", oost).status_code == 403, who


def test_school_dashboard_only_for_its_leadership_with_its_own_team(client, setup):
    gent = setup["schools"]["gent"]
    response = _get(client, setup["director_gent"], "insights:school", gent.slug)
    assert response.status_code == 200
    page = response.content.decode()
    assert all(t.last_name in page for t in setup["gent_teachers"])  # own team, by name
    assert "GO! Inzicht Hasselt 0" not in page  # never another school's teachers
    for who in ("director_hasselt", "teacher_gent", "rtc_oost", "sector"):
        assert _get(client, setup[who], "insights:school", gent.slug).status_code == 403, who


def test_no_shared_dashboard_names_a_teacher(client, setup):
    pages = [
        _get(client, setup["department"], "insights:department"),
        _get(client, setup["rtc_oost"], "insights:province", "oost-vlaanderen"),
        _get(client, setup["sector"], "insights:domain", "stem"),
    ]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert not any(t.last_name in page for t in setup["gent_teachers"])


def test_sector_sees_its_domains(client, setup):
    assert _get(client, setup["sector"], "insights:domain", "stem").status_code == 200
    assert _get(client, setup["sector"], "insights:domain", "sport").status_code == 403
    assert _get(client, setup["rtc_oost"], "insights:domain", "stem").status_code == 403
    assert _get(client, setup["department"], "insights:domain", "sport").status_code == 200


def test_small_counts_are_suppressed_outside_the_school(client, setup):
    limburg = _get(client, setup["rtc_limburg"], "insights:province", "limburg")
    page = limburg.content.decode()
    assert "&lt; 5" in page  # 2 teachers reached in Limburg
    response = _get(client, setup["department"], "insights:department", export="reach_provincie", formaat="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    limburg_row = next(r for r in rows if r[0] == "Limburg")
    assert limburg_row[5] == "< 5" and limburg_row[6] == "< 5"
    oost_row = next(r for r in rows if r[0] == "Oost-Vlaanderen")
    assert oost_row[5] == "6"
    # the school itself sees its own small numbers
    hasselt = setup["schools"]["hasselt"]
    own = _get(client, setup["director_hasselt"], "insights:school", hasselt.slug).content.decode()
    assert "&lt; 5" not in own


def test_exports_csv_and_xlsx_guard_formulas(client, setup):
    school = setup["schools"]["brussel"]
    school.name = "=HYPERLINK(1)"
    school.save()
    response = _get(client, setup["department"], "insights:department", export="reach_net", formaat="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    xlsx = _get(client, setup["department"], "insights:department", export="reach_provincie", formaat="xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert _get(client, setup["department"], "insights:department", export="nope").status_code == 404
    municipality = _get(client, setup["department"], "insights:department", export="reach_municipality")
    assert municipality.status_code == 200


def test_filters_narrow_the_figures(client, setup):
    response = _get(client, setup["department"], "insights:department", provincie="limburg", schooljaar="2025")
    assert response.status_code == 200
    assert response.context["scope"].province_ids == [setup["schools"]["hasselt"].province_id]
    assert response.context["scope"].school_year == 2025
    stem = _get(client, setup["department"], "insights:department", domein="stem").context["scope"]
    assert stem.domain.code == "stem"


def test_index_lists_what_the_user_may_open(client, setup):
    response = _get(client, setup["rtc_oost"], "insights:index")
    assert response.status_code == 302 and "oost-vlaanderen" in response["Location"]
    response = _get(client, setup["department"], "insights:index")
    assert response.status_code == 200 and reverse("insights:department") in response.content.decode()
    response = _get(client, setup["teacher_gent"], "insights:index")
    assert response.status_code == 200 and "nog geen overzicht" in response.content.decode()


def test_definitions_page_has_an_anchor_for_every_figure(client, setup):
    from innovet.insights.indicators import INDICATORS

    client.logout()
    page = client.get(reverse("insights:definitions")).content.decode()
    for key in INDICATORS:
        assert f'id="{key}"' in page
    dashboard = _get(client, setup["department"], "insights:department").content.decode()
    assert reverse("insights:definitions") + "#teachers_reached" in dashboard


def test_modules_contribute_indicators(client, setup):
    from innovet.insights.contributions import rows_of

    registry.register_indicator(
        ModuleIndicator("proef", "Proeflabs per fase", "Proef: labs per fase.", lambda scope: [("voorbereiding", 3)])
    )
    try:
        page = _get(client, setup["department"], "insights:department").content.decode()
        assert "Proeflabs per fase" in page and "voorbereiding" in page
        assert "Proef: labs per fase." in client.get(reverse("insights:definitions")).content.decode()
    finally:
        registry.MODULE_INDICATORS.pop("proef")
    assert rows_of({"a": 1}) == [("a", 1, False)]
    assert rows_of({"teachers": 2, "x": 1}, {"teachers": "Leerkrachten"}) == [("Leerkrachten", 2, True)]
    assert rows_of([{"phase": "b", "count": 2}]) == [("b", 2, False)]
    assert rows_of([("c", 3)]) == [("c", 3, False)]


def test_installed_modules_figures_follow_the_scope(client, setup):
    """Placements, the 10-dagenregeling and substitution (when installed) show on every dashboard; a scope
    they can't follow (a studiedomein) says so instead of showing another question's number."""
    from django.apps import apps

    from innovet.insights.registry import MODULE_INDICATORS

    modules = ("placements", "tiendagen", "substitution", "equipment")
    installed = [app for app in modules if apps.is_installed(f"innovet.{app}")]
    assert set(installed) <= set(MODULE_INDICATORS)
    data = _get(client, setup["department"], "insights:department").context["data"]
    for app in installed:
        assert data["by_key"][f"module_{app}"].rows, app
    limburg = _get(client, setup["rtc_limburg"], "insights:province", "limburg", schooljaar="2025").context["data"]
    for app in installed:
        assert limburg["by_key"][f"module_{app}"].note == "" or app in ("substitution", "equipment"), app
    stem = _get(client, setup["department"], "insights:department", domein="stem").context["data"]
    for app in installed:
        assert "kent deze selectie niet" in stem["by_key"][f"module_{app}"].note
    if apps.is_installed("innovet.badges"):  # badges: only on a school's own dashboard
        assert "kent deze selectie niet" in data["by_key"]["module_badges"].note
        school = setup["schools"]["gent"]
        own = _get(client, setup["director_gent"], "insights:school", school.slug).context["data"]
        assert own["by_key"]["module_badges"].note == ""


def test_dashboards_are_cached_until_the_next_rebuild(client, setup, settings, people, activities, take_part):
    from innovet.insights import refresh

    settings.INSIGHTS_CACHE_SECONDS = 60
    first = _get(client, setup["department"], "insights:department").context["data"]
    teachers = first["headline"][0]["value"]
    take_part(people(setup["schools"]["gent"], 1)[0], activities(), setup["schools"]["gent"])
    again = _get(client, setup["department"], "insights:department").context["data"]
    assert again["headline"][0]["value"] == teachers  # the summary has not been rebuilt yet
    refresh.rebuild()
    fresh = _get(client, setup["department"], "insights:department").context["data"]
    assert fresh["headline"][0]["value"] == teachers + 1
