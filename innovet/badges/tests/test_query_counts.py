"""The badge lists run a bounded number of queries, whatever the number of rows (an N+1 breaks the cap)."""

import pytest
from django.urls import reverse

from innovet.badges import selectors, services

pytestmark = pytest.mark.django_db

ROWS = 16


@pytest.fixture
def many(rtc, rtc_manager, make_user, school, django_capture_on_commit_callbacks):
    achievements = [
        services.create_achievement(rtc_manager, rtc, {"name": f"Badge {i}", "description": "d", "criteria": "c"})
        for i in range(ROWS)
    ]
    people = [make_user(org=school) for _ in range(ROWS)]
    with django_capture_on_commit_callbacks(execute=True):
        for i, person in enumerate(people):
            services.award_badge(rtc_manager, achievements[0], person)
            services.award_badge(rtc_manager, achievements[i], people[0]) if i else None
        for a in achievements[:4]:
            services.add_rule(rtc_manager, a, {"kind": "deelname"}, evaluate=False)
    return achievements, people


def test_issuers_achievement_list(client, many, rtc_manager, django_assert_max_num_queries):
    client.force_login(rtc_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("badges:issuer_home"))
    assert response.content.decode().count("/beheer/") >= ROWS


def test_awards_of_an_achievement(client, many, rtc_manager, django_assert_max_num_queries):
    achievements, _people = many
    client.force_login(rtc_manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("badges:achievement_manage", kwargs={"uuid": achievements[0].uuid}))
    assert response.status_code == 200
    assert response.content.decode().count("intrekken</a>") == ROWS


def test_my_badges(client, many, django_assert_max_num_queries):
    _achievements, people = many
    client.force_login(people[0])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("badges:mine"))
    assert response.content.decode().count("/toekenning/") == ROWS


def test_selectors_for_other_modules(many, school, django_assert_num_queries):
    _achievements, people = many
    with django_assert_num_queries(1):
        awards = selectors.awards_for_person(people[0])
        assert len([a.verify_link for a in awards]) == ROWS and {a.issuer.name for a in awards}
    with django_assert_num_queries(1):
        counts = selectors.award_counts_for_school(school)
    assert sum(counts.values()) == 2 * ROWS - 1 and counts["Badge 0 (RTC Oost-Vlaanderen)"] == ROWS
