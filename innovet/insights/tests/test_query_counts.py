import pytest
from django.urls import reverse

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_org, make_user, people, activities, take_part, rebuild):
    """20 schools over the provinces, each with 5 teachers who took part: every table has 15+ rows."""
    postcodes = ["9000", "3500", "2000", "8000", "3000", "1000", "9100", "2800", "8500", "3600"]
    acts = [activities(grades=["3"], domains=["stem"], lat=51.0, lon=4.0), activities(grades=["1"])]
    schools = []
    for i in range(20):
        school = make_org(
            f"School {i}", OrganisationKind.SCHOOL, postcodes[i % len(postcodes)], teacher_count=40 + 10 * i
        )
        for p in people(school, 5):
            take_part(p, acts[i % 2], school)
        schools.append(school)
    rebuild()
    department = make_org("Departement", OrganisationKind.GOVERNMENT, "1000")
    director = make_user(org=schools[0], role=Role.DIRECTOR, is_manager=True)
    return {"department": make_user(org=department, role=Role.ORG_ADMIN), "director": director, "school": schools[0]}


# Every figure is one query (a GROUP BY) whatever the number of schools, teachers or rows; the cap holds the
# dashboards to a constant number, so that a per-row query (N+1) fails here. (About 55 for insights itself, plus
# the few that each installed module's figures take: placements, 10-dagenregeling, substitution.)
CAP = 75


def test_department_dashboard_query_cap(client, many, django_assert_max_num_queries):
    client.force_login(many["department"])
    with django_assert_max_num_queries(CAP):
        assert client.get(reverse("insights:department")).status_code == 200
    with django_assert_max_num_queries(CAP):
        assert (
            client.get(reverse("insights:department"), {"export": "reach_graad", "formaat": "xlsx"}).status_code == 200
        )


def test_province_and_school_dashboard_query_cap(client, many, django_assert_max_num_queries):
    client.force_login(many["department"])
    with django_assert_max_num_queries(CAP):
        assert client.get(reverse("insights:province", args=["oost-vlaanderen"])).status_code == 200
    with django_assert_max_num_queries(CAP):
        assert client.get(reverse("insights:domain", args=["stem"])).status_code == 200
    client.force_login(many["director"])
    with django_assert_max_num_queries(CAP):
        assert client.get(reverse("insights:school", args=[many["school"].slug])).status_code == 200
